"""Driving the app: helpers for Pilot tests, and the scenes that both the
snapshot tests and ``screenshots/generate.py`` draw (one definition, so the
README's pictures are exactly what the tests check)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Awaitable, Callable

import pytest
from textual.widgets import Input
from textual.worker import WorkerError, WorkerState

from search import Library, default_paths
from tui.app import NewsdeskApp
from tui.config import Settings

from .conftest import copy_warm_home, warm_analysis_cache, warm_seeds_home  # noqa: F401 - re-exported fixtures


def make_app(paths=None, settings: Settings | None = None, prefer_model: bool = True) -> NewsdeskApp:
    app = NewsdeskApp(Library.load(paths or default_paths(), prefer_model=prefer_model), settings=settings)
    # Every notice, kept: Textual drops a notice once its timeout passes, and on
    # a loaded machine a test can take longer than that to look.
    app.notices = []
    notify = app.notify

    def recording(message, *args, **kwargs):
        app.notices.append(message)
        return notify(message, *args, **kwargs)

    app.notify = recording
    return app


# -- one warm analysis cache for every app test (made once, in conftest.py) ------------------------
@pytest.fixture(autouse=True)
def warm_home(request, warm_seeds_home, isolated_home) -> Path:  # noqa: F811 - the fixture, by name
    """Each test's own NEWSDESK_HOME starts with a copy of the warm analysis cache
    and of the seeds' search index, as on a user's second start. A test marked
    ``cold_index`` (and every snapshot: they show a first start) builds the index
    itself, as on a first run."""
    cold = request.node.get_closest_marker("cold_index") is not None
    copy_warm_home(warm_seeds_home, isolated_home, index=not cold)
    return isolated_home


async def settle(pilot) -> None:
    """Wait until indexing and any search or hit-finding work has finished.

    Waits for the app's workers, lets the app handle what they posted, and goes
    round again while that handling started more work (a search's results start
    finding hits), then lets the screen catch up. It waits for the work itself,
    not for fixed rounds of pauses: each pause costs a screen refresh and a
    idle check, which added up to a good part of the suite's time."""
    app = pilot.app
    for _ in range(1000):
        try:
            await app.workers.wait_for_complete()
        except WorkerError:
            pass  # a failure is the app's to report (tui/guard.py; tests look at the notice); a cancelled search gave way to a newer one
        await pilot._wait_for_screen()  # what the workers posted is handled (it may start more work)
        if not any(worker.state in _UNDER_WAY for worker in app.workers):
            break
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


_UNDER_WAY = (WorkerState.PENDING, WorkerState.RUNNING)


def keys(text: str) -> list[str]:
    return [char if char != " " else "space" for char in text]


async def type_text(pilot, text: str) -> None:
    await pilot.press(*keys(text))
    await settle(pilot)  # goes round until the search, and the hits its results start, are done


def steady_cursors(pilot) -> None:
    """Stop text cursors blinking, so a screenshot does not depend on when it is taken.

    (Each key typed afterwards shows the cursor; with blinking on, a screenshot
    taken more than half a second after the last key, as happens on a loaded
    machine, catches it hidden: this was why the annotate snapshot failed now
    and then.)"""
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False


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
    steady_cursors(pilot)
    await pilot.press("2", "tab")
    await pilot.press(*keys("Ukrinform says June 2024; KCNA's own text gives no date"))
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
    Scene("help-80x24", (80, 24), _help, "Help in 80×24: descriptions stay whole, where and id wrap"),
    Scene("annotate-80x24", (80, 24), _annotate, "The annotation dialog in 80×24 scrolls; the focused field stays on screen"),
    Scene("reader-160x50", (160, 50), _reading, "A wide terminal: the reader gets the most room"),
    Scene("help-160x50", (160, 50), _help, "Help in a wide terminal"),
    Scene("annotate-160x50", (160, 50), _annotate, "The annotation dialog in a wide terminal"),
]
