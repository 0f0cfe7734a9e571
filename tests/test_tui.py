"""Keyboard flows through the app, driven with Textual's Pilot."""

from __future__ import annotations

import io
import json

import pytest

from rich.console import Console
from textual.widgets import Input, OptionList, Tabs

from tui.article_list import ArticleList
from tui.config import Settings
from tui.help import HelpScreen
from tui.annotate import AnnotateScreen, VerdictList
from tui.app import NewsdeskApp
from tui.quit_dialog import QuitDialog
from tui.claims_board import ClaimsBoard
from tui.inspector import ClaimList, EntityList, HitList, Inspector, QuoteList
from tui.reader import ArticleView

from .conftest import write
from .scenarios import keys, make_app, settle, type_text, warm_analysis_cache, warm_home  # noqa: F401 - fixtures

NEWEST = "000_ee807607f11d7e2c"


def listed_ids(app) -> list[str]:
    return [option.id for option in app.query_one(ArticleList).options]


def status(app) -> str:
    return str(app.query_one("#status").render())


@pytest.mark.cold_index  # a first start: the status says the index was built
async def test_opens_on_the_seeds_newest_first():
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        assert listed_ids(app)[0] == NEWEST and listed_ids(app)[-1] == "002_0b0ccfb8523443b8"
        assert len(listed_ids(app)) == 5
        assert app.open_article_id == NEWEST
        assert app.focused is app.query_one(ArticleList)
        assert "5 articles · indexed 5 articles" in status(app)
        reader = app.query_one(ArticleView)
        assert reader.line_text(0).startswith("The Central Military Commission")


async def test_j_k_and_enter_open_an_article():
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "k", "j")
        assert app.query_one(ArticleList).highlighted == 2
        await pilot.press("enter")
        third = listed_ids(app)[2]
        assert app.open_article_id == third
        assert app.focused is app.query_one(ArticleView)
        assert app.query_one(ArticleView).article.id == third


async def test_tab_and_shift_tab_move_between_panes():
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        assert app.focused is app.query_one(ArticleList)
        await pilot.press("tab")
        assert app.focused is app.query_one(ArticleView)
        await pilot.press("tab")
        assert app.query_one(Inspector) in app.focused.ancestors_with_self
        await pilot.press("tab")
        assert app.focused is app.query_one("#search", Input)
        await pilot.press("shift+tab")
        assert app.query_one(Inspector) in app.focused.ancestors_with_self


async def test_live_search_ranks_results_and_marks_hits():
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        assert app.focused is app.query_one("#search", Input)
        await type_text(pilot, "putin")
        assert listed_ids(app)[0] == "004_6decb479083189bf"  # rank order, not date order
        assert "results for 'putin'" in status(app)
        assert app.query_one(ArticleList).border_title.startswith("Results (")
        reader = app.query_one(ArticleView)
        article = reader.article
        assert reader.hits and all(article.text[s:e].lower() == "putin" for s, e in reader.hits)
        prompt = app.query_one(ArticleList).options[0].prompt
        assert "hits ·" in prompt.plain


async def test_n_and_N_step_through_hits_and_wrap():
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "kursk")
        await pilot.press("enter")  # to the list
        await pilot.press("enter")  # open the top result in the reader
        await settle(pilot)
        reader = app.query_one(ArticleView)
        total = len(reader.hits)
        assert total >= 3
        await pilot.press("n")
        assert reader.current_hit == 0
        await pilot.press("n")
        assert reader.current_hit == 1
        await pilot.press("N", "N")
        assert reader.current_hit == total - 1
        # The Hits tab, out of sight, is drawn when chosen, following the reader's hit.
        app.query_one(Inspector).tabs.active = "tab-hits"
        assert app.query_one(HitList).highlighted == total - 1
        assert reader.border_subtitle == f"hit {total}/{total}"
        start, _ = reader.hits[total - 1]
        line = reader.line_of_offset(start)
        assert reader.scroll_offset.y <= line < reader.scroll_offset.y + reader.size.height


async def test_choosing_a_hit_in_the_inspector_scrolls_the_reader():
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "pyongyang")
        app.query_one(Inspector).tabs.active = "tab-hits"
        hits = app.query_one(HitList)
        hits.focus()
        await pilot.press("j", "j")
        chosen = hits.highlighted
        assert chosen and chosen > 0
        await pilot.press("enter")
        reader = app.query_one(ArticleView)
        assert reader.current_hit == chosen
        start, _ = reader.hits[chosen]
        assert reader.scroll_offset.y <= reader.line_of_offset(start) < reader.scroll_offset.y + reader.size.height


async def test_escape_clears_the_search_and_restores_date_order():
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        before = listed_ids(app)
        await pilot.press("slash")
        await type_text(pilot, "tass")
        assert len(listed_ids(app)) < 5
        await pilot.press("escape")
        await settle(pilot)
        assert listed_ids(app) == before
        assert app.query_one(ArticleView).hits == []
        assert app.focused is app.query_one(ArticleList)


async def test_enter_takes_the_did_you_mean_suggestion():
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "kurks")
        assert "did you mean 'kursk'" in status(app)
        assert listed_ids(app) == []
        await pilot.press("enter")
        await pilot.pause()
        await settle(pilot)
        await settle(pilot)
        assert app.query_one("#search", Input).value == "kursk"
        assert len(listed_ids(app)) == 5


async def test_bad_query_shows_a_message_and_keeps_the_list():
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        # pasted in one go: typed key by key on a slow machine, "author" alone
        # would be searched on the way and its (empty) result list shown
        app.query_one("#search", Input).value = "author:x"
        await settle(pilot)
        assert "query error: unknown field 'author'" in status(app)
        assert len(listed_ids(app)) == 5


async def test_typing_letters_that_are_bindings_goes_into_the_search_box():
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "iraq bing")
        assert app.query_one("#search", Input).value == "iraq bing"
        assert app.is_running


async def test_reader_g_G_space_b_scroll():
    app = make_app()
    async with app.run_test(size=(100, 20)) as pilot:
        await settle(pilot)
        await pilot.press("tab")
        reader = app.query_one(ArticleView)
        await pilot.press("G")
        await pilot.pause()
        assert reader.scroll_offset.y == reader.max_scroll_y > 0
        await pilot.press("g")
        await pilot.pause()
        assert reader.scroll_offset.y == 0
        await pilot.press("space")
        await pilot.pause()
        assert reader.scroll_offset.y > 0
        await pilot.press("b")
        await pilot.pause()
        assert reader.scroll_offset.y == 0


async def test_help_lists_every_binding():
    app = make_app()
    async with app.run_test(size=(140, 50)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = app.screen.rows
        where = {row[3]: row[0] for row in rows}
        assert len(where) == len(rows)  # each binding once
        # Every id'd binding of every class with keys, found without a hand-kept list.
        classes = (NewsdeskApp, ArticleList, ArticleView, ClaimList, QuoteList, EntityList, HitList,
                   ClaimsBoard, AnnotateScreen, VerdictList, HelpScreen, QuitDialog)
        expected = {binding.id for cls in classes for binding in cls.BINDINGS if getattr(binding, "id", None)}
        assert expected and expected <= set(where)
        assert where["app.quit"] == "anywhere" and where["reader.next_hit"] == "reader"
        assert where["claims.down"] == "claims tab" and where["hits.up"] == "hits tab"
        assert where["board.sort"] == "claims board" and where["annotate.save"] == "annotation dialog"
        assert where["annotate.down"] == "annotation dialog" and where["help.close"] == "help"
        order = [row[0] for row in rows]
        assert order.index("anywhere") < order.index("article list") < order.index("reader") < order.index("claims tab")
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_command_palette_opens_an_article_by_title():
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await type_text(pilot, "Open: President Putin")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert app.open_article_id == "004_6decb479083189bf"


async def test_q_quits():
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_keymap_remaps_a_binding(tmp_path):
    settings = Settings(path=tmp_path / "config.yaml", keymap={"reader.next_hit": "ctrl+n", "app.help": "f1"})
    app = make_app(settings=settings)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "kursk")
        app.query_one(ArticleView).focus()
        await pilot.press("ctrl+n")
        assert app.query_one(ArticleView).current_hit == 0
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        keys = {row[3]: row[1] for row in app.screen.rows}
        assert keys["app.help"] == "f1" and keys["reader.next_hit"] == "ctrl+n"


async def test_malformed_config_is_reported_not_fatal(tmp_path, isolated_home):
    write(isolated_home / "config.yaml", "keymap: [broken\n")
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        messages = list(app.notices)
        assert any("invalid YAML at line 2" in m for m in messages)


async def test_article_text_is_data_not_markup_or_escapes(tmp_path):
    write(
        tmp_path / "evil.txt",
        " date 2025-01-01 [bold red]Not markup[/bold red] headline text. Body with [link=x]brackets[/link]\x1b[2J\x1b[31m"
        " and an escape \x1b]0;title\x07sequence.",
    )
    app = make_app([tmp_path])
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        reader = app.query_one(ArticleView)
        body = "\n".join(reader.line_text(y) for y in range(reader.line_count))
        assert "[bold red]Not markup[/bold red]" in body
        assert "[link=x]brackets[/link]" in body
        assert "\x1b" not in body and "escape sequence." in body
        text = reader.article.text
        # The would-be markup is styled exactly like the plain words around it.
        assert reader.offset_style(text.index("Not markup")) == reader.offset_style(text.index("headline"))
        assert reader.offset_style(text.index("brackets")) == reader.offset_style(text.index("Body"))
        assert app.query_one(ArticleList).options[0].prompt.plain.count("[bold red]") == 1


