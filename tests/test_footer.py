"""The key bar is rebuilt only when the keys it shows change (tui/footer.py)."""

from __future__ import annotations

from tui.article_list import ArticleList
from tui.footer import Footer
from tui.reader import ArticleView

from .scenarios import make_app, settle, warm_analysis_cache, warm_home  # noqa: F401 - fixtures


async def test_the_key_bar_is_rebuilt_only_when_its_keys_change():
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

        # Other keys (the reader's): rebuilt, and showing them.
        app.query_one(ArticleView).focus()
        await pilot.pause()
        await pilot.pause()
        assert rebuilt, "focus moved to a widget with other keys, and the bar was not rebuilt"
        assert footer._shown == footer._showing(app.screen)
