"""The app's long-lived objects kept out of the garbage collector's way.

Once a corpus is loaded (and again once its analyses have arrived) the process holds a
large heap that lives as long as the app: articles, entities, claims, the index's
readers, the widgets. CPython's full collection walks every tracked object, and the
allocations a keystroke makes (Textual builds thousands of segments and strips a frame)
set one off every few article openings: about 70 ms each at 2,225 BBC articles, the
slowest openings (p95 134 ms against p50 61, ``bench/bench_keys.py``). What is alive at
those two moments is moved to the collector's permanent generation (``gc.freeze``), so
later collections walk only what was made since. The young generations are collected
first, so little of what had just been dropped is frozen with it.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Freeze what is alive now: call it when a large, long-lived state has just been built."""
    gc.collect(1)
    gc.freeze()
