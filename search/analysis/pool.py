"""Analysis on every core: batches of articles analysed in worker processes.

Each worker builds the recogniser once (the model loads once per process) and
analyses whole batches; the parent caches each batch as it comes back, so
stopping halfway loses nothing. An article whose analysis raises is that
article's problem inside the worker (as in one process). A worker that dies
outright (a crash in native code, killed for memory) takes its batch down
with it: those articles are then retried one at a time, and the one that
brings a worker down again is recorded as a problem while the rest go on.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Sequence

from ..article import Article
from ..processes import context, starting_workers
from .result import Analysis

Finished = Callable[[Sequence[Article], Sequence["Analysis | None"]], None]

_ANALYSER = None  # the worker's own Analyser, built by ``_start``
_SMALLEST = 4  # articles in the last batches



def _start(gazetteer, kind) -> None:
    """Worker initializer: the recogniser the parent chose, its model loaded now."""
    global _ANALYSER
    from . import Analyser

    analyser = Analyser(gazetteer)
    analyser._recognizer = kind(gazetteer)  # noqa: SLF001 - the parent's choice, not the registry's
    analyser.prepare()
    _ANALYSER = analyser


def _work(batch: list[Article], reference: dt.date | None) -> tuple[str, list[Analysis | None], dict[str, str]]:
    from . import _analyse_batch

    failed: dict[str, str] = {}
    results = _analyse_batch(_ANALYSER, batch, reference, failed)
    return _ANALYSER.key, results, failed


def _ping() -> str:
    return _ANALYSER.key


def analyse_in_pool(
    batches: list[list[Article]],
    analyser,
    reference: dt.date | None,
    workers: int,
    failed: dict[str, str],
    finished: Finished,
    cancel: threading.Event | None = None,
) -> bool:
    """Analyse ``batches`` in ``workers`` processes, calling ``finished`` for each
    as it comes back. Returns False (having stopped) if the workers use a
    different analyser key than ``analyser`` (their model failed to load)."""
    key = analyser.key
    kind = type(analyser.recognizer())
    todo: deque[Article] = deque(article for batch in batches for article in batch)
    largest = max((len(batch) for batch in batches), default=1)
    suspects: deque[Article] = deque()  # from batches whose worker died: one at a time
    pool: ProcessPoolExecutor | None = None
    running: dict[Future, list[Article]] = {}
    started = False
    stopped = lambda: cancel is not None and cancel.is_set()  # noqa: E731

    def new_pool() -> ProcessPoolExecutor:
        with starting_workers():
            return ProcessPoolExecutor(workers, mp_context=context(), initializer=_start, initargs=(analyser.gazetteer, kind))

    def submit(*call) -> Future:
        with starting_workers():  # workers start on submit
            return pool.submit(*call)

    def next_batch() -> list[Article]:
        # Smaller batches towards the end, so that no worker is left alone with
        # a large last batch while the others idle (guided scheduling).
        size = max(_SMALLEST, min(largest, -(-len(todo) // (2 * workers))))
        return [todo.popleft() for _ in range(min(size, len(todo)))]

    try:
        while (todo or suspects or running) and not (stopped() and not running):
            if pool is None:
                pool = new_pool()
                if not started:
                    # A worker that cannot start (the recogniser fails to build
                    # there, nothing can be sent to it) is not an article's fault.
                    # One ping per worker, sent together: every worker starts
                    # (and loads its model) at once, not one after the other.
                    try:
                        pings = [submit(_ping) for _ in range(workers)]
                        if any(ping.result() != key for ping in pings):
                            return False
                    except Exception:  # noqa: BLE001 - any failure: analyse in this process instead
                        return False
                    started = True
            if not stopped():
                if suspects:
                    # One at a time, so a dead worker names its article.
                    if not running:
                        article = suspects.popleft()
                        running[submit(_work, [article], reference)] = [article]
                else:
                    while todo and len(running) < 2 * workers:
                        batch = next_batch()
                        running[submit(_work, batch, reference)] = batch
            elif running:
                # Stopping (a pause, or quitting): batches no worker has taken yet
                # are dropped, not waited for; they are done when analysis resumes.
                for future in [f for f in running if f.cancel()]:
                    running.pop(future)
            if not running:
                continue
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            broken = False
            for future in done:
                batch = running.pop(future)
                try:
                    their_key, results, problems = future.result()
                except BrokenProcessPool:
                    broken = True
                    if len(batch) == 1 and len(done) == 1 and not running:
                        failed[batch[0].id] = "the analysis process crashed on this article"
                        finished(batch, [None])
                    else:
                        suspects.extend(batch)
                    continue
                except Exception:  # noqa: BLE001 - a batch that cannot travel to a worker: analyse here
                    return False
                if their_key != key:
                    return False
                failed.update(problems)
                finished(batch, results)
            if broken:
                # Every other batch in flight died with the pool: retry those too.
                for future, batch in list(running.items()):
                    try:
                        their_key, results, problems = future.result()
                    except BrokenProcessPool:
                        suspects.extend(batch)
                        continue
                    except Exception:  # noqa: BLE001
                        return False
                    if their_key != key:
                        return False
                    failed.update(problems)
                    finished(batch, results)
                running.clear()
                pool.shutdown(wait=False, cancel_futures=True)
                pool = None
        return True
    finally:
        if pool is not None:
            for future in running:
                future.cancel()
            pool.shutdown(wait=True, cancel_futures=True)