async def test_load_problems_are_shown(tmp_path):
    write(tmp_path / "good.txt", "A good article. It loads.")
    write(tmp_path / "bad.txt", b"\x00\x01")
    app = make_app([tmp_path])
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        assert any("could not be loaded" in n for n in app.notices)
        console = Console(width=200, record=True, file=io.StringIO())
        console.print(app.query_one("#info").content)
        assert "bad.txt: binary file" in console.export_text()


async def test_narrow_terminal_hides_inspector_and_i_swaps_it_in():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        inspector = app.query_one(Inspector)
        articles = app.query_one(ArticleList)
        assert not inspector.display and articles.display
        await pilot.press("i")
        await pilot.pause()
        assert inspector.display and not articles.display
        await pilot.press("i")
        await pilot.pause()
        assert not inspector.display and articles.display


async def test_wide_terminal_i_hides_the_inspector():
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        assert app.query_one(Inspector).display
        await pilot.press("i")
        await pilot.pause()
        assert not app.query_one(Inspector).display


async def test_a_long_list_fills_in_after_the_first_frame(tmp_path):
    lines = [json.dumps({"id": f"a{n:04d}", "date": f"2024-01-{1 + n % 28:02d}", "body": f"Article number {n}. Text."}) for n in range(700)]
    write(tmp_path / "many.jsonl", "\n".join(lines))
    app = make_app([tmp_path], prefer_model=False)  # about the list: the rules analyse 700 articles in a moment
    async with app.run_test(size=(120, 30)) as pilot:
        articles = app.query_one(ArticleList)
        for _ in range(100):
            if articles.complete:
                break
            await pilot.pause(0.02)
        assert articles.complete and articles.option_count == 700
        assert [o.id for o in articles.options] == [a.id for a in app.library.articles]
        await pilot.press("G")
        assert articles.highlighted == 699


