"""The pattern layer: spans every recogniser trusts over its own guesses.

Gazetteer variants ("DPRK", "Comrade Kim Jong-un"), treaty and article
names ("Article 4 of the ... Treaty") and dates ("June 19, 2024", "last
August"), found by regular expressions over the raw text.
"""

from __future__ import annotations

import re

from ...lexicon import LAW_WORDS, MONTH, WEEKDAY
from .gazetteer import Gazetteer, variant_pattern

# A capitalised word, and a name of up to seven of them ("Ministry of the Interior").
CAP = r"[A-Z][\w’'.-]*"
_NAME = rf"{CAP}(?:\s+(?:of\s+(?:the\s+)?)?{CAP}){{0,6}}"
_LAW_WORD = "(?:" + "|".join(word.capitalize() for word in LAW_WORDS) + ")"
_LAW_NAME = (
    rf"(?:(?:{CAP}\s+){{0,4}}{_LAW_WORD}\b"
    rf"(?:\s+(?:on|of)\s+(?:the\s+)?(?!{MONTH}\b|\d){CAP}(?:\s+{CAP}){{0,5}})?"
    rf"|Treaty\s+(?:on|of)\s+(?:the\s+)?{CAP}(?:\s+{CAP}){{0,5}})"
    # a full title names the parties: "... between North Korea and Russia"
    rf"(?:\s+between\s+(?:the\s+)?{_NAME}\s+and\s+(?:the\s+)?{_NAME})?"
)
LAW_PATTERN = re.compile(
    rf"\bArticle\s+\d+[a-z]?(?:\s+of\s+(?:the\s+)?(?:{_LAW_NAME}|(?:partnership|bilateral)\s+treaty))?"
    rf"|\b{_LAW_NAME}"
)
DATE_PATTERN = re.compile(
    rf"\b(?:{WEEKDAY},?\s+)?{MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?\b"
    rf"|\b{MONTH}(?:\s+\d{{4}}|\s+(?:last|this|next)\s+year)?\b"
    rf"|\b(?:(?:[Ll]ast|[Tt]his|[Nn]ext)\s+(?:week|month|year|{WEEKDAY}|{MONTH}))\b"
    rf"|\b{WEEKDAY}\b"
    r"|\b(?:19|20)\d{2}\b"
)

# The label of a gazetteer span: a placeholder, spans.finish() takes the entry's own type.
GAZETTEER = "GAZETTEER"


class PatternLayer:
    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._variants = variant_pattern(gazetteer)

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, label) of gazetteer variants, laws and dates, overlaps and all."""
        raw: list[tuple[int, int, str]] = []
        if self._variants:
            raw += [(m.start(), m.end(), GAZETTEER) for m in self._variants.finditer(text)]
        raw += [(m.start(), m.end(), "LAW") for m in LAW_PATTERN.finditer(text)]
        raw += [(m.start(), m.end(), "DATE") for m in DATE_PATTERN.finditer(text)]
        return raw
