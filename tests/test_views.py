"""A new inspector view is one class plus one list entry: it gets a tab, fills itself, and its keys reach help."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui import views
from tui.help import HelpScreen
from tui.inspector import Inspector
from tui.views.base import ARTICLE, InspectorView, ViewContext

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