async def test_theme_from_settings_and_unknown_theme(tmp_path):
    app = make_app(settings=Settings(path=tmp_path / "c.yaml", theme="nord"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.theme == "nord"
    app = make_app(settings=Settings(path=tmp_path / "c.yaml", theme="no-such-theme"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
        assert any("Unknown theme 'no-such-theme'" in n for n in app.notices)


async def open_entities_tab(pilot, name: str):
    """Focus the Entities tab and highlight ``name`` with the keyboard."""
    app = pilot.app
    app.query_one(Inspector).tabs.active = "tab-entities"
    entity_list = app.query_one(EntityList)
    entity_list.focus()
    await pilot.pause()
    target = next(i for i, o in enumerate(entity_list.options) if o.id and o.id.startswith("entity:") and o.id.endswith(f":{name}"))
    await pilot.press("home")
    for _ in range(target + 1):
        if entity_list.highlighted == target:
            break
        await pilot.press("j")
    assert entity_list.highlighted == target
    return entity_list


async def test_reader_colours_entities_by_type():
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        reader = app.query_one(ArticleView)
        text = reader.article.text
        assert reader.entities  # analysis finished and reached the reader
        person = reader.offset_style(text.index("Kim Jong-un"))
        place = reader.offset_style(text.index("Pyongyang"))
        plain = reader.offset_style(text.index("confirmed"))
        assert person.bold and not plain.bold and person.color != plain.color
        assert place.underline and place.color not in (person.color, plain.color)


async def test_entities_tab_groups_by_type_and_jumps_through_mentions():
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        entity_list = await open_entities_tab(pilot, "Russia")
        ids = [option.id for option in entity_list.options]
        assert ids.index("type:PERSON") < ids.index("entity:PERSON:Kim Jong Un") < ids.index("type:ORG") < ids.index("type:GPE")
        reader = app.query_one(ArticleView)
        total = len([e for e in reader.entities if e.canonical == "Russia"])
        assert reader.mentions and len(reader.mentions) == total >= 3
        await pilot.press("enter")
        assert reader.current_mention == 0
        await pilot.press("e")
        assert reader.current_mention == 1
        await pilot.press("E", "E")
        assert reader.current_mention == total - 1
        start, _ = reader.mentions[total - 1]
        assert reader.scroll_offset.y <= reader.line_of_offset(start) < reader.scroll_offset.y + reader.size.height
        assert "Russia: mention" in status(app)


async def test_f_filters_the_list_by_entity_and_esc_restores_it():
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        everything = listed_ids(app)
        await open_entities_tab(pilot, "Ukrinform")
        await pilot.press("f")
        await settle(pilot)
        assert listed_ids(app) == ["000_ee807607f11d7e2c"]
        assert app.query_one(ArticleList).border_title == "Articles · Ukrinform"
        assert "1 of 5 articles name Ukrinform" in status(app)
        await pilot.press("escape")
        await settle(pilot)
        assert listed_ids(app) == everything


async def test_filter_by_canonical_name_matches_every_spelling():
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await open_entities_tab(pilot, "Kim Jong Un")  # written "Kim Jong-un" in this article
        await pilot.press("f")
        await settle(pilot)
        assert len(listed_ids(app)) == 5
        await pilot.press("slash")
        await type_text(pilot, "gerasimov")
        assert set(listed_ids(app)) == {"000_ee807607f11d7e2c", "002_0b0ccfb8523443b8", "003_05f515925bae56c5", "004_6decb479083189bf"}


async def test_e_and_f_without_a_chosen_entity_explain_themselves():
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        assert "choose an entity" in status(app)
        assert len(listed_ids(app)) == 5
        await pilot.press("e")
        assert "choose an entity" in status(app)


async def test_help_shows_the_entity_legend():
    app = make_app()
    async with app.run_test(size=(140, 60)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert [kind for kind, _ in app.screen.legend] == ["PERSON", "ORG", "GPE", "LOC", "NORP", "LAW", "EVENT", "DATE"]
        styles = [style for _, style in app.screen.legend]
        assert len({(s.color, s.bold, s.italic, s.underline, s.reverse) for s in styles}) == 8


async def test_brackets_step_through_claims_and_the_claims_tab_follows():
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        reader = app.query_one(ArticleView)
        claims = app.library.claims(app.open_article_id)
        assert len(claims) >= 3
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert reader.current_claim == 1
        assert reader.selection == (claims[1].start, claims[1].end)
        app.query_one(Inspector).tabs.active = "tab-claims"  # drawn when shown, at the reader's claim
        assert app.query_one(ClaimList).highlighted == 1
        assert status(app).startswith(f"claim 2/{len(claims)}")
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert reader.current_claim == len(claims) - 1


async def test_a_claims_tab_drawn_late_does_not_keep_the_last_articles_claim():
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert app.query_one(ArticleView).current_claim == 1
        other = next(a.id for a in app.library.articles if a.id != app.open_article_id and len(app.library.claims(a.id)) >= 2)
        app.open_article(other)
        await settle(pilot)
        assert app.query_one(ArticleView).current_claim is None
        app.query_one(Inspector).tabs.active = "tab-claims"
        assert app.query_one(ClaimList).highlighted in (None, 0)  # as the reader: no claim chosen here yet


async def test_claims_tab_shows_corroboration_and_the_seed_conflict():
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        app.open_article("002_0b0ccfb8523443b8")
        await settle(pilot)
        assert "⚠1" in str(app.query_one(Inspector).tabs.get_tab("tab-claims").label)  # said while out of sight
        app.query_one(Inspector).tabs.active = "tab-claims"
        claim_list = app.query_one(ClaimList)
        prompts = [option.prompt.plain for option in claim_list.options]
        treaty = next(p for p in prompts if "December last year" in p)
        # Outlets are outlets: Ukrinform and the two articles whose outlet is unknown (counted as one).
        assert "2 other outlets (3 articles)" in treaty and "⚠ conflict: treaty signed" in treaty
        assert "2024-12" in treaty and "2024-06-19" in treaty
        assert "⚠1" in str(app.query_one(Inspector).tabs.get_tab("tab-claims").label)
        app.query_one(Inspector).tabs.active = "tab-claims"
        claim_list.focus()
        index = prompts.index(treaty)
        claim_list.highlighted = index
        await pilot.press("enter")
        reader = app.query_one(ArticleView)
        claim = app.library.claims("002_0b0ccfb8523443b8")[index]
        assert reader.selection == (claim.start, claim.end)


async def test_quotes_tab_lists_speakers_and_selects_in_the_reader():
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        app.open_article("004_6decb479083189bf")
        await settle(pilot)
        app.query_one(Inspector).tabs.active = "tab-quotes"
        quote_list = app.query_one(QuoteList)
        prompts = [option.prompt.plain for option in quote_list.options]
        assert prompts[0].startswith("Vladimir Putin")
        # Every quote of 004 has a speaker in the seed gold (tests/gold/seeds), the
        # last one the ministry's word "mocking": none is listed as unattributed.
        assert not any(p.startswith("unattributed") for p in prompts)
        assert prompts[-1].startswith("Ministry of Foreign Affairs")
        app.query_one(Inspector).tabs.active = "tab-quotes"
        quote_list.focus()
        await pilot.press("home", "j", "enter")
        quote = app.library.quotes("004_6decb479083189bf")[quote_list.highlighted]
        assert app.query_one(ArticleView).selection == (quote.start, quote.end)


async def test_claims_board_lists_shared_claims_sorts_and_opens_one():
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await pilot.pause()
        board = app.screen
        assert isinstance(board, ClaimsBoard)
        clusters = board.board.clusters
        assert clusters and all(c.outlets >= 2 for c in clusters)
        assert any("treaty signed" in conflict for c in clusters for conflict in c.conflicts)
        first_by_outlets = board.ordered()[0]
        await pilot.press("s")
        assert board.sort == "conflicts" and board.ordered()[0].conflicts
        assert first_by_outlets.outlets >= board.ordered()[-1].outlets
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, ClaimsBoard)
        chosen = board.ordered()[0].claims[0]
        assert app.open_article_id == chosen.article_id
        assert app.query_one(ArticleView).current_claim == chosen.index


async def test_claims_board_closes_with_escape():
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        before = app.open_article_id
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ClaimsBoard) and app.open_article_id == before


async def test_the_claims_board_opens_again_as_it_was_left_until_the_board_changes():
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await pilot.pause()
        first = app.screen
        await pilot.press("s", "j")
        await pilot.pause()
        highlighted = first.query_one("#board", OptionList).highlighted
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert app.screen is first and first.sort == "conflicts"
        assert first.query_one("#board", OptionList).highlighted == highlighted
        await pilot.press("escape")
        await pilot.pause()
        app.library._board = None  # the clusters changed: the board is built again
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ClaimsBoard) and app.screen is not first
        assert app.screen.sort == "outlets" and app.screen.board is app.library.board()


async def annotate_second_claim(pilot, verdict_key: str, note: str, tags: str) -> None:
    await pilot.press("right_square_bracket", "right_square_bracket", "a")
    await pilot.pause()
    assert isinstance(pilot.app.screen, AnnotateScreen)
    await pilot.press(verdict_key, "tab")
    await pilot.press(*keys(note), "tab", *keys(tags))
    await pilot.press("ctrl+s")
    await pilot.pause()
    await settle(pilot)


async def test_annotate_quit_reopen_and_the_badge_is_there(isolated_home):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await annotate_second_claim(pilot, "2", "check dates", "treaty, dates")
        claim = app.library.claims(app.open_article_id)[1]
        assert "saved 1 annotation" in status(app)
        await pilot.press("q")
    saved = (isolated_home / "seeds-annotations.yaml").read_text(encoding="utf-8")
    assert "verdict: disputed" in saved and "check dates" in saved and "- treaty" in saved

    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        reader = app.query_one(ArticleView)
        assert reader.annotated == [(claim.start, claim.end)]
        app.query_one(Inspector).tabs.active = "tab-claims"
        assert app.query_one(ClaimList).options[1].prompt.plain.startswith("✎ disputed")
        assert "✎ 1" in app.query_one(ArticleList).options[0].prompt.plain
        assert app.library.search("verdict:disputed").total == 1


async def test_edit_delete_and_undo_an_annotation(isolated_home):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await annotate_second_claim(pilot, "3", "wrong", "x")
        (annotation,) = app.library.annotations.annotations.values()
        assert annotation.verdict == "false"
        await pilot.press("a")  # the same claim is still chosen: edit it
        await pilot.pause()
        assert app.screen.existing
        await pilot.press("5", "ctrl+s")
        await settle(pilot)
        (annotation,) = app.library.annotations.annotations.values()
        assert annotation.verdict == "unverified" and annotation.note == "wrong"
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("ctrl+d")  # asks first
        await pilot.pause()
        assert isinstance(app.screen, AnnotateScreen) and len(app.library.annotations.annotations) == 1
        assert "ctrl+d again deletes" in str(app.screen.query_one("#annotate-hint").render())
        await pilot.press("ctrl+d")
        await settle(pilot)
        assert not app.library.annotations.annotations
        assert "verdict" not in (isolated_home / "seeds-annotations.yaml").read_text(encoding="utf-8").split("annotations:")[1]
        await pilot.press("u")
        await settle(pilot)
        assert len(app.library.annotations.annotations) == 1
        assert "unverified" in (isolated_home / "seeds-annotations.yaml").read_text(encoding="utf-8")


async def test_annotate_without_a_chosen_claim_explains(isolated_home):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        assert not isinstance(app.screen, AnnotateScreen)
        assert "choose a claim" in status(app)


async def test_escape_cancels_the_dialog_and_saves_nothing(isolated_home):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("right_square_bracket", "a")
        await pilot.pause()
        await pilot.press("1", "escape")
        await settle(pilot)
        assert not app.library.annotations.annotations
        assert not (isolated_home / "seeds-annotations.yaml").exists()


async def test_malformed_annotations_file_is_reported_and_kept(isolated_home):
    path = write(isolated_home / "seeds-annotations.yaml", "version: 1\nannotations: [\n")
    before = path.read_bytes()
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        assert any("line 3, column 1" in n for n in app.notices)
        await annotate_second_claim(pilot, "1", "keep me", "")
        assert "annotations not saved" in status(app)
        assert path.read_bytes() == before
        recovery = list(isolated_home.glob("seeds-annotations.recovery-*.yaml"))
        assert recovery and "keep me" in recovery[0].read_text(encoding="utf-8")
        assert app.library.annotations.annotations  # still in memory


async def test_a_search_hit_lets_you_annotate_its_sentence(isolated_home):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "monument")
        await pilot.press("enter", "enter")
        await settle(pilot)
        await pilot.press("n", "a")
        await pilot.pause()
        assert isinstance(app.screen, AnnotateScreen) and app.screen.kind in ("claim", "selection")
        assert "monument" in app.screen.excerpt
        await pilot.press("6", "ctrl+s")
        await settle(pilot)
        (annotation,) = app.library.annotations.annotations.values()
        assert annotation.verdict == "opinion" and "monument" in annotation.target.exact


# -- issue 11: every view within reach of the keyboard ---------------------------------------------
async def test_every_inspector_view_and_a_list_item_in_it_by_keys_only():
    """From a freshly opened app, 1-5 reach each view and focus its list, even an
    empty Hits list; left/right inside a view's list switch views (no trap)."""
    from tui.views import VIEWS

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        tabs = app.query_one(Inspector).tabs
        for number, view in enumerate(VIEWS, start=1):
            await pilot.press(str(number))
            await pilot.pause()
            assert tabs.active == f"tab-{view.NAME}"
            focused = app.focused
            assert isinstance(focused, Tabs) or tabs.get_pane(f"tab-{view.NAME}") in focused.ancestors_with_self
        # On the (empty) Hits list: left moves to Entities, right wraps back round to Info.
        await pilot.press("5")  # Hits (views added after it come later in VIEWS)
        await pilot.pause()
        assert isinstance(app.focused, HitList)
        await pilot.press("left")
        await pilot.pause()
        assert tabs.active == "tab-entities" and isinstance(app.focused, EntityList)
        await pilot.press(*["right"] * (len(VIEWS) - 3))
        await pilot.pause()
        assert tabs.active == "tab-info"
        # A list item in the Claims view, reached with keys only.
        await pilot.press("2")
        await pilot.pause()
        claims = app.query_one(ClaimList)
        assert app.focused is claims
        await pilot.press("j")
        assert claims.highlighted is not None


async def test_a_view_key_opens_the_inspector_in_a_narrow_terminal():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not app.query_one(Inspector).display
        await pilot.press("3")
        await pilot.pause()
        await pilot.pause()
        assert app.query_one(Inspector).display
        assert app.query_one(Inspector).tabs.active == "tab-quotes"
        assert isinstance(app.focused, QuoteList)


async def test_the_annotation_dialog_at_80x24_keeps_the_focused_field_and_the_hint_visible(isolated_home):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("right_square_bracket", "a")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AnnotateScreen)
        visible = screen.region
        for _ in range(3):  # note, tags, claimant
            await pilot.press("tab")
            await pilot.pause()
            await pilot.pause()
            field = app.focused
            assert isinstance(field, Input)
            assert visible.contains_region(field.region), (field.id, field.region)
        assert app.focused.id == "annotate-speaker"
        hint = screen.query_one("#annotate-hint")
        assert hint.region.height and visible.contains_region(hint.region)
        await pilot.press(*keys("KCNA"))
        assert app.focused.value == "KCNA"


