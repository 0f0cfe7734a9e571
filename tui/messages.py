"""Messages the app's thread workers post back to the UI thread.

A worker never touches widgets: it posts one of these, and the app (on its own
thread) updates the screen in the matching ``on_…`` handler.
"""

from __future__ import annotations

from textual.message import Message


class IndexProgress(Message):
    """Indexing moved on: ``phase`` ("analysing", "indexing"), ``done`` of ``total``."""

    def __init__(self, phase: str, done: int, total: int) -> None:
        super().__init__()
        self.phase = phase
        self.done = done
        self.total = total


class TextIndexed(Message):
    """The text is indexed: search answers now, while analysis goes on."""

    def __init__(self, summary: str) -> None:
        super().__init__()
        self.summary = summary


class IndexReady(Message):
    """Indexing and analysis are done (or analysis was stopped)."""

    def __init__(self, summary: str) -> None:
        super().__init__()
        self.summary = summary


class IndexFailed(Message):
    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class SearchDone(Message):
    """A search finished: its result and the hit count of each listed article."""

    def __init__(self, result, counts: dict[str, int]) -> None:
        super().__init__()
        self.result = result
        self.counts = counts


class HitCounts(Message):
    """Hit counts of listed results beyond the first screenful, computed after the
    list was shown (a keystroke's results never wait for all of them)."""

    def __init__(self, query: str, counts: dict[str, int]) -> None:
        super().__init__()
        self.query = query
        self.counts = counts


class HitsFound(Message):
    """Where the query's words occur in one article."""

    def __init__(self, article_id: str, query: str, hits: list[tuple[int, int]]) -> None:
        super().__init__()
        self.article_id = article_id
        self.query = query
        self.hits = hits


class AnnotationsSaved(Message):
    def __init__(self, saved: int, location: str) -> None:
        super().__init__()
        self.saved = saved
        self.location = location


class AnnotationsNotSaved(Message):
    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason
