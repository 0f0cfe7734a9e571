"""Anchors: what an annotation points at, and finding it again after the text changed.

A :class:`Target` keeps the exact text with some context around it and where
it was (W3C Web Annotation style). :func:`place` finds it in the current text:
at its old position (``exact``), else the same text elsewhere, the context
choosing between repeats (``moved``), else an approximate match (``fuzzy``);
``None`` means the text is gone and the annotation is an orphan (kept, never
dropped).
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

CONTEXT = 32  # characters of prefix and suffix kept to find the text again


@dataclass(frozen=True)
class Target:
    """W3C-style anchor: the exact text with some context, and where it was."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int
    # Keys a person added to the target by hand: kept and written back as they are.
    extra: dict = field(default_factory=dict, hash=False, repr=False)

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Target:
        return cls(text[start:end], text[max(0, start - CONTEXT):start], text[end:end + CONTEXT], start, end)


@dataclass(frozen=True)
class Placement:
    """Where an annotation sits in the article's current text, and how it was found."""

    start: int
    end: int
    how: str  # "exact", "moved", "fuzzy"


def place(target: Target, text: str) -> Placement | None:
    """Find the annotated text again: at its old position, else the exact text
    (best prefix/suffix fit), else an approximate match; None if it is gone."""
    if text[target.start:target.end] == target.exact:
        return Placement(target.start, target.end, "exact")
    if not target.exact:
        return None
    occurrences = list(_all(text, target.exact))
    if occurrences:
        best = max(occurrences, key=lambda p: (_context_fit(text, p, p + len(target.exact), target), -abs(p - target.start)))
        return Placement(best, best + len(target.exact), "moved")
    return _fuzzy(target, text)


def place_all(annotations: Iterable, texts: Mapping[str, str]) -> dict[str, Placement | None]:
    """Placement of each annotation by id (None: orphan, or its article is not in
    ``texts``). Each annotation is placed once: linear in the number of annotations."""
    return {
        annotation.id: (place(annotation.target, texts[annotation.article]) if annotation.article in texts else None)
        for annotation in annotations
    }


def _context_fit(text: str, start: int, end: int, target: Target) -> int:
    before = text[max(0, start - len(target.prefix)):start]
    after = text[end:end + len(target.suffix)]
    return _common_suffix(before, target.prefix) + _common_prefix(after, target.suffix)


def _common_prefix(a: str, b: str) -> int:
    return len(os.path.commonprefix([a, b]))


def _common_suffix(a: str, b: str) -> int:
    return len(os.path.commonprefix([a[::-1], b[::-1]]))


def _fuzzy(target: Target, text: str) -> Placement | None:
    exact = target.exact
    # Between the prefix and the suffix, when both survive.
    if target.prefix and target.suffix:
        for before in _all(text, target.prefix):
            start = before + len(target.prefix)
            after = text.find(target.suffix, start)
            if after != -1 and after - start <= 2 * len(exact) + 20:
                if _ratio(text[start:after], exact) >= 0.6:
                    return Placement(start, after, "fuzzy")
    # Else the window around the longest block the old and new texts share.
    matcher = difflib.SequenceMatcher(None, text, exact, autojunk=False)
    block = matcher.find_longest_match(0, len(text), 0, len(exact))
    if block.size < max(8, len(exact) // 4):
        return None
    start = max(0, block.a - block.b)
    best = None
    for shift in range(-10, 11, 2):
        for grow in range(-10, 11, 2):
            s, e = max(0, start + shift), min(len(text), start + shift + len(exact) + grow)
            score = _ratio(text[s:e], exact)
            if best is None or score > best[0]:
                best = (score, s, e)
    if best and best[0] >= 0.75:
        s, e = _trim(text, best[1], best[2])
        return Placement(s, e, "fuzzy")
    return None


def _all(text: str, part: str) -> Iterator[int]:
    position = text.find(part)
    while position != -1:
        yield position
        position = text.find(part, position + 1)


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