async def test_a_theme_chosen_in_the_app_is_saved_keeping_what_the_user_wrote(tmp_path):
    from tui.config import load_settings

    path = write(tmp_path / "config.yaml", "# my settings\nkeymap:\n  app.help: f1  # help on F1\ntheme: nord  # was nord\n")
    app = make_app(settings=load_settings(path))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.theme == "nord"
        assert path.read_text(encoding="utf-8").count("nord") == 2  # opening saves nothing
        app.theme = "gruvbox"
        await pilot.pause()
    text = path.read_text(encoding="utf-8")
    assert text == "# my settings\nkeymap:\n  app.help: f1  # help on F1\ntheme: gruvbox  # was nord\n"
    assert load_settings(path).theme == "gruvbox"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    # A file that had no theme gets one added at the end; one that does not parse is left alone.
    other = write(tmp_path / "other.yaml", "keymap: {app.quit: ctrl+q}")
    app = make_app(settings=load_settings(other))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.theme = "nord"
        await pilot.pause()
    assert other.read_text(encoding="utf-8") == "keymap: {app.quit: ctrl+q}\ntheme: nord\n"
    broken = write(tmp_path / "broken.yaml", "keymap: [oops\n")
    app = make_app(settings=load_settings(broken))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.theme = "nord"
        await pilot.pause()
        assert any("not saved" in n for n in app.notices)
    assert broken.read_text(encoding="utf-8") == "keymap: [oops\n"


