"""Refreshing feeds from the app: a thread worker fetches every subscribed feed
of the open corpus folder (the one with a ``feeds.sqlite``), shows a line per
feed in the status bar as each finishes, then re-reads the folder and updates
the index incrementally, so new articles appear in the list and are searchable.

The worker never touches widgets: it hands each step to the UI thread with
``call_from_thread``.
"""

from __future__ import annotations

from pathlib import Path

from search.feeds import STATE_FILE, FeedReport, Fetcher
from search.sanitize import safe_line


def feeds_folder(library) -> Path | None:
    """The corpus folder whose feeds the app refreshes: the first root that has a feed list."""
    for root in library.roots:
        if root.is_dir() and (root / STATE_FILE).is_file():
            return root
    return None


def reload_corpus(library) -> None:
    """Re-read the library's folders so articles written since it opened are in it."""
    library.reload()


class FeedsFlow:
    def __init__(self, app) -> None:
        self.app = app
        self.running = False

    def refresh(self) -> None:
        """Fetch every feed of the open folder in a worker (one refresh at a time)."""
        if self.running:
            self.app.notify("Feeds are already being refreshed.")
            return
        folder = feeds_folder(self.app.library)
        if folder is None:
            self.app.notify(
                "This corpus has no feeds. Subscribe with 'newsdesk feeds add URL --folder DIR' and open DIR.",
                severity="warning", timeout=10,
            )
            return
        if not self.app.library.index_ready:
            self.app.notify("The index is still being built; refresh the feeds when it is ready.")
            return
        self.running = True
        self.app.set_status(f"refreshing feeds in {folder.name}…")
        self.app.run_worker(lambda: self._fetch(folder), group="feeds", exclusive=True, thread=True, exit_on_error=False)

    # -- in the worker ------------------------------------------------------------------------
    def _fetch(self, folder: Path) -> None:
        app, library = self.app, self.app.library
        try:
            with Fetcher(folder) as fetcher:
                reports = fetcher.fetch_all(progress=lambda r, done, total: app.call_from_thread(self.feed_done, r, done, total))
            if any(report.new for report in reports):
                app.call_from_thread(app.set_status, "new articles: reading them and updating the index…")
                reload_corpus(library)
                library.ensure_index()
        except Exception as exc:  # noqa: BLE001 - the app keeps running; the notice says why
            app.call_from_thread(self.failed, safe_line(f"{type(exc).__name__}: {exc}"))
            return
        app.call_from_thread(self.done, reports)

    # -- on the UI thread ---------------------------------------------------------------------
    def feed_done(self, report: FeedReport, done: int, total: int) -> None:
        self.app.set_status(f"feeds {done}/{total} · {report.line()}")
        if report.error:
            self.app.notify(report.line(), severity="warning", timeout=8, markup=False)

    def done(self, reports: list[FeedReport]) -> None:
        self.running = False
        new = sum(len(report.new) for report in reports)
        failed = sum(1 for report in reports if report.error)
        summary = f"{new} new article{'s' if new != 1 else ''} from {len(reports)} feed{'s' if len(reports) != 1 else ''}"
        if failed:
            summary += f" ({failed} failed)"
        if new:
            self.app.searching.refresh_list()
            self.app.reading.analysis_arrived()
        self.app.set_status(f"{len(self.app.library.articles)} articles · {summary}")
        self.app.notify(summary, markup=False)

    def failed(self, reason: str) -> None:
        self.running = False
        self.app.set_status(f"feeds not refreshed: {reason}")
        self.app.notify(f"Refreshing feeds failed: {reason}", severity="error", markup=False)
