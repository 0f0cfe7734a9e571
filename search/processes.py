"""Starting worker processes safely from anywhere in the engine: from a thread
(the app indexes and analyses in worker threads), while a Textual app has
replaced ``sys.stderr`` with its print capture, and from a user's script that
opens a library at its top level."""

from __future__ import annotations

import contextlib
import multiprocessing
import sys


def context():
    """A start method that is safe beside threads (forkserver, else spawn).

    The fork server imports nothing ahead: by default it imports ``__main__``,
    which, for a script that opens a library at its top level without an
    ``if __name__ == "__main__"`` guard, runs that script again in the server
    (and waits there for the index lock its parent holds)."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload([])
        return ctx
    return multiprocessing.get_context("spawn")


@contextlib.contextmanager
def real_stderr():
    """While a Textual app runs, ``sys.stderr`` is its print capture, whose
    ``fileno()`` is -1; multiprocessing hands that descriptor to the helper
    processes it starts (the resource tracker) and fails with "bad value(s) in
    fds_to_keep". Starting processes, the real stderr stands in for it."""
    try:
        usable = sys.stderr is None or sys.stderr.fileno() >= 0
    except Exception:  # noqa: BLE001 - no descriptor at all: multiprocessing leaves it out
        usable = True
    if usable or sys.__stderr__ is None:
        yield
        return
    captured, sys.stderr = sys.stderr, sys.__stderr__
    try:
        yield
    finally:
        sys.stderr = captured


@contextlib.contextmanager
def starting_workers():
    """Around starting worker processes (``ProcessPoolExecutor`` starts them on
    ``submit``): the real stderr (``real_stderr``), and the main script not run
    again in each worker.

    multiprocessing prepares a forkserver or spawn child by running the parent's
    main script once more (as ``__mp_main__``) unless it is guarded by ``if
    __name__ == "__main__"``. A script that opens a library at its top level
    would open it again in every worker, and wait there for the index lock its
    parent holds, for ever. The workers run only the engine's own functions, so
    the script's path is hidden while they start: they import nothing of it."""
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    hide = main is not None and path is not None and getattr(main, "__spec__", None) is None
    with real_stderr():
        if not hide:
            yield
            return
        del main.__file__
        try:
            yield
        finally:
            main.__file__ = path
