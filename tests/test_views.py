"""A new inspector view is one class plus one list entry: it gets a tab, fills itself, and its keys reach help."""

from __future__ import annotations

import pytest
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui import views
from tui.article_list import ArticleList
from tui.views.annotations import AnnotationsView
from tui.views.info import LISTED
from tui.help import HelpScreen
from tui.inspector import Inspector
from tui.views.base import ARTICLE, InspectorView, ViewContext

from .conftest import write
from .scenarios import make_app, settle, warm_analysis_cache, warm_home  # noqa: F401 - fixtures


class WordList(OptionList):
    HELP_SCOPE = "words tab"
    BINDINGS = [Binding("w", "cursor_down", "Next word", id="words.next")]


class WordsView(InspectorView):
    TITLE = "Words"
    NAME = "words"
    REFRESH_ON = frozenset({ARTICLE})

    def compose(self) -> ComposeResult:
        yield WordList(id="words")

    def fill(self, context: ViewContext) -> str:
        words = context.article.text.split()[:3] if context.article else []
        self.query_one(WordList).set_options([Option(word) for word in words])
        return f"{self.TITLE} ({len(words)})"


async def test_a_registered_view_is_a_tab_fills_itself_and_its_keys_are_in_help(monkeypatch):
    monkeypatch.setattr(views, "VIEWS", [*views.VIEWS, WordsView])
    app = make_app()
    async with app.run_test(size=(140, 50)) as pilot:
        await settle(pilot)
        tabs = app.query_one(Inspector).tabs
        assert str(tabs.get_tab("tab-words").label) == "Words (3)"
        listed = [str(option.prompt) for option in app.query_one(WordList).options]
        assert listed == app.library.article(app.open_article_id).text.split()[:3]
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = {row[3]: row for row in app.screen.rows}
        assert rows["words.next"][:3] == ("words tab", "w", "Next word")


async def test_the_built_in_views_are_listed_once_each():
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        panes = [view.id for view in app.query_one(Inspector).all_views]
        assert panes == ["tab-info", "tab-claims", "tab-quotes", "tab-entities", "tab-hits", "tab-outlets", "tab-annotations"]


@pytest.mark.every_frame  # counts what a frame draws
async def test_moving_the_highlight_repaints_the_two_options_not_the_whole_list(monkeypatch):
    app = make_app()
    async with app.run_test(size=(140, 50)) as pilot:  # every seed article listed, nothing to scroll
        await settle(pilot)
        articles = app.query_one(ArticleList)
        articles.focus()
        await pilot.pause()
        drawn = []
        real = ArticleList.render_line
        monkeypatch.setattr(ArticleList, "render_line", lambda self, y: drawn.append(y) or real(self, y))
        await pilot.press("j")
        await pilot.pause()
        assert articles.highlighted == 1 and articles.scroll_offset.y == 0
        first, second = articles._heights[0], articles._heights[1]  # noqa: SLF001 - the two options' lines
        assert 0 < len(drawn) <= first + second < articles.size.height
        assert any(y < first for y in drawn) and any(first <= y < first + second for y in drawn)  # the one it left, too


async def test_opening_another_article_does_not_rebuild_the_annotations_list(monkeypatch):
    app = make_app()
    async with app.run_test(size=(140, 50)) as pilot:
        await settle(pilot)
        shown = []
        real = AnnotationsView.show
        monkeypatch.setattr(AnnotationsView, "show", lambda self: shown.append(1) or real(self))
        app.open_article(app.library.articles[1].id)
        await settle(pilot)
        assert shown == []  # nothing about the annotations changed
        view = app.query_one(AnnotationsView)
        view.cycle("here")  # only the open article's: now the open article matters
        shown.clear()
        app.open_article(app.library.articles[2].id)
        await settle(pilot)
        assert shown == [1]


async def test_the_info_view_lists_the_first_load_problems_and_counts_the_rest(tmp_path):
    write(tmp_path / "good.txt", "A good article. It loads.")
    for n in range(LISTED + 7):
        write(tmp_path / f"bad{n:03d}.txt", b"\x00\x01")
    app = make_app([tmp_path])
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        info = app.query_one("#info").content
        rows = [str(cell) for column in info.columns for cell in column.cells]
        assert f"{LISTED + 7} file(s) or line(s) skipped" in rows
        assert sum("bad0" in row for row in rows) == LISTED
        assert "… and 7 more ('newsdesk index' lists them all)" in rows
        # A problem found after loading (analysis failed on an article) joins the same list: shown too.
        from search.sources import LoadProblem

        app.library.problems.append(LoadProblem(tmp_path / "bad999.txt", "analysis failed (test)"))
        app.open_article(app.library.articles[0].id)
        await settle(pilot)
        info = app.query_one("#info").content
        rows = [str(cell) for column in info.columns for cell in column.cells]
        assert f"{LISTED + 8} file(s) or line(s) skipped" in rows
