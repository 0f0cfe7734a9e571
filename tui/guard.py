"""The app's guard: an error in a worker or a view becomes a notice, not a crash.

The traceback goes to the log file in the data folder (``search.paths.log_file``)
and the user sees one line saying where to find it; the app keeps running.
"""

from __future__ import annotations

import datetime as dt
import traceback
from contextlib import contextmanager
from typing import Iterator

from search import paths
from search.sanitize import safe_line


def log_exception(error: BaseException, where: str) -> str:
    """Append the traceback to the log file; return where it went, for people."""
    path = paths.log_file()
    stamp = dt.datetime.now().isoformat(timespec="seconds")
    text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8", errors="replace") as log:
            log.write(f"--- {stamp} {where}\n{text}\n")
    except OSError as exc:
        return f"(the log file {paths.display_location(path)} could not be written: {exc.strerror or exc})"
    return paths.display_location(path)


def report(app, error: BaseException, where: str) -> None:
    """Log ``error`` and tell the user in a notice."""
    location = log_exception(error, where)
    message = f"something went wrong: {where}: {type(error).__name__}: {error}; details in {location}"
    app.notify(safe_line(message), severity="error", timeout=20)


@contextmanager
def guarded(app, where: str) -> Iterator[None]:
    """Run a block; an exception in it is reported (see ``report``) and swallowed."""
    try:
        yield
    except Exception as error:  # noqa: BLE001 - the point of the guard
        report(app, error, where)
