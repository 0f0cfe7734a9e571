"""The test harness itself (tests/conftest.py): headless apps draw only their last frame, and
that frame is drawn, so a widget that cannot render still fails the test that showed it."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Static


class Fragile(Static):
    broken = False

    def render(self):
        if self.broken:
            raise RuntimeError("cannot draw")
        return "fine"


class FragileApp(App):
    CSS = "Fragile { width: 10; height: 1; }"  # a fixed size: laying it out does not render it
    def compose(self) -> ComposeResult:
        yield Fragile(id="fragile")


async def test_a_widget_broken_after_a_key_fails_the_test_at_its_last_frame():
    app = FragileApp()
    with pytest.raises(Exception) as raised:
        async with app.run_test(size=(40, 5)) as pilot:
            fragile = app.query_one(Fragile)
            fragile.broken = True
            fragile.refresh()
            await pilot.pause()  # no frame is drawn here
    assert "cannot draw" in str(raised.value)


@pytest.mark.every_frame
async def test_every_frame_draws_each_frame():
    app = FragileApp()
    drawn = []
    async with app.run_test(size=(40, 5)) as pilot:
        fragile = app.query_one(Fragile)
        real = Fragile.render_line
        fragile.render_line = lambda y: drawn.append(y) or real(fragile, y)
        fragile.refresh()
        await pilot.pause()
        assert drawn  # drawn on the frame, before the block ends


def test_the_pilot_waits_for_idle_in_the_harness_steps():
    """conftest.py shortens the pilot's idle steps by setting ``textual._wait``'s module
    globals; that works only while ``wait_for_idle`` reads them when it runs."""
    import textual._wait

    names = textual._wait.wait_for_idle.__code__.co_names
    assert "SLEEP_GRANULARITY" in names and "SLEEP_IDLE" in names
    assert textual._wait.SLEEP_GRANULARITY == 0.005
    # The frame timer must tick within one idle step (see conftest.py).
    import textual.screen

    assert textual.screen.UPDATE_PERIOD < textual._wait.SLEEP_GRANULARITY
