"""Keyboard flows for browsing and correcting the corpus (issue 11, "Missing"): sorting and
filtering the list, the Outlets and Annotations views, and correcting an article's metadata."""

from __future__ import annotations

import json

from textual.widgets import Input

from search.annotations import VERDICTS, new_annotation
from search.errors import load_yaml
from tui.article_list import ArticleList
from tui.filter_dialog import FilterDialog
from tui.metadata_dialog import MetadataDialog
from tui.reader import ArticleView
from tui.views.annotations import AnnotationList
from tui.views.outlets import OutletList

from .conftest import write
from .scenarios import keys, make_app, settle, type_text, warm_analysis_cache, warm_home  # noqa: F401 - fixtures


def listed(app) -> list[str]:
    return [option.id for option in app.query_one(ArticleList).options]


def status(app) -> str:
    return str(app.query_one("#status").render())


def title(app) -> str:
    return app.query_one(ArticleList).border_title or ""


def corpus(folder, *articles) -> None:
    """Articles as (file stem, outlet, date) with a catalog giving their outlets and dates."""
    lines = ["# the desk's corrections", ""]
    for stem, outlet, date in articles:
        write(folder / f"{stem}.txt", f"Report {stem} about the harbour.\n\nThe harbour of {stem} reopened on Monday, officials said.\n")
        fields = [f"  source: {json.dumps(outlet)}"] if outlet else []
        fields += [f"  date: {date}"] if date else []
        if fields:
            lines += [f"{stem}.txt:", *fields]
    write(folder / "catalog.yaml", "\n".join(lines) + "\n")


ARTICLES = [
    ("alpha", "Wire B", "2025-04-02"),
    ("bravo", "Wire A", "2025-04-10"),
    ("charlie", None, "2025-03-01"),
    ("delta", "Wire B", "2025-05-20"),
]


