"""The app's guard, quitting with unsaved annotations, and edits made to the annotations file outside the app."""

from __future__ import annotations

from search import Library, default_paths, paths
from tui.inspector import Inspector
from tui.quit_dialog import QuitDialog

from .scenarios import make_app, settle, type_text, warm_analysis_cache, warm_home  # noqa: F401 - fixtures


def status(app) -> str:
    return str(app.query_one("#status").render())


async def test_an_exception_in_a_worker_is_a_notice_and_the_app_keeps_running(isolated_home):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)

        def broken(*args, **kwargs):
            raise RuntimeError("the disk caught fire")

        app.library.search = broken
        await pilot.press("slash")
        await type_text(pilot, "kursk")
        assert app.is_running
        notice = next(n for n in app.notices if "something went wrong" in n)
        assert "RuntimeError: the disk caught fire" in notice and "$NEWSDESK_HOME/newsdesk.log" in notice
        log = paths.log_file().read_text(encoding="utf-8")
        assert "Traceback" in log and "the disk caught fire" in log and "in broken" in log
        # Still usable: the search box takes text, the reader still scrolls.
        await pilot.press("escape")
        await settle(pilot)
        assert len(app.query_one("#articles").options) == 5


async def test_an_exception_in_a_view_is_a_notice_and_the_other_tabs_still_fill(isolated_home):
    from tui.views.quotes import QuotesView

    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        original = QuotesView.fill

        def broken(self, context):
            raise ValueError("bad row")

        QuotesView.fill = broken
        app.query_one(Inspector).tabs.active = "tab-quotes"  # on show: drawn as the article opens
        try:
            app.open_article("004_6decb479083189bf")
            await settle(pilot)
        finally:
            QuotesView.fill = original
        assert app.is_running
        assert any("the Quotes tab: ValueError: bad row" in n for n in app.notices)
        app.query_one(Inspector).tabs.active = "tab-claims"
        claims = app.query_one("#claims")
        assert claims.option_count == len(app.library.claims("004_6decb479083189bf"))
        assert "bad row" in paths.log_file().read_text(encoding="utf-8")


async def annotate_a_claim(pilot) -> None:
    await pilot.press("right_square_bracket", "a")
    await pilot.pause()
    await pilot.press("1", "ctrl+s")
    await pilot.pause()
    await settle(pilot)


async def test_quitting_with_unsaved_annotations_asks_and_keeps_a_recovery_file(isolated_home):
    target = isolated_home / "seeds-annotations.yaml"
    target.mkdir()  # a folder where the file should be: every save fails
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await annotate_a_claim(pilot)
        assert "annotations not saved" in status(app)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, QuitDialog) and app.is_running
        await pilot.press("escape")  # cancel: back to the app, nothing lost
        await pilot.pause()
        assert not isinstance(app.screen, QuitDialog) and app.is_running
        assert app.library.annotations.dirty
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("s")  # save again: fails again, so the app stays
        await settle(pilot)
        assert app.is_running and "annotations not saved" in status(app)
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("r")  # quit anyway, keeping a recovery file
        await pilot.pause()
        assert not app.is_running
    recovery = list(isolated_home.glob("seeds-annotations.recovery-*.yaml"))
    assert recovery and "verdict: supported" in recovery[0].read_text(encoding="utf-8")


async def test_quitting_with_everything_saved_does_not_ask(isolated_home):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await annotate_a_claim(pilot)
        assert "saved 1 annotation" in status(app)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_an_edit_made_outside_the_app_is_picked_up(isolated_home):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        article_id = "004_6decb479083189bf"
        assert not app.library.article_annotations(article_id).count
        # Another process (another newsdesk, an editor, a sync client) writes the file.
        other = Library.load(default_paths())
        other.analyse()
        claim = other.claims(article_id)[0]
        other.annotate(article_id, claim.start, claim.end, "claim", "false", "from elsewhere")
        other.save_annotations()
        app.open_article(article_id)
        await settle(pilot)
        assert app.library.article_annotations(article_id).count == 1
        assert any("reloaded" in n for n in app.notices)
        app.query_one(Inspector).tabs.active = "tab-claims"
        assert app.query_one("#claims").options[0].prompt.plain.startswith("✎ false")
