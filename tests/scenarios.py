"""Driving the app: helpers for Pilot tests, and the scenes that both the
snapshot tests and ``screenshots/generate.py`` draw (one definition, so the
README's pictures are exactly what the tests check)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Awaitable, Callable

from search import Library, default_paths
from tui.app import NewsdeskApp
from tui.config import Settings


def make_app(paths=None, settings: Settings | None = None) -> NewsdeskApp:
    return NewsdeskApp(Library.load(paths or default_paths()), settings=settings)


async def settle(pilot) -> None:
    """Wait until indexing and any search or hit-finding work has finished."""
    app = pilot.app
    for _ in range(250):
        if app.library.index_ready:
            break
        await pilot.pause(0.02)
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()


async def type_text(pilot, text: str) -> None:
    for char in text:
        await pilot.press(char if char != " " else "space")
    await pilot.pause(0.2)  # let the debounced live search start
    await settle(pilot)


@dataclass(frozen=True)
class Scene:
    name: str
    size: tuple[int, int]
    act: Callable[[object], Awaitable[None]]
    caption: str


async def _reading(pilot) -> None:
    await settle(pilot)


async def _searching(pilot) -> None:
    await settle(pilot)
    await pilot.press("slash")
    await type_text(pilot, "treaty")
    await pilot.press("enter", "j", "enter")
    await settle(pilot)
    await pilot.press("n", "n")
    await settle(pilot)


async def _help(pilot) -> None:
    await settle(pilot)
    await pilot.press("question_mark")
    await pilot.pause()


async def _narrow(pilot) -> None:
    await settle(pilot)
    await pilot.press("slash")
    await type_text(pilot, "sacred mission")
    await pilot.press("enter", "enter")
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)


async def _narrow_inspector(pilot) -> None:
    await settle(pilot)
    await pilot.press("i")
    await pilot.pause()


async def _claims(pilot) -> None:
    await settle(pilot)
    app = pilot.app
    app.open_article("002_0b0ccfb8523443b8")
    await settle(pilot)
    app.query_one("#inspector-tabs").active = "tab-claims"
    claims = app.library.claims("002_0b0ccfb8523443b8")
    index = next(i for i, c in enumerate(claims) if "December last year" in c.text)
    app.query_one("#reader").go_to_claim(index)
    await settle(pilot)


async def _board(pilot) -> None:
    await settle(pilot)
    await pilot.press("c")
    await pilot.pause()
    await pilot.press("s")
    await pilot.pause()


async def _annotate(pilot) -> None:
    await settle(pilot)
    await pilot.press("right_square_bracket", "right_square_bracket", "right_square_bracket", "a")
    await pilot.pause()
    await pilot.press("2", "tab")
    for char in "Ukrinform says June 2024; KCNA's own text gives no date":
        await pilot.press(char if char != " " else "space")
    await pilot.pause()


SCENES = [
    Scene("reader", (140, 40), _reading, "The article list, the reader and the inspector on the bundled seeds"),
    Scene("search", (140, 40), _searching, "A search for treaty: ranked results with snippets, hits marked in the reader"),
    Scene("claims", (140, 40), _claims, "Claims: who says it, which outlets corroborate it, and a date conflict between outlets"),
    Scene("claims-board", (140, 40), _board, "The claims board (c): claims several outlets make, conflicts first"),
    Scene("annotate", (140, 40), _annotate, "Annotating a claim (a): a verdict with one key, a note, tags and the claimant"),
    Scene("help", (140, 40), _help, "Help (?) lists every binding with its id, and the search syntax"),
    Scene("narrow-80x24", (80, 24), _narrow, "An 80×24 terminal: list and reader, with a phrase search"),
    Scene("narrow-inspector-80x24", (80, 24), _narrow_inspector, "In 80×24, i swaps the list for the inspector"),
]
