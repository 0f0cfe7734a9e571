"""The read model: rows that both front ends render as they are.

The TUI (inspector tabs, claims board, annotations view) and the command line
(``analyze --json``, ``annotations list``) show the same things; they are built
here once, by :class:`search.api.Library`, from the engine's results. Rows are
plain frozen data with no I/O and no terminal styling.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class OutletRef:
    """An article as a reader knows it: its outlet's name, or its id when the outlet is unknown."""

    article_id: str
    label: str
    date: str  # ISO date or "" when undated


@dataclass(frozen=True)
class ConflictRow:
    about: str  # what the fact is about ("sign treaty")
    values: tuple[tuple[OutletRef, str], ...]  # (who, the value as stated there)

    @property
    def line(self) -> str:
        """``sign treaty: TASS 2024-06, 002_… 2024-12``."""
        return f"{self.about}: " + ", ".join(f"{who.label} {value}" for who, value in self.values)


@dataclass(frozen=True)
class ClaimRow:
    article_id: str
    index: int  # position of the claim in its article
    start: int
    end: int
    text: str
    attributed_to: str | None
    score: float
    cluster: str | None
    corroborated_by: tuple[OutletRef, ...] = ()  # other articles stating the same thing, newest first
    conflicts: tuple[ConflictRow, ...] = ()
    verdict: str | None = None  # the annotation on exactly this claim, if any
    kind: str = "reported"  # "reported" (a source's) or "factual" (a figure, date or event); score = check-worthiness


@dataclass(frozen=True)
class QuoteRow:
    index: int
    start: int
    end: int
    text: str
    speaker: str | None
    verb: str | None  # how the speaker was found ("said", "according to", ...)
    unclosed: bool
    verdict: str | None = None


@dataclass(frozen=True)
class BoardClaim:
    article_id: str
    index: int  # position of the claim in its article
    outlet: str
    date: str
    text: str
    score: float


@dataclass(frozen=True)
class BoardCluster:
    id: str
    claims: tuple[BoardClaim, ...]
    conflicts: tuple[str, ...]  # one line per conflicting fact

    @property
    def outlets(self) -> int:
        return len({c.article_id for c in self.claims})

    @property
    def score(self) -> float:
        return max(c.score for c in self.claims)


@dataclass(frozen=True)
class Board:
    """Claims that several articles make (clusters), and how many claims stand alone."""

    clusters: tuple[BoardCluster, ...]
    single_claims: int


@dataclass(frozen=True)
class AnnotationRow:
    """One annotation, placed in its article's current text or an orphan (``placed == "orphan"``)."""

    id: str
    article: str
    kind: str
    verdict: str
    speaker: str | None
    tags: tuple[str, ...]
    note: str
    exact: str
    start: int | None
    end: int | None
    placed: str  # "exact", "moved", "fuzzy" or "orphan"
    why_orphan: str | None
    author: str | None
    created: str
    updated: str

    FIELDS = (
        "id", "article", "kind", "verdict", "speaker", "tags", "note", "exact", "start", "end", "placed", "author", "created", "updated",
    )

    @property
    def orphan(self) -> bool:
        return self.placed == "orphan"

    def to_dict(self) -> dict:
        data = {name: getattr(self, name) for name in self.FIELDS}
        data["tags"] = list(self.tags)
        return data


@dataclass(frozen=True)
class ArticleAnnotations:
    """What the app shows about one article's annotations."""

    verdicts: dict[tuple[int, int], str] = field(default_factory=dict)  # placed span -> verdict
    count: int = 0
    orphans: int = 0
