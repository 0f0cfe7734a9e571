"""Drawing a change that runs through many messages in one frame, not three.

Opening an article is a chain of messages through the widgets' queues: the
reader shows the text, focus moves (blur, focus, the key bar's bindings), the
inspector's tabs take new labels. Textual draws a frame whenever its 60 fps
timer comes due, so on a 2,225-article corpus an opening was drawn three times,
twice half done, each time laying out and rendering the screen, and the frames
between made it slower still. ``hold_frames`` draws none until the chain has
run out: every queue on the screen empty twice running (the test Pilot's own
notion of settled), or ``LIMIT`` seconds, whichever comes first, so a change
that takes longer is still drawn as it goes.

``MainScreen`` repaints only what a focus change restyles: Textual's screen
repaints itself whole whenever focus moves.
"""

from __future__ import annotations

import asyncio
import time
import weakref

from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget

LIMIT = 0.1  # seconds a change may hold back the next frame
_held: "weakref.WeakSet" = weakref.WeakSet()  # apps whose frames are held now
_tasks: set[asyncio.Task] = set()  # the releases under way (a task needs a reference to run)


def hold_frames(app) -> None:
    """Draw no frame of ``app`` until what was just set off has run its course."""
    if app in _held:
        return  # one hold at a time: it ends when everything is quiet, this change included
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return  # not running (nothing is drawn anyway)
    batch = app.batch_update()
    batch.__enter__()
    _held.add(app)
    task = loop.create_task(_release(app, batch))
    _tasks.add(task)
    task.add_done_callback(_tasks.discard)


async def _release(app, batch) -> None:
    deadline = time.monotonic() + LIMIT
    quiet = 0
    try:
        while quiet < 2 and time.monotonic() < deadline:
            await asyncio.sleep(0)
            quiet = quiet + 1 if _settled(app) else 0
    finally:
        _held.discard(app)
        batch.__exit__(None, None, None)


def _settled(app) -> bool:
    """Every message pump on the app's screen has nothing queued."""
    try:
        pumps = [app, *app.screen.walk_children(with_self=True)]
    except Exception:  # noqa: BLE001 - no screen (closing): nothing to wait for
        return True
    return all(_empty(pump) for pump in pumps)


def _empty(pump) -> bool:
    queue = getattr(pump, "_message_queue", None)
    return queue is None or queue.empty()


class MainScreen(Screen):
    """The app's first screen. When focus moves, Textual restyles the widget that
    lost it and the one that took it (and repaints those); its screen also repaints
    itself whole, which this one does not."""

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
