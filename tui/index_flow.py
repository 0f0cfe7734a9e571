"""Indexing at start-up: a thread worker indexes the text first (search answers as
soon as that is done), then analyses, adding entity fields to the index as
analyses land; it posts progress to the status bar. Quitting stops analysis
between batches; what is done is kept and the next start resumes."""

from __future__ import annotations

import threading
import time

from textual.widgets import ProgressBar

from .messages import IndexFailed, IndexProgress, IndexReady, TextIndexed


class IndexFlow:
    def __init__(self, app) -> None:
        self.app = app
        self.library = app.library
        self.cancel = threading.Event()  # set on quit: analysis stops between batches

    def start(self) -> None:
        self.app.set_status(f"{self.app.corpus_status()} · indexing…")
        self.app.run_worker(self._build, group="index", exclusive=True, thread=True, exit_on_error=False)

    def _build(self) -> None:
        last = 0.0

        def progress(phase: str, done: int, total: int) -> None:
            nonlocal last
            now = time.monotonic()
            if now - last > 0.1 or done == total:  # throttle hand-offs to the UI thread
                last = now
                self.app.post_message(IndexProgress(phase, done, total))

        try:
            report = self.library.ensure_text_index(progress=progress)
            self.app.post_message(TextIndexed(report.summary()))
            self.library.analyse(progress=progress, cancel=self.cancel)
        except Exception as exc:  # keep the app usable for reading
            self.app.post_message(IndexFailed(f"{type(exc).__name__}: {exc}"))
            return
        self.app.post_message(IndexReady(report.summary()))

    @property
    def _bar(self) -> ProgressBar:
        return self.app.screen_stack[0].query_one("#index-progress", ProgressBar)

    def progress(self, message: IndexProgress) -> None:
        if not self.app.screen_stack or not self.app.screen_stack[0].query("#index-progress"):
            return  # the app is closing
        self._bar.display = True
        self._bar.update(total=message.total, progress=message.done)
        if not self.app.query_text:  # while searching, the bar shows progress and the status line the results
            self.app.set_status(f"{self.app.corpus_status()} · {message.phase} {message.done}/{message.total}")

    def text_indexed(self, message: TextIndexed) -> None:
        """Search works from here on; analysis is still running."""
        if self.app.query_text:  # the search's own status line says what it found
            self.app.searching.run_search(self.app.query_text, debounce=False)
            return
        status = self.library.analysis_status()
        self.app.set_status(f"{self.app.corpus_status()} · {message.summary}" + (f" · {status}" if status else ""))

    def ready(self, message: IndexReady) -> None:
        self._bar.display = False
        if self.library.analysis_warning:
            self.app.notify(self.library.analysis_warning, severity="warning")
        self.app.reading.analysis_arrived()
        if self.app.query_text:  # the search's own status line says what it found
            self.app.searching.run_search(self.app.query_text, debounce=False)
        else:
            self.app.set_status(f"{self.app.corpus_status()} · {message.summary}")

    def failed(self, message: IndexFailed) -> None:
        self._bar.display = False
        self.app.set_status(f"search unavailable: {message.reason}")
        self.app.notify(f"Indexing failed: {message.reason}", severity="error")
