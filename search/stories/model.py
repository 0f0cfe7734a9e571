"""What a story comparison holds: plain frozen rows, no I/O and no terminal styling.

Both front ends (the story screen and ``newsdesk story``) and the exporters
render these as they are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..lexicon import MONTH_NAMES


@dataclass(frozen=True)
class StoryMember:
    """One article of a story, as a column: its outlet, or its short title in quotes
    when the outlet is unknown or gives several members (never its file id)."""

    article_id: str
    outlet: str | None
    column: str
    date: str  # ISO date, or "" when undated
    title: str


@dataclass(frozen=True)
class Story:
    """Articles about one event."""

    id: str
    members: tuple[StoryMember, ...]  # oldest first, undated last
    entities: tuple[str, ...]  # the salient names they share, most telling first
    title: str  # the title of its most central article

    @property
    def article_ids(self) -> tuple[str, ...]:
        return tuple(m.article_id for m in self.members)

    @property
    def dates(self) -> tuple[str, str]:
        """(first, last) ISO date of its dated articles; ("", "") when none is dated."""
        dated = sorted(m.date for m in self.members if m.date)
        return (dated[0], dated[-1]) if dated else ("", "")

    @property
    def outlets(self) -> tuple[str, ...]:
        return tuple(m.column for m in self.members)

    def member(self, article_id: str) -> StoryMember:
        return next(m for m in self.members if m.article_id == article_id)

    def to_dict(self) -> dict:
        first, last = self.dates
        return {
            "id": self.id,
            "title": self.title,
            "first_date": first or None,
            "last_date": last or None,
            "entities": list(self.entities),
            "articles": [
                {"id": m.article_id, "outlet": m.outlet, "column": m.column, "date": m.date or None, "title": m.title} for m in self.members
            ],
        }


@dataclass(frozen=True)
class Statement:
    """A sentence of one article in a row of the comparison."""

    article_id: str
    start: int
    end: int
    text: str
    marks: tuple[tuple[int, int], ...] = ()  # spans of conflicting values, relative to ``text``

    def to_dict(self) -> dict:
        return {"article": self.article_id, "start": self.start, "end": self.end, "text": self.text, "marks": [list(m) for m in self.marks]}


@dataclass(frozen=True)
class ValueSide:
    """One value of a disputed fact and who gives it."""

    value: str  # as shown: "June 2024"
    columns: tuple[str, ...]
    article_ids: tuple[str, ...]

    def to_dict(self) -> dict:
        return {"value": self.value, "outlets": list(self.columns), "articles": list(self.article_ids)}


@dataclass(frozen=True)
class StoryConflict:
    """A fact the story's articles state with values that cannot all be true."""

    about: str  # "sign treaty"
    sides: tuple[ValueSide, ...]  # values that exclude each other
    either: tuple[ValueSide, ...] = ()  # coarser values that fit more than one side ("2024")

    @property
    def explanation(self) -> str:
        """``sign treaty: "June 2024" (Ukrinform) vs "December 2024" (002_…); "2024" (001_…) fits either``."""
        parts = " vs ".join(f'"{s.value}" ({", ".join(s.columns)})' for s in self.sides)
        text = f"{self.about}: {parts}"
        if self.either:
            text += "; " + "; ".join(f'"{s.value}" ({", ".join(s.columns)}) fits either' for s in self.either)
        return text

    def to_dict(self) -> dict:
        return {
            "about": self.about,
            "sides": [s.to_dict() for s in self.sides],
            "fits_either": [s.to_dict() for s in self.either],
            "explanation": self.explanation,
        }


@dataclass(frozen=True)
class StoryRow:
    """What the articles state, aligned: one cell per member (empty: the article does not say it)."""

    id: str
    cells: tuple[tuple[Statement, ...], ...]  # in the order of ``Story.members``
    conflicts: tuple[StoryConflict, ...] = ()

    @property
    def reported_by(self) -> int:
        return sum(1 for cell in self.cells if cell)

    @property
    def kind(self) -> str:
        """"all" report it, "some" do, or "one" alone."""
        if self.reported_by == len(self.cells):
            return "all"
        return "one" if self.reported_by == 1 else "some"

    def to_dict(self, story: Story) -> dict:
        return {
            "id": self.id,
            "kind": self.kind,
            "reported_by": self.reported_by,
            "cells": {m.column: [s.to_dict() for s in cell] for m, cell in zip(story.members, self.cells)},
            "absent": [m.column for m, cell in zip(story.members, self.cells) if not cell],
            "conflicts": [c.to_dict() for c in self.conflicts],
        }


@dataclass(frozen=True)
class Segment:
    """A run of words of one rendering compared with the statement's base rendering."""

    kind: str  # "same", "changed" (``base`` says it otherwise), "added" (not in the base), "missing" (only in the base)
    text: str  # this rendering's words ("" for "missing")
    base: str = ""  # the base's words here, for "changed" and "missing"


