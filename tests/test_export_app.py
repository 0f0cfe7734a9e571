"""The app's export (x), copy with citation (y) and open in browser (w) flows, driven with Pilot (issue 11)."""

from __future__ import annotations

import csv
import io
import webbrowser

from textual.widgets import Input, OptionList

from search import paths
from search.citation import full_title
from tui.app import NewsdeskApp
from tui.claims_board import ClaimsBoard
from tui.export_dialog import ExportScreen
from tui.help import HelpScreen
from tui.inspector import QuoteList
from tui.reader import ArticleView

from .conftest import write
from .scenarios import make_app, settle, type_text, warm_analysis_cache, warm_home  # noqa: F401 - fixtures


def status(app) -> str:
    return str(app.query_one("#status").render())


def recording_clipboard(app) -> list[str]:
    copied: list[str] = []
    app.copy_to_clipboard = copied.append
    return copied


async def test_y_copies_the_chosen_claim_with_its_citation():
    app = make_app()
    copied = recording_clipboard(app)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("y")  # nothing chosen yet
        assert copied == [] and "then press y" in status(app)
        await pilot.press("right_square_bracket", "y")
        await pilot.pause()
        article = app.library.article(app.open_article_id)
        reader = app.query_one(ArticleView)
        start, end = reader.selection
        claim = next(c for c in app.library.claims(article.id) if (c.start, c.end) == (start, end))
        (text,) = copied
        quoted, cited = text.split("\n")
        assert quoted == "“" + " ".join(claim.text.split()).strip("“”\"") + "”"
        assert cited.startswith("— ") and article.source in cited and full_title(article) in cited and article.date_text in cited
        assert "no URL (seeds/" in cited  # the seeds have no URL: the file says where it came from
        assert any("Copied the claim with its citation" in str(n) for n in app.notices)


async def test_y_in_the_quotes_tab_copies_the_highlighted_quote_with_its_speaker():
    app = make_app()
    copied = recording_clipboard(app)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        article_id = app.open_article_id
        quotes = app.library.quotes(article_id)
        assert quotes
        await pilot.press("3")  # the Quotes view, its list focused
        await pilot.pause()
        assert isinstance(app.focused, QuoteList)
        app.focused.highlighted = len(quotes) - 1
        await pilot.press("y")
        await pilot.pause()
        quote = quotes[-1]
        (text,) = copied
        assert " ".join(quote.text.split()).strip("“”\"")[:40] in text
        if quote.speaker:
            assert text.split("\n")[1].startswith(f"— {quote.speaker}, ")
        assert any("Copied the quote" in str(n) for n in app.notices)


async def test_y_on_a_search_hit_copies_its_sentence():
    app = make_app()
    copied = recording_clipboard(app)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "sacred mission")
        await pilot.press("enter", "enter")
        await settle(pilot)
        await pilot.press("n", "y")
        await pilot.pause()
        (text,) = copied
        assert "sacred mission" in text.split("\n")[0].lower()


async def test_w_opens_the_url_in_a_worker_and_says_when_there_is_none(tmp_path, monkeypatch):
    folder = tmp_path / "news"
    write(folder / "a.md", "---\ntitle: Ferry figures\nsource: Coastal Gazette\ndate: 2026-03-14\nurl: https://gazette.example/ferries\n---\n"
                           "The ferry carried 4,000 passengers last winter, the mayor said.\n")
    write(folder / "b.md", "---\ntitle: Bridge repairs\ndate: 2026-03-12\n---\nRepairs to the old bridge will take two more winters.\n")
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    app = make_app([folder])
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.open_article("a")
        await pilot.press("w")
        await settle(pilot)
        assert opened == ["https://gazette.example/ferries"]
        assert any("Opened https://gazette.example/ferries" in str(n) for n in app.notices)
        app.open_article("b")
        await pilot.press("w")
        await settle(pilot)
        assert opened == ["https://gazette.example/ferries"]
        assert any("This article has no URL (news/b.md)" in str(n) for n in app.notices)


async def test_w_says_when_no_browser_can_be_opened(tmp_path, monkeypatch):
    folder = tmp_path / "news"
    write(folder / "a.md", "---\ntitle: Ferry figures\nurl: https://gazette.example/ferries\n---\nThe ferry carried 4,000 passengers.\n")
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: False)
    app = make_app([folder])
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert any("Could not open a browser (no browser found); the URL is https://gazette.example/ferries" in str(n) for n in app.notices)


