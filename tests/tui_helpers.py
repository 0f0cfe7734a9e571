"""Helpers for driving the app in tests."""

from __future__ import annotations

from search import Library, default_paths
from tui.app import NewsdeskApp
from tui.config import Settings


def make_app(paths=None, settings: Settings | None = None) -> NewsdeskApp:
    return NewsdeskApp(Library.load(paths or default_paths()), settings=settings)


async def settle(pilot) -> None:
    """Wait until indexing and any search or hit-finding work has finished."""
    app = pilot.app
    for _ in range(200):
        if app.library.index_ready:
            break
        await pilot.pause(0.02)
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def type_text(pilot, text: str) -> None:
    for char in text:
        await pilot.press(char if char != " " else "space")
    await pilot.pause(0.2)  # let the debounced live search start
    await settle(pilot)