def test_a_hostile_config_is_refused_in_one_line_and_never_rewritten(tmp_path):
    # Settings are read by the project's one YAML loader: an alias bomb is refused
    # (plain safe_load would build it, for minutes), and the file is left as it is.
    from tui.config import load_settings, save_setting

    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + n)}: &{chr(98 + n)} [*{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}]\n"
        for n in range(8)) + "theme: nord\n"
    path = write(tmp_path / "config.yaml", bomb)
    settings = load_settings(path)
    assert settings.theme is None and "settings ignored" in settings.problem and "\n" not in settings.problem
    assert "not saved" in save_setting(path, "theme", "gruvbox")
    assert path.read_text(encoding="utf-8") == bomb

async def test_the_reader_is_the_widest_pane_resizes_from_the_keyboard_and_is_remembered(tmp_path):
    from tui.config import load_settings

    path = tmp_path / "config.yaml"
    for size in ((120, 40), (80, 24), (200, 50)):
        app = make_app(settings=load_settings(path))
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            reader = app.query_one(ArticleView).size.width
            others = [w.size.width for w in (app.query_one(ArticleList), app.query_one(Inspector)) if w.display]
            assert reader > max(others), (size, reader, others)
    app = make_app(settings=load_settings(path))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        before = app.query_one(ArticleView).size.width
        await pilot.press("plus", "plus")
        await pilot.pause()
        wider = app.query_one(ArticleView).size.width
        assert wider > before
    assert load_settings(path).reader_width == 7
    app = make_app(settings=load_settings(path))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.query_one(ArticleView).size.width == wider
        await pilot.press("minus")
        await pilot.pause()
        assert app.query_one(ArticleView).size.width < wider
    assert load_settings(path).reader_width == 6


