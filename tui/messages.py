"""Messages the app's thread workers post back to the UI thread.

A worker never touches widgets: it posts one of these, and the app (on its own
thread) hands it to the flow its ``ROUTE`` names (``"indexing.progress"`` calls
``app.indexing.progress(message)``): :func:`route_messages` gives the app one
handler per routed message, so a new message is one class here.
"""

from __future__ import annotations

from textual.message import Message


class IndexProgress(Message):
    """Indexing moved on: ``phase`` ("analysing", "indexing"), ``done`` of ``total``."""

    ROUTE = "indexing.progress"

    def __init__(self, phase: str, done: int, total: int) -> None:
        super().__init__()
        self.phase = phase
        self.done = done
        self.total = total


class TextIndexed(Message):
    """The text is indexed: search answers now, while analysis goes on."""

    ROUTE = "indexing.text_indexed"

    def __init__(self, summary: str) -> None:
        super().__init__()
        self.summary = summary


class IndexReady(Message):
    """Indexing and analysis are done (or analysis was stopped)."""

    ROUTE = "indexing.ready"

    def __init__(self, summary: str) -> None:
        super().__init__()
        self.summary = summary


class IndexFailed(Message):
    ROUTE = "indexing.failed"

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class SearchDone(Message):
    """A search finished: its result, the hit count of each listed article, and, when
    an article was open, where the query matches in it (``open_hits``: its id and the
    spans), so the list and the reader change in one step."""

    ROUTE = "searching.show_results"

    def __init__(self, result, counts: dict[str, int], open_hits: tuple[str, list] | None = None) -> None:
        super().__init__()
        self.result = result
        self.counts = counts
        self.open_hits = open_hits


class HitCounts(Message):
    """Hit counts (and snippets) of listed results beyond the first screenful, computed
    after the list was shown (a keystroke's results never wait for all of them)."""

    ROUTE = "searching.show_counts"

    def __init__(self, query: str, counts: dict[str, int], snippets: dict | None = None) -> None:
        super().__init__()
        self.query = query
        self.counts = counts
        self.snippets = snippets or {}  # article id -> Snippet, for rows listed without one


class HitsFound(Message):
    """Where the query's words occur in one article."""

    ROUTE = "searching.show_hits"

    def __init__(self, article_id: str, query: str, hits: list[tuple[int, int]]) -> None:
        super().__init__()
        self.article_id = article_id
        self.query = query
        self.hits = hits


class AnnotationsSaved(Message):
    ROUTE = "annotating.saved"

    def __init__(self, saved: int, location: str) -> None:
        super().__init__()
        self.saved = saved
        self.location = location


class AnnotationsNotSaved(Message):
    ROUTE = "annotating.not_saved"

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class ExportWritten(Message):
    """An export (search results or the claims board) was written to ``location``."""

    ROUTE = "exporting.written"

    def __init__(self, location: str, summary: str) -> None:
        super().__init__()
        self.location = location
        self.summary = summary


class ExportFailed(Message):
    ROUTE = "exporting.failed"

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class MetadataSaved(Message):
    """A correction was written to catalog.yaml, the corpus re-read and the index updated."""

    ROUTE = "correcting.saved"

    def __init__(self, article_id: str, location: str, kept: bool, problem: str | None = None) -> None:
        super().__init__()
        self.article_id = article_id
        self.location = location
        self.kept = kept  # the catalog's comments and layout were kept
        self.problem = problem


class MetadataNotSaved(Message):
    ROUTE = "correcting.not_saved"

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class BrowserOpened(Message):
    """``webbrowser.open`` returned: ``ok`` is False when no browser could be started."""

    ROUTE = "citing.browser_opened"

    def __init__(self, url: str, ok: bool, reason: str = "") -> None:
        super().__init__()
        self.url = url
        self.ok = ok
        self.reason = reason


def route_messages(app_class: type) -> type:
    """Class decorator: an ``on_…`` handler on the app for every message here with a ``ROUTE``."""

    for message_class in Message.__subclasses__():
        route = getattr(message_class, "ROUTE", None)
        if not route or message_class.__module__ != __name__:
            continue
        flow_name, method_name = route.split(".")

        def handler(app, message, _flow=flow_name, _method=method_name) -> None:
            getattr(getattr(app, _flow), _method)(message)

        setattr(app_class, message_class.handler_name, handler)
    return app_class
