"""``p`` pauses analysis in the app after the batch under way, says so in the
status bar, and resumes it, keeping what was done."""

from __future__ import annotations

import asyncio
import threading

from textual.widgets import Static

from search import analysis as pipeline

from .scenarios import make_app, warm_analysis_cache, warm_home  # noqa: F401 - fixtures
from .test_streaming import CALLS, GATE, WAITING, GatedRecognizer, corpus, recogniser  # noqa: F401 - fixture


def status(app) -> str:
    return str(app.screen_stack[0].query_one("#status", Static).render())


async def until(pilot, condition, what: str) -> None:
    for _ in range(600):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"never happened: {what}")


async def test_p_pauses_analysis_and_resumes_it(tmp_path, recogniser, monkeypatch):  # noqa: F811 - the fixture
    recogniser(GatedRecognizer)
    monkeypatch.setattr(pipeline, "BATCH", 2)
    app = make_app([corpus(tmp_path / "news", 8)])
    library = app.library
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: library.index_ready and app.indexing.state == "analysing", "text indexed")
        # Pausing before any batch has started drops them all at once ("paused" at once):
        # wait until one is under way, held at the gate, so "pausing" is what p shows first.
        await until(pilot, WAITING.is_set, "a batch under way")
        await pilot.press("p")
        assert app.indexing.state == "pausing" and "pausing" in status(app)
        GATE.set()  # the batch under way finishes; no other starts
        await until(pilot, lambda: app.indexing.state == "paused", "paused")
        assert "analysis paused" in status(app) and "p resumes" in status(app)
        assert library.analysis_status() == "entities: 25% analysed; entity: queries may miss articles"
        await pilot.press("p")
        await until(pilot, lambda: app.indexing.state == "done", "analysis finished")
        assert library.analysis_status() is None and "paused" not in status(app)
        await pilot.press("p")  # nothing left to pause
        assert app.indexing.state == "done"


async def test_analysis_stops_when_the_app_ends_without_quitting(tmp_path, recogniser, monkeypatch):  # noqa: F811 - the fixture
    """An error, a signal or a test's end shuts Textual down without ``exit`` (the
    quit path): analysis still stops after the batch under way, instead of running
    on to the end of the corpus while the process waits for it."""
    recogniser(GatedRecognizer)
    monkeypatch.setattr(pipeline, "BATCH", 2)
    app = make_app([corpus(tmp_path / "news", 8)])
    library = app.library
    finished = threading.Event()
    analyse = library.analyse

    def analyse_then_say(*args, **kwargs):
        try:
            return analyse(*args, **kwargs)
        finally:
            finished.set()

    monkeypatch.setattr(library, "analyse", analyse_then_say)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, WAITING.is_set, "a batch under way")
    GATE.set()  # the batch under way finishes
    assert await asyncio.to_thread(finished.wait, 20), "analysis never ended"
    assert CALLS == [2]  # no batch started after the app ended
    assert library.analysis_progress() == (2, 8)