async def test_n_steps_through_the_mentions_an_entity_query_finds():
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, 'entity:"Kim Jong Un"')
        assert "0 hits" not in app.query_one(ArticleList).options[0].prompt.plain
        await pilot.press("enter", "enter")
        await settle(pilot)
        reader = app.query_one(ArticleView)
        assert reader.hits
        mentions = {(e.start, e.end) for e in app.library.entities(reader.article.id) if e.canonical == "Kim Jong Un"}
        assert set(reader.hits) <= mentions
        await pilot.press("n")
        assert reader.current_hit == 0


async def test_help_at_80x24_keys_as_typed_descriptions_whole_space_pages_and_the_footer_fits():
    from textual.widgets import Footer

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # The footer keeps i, ? and q on screen at 80 columns, whatever has focus.
        for pane in ("#articles", "#reader"):
            app.query_one(pane).focus()
            await pilot.pause()
            shown = {getattr(c, "key_display", None): c.region for c in app.query_one(Footer).children}
            for key in ("i", "?", "q"):
                assert key in shown and shown[key].right <= 80, (pane, key)
            assert all(region.right <= 80 for region in shown.values())  # nothing drawn over another
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        keys_shown = {row[3]: row[1] for row in help_screen.rows}
        assert keys_shown["app.next_claim"] == "]" and keys_shown["app.previous_claim"] == "["
        assert keys_shown["app.view_entities"] == "4"
        assert not any("_" in k and len(k) > 1 for k in keys_shown.values() if k not in ("ctrl+p",))
        body = help_screen.query_one("#help-body")
        console = Console(width=body.content_size.width, file=io.StringIO(), color_system=None)
        console.print(help_screen._keys_table())
        drawn = console.file.getvalue()
        assert "…" not in drawn
        assert "Narrower reader" in drawn and "Inspector: Entities" in drawn
        await pilot.press("space")
        await pilot.pause()
        assert body.scroll_offset.y > 0
        await pilot.press("b")
        await pilot.pause()
        assert body.scroll_offset.y == 0
        console = Console(width=body.content_size.width, file=io.StringIO(), color_system=None)
        console.print(help_screen._syntax_table())
        syntax = console.file.getvalue()
        assert "verdict:disputed" in syntax and "tag:casualties" in syntax


