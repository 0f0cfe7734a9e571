"""What a search returns: plain data, no Whoosh (the front ends handle these typed)."""

from __future__ import annotations

from dataclasses import dataclass


class QueryError(ValueError):
    """The query cannot be run; the message is one line for the user."""


@dataclass(frozen=True)
class Snippet:
    """Text around the matches, as (text, is_match) pieces."""

    pieces: tuple[tuple[str, bool], ...]

    @property
    def plain(self) -> str:
        return "".join(text for text, _ in self.pieces)


@dataclass(frozen=True)
class SearchHit:
    article_id: str
    rank: int
    score: float
    snippet: Snippet | None = None  # None when snippets were not asked for


@dataclass(frozen=True)
class SearchResult:
    query: str
    hits: tuple[SearchHit, ...] = ()
    total: int = 0
    suggestion: str | None = None
    error: str | None = None
    notice: str | None = None  # e.g. the search stopped at its time limit and may be incomplete

    @property
    def ok(self) -> bool:
        return self.error is None