async def test_x_exports_the_listed_results_as_markdown_then_csv_and_never_overwrites():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "treaty")
        await pilot.press("enter")  # to the list
        await settle(pilot)
        listed = [o.id for o in app.query_one("#articles", OptionList).options]
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        field = app.screen.query_one("#export-path", Input)
        assert field.value.startswith(str(paths.exports_dir() / "search-treaty-")) and field.value.endswith(".md")
        assert field.region.bottom <= 24  # the dialog fits at 80×24
        await pilot.press("enter")
        await settle(pilot)
        (written,) = paths.exports_dir().glob("*.md")
        text = written.read_text(encoding="utf-8")
        assert text.startswith("# Search results for 'treaty'")
        rows = [line for line in text.splitlines() if line.startswith("| ") and not line.startswith(("| rank", "| ---"))]
        assert len(rows) == len(listed)
        assert any("Exported" in str(n) and "$NEWSDESK_HOME/exports/search-treaty-" in str(n) for n in app.notices)
        # CSV: the format list changes the file's ending.
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("down")
        await pilot.pause()
        assert app.screen.query_one("#export-path", Input).value.endswith(".csv")
        await pilot.press("enter")
        await settle(pilot)
        (table,) = paths.exports_dir().glob("*.csv")
        assert [r["article"] for r in csv.DictReader(io.StringIO(table.read_text(encoding="utf-8")))] == listed
        # An existing file is kept, and the notice says so in one line.
        await pilot.press("x")
        await pilot.pause()
        app.screen.query_one("#export-path", Input).value = str(written)
        await pilot.press("tab", "enter")
        await settle(pilot)
        assert written.read_text(encoding="utf-8") == text
        assert any(str(n).startswith("Not exported:") and "already exists" in str(n) for n in app.notices)
        # esc cancels.
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ExportScreen) and len(list(paths.exports_dir().iterdir())) == 2


async def test_x_with_an_empty_list_says_there_is_nothing_to_export():
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "zzqxvw")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("x")
        await pilot.pause()
        assert not isinstance(app.screen, ExportScreen)
        assert any("Nothing to export: the list is empty: no results for 'zzqxvw'" in str(n) for n in app.notices)


async def test_x_on_the_claims_board_exports_the_board_in_its_order():
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ClaimsBoard)
        await pilot.press("s")  # sorted by conflicts
        await pilot.pause()
        order = [c.id for c in app.screen.ordered()]
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert app.screen.query_one("#export-path", Input).value.endswith(".md")
        await pilot.press("down", "enter")  # CSV
        await settle(pilot)
        (table,) = paths.exports_dir().glob("board-*.csv")
        rows = list(csv.DictReader(io.StringIO(table.read_text(encoding="utf-8"))))
        assert list(dict.fromkeys(r["cluster"] for r in rows)) == order
        assert isinstance(app.screen, ClaimsBoard)  # back on the board


async def test_y_on_the_board_copies_the_highlighted_claim():
    app = make_app()
    copied = recording_clipboard(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await pilot.pause()
        option = app.screen.query_one("#board", OptionList).highlighted_option
        article_id, index = option.id.removeprefix("claim:").rsplit(":", 1)
        await pilot.press("y")
        await pilot.pause()
        claim = app.library.claims(article_id)[int(index)]
        (text,) = copied
        assert " ".join(claim.text.split()).strip("“”\"")[:50] in text


async def test_the_new_keys_have_ids_and_are_in_help_and_the_palette():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        ids = {b.id for b in NewsdeskApp.BINDINGS}
        assert {"app.copy_citation", "app.open_url", "app.export"} <= ids
        assert "board.export" in {b.id for b in ClaimsBoard.BINDINGS}
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        where = {row[3]: row[0] for row in app.screen.rows}
        assert where["app.copy_citation"] == where["app.open_url"] == where["app.export"] == "anywhere"
        assert where["board.export"] == "claims board" and where["export.cancel"] == "export dialog"
        await pilot.press("escape")
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert {"Copy with citation", "Open in browser", "Export…"} <= set(titles)


async def test_x_exports_every_listed_article_of_a_long_list(tmp_path):
    folder = tmp_path / "news"
    for n in range(150):
        write(folder / f"note{n:03}.md", f"---\ntitle: Harbour note {n}\ndate: 2026-01-{n % 28 + 1:02}\n---\nThe tide table for day {n} was posted.\n")
    app = make_app([folder], prefer_model=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("down", "enter")  # CSV
        await settle(pilot)
        (table,) = paths.exports_dir().glob("articles-*.csv")
        rows = list(csv.DictReader(io.StringIO(table.read_text(encoding="utf-8"))))
        assert len(rows) == 150 and [r["article"] for r in rows] == [a.id for a in app.library.articles]