async def test_annotated_text_shows_a_mark_and_a_band_unlike_the_selection(isolated_home):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await annotate_second_claim(pilot, "2", "check", "")
        reader = app.query_one(ArticleView)
        claim = app.library.claims(app.open_article_id)[1]
        assert reader.annotated == [(claim.start, claim.end)]
        reader.scroll_to_offset(claim.start)
        await pilot.pause()
        line = reader.line_of_offset(claim.start)
        drawn = reader.render_line(line - int(reader.scroll_offset.y)).text
        assert drawn.rstrip().endswith("✎")
        others = [reader.render_line(y).text for y in range(reader.size.height) if y != line - int(reader.scroll_offset.y)]
        assert not any("✎" in text for text in others)
        band = reader.get_component_rich_style("article-view--annotated").bgcolor
        selection = reader.get_component_rich_style("article-view--selection").bgcolor
        assert band != selection


async def test_skipped_files_are_counted_in_the_status_bar_and_a_latin1_file_loads_with_a_note(tmp_path):
    write(tmp_path / "good.txt", "A good article. It loads.")
    write(tmp_path / "bad.txt", b"\x00\x01")
    write(tmp_path / "empty.txt", "  \n")
    write(tmp_path / "cafe.txt", "Caf\u00e9 society. It loads in Latin-1.".encode("latin-1"))
    app = make_app([tmp_path])
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        assert status(app).startswith("2 articles · 2 files skipped (i for details)")
        await pilot.press("slash")
        await type_text(pilot, "society")
        await pilot.press("escape")
        await settle(pilot)
        assert status(app) == "2 articles · 2 files skipped (i for details)"
        app.open_article("cafe")
        await settle(pilot)
        console = Console(width=200, record=True, file=io.StringIO())
        console.print(app.query_one("#info").content)
        info = console.export_text()
        assert "Café society" in app.query_one(ArticleView).article.text
        assert "Note" in info and "read as Windows-1252" in info
        assert "2 file(s) or line(s) skipped" in info and "cafe.txt: not UTF-8" in info.split("Load notes")[1]


async def test_the_search_placeholder_gives_examples_from_the_open_corpus(tmp_path):
    write(tmp_path / "a.md", "---\nsource: Daily Planet\ndate: 2031-02-03\n---\nMetropolis news.\n")
    write(tmp_path / "b.md", "---\nsource: Daily Planet\ndate: 2031-01-01\n---\nMore news.\n")
    app = make_app([tmp_path])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        hint = app.query_one("#search", Input).placeholder
        assert "source:daily" in hint and "date:2031-02-03" in hint
        assert "tass" not in hint and "2025" not in hint


async def test_a_newer_keystroke_cancels_the_running_search():
    """The search thread cannot be interrupted, so the engine is told to stop: each
    keystroke's search gets an event that the next keystroke sets."""
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        seen = []
        real = app.library.search

        def recording(query, *args, cancel=None, **kwargs):
            seen.append((query, cancel))
            return real(query, *args, cancel=cancel, **kwargs)

        app.library.search = recording
        await pilot.press("slash")
        await type_text(pilot, "treaty")
        first_cancel = app.searching._cancel
        await type_text(pilot, " kursk")
        await settle(pilot)
        assert first_cancel.is_set() and not app.searching._cancel.is_set()
        assert seen and seen[-1][0] == "treaty kursk" and seen[-1][1] is app.searching._cancel
        assert "results for 'treaty kursk'" in status(app)


async def test_hit_counts_come_for_the_first_rows_first_and_the_rest_after(tmp_path, monkeypatch):
    from tui import search_flow

    for n in range(12):
        write(tmp_path / f"a{n:02d}.txt", f"date 2024-01-{n + 1:02d}\nQuokka report {n}. " + "The quokka smiled. " * (n + 1))
    monkeypatch.setattr(search_flow, "COUNTED_FIRST", 3)
    monkeypatch.setattr(search_flow, "COUNTED_LATER", 4)
    app = make_app([tmp_path])
    shown = []
    real = app.searching.show_results

    def recording(message):
        shown.append(dict(message.counts))
        real(message)

    app.searching.show_results = recording
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "quokka")
        await settle(pilot)
        assert shown and len(shown[-1]) == 3  # the list was shown with the first rows counted
        listing = app.query_one(ArticleList)
        prompts = {o.id: o.prompt.plain for o in listing.options}
        assert len(prompts) == 12 and not any("\n… · " in p for p in prompts.values())
        for n in range(12):  # n + 1 in the body, one in the title's line
            assert f"{n + 2} hits" in prompts[f"a{n:02d}"], prompts[f"a{n:02d}"]
