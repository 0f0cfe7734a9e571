"""The read model: rows that both front ends render as they are.

The TUI (inspector tabs, claims board, annotations view) and the command line
(``analyze --json``, ``annotations list``) show the same things; they are built
here once, by :class:`search.api.Library`, from the engine's results. Rows are
plain frozen data with no I/O and no terminal styling (with ``__slots__``: a
board at 19k articles holds a row for every claim several articles make).
"""

from __future__ import annotations

from bisect import insort
from dataclasses import dataclass, field
from functools import cached_property


UNKNOWN_OUTLET = "unknown outlet"


def short_title(title: str, limit: int = 40) -> str:
    """A title cut at a word to about ``limit`` characters, with an ellipsis when cut."""
    title = " ".join(title.split())
    if len(title) <= limit:
        return title
    cut = title[:limit].rsplit(" ", 1)[0] or title[:limit]
    return cut.rstrip(" ,;:-—") + "…"


@dataclass(frozen=True, slots=True)
class OutletRef:
    """An article as a reader knows it: its outlet's name, or, when the outlet is
    unknown, the article's short title in quotes (never its file id)."""

    article_id: str
    label: str
    date: str  # ISO date or "" when undated
    outlet: str | None = None  # the outlet's name; None when unknown

    @property
    def counted_as(self) -> str:
        """What corroboration counts: the outlet, or "unknown outlet"."""
        return self.outlet or UNKNOWN_OUTLET


def count_outlets(refs) -> tuple[int, int]:
    """(distinct outlets, articles) of ``OutletRef``s or ``BoardClaim``s: every
    article of one outlet counts once, and articles of unknown outlets together
    count as one, "unknown outlet"."""
    articles = {ref.article_id: ref.counted_as for ref in refs}
    return len(set(articles.values())), len(articles)


def reach(outlets: int, articles: int) -> str:
    """ "2 outlets (4 articles)"."""
    return f"{outlets} outlet{'s' if outlets != 1 else ''} ({articles} article{'s' if articles != 1 else ''})"


@dataclass(frozen=True, slots=True)
class ConflictRow:
    about: str  # the fact in a reader's words ("treaty signed")
    values: tuple[tuple[OutletRef, str], ...]  # (who, the value as stated there)
    confidence: float = 1.0  # how sure the flag is (1: a named law's or event's fact)

    @property
    def line(self) -> str:
        """``treaty signed: TASS 2024-06, “North Korea confirms…” 2024-12``."""
        return f"{self.about}: " + ", ".join(f"{who.label} {value}" for who, value in self.values)


@dataclass(frozen=True, slots=True)
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

    @property
    def corroboration(self) -> str:
        """ "2 other outlets (3 articles)": other outlets, unknown ones counted as one; "no other article"."""
        outlets, articles = count_outlets(self.corroborated_by)
        if not articles:
            return "no other article"
        return f"{outlets} other outlet{'s' if outlets != 1 else ''} ({articles} article{'s' if articles != 1 else ''})"


@dataclass(frozen=True, slots=True)
class QuoteRow:
    index: int
    start: int
    end: int
    text: str
    speaker: str | None
    verb: str | None  # how the speaker was found ("said", "according to", ...)
    unclosed: bool
    verdict: str | None = None


@dataclass(frozen=True, slots=True)
class BoardClaim:
    article_id: str
    index: int  # position of the claim in its article
    outlet: str  # the label to show: the outlet, or the article's short title
    date: str
    text: str
    score: float
    source: str | None = None  # the outlet's name; None when unknown

    @property
    def counted_as(self) -> str:
        return self.source or UNKNOWN_OUTLET


@dataclass(frozen=True, slots=True)
class BoardCluster:
    id: str
    claims: tuple[BoardClaim, ...]
    conflicts: tuple[str, ...]  # one line per conflicting fact, surest first
    conflict_confidence: float = 0.0  # of the surest conflict; 0 without one
    # Counted once, when the row is made: the board's orders and summary read them for every row.
    outlets: int = field(init=False, compare=False, repr=False)  # distinct outlets (unknown ones together count as one)
    articles: int = field(init=False, compare=False, repr=False)
    score: float = field(init=False, compare=False, repr=False)  # the highest claim's

    def __post_init__(self) -> None:
        outlets, articles = count_outlets(self.claims)
        object.__setattr__(self, "outlets", outlets)
        object.__setattr__(self, "articles", articles)
        object.__setattr__(self, "score", max(c.score for c in self.claims))

    @property
    def reach(self) -> str:
        return reach(self.outlets, self.articles)


SORTS = ("outlets", "conflicts", "score")


def _sort_key(sort: str):
    if sort == "conflicts":
        return lambda c: (not c.conflicts, -c.conflict_confidence, -c.outlets, -c.articles, -c.score, c.id)
    if sort == "score":
        return lambda c: (-c.score, -c.outlets, -c.articles, c.id)
    return lambda c: (-c.outlets, -c.articles, not c.conflicts, -c.score, c.id)


@dataclass(frozen=True)
class Board:
    """Claims that several articles make (clusters), and how many claims stand alone."""

    clusters: tuple[BoardCluster, ...]
    single_claims: int
    _orders: dict = field(default_factory=dict, compare=False, repr=False)  # sorted once per order

    def ordered(self, sort: str = "outlets") -> tuple[BoardCluster, ...]:
        """By outlets (then articles), conflicts first (surest first), or score."""
        if sort not in self._orders:
            self._orders[sort] = tuple(sorted(self.clusters, key=_sort_key(sort)))
        return self._orders[sort]

    def replaced(self, clusters: tuple[BoardCluster, ...], single_claims: int, dropped: list[BoardCluster],
                 new: list[BoardCluster]) -> "Board":
        """The board of ``clusters`` (and ``single_claims``): this board's rows less
        ``dropped``, plus ``new``. Its orders and summary are worked out from this
        board's, the rows in between not compared or counted again."""
        board = Board(clusters, single_claims)
        gone = {c.id for c in dropped}
        for sort, order in self._orders.items():
            key = _sort_key(sort)
            kept = [c for c in order if c.id not in gone] if gone else list(order)
            for row in new:
                insort(kept, row, key=key)
            board._orders[sort] = tuple(kept)
        if "_counts" in self.__dict__:
            several, conflicted = self._counts
            several += sum(1 for c in new if c.outlets > 1) - sum(1 for c in dropped if c.outlets > 1)
            conflicted += sum(1 for c in new if c.conflicts) - sum(1 for c in dropped if c.conflicts)
            board.__dict__["_counts"] = (several, conflicted)
        return board

    @cached_property
    def _counts(self) -> tuple[int, int]:
        """(rows several outlets share, rows with conflicts)."""
        return sum(1 for c in self.clusters if c.outlets > 1), sum(1 for c in self.clusters if c.conflicts)

    @cached_property
    def summary(self) -> str:
        """The board's line: "12 claims made in several articles (3 by several outlets), 1 with conflicts"
        (worked out once: it reads every cluster's claims)."""
        several, conflicted = self._counts
        return (
            f"{len(self.clusters)} claims made in several articles ({several} by several outlets), "
            f"{conflicted} with conflicts · {self.single_claims} claims made once not listed"
        )


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
