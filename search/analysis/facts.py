"""The facts a claim states, what they are about, their names in a reader's
words, and when two values given for one fact cannot both be true.

A claim's facts come from ``claims`` as a key ("sign treaty": a verb and the
noun it is about) and a value (a date range, or a figure). Here each becomes a
``Stated`` value with

- a **subject**: the named thing the noun stands for ("the treaty" in an
  article that names the Treaty on Comprehensive Strategic Partnership), found
  first in the claim's own entities, then in its article's; or, when the noun
  names nothing ("sales rose"), the claim's own named entities, which another
  statement must share to be about the same thing;
- a **label** in the words of the text ("treaty signed", "sales rose");
- a **range**: dates as their first and last day, figures widened to the
  precision they were written in ("$1.1bn" is 1.05–1.15 bn, "2,000" is
  1,500–2,500), so that 2024, 2024-06 and 2024-06-19 agree, as do "$1.1bn"
  and "$1.13bn", while June 2024 and December 2024 conflict.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Mapping, Sequence

from ..lexicon import NUMBER_SCALES, PERCENT_SIGNS, readable_stem
from .claims import Claim

_SCALE = "|".join(sorted(NUMBER_SCALES, key=len, reverse=True))
_PERCENT = "|".join(re.escape(sign) for sign in PERCENT_SIGNS)
_FIGURE = re.compile(
    rf"(?P<currency>[$£€¥])?(?P<number>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    rf"(?:\s?(?P<scale>{_SCALE})\b)?(?:\s?(?P<percent>{_PERCENT}))?",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z][A-Za-z’'-]*")
# Entity types that name something a fact can be about (not dates or amounts).
NAMED_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "LAW", "EVENT", "FAC", "PRODUCT", "WORK_OF_ART"})
# Named things a fact is told of once: a law is signed, an event held, on one date.
ONCE_TYPES = frozenset({"LAW", "EVENT"})


@dataclass(frozen=True, slots=True)
class Stated:
    """One value of one fact, as one claim states it."""

    key: str  # the claim's fact key ("sign treaty")
    label: str  # the fact in the text's words ("treaty signed")
    subject: str  # the named thing it is about, or "" when the noun names nothing
    subject_type: str  # its entity type ("LAW"), or ""
    entities: frozenset[str]  # the claim's named entities (what an unnamed subject is judged by)
    value: str  # as shown: a date label or the figure as written
    unit: str  # "date", "%", a currency sign, or "" for a count
    low: float
    high: float

    def agrees_with(self, other: "Stated") -> bool:
        """Both can be true: the same kind of value and ranges that overlap."""
        if self.unit != other.unit:
            return True  # not the same measure: nothing to compare
        return self.low <= other.high and other.low <= self.high

    def same_fact(self, other: "Stated") -> bool:
        """About the same thing: the same key and the same named subject, or
        (neither named) at least one named entity in common."""
        if self.key != other.key or self.unit != other.unit:
            return False
        if self.subject or other.subject:
            return self.subject == other.subject
        return bool(self.entities & other.entities)


def stated_facts(
    claim: Claim, claim_entities: Sequence[tuple[str, str]], article_nouns: Mapping[str, tuple[str, str]]
) -> list[Stated]:
    """The claim's facts with their subjects and ranges. ``claim_entities`` are
    (canonical name, type) of the entities inside the claim, ``article_nouns``
    the article's named entities by the stems of their words (``name_index``).
    Figures whose value cannot be found in the text as written, and bare years,
    are left out."""
    names = [(name, kind) for name, kind in claim_entities if kind in NAMED_TYPES]
    named = frozenset(_base(name) for name, _ in names)
    found = []
    for fact in claim.facts:
        noun = fact.key.split()[-1] if fact.key.split() else ""
        subject, subject_type = name_index(names).get(noun) or article_nouns.get(noun) or ("", "")
        label = fact_label(fact.key, claim.text)
        if fact.first and fact.last:
            try:
                first, last = dt.date.fromisoformat(fact.first), dt.date.fromisoformat(fact.last)
            except ValueError:
                continue
            found.append(
                Stated(fact.key, label, subject, subject_type, named, fact.value, "date", first.toordinal(), last.toordinal())
            )
            continue
        figure = figure_in(claim.text, fact.value)
        if figure is not None:
            found.append(Stated(fact.key, label, subject, subject_type, named, *figure))
    return found


def name_index(names: Iterable[tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """Each stem of a name's words -> (the first name that has it, its type), for
    (name, type) pairs: "treaty" -> ("Treaty on Comprehensive Strategic Partnership", "LAW")."""
    index: dict[str, tuple[str, str]] = {}
    for name, kind in names:
        base = _base(name)
        for word in _WORD.findall(base):
            index.setdefault(_readable(word), (base, kind))
    return index


def happens_once(stated: "Stated") -> bool:
    """A fact about a named law or event ("treaty signed", "summit held") has one
    value; an actor ("UKIP won", "Labour regained") does many things, so two of
    its facts with the same verb may be different facts."""
    return stated.subject_type in ONCE_TYPES


def fact_label(key: str, text: str) -> str:
    """The fact named in the claim's own words, noun first: "sign treaty" ->
    "treaty signed", "rose sale" -> "sales rose". The key when the words are not found."""
    parts = key.split()
    if len(parts) != 2:
        return key
    verb, noun = parts
    words = _WORD.findall(text)
    verb_word = next((w for w in words if _readable(w) == verb), None)
    noun_word = next((w for w in words if _readable(w) == noun and w != verb_word), None)
    if verb_word is None or noun_word is None:
        return key
    return f"{noun_word.lower() if not noun_word.isupper() else noun_word} {verb_word.lower()}"


def figure_in(text: str, value: str) -> tuple[str, str, float, float] | None:
    """(as written, unit, low, high) of the figure in ``text`` that ``value``
    (digits as the claim's fact records them) stands for; None when no figure
    or more than one fits, or it is a bare year."""
    digits = value.rstrip("%").replace(",", "")
    if not re.fullmatch(r"\d+(?:\.\d+)?", digits):
        return None
    fits = [m for m in _FIGURE.finditer(text) if m.group("number").replace(",", "") == digits]
    if not fits:
        fits = [m for m in _FIGURE.finditer(text) if m.group("number").replace(",", "").startswith(digits)]
    if len(fits) != 1:
        return None
    return parse_figure(fits[0])


def figures(text: str) -> list[tuple[str, str, float, float]]:
    """Every figure in ``text`` (bare years left out)."""
    return [f for f in (parse_figure(m) for m in _FIGURE.finditer(text)) if f is not None]


def parse_figure(match: re.Match) -> tuple[str, str, float, float] | None:
    number = match.group("number").replace(",", "")
    currency, scale, percent = match.group("currency"), match.group("scale"), match.group("percent")
    if not (currency or scale or percent) and "." not in number and 1800 <= int(number) <= 2100:
        return None  # a year written as a number, not a quantity
    if "." in number:
        half = 0.5 * 10 ** -len(number.split(".")[1])
    else:
        zeros = len(number) - len(number.rstrip("0"))
        half = 0.5 * 10 ** min(zeros, len(number) - 1)
    factor = NUMBER_SCALES[scale.lower()] if scale else 1.0
    center = float(number)
    unit = "%" if percent else (currency or "")
    return match.group().strip(), unit, (center - half) * factor, (center + half) * factor


def conflicting_pairs(statements: Sequence[tuple[object, Stated]]) -> list[tuple[int, int]]:
    """Index pairs of statements (from different owners: articles) of the same
    fact whose values cannot both be true."""
    pairs = []
    for i, (owner_a, a) in enumerate(statements):
        for j in range(i + 1, len(statements)):
            owner_b, b = statements[j]
            if owner_a != owner_b and a.same_fact(b) and not a.agrees_with(b):
                pairs.append((i, j))
    return pairs


@lru_cache(maxsize=65536)
def _readable(word: str) -> str:
    return readable_stem(word.lower())


def _base(name: str) -> str:
    """A law's article belongs to the law: "X Treaty, Article 4" -> "X Treaty"."""
    return name.split(", Article ")[0]
