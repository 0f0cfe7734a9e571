"""Indexing at start-up: a thread worker indexes the text first (search answers as
soon as that is done), then analyses, adding entity fields to the index as
analyses land; it posts progress to the status bar. ``p`` pauses analysis
between batches (what is done is kept) and resumes it; quitting stops it the
same way, and the next start resumes."""

from __future__ import annotations

import threading
import time

from textual.widgets import ProgressBar

from . import heap
from .messages import IndexFailed, IndexProgress, IndexReady, TextIndexed

# Where start-up indexing is: the text first, then analysis (which ``p`` pauses).
INDEXING, ANALYSING, PAUSING, PAUSED, DONE, FAILED = "indexing", "analysing", "pausing", "paused", "done", "failed"


class IndexFlow:
    def __init__(self, app) -> None:
        self.app = app
        self.library = app.library
        self.cancel = threading.Event()  # set on quit or pause: analysis stops between batches
        self.state = INDEXING
        self._summary = ""  # the text index's report, for the status line

    def start(self) -> None:
        self.app.set_status(f"{self.app.corpus_status()} · indexing…")
        self.app.run_worker(self._build, group="index", exclusive=True, thread=True, exit_on_error=False)

    def _progress(self):
        last = 0.0

        def progress(phase: str, done: int, total: int) -> None:
            nonlocal last
            now = time.monotonic()
            if now - last > 0.1 or done == total:  # throttle hand-offs to the UI thread
                last = now
                self.app.post_message(IndexProgress(phase, done, total))

        return progress

    def _build(self) -> None:
        progress = self._progress()
        try:
            report = self.library.ensure_text_index(progress=progress)
            self.app.post_message(TextIndexed(report.summary()))
        except Exception as exc:  # keep the app usable for reading
            self.app.post_message(IndexFailed(f"{type(exc).__name__}: {exc}"))
            return
        self._analyse(report.summary(), self.cancel, progress)

    def _analyse(self, summary: str, cancel: threading.Event, progress=None) -> None:
        try:
            self.library.analyse(progress=progress or self._progress(), cancel=cancel)
        except Exception as exc:  # keep the app usable for reading
            self.app.post_message(IndexFailed(f"{type(exc).__name__}: {exc}"))
            return
        self.app.post_message(IndexReady(summary))

    # -- pause and resume ------------------------------------------------------------------
    def toggle_pause(self) -> None:
        """``p``: pause analysis after the batches under way, or resume it."""
        if self.state in (INDEXING, ANALYSING):
            self.state = PAUSING
            self.cancel.set()
            self._say("pausing analysis after the batches under way…")
        elif self.state == PAUSED:
            self.state = ANALYSING
            self.cancel = threading.Event()
            self._say("analysis resumed")
            self.app.run_worker(
                lambda: self._analyse(self._summary, self.cancel), group="index", exclusive=True, thread=True, exit_on_error=False,
            )
        elif self.state == PAUSING:
            self.app.notify("Analysis is pausing: it stops after the batches under way.")
        elif self.state == DONE:
            self.app.notify("Analysis is complete: nothing to pause.")
        else:
            self.app.notify("Analysis is not running (indexing failed).", severity="warning")

    def _say(self, what: str) -> None:
        if not self.app.query_text:  # while searching, the status line shows the results
            self.app.set_status(f"{self.app.corpus_status()} · {what}")

    @property
    def _bar(self) -> ProgressBar:
        return self.app.screen_stack[0].query_one("#index-progress", ProgressBar)

    def progress(self, message: IndexProgress) -> None:
        if not self.app.screen_stack or not self.app.screen_stack[0].query("#index-progress"):
            return  # the app is closing
        if self.state == PAUSED:
            return  # a late report from the batches that finished the pause
        self._bar.display = True
        self._bar.update(total=message.total, progress=message.done)
        pausing = "pausing · " if self.state == PAUSING else ""
        self._say(f"{pausing}{message.phase} {message.done}/{message.total}")

    def text_indexed(self, message: TextIndexed) -> None:
        """Search works from here on; analysis is still running."""
        self._summary = message.summary
        if self.state == INDEXING:
            self.state = ANALYSING
        if self.app.query_text:  # the search's own status line says what it found
            self.app.searching.run_search(self.app.query_text, debounce=False)
            return
        status = self.library.analysis_status()
        self.app.set_status(f"{self.app.corpus_status()} · {message.summary}" + (f" · {status}" if status else ""))

    def ready(self, message: IndexReady) -> None:
        self._bar.display = False
        paused = self.state == PAUSING and self.library.analysis_status() is not None
        self.state = PAUSED if paused else DONE
        if self.library.analysis_warning:
            self.app.notify(self.library.analysis_warning, severity="warning")
        self.app.reading.analysis_arrived()
        heap.settle()  # the analyses just loaded live as long as the app
        if self.app.query_text:  # the search's own status line says what it found
            self.app.searching.run_search(self.app.query_text, debounce=False)
        elif paused:
            self.app.set_status(f"{self.app.corpus_status()} · analysis paused · {self.library.analysis_status()} · p resumes")
        else:
            self.app.set_status(f"{self.app.corpus_status()} · {message.summary}")

    def failed(self, message: IndexFailed) -> None:
        self.state = FAILED
        self._bar.display = False
        self.app.set_status(f"search unavailable: {message.reason}")
        self.app.notify(f"Indexing failed: {message.reason}", severity="error")
