"""Indexing at start-up: a thread worker analyses and indexes, posting progress to the status bar."""

from __future__ import annotations

import time

from textual.widgets import ProgressBar

from .messages import IndexFailed, IndexProgress, IndexReady


class IndexFlow:
    def __init__(self, app) -> None:
        self.app = app
        self.library = app.library

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
            report = self.library.ensure_index(progress=progress)
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
        self.app.set_status(f"{self.app.corpus_status()} · {message.phase} {message.done}/{message.total}")

    def ready(self, message: IndexReady) -> None:
        self._bar.display = False
        self.app.set_status(f"{self.app.corpus_status()} · {message.summary}")
        if self.library.analysis_warning:
            self.app.notify(self.library.analysis_warning, severity="warning")
        self.app.reading.analysis_arrived()
        if self.app.query_text:
            self.app.searching.run_search(self.app.query_text, debounce=False)

    def failed(self, message: IndexFailed) -> None:
        self._bar.display = False
        self.app.set_status(f"search unavailable: {message.reason}")
        self.app.notify(f"Indexing failed: {message.reason}", severity="error")
