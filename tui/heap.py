"""The app's long-lived objects kept out of the garbage collector's way, and its full
collections moved to the moments nobody is typing.

Once a corpus is loaded (and again once its analyses have arrived, and once the article
list is complete) the process holds a large heap that lives as long as the app:
articles, entities, claims, the index's readers, the widgets. CPython's full collection
walks every tracked object. What is alive at those moments is moved to the collector's
permanent generation (``gc.freeze``), so later collections walk only what was made
since. The young generations are collected first, so little of what had just been
dropped is frozen with it.

Even so, drawing frames leaves reference cycles behind (Textual's messages, strips and
callbacks): about 15,000 dead objects every ten article openings, and the full
collection that frees them took 20-35 ms, on whichever key set it off (the slowest
openings, ``bench/bench_keys.py``). ``IdleCollector`` leaves the young generations to
CPython (a few milliseconds a key) and runs the full collection once no key has come for
``IDLE`` seconds; if keys never stop, CPython's own full collection still comes, after
``SPARE`` times as many young collections as it would wait for otherwise.
"""

from __future__ import annotations

import gc
import time

IDLE = 0.5  # seconds without a key before the full collection runs
SPARE = 20  # how much longer than CPython's own rhythm a full collection may wait for a pause


def settle() -> None:
    """Freeze what is alive now: call it when a large, long-lived state has just been built."""
    gc.collect(1)
    gc.freeze()


class IdleCollector:
    """Full collections at pauses in typing: ``start`` it with the app, ``key`` on every
    key, ``stop`` it when the app ends (CPython's thresholds are put back)."""

    def __init__(self) -> None:
        self._last_key = time.monotonic()
        self._thresholds: tuple[int, int, int] | None = None
        self._timer = None

    def start(self, app) -> None:
        if self._thresholds is None:
            self._thresholds = gc.get_threshold()
            young, middle, full = self._thresholds
            gc.set_threshold(young, middle, full * SPARE)
        self._timer = app.set_interval(IDLE / 2, self._tick, name="idle collection")

    def key(self) -> None:
        self._last_key = time.monotonic()

    def _tick(self) -> None:
        # gc.get_count()[2]: young-generation collections since the last full one.
        if gc.get_count()[2] and time.monotonic() - self._last_key >= IDLE:
            gc.collect()

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self._thresholds is not None:
            gc.set_threshold(*self._thresholds)
            self._thresholds = None
