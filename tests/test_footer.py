"""The key bar is never rebuilt when focus moves: its keys change in place (tui/footer.py)."""

from __future__ import annotations

from textual._context import active_message_pump
from textual.binding import Binding
from textual.widgets import Footer as TextualFooter
from textual.widgets import Static

from tui.article_list import ArticleList
from tui.footer import Footer
from tui.reader import ArticleView

from .scenarios import make_app, settle, warm_analysis_cache, warm_home  # noqa: F401 - fixtures


class Keyed(Static, can_focus=True):
    """A widget that shows a key of its own in the bar when focused."""

    BINDINGS = [Binding("z", "app.bell", "Extra key")]


async def test_the_key_bar_changes_its_keys_in_place_and_shows_what_a_rebuild_would():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(Footer)
        rebuilt = []
        original = footer.recompose

        async def counting():
            rebuilt.append(1)
            await original()

        footer.recompose = counting
        shown = [key.key for key in footer.query("FooterKey")]
        assert shown, "the key bar shows keys"

        # The same keys: a bindings change that shows nothing new rebuilds nothing.
        app.query_one(ArticleList).focus()
        await pilot.pause()
        rebuilt.clear()
        for _ in range(3):
            app.screen.bindings_updated_signal.publish(app.screen)
            await pilot.pause()
        assert rebuilt == []

        def keys():
            return [(k.key, k.key_display, k.description, k.action, k._disabled, k.has_class("-disabled"))
                    for k in footer.query("FooterKey")]

        # The reader shows the list's keys (its own are in help): opening an article changes nothing here.
        before = keys()
        app.query_one(ArticleView).focus()
        await pilot.pause()
        await pilot.pause()
        assert rebuilt == [] and keys() == before

        # Other keys: the keys already there take them, nothing is rebuilt...
        await app.screen.mount(Keyed("keyed"))
        app.query_one(Keyed).focus()
        await pilot.pause()
        await pilot.pause()
        assert rebuilt == [], "focus moved and the whole bar was rebuilt"
        assert footer._shown == footer._showing(app.screen)
        in_place = keys()
        assert any(k[2] == "Extra key" for k in in_place), in_place
        # ... and they are what Textual's own rebuild shows.
        token = active_message_pump.set(footer)  # what Textual's own compose would mount now
        try:
            composed = [(k.key, k.key_display, k.description, k.action, k._disabled, k.has_class("-disabled"))
                        for k in TextualFooter.compose(footer)]
        finally:
            active_message_pump.reset(token)
        assert in_place == composed
        # Back to the list: the extra key goes again.
        app.query_one(ArticleList).focus()
        await pilot.pause()
        await pilot.pause()
        assert rebuilt == [] and not any(k[2] == "Extra key" for k in keys())