@dataclass(frozen=True)
class Rendering:
    """How one article renders a statement: a direct quote, or reported speech."""

    article_id: str
    column: str
    start: int
    end: int
    text: str
    direct: bool  # inside quotation marks
    speaker: str | None
    segments: tuple[Segment, ...]
    similarity: float  # share of words it has in common with the base, in order
    support: float  # the best share of its words another outlet's rendering repeats, in order
    paraphrase: bool = False  # a direct quote no other outlet's wording supports (see drift.PARAPHRASE_SUPPORT)

    def to_dict(self) -> dict:
        return {
            "article": self.article_id,
            "outlet": self.column,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "direct": self.direct,
            "speaker": self.speaker,
            "similarity": round(self.similarity, 3),
            "support": round(self.support, 3),
            "paraphrase_as_quote": self.paraphrase,
            "segments": [{"kind": s.kind, "text": s.text, "base": s.base} for s in self.segments],
        }


@dataclass(frozen=True)
class QuoteDrift:
    """One statement as several outlets render it, aligned word by word against a base."""

    id: str
    speaker: str | None
    base: int  # index in ``renderings`` of the base rendering
    renderings: tuple[Rendering, ...]

    @property
    def outlets(self) -> int:
        return len({r.article_id for r in self.renderings})

    @property
    def direct_outlets(self) -> int:
        return len({r.article_id for r in self.renderings if r.direct})

    @property
    def differs(self) -> bool:
        return any(s.kind != "same" for r in self.renderings for s in r.segments)

    def to_dict(self) -> dict:
        return {"id": self.id, "speaker": self.speaker, "base": self.base, "renderings": [r.to_dict() for r in self.renderings]}


@dataclass(frozen=True)
class DateMention:
    """A date an article states, resolved against the article's date."""

    article_id: str
    column: str
    expression: str  # as written: "December last year"
    start: int  # of the expression in the article
    end: int
    sentence_start: int
    sentence_end: int
    sentence: str
    first: str  # ISO dates of the range it names
    last: str
    precision: str  # "day", "week", "month" or "year"
    value: str  # as shown: "April 26, 2025", "December 2024", "the week of April 21, 2025"

    def to_dict(self) -> dict:
        return {
            "article": self.article_id,
            "outlet": self.column,
            "expression": self.expression,
            "start": self.start,
            "end": self.end,
            "resolved": self.value,
            "first": self.first,
            "last": self.last,
            "precision": self.precision,
            "sentence": self.sentence,
        }


@dataclass(frozen=True)
class TimelineEvent:
    """Something the articles date: the mentions that date it and, if they disagree, the sides."""

    about: str  # a fact ("sign treaty") or the sentence that dates it, shortened
    mentions: tuple[DateMention, ...]
    conflict: StoryConflict | None = None

    @property
    def first(self) -> str:
        """Where it sits on the axis: the earliest date of its most precise mentions."""
        spans = {m: dt.date.fromisoformat(m.last) - dt.date.fromisoformat(m.first) for m in self.mentions}
        narrowest = min(spans.values())
        return min(m.first for m in self.mentions if spans[m] == narrowest)

    @property
    def disputed(self) -> bool:
        return self.conflict is not None

    @property
    def values(self) -> tuple[str, ...]:
        seen: list[str] = []
        for m in self.mentions:
            if m.value not in seen:
                seen.append(m.value)
        return tuple(seen)

    def to_dict(self) -> dict:
        return {
            "about": self.about,
            "first": self.first,
            "values": list(self.values),
            "disputed": self.disputed,
            "conflict": self.conflict.to_dict() if self.conflict else None,
            "mentions": [m.to_dict() for m in self.mentions],
        }


@dataclass(frozen=True)
class StoryComparison:
    """The story view's content: rows, conflicts, quote drift and the timeline."""

    story: Story
    rows: tuple[StoryRow, ...]
    drifts: tuple[QuoteDrift, ...] = ()
    timeline: tuple[TimelineEvent, ...] = ()
    notes: tuple[str, ...] = field(default=())  # how the view was made (undated articles resolved against ...)

    @property
    def conflicts(self) -> tuple[StoryConflict, ...]:
        seen: dict[str, StoryConflict] = {}
        for row in self.rows:
            for conflict in row.conflicts:
                seen.setdefault(conflict.explanation, conflict)
        return tuple(seen.values())

    def to_dict(self) -> dict:
        counts = {kind: sum(1 for r in self.rows if r.kind == kind) for kind in ("all", "some", "one")}
        return {
            "story": self.story.to_dict(),
            "notes": list(self.notes),
            "row_counts": counts,
            "conflicts": [c.to_dict() for c in self.conflicts],
            "rows": [r.to_dict(self.story) for r in self.rows],
            "quote_drift": [d.to_dict() for d in self.drifts],
            "timeline": [e.to_dict() for e in self.timeline],
        }


def date_words(label: str) -> str:
    """A date label as a reader says it: "2024-06" -> "June 2024", "2024-06-19" -> "June 19, 2024";
    anything else (a number, a year) unchanged."""
    parts = label.split("-")
    if "/" in label:
        first = label.split("/")[0]
        return f"the week of {date_words(first)}"
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return f"{MONTH_NAMES[int(parts[1]) - 1]} {int(parts[2])}, {parts[0]}"
    if len(parts) == 2 and all(p.isdigit() for p in parts) and 1 <= int(parts[1]) <= 12:
        return f"{MONTH_NAMES[int(parts[1]) - 1]} {parts[0]}"
    return label