async def test_o_cycles_the_sort_and_the_title_says_which(tmp_path):
    corpus(tmp_path, *ARTICLES)
    app = make_app([tmp_path], prefer_model=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert listed(app) == ["delta", "bravo", "alpha", "charlie"] and title(app) == "Articles"
        await pilot.press("o")  # newest first: the corpus's own order
        await pilot.pause()
        assert listed(app) == ["delta", "bravo", "alpha", "charlie"] and "↓date" in title(app)
        await pilot.press("o")
        await pilot.pause()
        assert listed(app) == ["charlie", "alpha", "bravo", "delta"] and "↑date" in title(app)
        assert "oldest first" in status(app)
        await pilot.press("o")
        await pilot.pause()
        assert listed(app) == ["bravo", "delta", "alpha", "charlie"] and "outlet" in title(app)  # unknown outlet last
        await pilot.press("L")
        await pilot.pause()
        assert listed(app) == ["delta", "bravo", "alpha", "charlie"] and title(app) == "Articles"


async def test_the_outlets_view_counts_outlets_and_enter_filters_the_list(tmp_path):
    corpus(tmp_path, *ARTICLES)
    app = make_app([tmp_path], prefer_model=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("6")  # the Outlets view, from a freshly opened app
        await pilot.pause()
        await pilot.pause()
        outlets = app.query_one(OutletList)
        assert app.focused is outlets
        rows = [str(option.prompt) for option in outlets.options]
        assert rows == ["All outlets  ×4", "Wire B  ×2", "unknown outlet  ×1", "Wire A  ×1"]
        await pilot.press("j", "enter")
        await pilot.pause()
        assert listed(app) == ["delta", "alpha"]
        assert title(app) == "Articles · Wire B (2)" and app.focused is app.query_one(ArticleList)
        assert app.query_one(ArticleList).display  # in 80×24 the list comes back in the inspector's place
        await pilot.press("6", "j", "enter")  # the highlight stayed on Wire B: the next row is unknown outlet
        await pilot.pause()
        await pilot.pause()
        assert listed(app) == ["charlie"]
        await pilot.press("L")
        await pilot.pause()
        assert listed(app) == ["delta", "bravo", "alpha", "charlie"]


async def test_l_filters_by_dates_and_the_filter_holds_for_search_results(tmp_path):
    corpus(tmp_path, *ARTICLES)
    app = make_app([tmp_path], prefer_model=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, FilterDialog)
        await pilot.press(*keys("wire b"), "tab", *keys("2025-04"), "tab", *keys("2025-04"), "enter")
        await pilot.pause()
        assert not isinstance(app.screen, FilterDialog)
        assert listed(app) == ["alpha"]
        assert title(app) == "Articles · Wire B · 2025-04-01…2025-04-30 (1)"
        # A search lists only the results that pass the filter.
        await pilot.press("slash")
        await type_text(pilot, "harbour")
        assert listed(app) == ["alpha"]
        assert title(app).startswith("Results (4) · Wire B")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("L")
        await pilot.pause()
        assert listed(app) == ["delta", "bravo", "alpha", "charlie"]


async def test_the_filter_dialog_refuses_bad_input_with_one_line(tmp_path):
    corpus(tmp_path, *ARTICLES)
    app = make_app([tmp_path], prefer_model=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("l", *keys("Nobody's Wire"), "enter")
        await pilot.pause()
        assert isinstance(app.screen, FilterDialog)
        assert "no outlet is named" in str(app.screen.query_one("#fields-hint").render())
        await pilot.press("ctrl+u", "tab", *keys("last week"), "enter")
        await pilot.pause()
        assert "'last week' is not a date" in str(app.screen.query_one("#fields-hint").render())
        await pilot.press("escape")
        await pilot.pause()
        assert listed(app) == ["delta", "bravo", "alpha", "charlie"] and title(app) == "Articles"


async def test_m_corrects_the_date_and_outlet_written_to_the_catalog_and_shown(tmp_path):
    corpus(tmp_path, *ARTICLES)
    catalog = tmp_path / "catalog.yaml"
    app = make_app([tmp_path], prefer_model=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.open_article_id == "delta"
        await pilot.press("m")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, MetadataDialog)
        for _ in range(2):  # outlet, date: each focused field on screen in 80×24
            await pilot.press("tab")
            await pilot.pause()
            assert isinstance(app.focused, Input) and dialog.region.contains_region(app.focused.region)
        # A date that does not parse: one line, nothing written, the dialog stays.
        before = catalog.read_bytes()
        await pilot.press("ctrl+u", *keys("20/05/2025"), "enter")
        await pilot.pause()
        assert app.screen is dialog and "is not a date in YYYY-MM-DD form" in str(dialog.query_one("#fields-hint").render())
        assert catalog.read_bytes() == before
        await pilot.press("ctrl+u", *keys("2025-01-15"), "shift+tab", "ctrl+u", *keys("Harbour Gazette"), "ctrl+s")
        await pilot.pause()
        await settle(pilot)
        text = catalog.read_text(encoding="utf-8")
        assert text.startswith("# the desk's corrections")
        assert load_yaml(text, dates=False)["delta.txt"] == {"source": "Harbour Gazette", "date": "2025-01-15"}
        assert load_yaml(text, dates=False)["alpha.txt"] == {"source": "Wire B", "date": "2025-04-02"}
        # The list (re-sorted: newest first), the reader and the status show the new values.
        assert listed(app) == ["bravo", "alpha", "charlie", "delta"]
        reader = app.query_one(ArticleView)
        assert reader.article.source == "Harbour Gazette" and reader.article.date_text == "2025-01-15"
        assert "Harbour Gazette" in status(app) and "2025-01-15" in status(app)
        # ... and the index: a search by outlet finds it.
        await pilot.press("slash")
        await type_text(pilot, 'source:"harbour gazette"')
        assert listed(app) == ["delta"]


async def test_m_refuses_an_empty_title_and_an_unreadable_catalog_is_kept(tmp_path):
    corpus(tmp_path, *ARTICLES)
    catalog = tmp_path / "catalog.yaml"
    app = make_app([tmp_path], prefer_model=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("m", "ctrl+u", "enter")
        await pilot.pause()
        assert "the title cannot be empty" in str(app.screen.query_one("#fields-hint").render())
        await pilot.press("escape")
        await pilot.pause()
        broken = "delta.txt: [broken\n"
        catalog.write_text(broken, encoding="utf-8")
        await pilot.press("m", "ctrl+u", *keys("A better title"), "enter")
        await pilot.pause()
        await settle(pilot)
        assert catalog.read_text(encoding="utf-8") == broken
        assert "not saved" in status(app) and "not changed" in status(app)
        assert any("NOT saved" in str(notice) for notice in app.notices)


async def test_the_annotations_view_filters_jumps_and_lists_orphans(tmp_path):
    corpus(tmp_path, *ARTICLES)
    app = make_app([tmp_path], prefer_model=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        library = app.library
        for stem, verdict, tags in (("alpha", "disputed", ("ports",)), ("bravo", "supported", ("ports", "dates")), ("delta", "false", ())):
            text = library.article(stem).text
            start = text.index("The harbour")
            library.annotate(stem, start, text.index("said.") + 5, "selection", verdict, "checked", tags)
        # An orphan: its text is not in the article (anchored in some other text).
        other = "Words nobody wrote in the harbour report."
        library.annotations.put(new_annotation("charlie", "0" * 64, other, 0, 18, "selection", None, "misleading", "", ("gone",)))
        app.annotating.changed("delta")
        await settle(pilot)
        await pilot.press("7")
        await pilot.pause()
        await pilot.pause()
        annotations = app.query_one(AnnotationList)
        assert app.focused is annotations
        prompts = [str(option.prompt) for option in annotations.options]
        assert [p.split("\n")[0] for p in prompts] == [
            "✎ false", "✎ supported  #ports #dates", "✎ disputed  #ports", "Orphans (1): their text is no longer found",
            "⚠ orphan  ✎ misleading  #gone",
        ]
        # Enter on the supported one (second row) opens bravo at the annotated sentence.
        await pilot.press("j", "enter")
        await pilot.pause()
        await pilot.pause()
        assert app.open_article_id == "bravo"
        reader = app.query_one(ArticleView)
        text = library.article("bravo").text
        assert reader.selection == (text.index("The harbour"), text.index("said.") + 5)
        assert app.focused is annotations  # the next one is a key away
        # v cycles verdicts in use, t tags, A the open article; esc clears.
        await pilot.press("v")  # the first verdict in use, in the verdict scale's order
        await pilot.pause()
        first = next(v for v in VERDICTS if v in ("disputed", "supported", "false", "misleading"))
        assert [str(o.prompt).split("\n")[0].split("✎ ")[1].split()[0] for o in annotations.options] == [first]
        assert first in str(app.query_one("#annotations-filter").render())
        await pilot.press("escape", "t")
        await pilot.pause()
        tagged = [str(o.prompt).split("\n")[0] for o in annotations.options]
        assert tagged == ["✎ supported  #ports #dates"]  # "dates" comes first
        await pilot.press("escape", "A")
        await pilot.pause()
        assert [str(o.prompt).split("\n")[0] for o in annotations.options] == ["✎ supported  #ports #dates"]
        await pilot.press("escape")
        await pilot.pause()
        assert len(annotations.options) == 5
        # Enter on the orphan opens its article and says why, selecting nothing.
        await pilot.press("end")
        await pilot.press("enter")
        await pilot.pause()
        assert app.open_article_id == "charlie" and "orphan" in status(app) and "Words nobody wrote" in status(app)


async def test_m_on_the_bundled_seeds_says_to_correct_a_copy():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await pilot.pause()
        assert not isinstance(app.screen, MetadataDialog)
        assert any("bundled seed" in str(notice) for notice in app.notices)


async def test_an_outlet_name_is_data_not_markup_in_the_views_and_the_title(tmp_path):
    corpus(tmp_path, ("alpha", "[red]Evil[/red] Wire", "2025-04-02"), ("bravo", "Wire A", "2025-04-10"))
    app = make_app([tmp_path], prefer_model=False)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await pilot.pause()
        await pilot.pause()
        rows = [str(option.prompt) for option in app.query_one(OutletList).options]
        assert "[red]Evil[/red] Wire  ×1" in rows
        await pilot.press(*["j"] * rows.index("[red]Evil[/red] Wire  ×1"), "enter")
        await pilot.pause()
        assert listed(app) == ["alpha"]
        assert title(app) == "Articles · [red]Evil[/red] Wire (1)"
