"""How the article list is ordered and narrowed: a sort and filters by outlet and date.

A :class:`Listing` is plain data the front ends hold and apply to whatever list
they show (every article, or a search's results); it never reads files. The
outlets and their article counts (:func:`outlet_counts`) are what an outlets
view lists.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Callable, Iterable, Sequence, TypeVar

from .article import Article

# The sorts ``o`` cycles through, in order. "corpus" keeps the order given:
# newest first for the whole corpus, best first for search results.
SORTS = ("corpus", "newest", "oldest", "outlet")
SORT_LABELS = {"corpus": "as listed", "newest": "newest first", "oldest": "oldest first", "outlet": "by outlet"}
SORT_MARKS = {"corpus": "", "newest": "↓date", "oldest": "↑date", "outlet": "A–Z outlet"}

UNKNOWN_OUTLET = ""  # the outlet filter's value for articles whose outlet is unknown
UNKNOWN_OUTLET_LABEL = "unknown outlet"

T = TypeVar("T")


@dataclass(frozen=True)
class OutletCount:
    """One outlet and how many articles of the corpus it published."""

    outlet: str  # the name as articles give it, or UNKNOWN_OUTLET
    count: int

    @property
    def label(self) -> str:
        return self.outlet or UNKNOWN_OUTLET_LABEL


def outlet_counts(articles: Iterable[Article]) -> list[OutletCount]:
    """Every outlet with its number of articles, most articles first (then by name);
    articles with no known outlet are counted together as "unknown outlet"."""
    counts: dict[str, int] = {}
    for article in articles:
        key = article.source or UNKNOWN_OUTLET
        counts[key] = counts.get(key, 0) + 1
    return [OutletCount(name, n) for name, n in sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold(), item[0]))]


@dataclass(frozen=True)
class Listing:
    """A sort (one of ``SORTS``) and filters: an outlet (``None``: any; ``UNKNOWN_OUTLET``:
    articles with none) and a date range (either end open; undated articles are
    left out once either end is set)."""

    sort: str = "corpus"
    outlet: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None

    @property
    def filtered(self) -> bool:
        return self.outlet is not None or self.since is not None or self.until is not None

    @property
    def active(self) -> bool:
        return self.filtered or self.sort != "corpus"

    def next_sort(self) -> "Listing":
        return replace(self, sort=SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)])

    def with_outlet(self, outlet: str | None) -> "Listing":
        return replace(self, outlet=outlet)

    def with_dates(self, since: dt.date | None, until: dt.date | None) -> "Listing":
        if since and until and since > until:
            raise ValueError(f"the range starts ({since.isoformat()}) after it ends ({until.isoformat()})")
        return replace(self, since=since, until=until)

    def passes(self, article: Article) -> bool:
        if self.outlet is not None and (article.source or UNKNOWN_OUTLET) != self.outlet:
            return False
        if self.since is not None or self.until is not None:
            if article.date is None:
                return False
            if self.since is not None and article.date < self.since:
                return False
            if self.until is not None and article.date > self.until:
                return False
        return True

    def apply(self, items: Sequence[T], article: Callable[[T], Article] = lambda item: item) -> list[T]:
        """``items`` (articles, or anything ``article`` maps to one) filtered, then sorted
        stably: equal keys keep the order they came in."""
        kept = [item for item in items if self.passes(article(item))]
        if self.sort == "newest":
            kept.sort(key=lambda item: _newest_key(article(item)))
        elif self.sort == "oldest":
            kept.sort(key=lambda item: _oldest_key(article(item)))
        elif self.sort == "outlet":
            kept.sort(key=lambda item: _outlet_key(article(item)))
        return kept

    # -- how it is shown -----------------------------------------------------------------
    def filter_parts(self) -> list[str]:
        parts = []
        if self.outlet is not None:
            parts.append(self.outlet or UNKNOWN_OUTLET_LABEL)
        if self.since and self.until:
            parts.append(self.since.isoformat() if self.since == self.until else f"{self.since.isoformat()}…{self.until.isoformat()}")
        elif self.since:
            parts.append(f"from {self.since.isoformat()}")
        elif self.until:
            parts.append(f"to {self.until.isoformat()}")
        return parts

    def title_note(self, shown: int) -> str:
        """What the list's border title adds: ``TASS · 2025-04-01…2025-04-30 (3) · ↓date``."""
        parts = list(self.filter_parts())
        if parts:
            parts[-1] += f" ({shown})"
        if SORT_MARKS[self.sort]:
            parts.append(SORT_MARKS[self.sort])
        return " · ".join(parts)

    def describe(self, shown: int, total: int) -> str:
        """One sentence for the status line: ``3 of 12 listed · outlet TASS · newest first``."""
        parts = [f"{shown} of {total} listed" if self.filtered else f"{total} listed"]
        if self.outlet is not None:
            parts.append(f"outlet {self.outlet}" if self.outlet else UNKNOWN_OUTLET_LABEL)
        parts.extend(p for p in self.filter_parts()[1 if self.outlet is not None else 0:])
        parts.append(SORT_LABELS[self.sort])
        return " · ".join(parts)


def _newest_key(article: Article) -> tuple:
    return (article.date is None, -(article.date.toordinal() if article.date else 0))


def _oldest_key(article: Article) -> tuple:
    return (article.date is None, article.date.toordinal() if article.date else 0)


def _outlet_key(article: Article) -> tuple:
    return (not article.source, (article.source or "").casefold(), *_newest_key(article))


_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def parse_bound(text: str, end: bool = False) -> dt.date | None:
    """A range's start (or, with ``end``, its end) as typed: ``2025-04-27``, a month
    ``2025-04`` or a year ``2025`` (a month or year starts on its first day and
    ends on its last); empty means open. Anything else raises ValueError with
    one plain sentence."""
    text = text.strip()
    if not text:
        return None
    match = _PARTIAL_DATE.fullmatch(text)
    if not match:
        raise ValueError(f"{text!r} is not a date: use YYYY-MM-DD, YYYY-MM or YYYY (e.g. 2025-04-27)")
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        if month is None:
            return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
        if day is None:
            return dt.date(year, month, calendar.monthrange(year, month)[1] if end else 1)
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"{text!r} is not a real date (check the month and day)") from None
