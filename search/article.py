"""The article model every other part of the program shares."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

Span = tuple[int, int]


@dataclass(frozen=True)
class Article:
    """One article. Every offset in the program is a Python index into ``text``."""

    id: str
    title: str
    source: str | None
    date: dt.date | None
    url: str | None
    path: Path
    text: str
    # Boilerplate lines ("Advertisement", "Photo: ...") stay in ``text`` so that
    # offsets never shift; they are marked here instead.
    boilerplate: tuple[Span, ...] = ()
    # 1-based line number for articles that come from a JSONL file.
    line: int | None = None
    content_hash: str = field(init=False)

    def __post_init__(self) -> None:
        digest = hashlib.sha256(self.text.encode("utf-8")).hexdigest()
        object.__setattr__(self, "content_hash", digest)

    @cached_property
    def fingerprint(self) -> str:
        """Changes whenever anything the index stores about the article changes (worked
        out once: an index update compares every article's)."""
        parts = [self.content_hash, self.title, self.source or "", self.date_text, self.url or ""]
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]

    @property
    def date_text(self) -> str:
        return self.date.isoformat() if self.date else ""

    @property
    def location(self) -> str:
        """Where the article came from, for messages: ``file`` or ``file:line``."""
        return f"{self.path}:{self.line}" if self.line else str(self.path)

    def in_boilerplate(self, offset: int) -> bool:
        return any(start <= offset < end for start, end in self.boilerplate)
