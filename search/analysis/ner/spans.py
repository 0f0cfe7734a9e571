"""Shared post-processing of raw spans into entities: trimming, typing, alias
normalisation, surname resolution. Every recogniser ends with ``finish``.
"""

from __future__ import annotations

import re
from typing import Iterable

from ...lexicon import ENTITY_TYPES
from .base import Entity
from .gazetteer import Gazetteer
from .patterns import DATE_PATTERN

# spaCy's OntoNotes labels folded into newsdesk's eight types; others dropped.
_LABELS = {label: label for label in ENTITY_TYPES} | {"FAC": "LOC", "TIME": "DATE"}
_LEADING_TITLE = re.compile(
    r"(?:(?:President|Comrade|Chairman|Leader|leader|Army|General|Chief|Marshal|Prime|Minister|Mr\.?|Mrs\.?|Ms\.?|Dr\.?)\s+)+"
)


def finish(
    text: str, raw: Iterable[tuple[int, int, str]], gazetteer: Gazetteer, guesses: Iterable[tuple[int, int, str]] = ()
) -> list[Entity]:
    """Trim, type and canonicalise raw (start, end, label) spans; drop overlaps.

    ``raw`` spans (gazetteer and patterns) win over overlapping ``guesses``
    (the model's or the chunker's)."""
    sure = _without_overlaps(_typed(text, raw, gazetteer))
    taken = {i for start, end, *_ in sure for i in range(start, end)}
    extra = [s for s in _without_overlaps(_typed(text, guesses, gazetteer)) if not any(i in taken for i in range(s[0], s[1]))]
    return _canonicalise(text, sorted(sure + extra), gazetteer)


def _typed(text: str, raw: Iterable[tuple[int, int, str]], gazetteer: Gazetteer) -> list[tuple[int, int, str, str | None]]:
    spans = []
    for start, end, label in raw:
        start, end = _trim(text, start, end)
        if end <= start:
            continue
        surface = text[start:end]
        entry = gazetteer.lookup(surface)
        kind = entry.type if entry else _LABELS.get(label)
        if kind is None or "http" in surface or "\n" in surface:
            continue
        if kind != "DATE" and not (surface[0].isupper() or surface[0].isdigit()):
            continue
        if kind == "PERSON":
            # "President Putin", "Comrade Kim Jong-un": the span is the name alone.
            title = _LEADING_TITLE.match(surface)
            if title and title.end() < len(surface):
                start += title.end()
        if kind == "DATE" and not DATE_PATTERN.search(surface) and not any(c.isdigit() for c in surface):
            continue  # "months", "the morning": too vague to compare or resolve
        spans.append((start, end, kind, entry.canonical if entry else None))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\n\"“”‘’'(":
        start += 1
    while end > start and text[end - 1] in " \t\n\"“”‘’'),.;:":
        if text[end - 2:end] in ("'s", "’s") and end - 2 > start:
            break
        end -= 1
    match = re.match(r"(?:the|The)\s+", text[start:end])
    if match and end - start > match.end():
        start += match.end()
    if text[start:end].endswith(("'s", "’s")) and end - start > 2:
        end -= 2
    return start, end


def _without_overlaps(spans: list[tuple[int, int, str, str | None]]) -> list[tuple[int, int, str, str | None]]:
    kept: list[tuple[int, int, str, str | None]] = []
    for span in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if kept and span[0] < kept[-1][1]:
            continue
        kept.append(span)
    return kept


def _canonicalise(text: str, spans, gazetteer: Gazetteer) -> list[Entity]:
    full_names = {}
    for start, end, kind, canonical in spans:
        if kind == "PERSON":
            name = canonical or " ".join(text[start:end].split())
            tokens = name.split()
            if len(tokens) > 1:
                for token in (tokens[0], tokens[-1]):
                    full_names.setdefault(token, name)
    entities = []
    for start, end, kind, canonical in spans:
        surface = text[start:end]
        if canonical is None:
            canonical = _canonical_form(surface, kind, gazetteer, full_names)
        entities.append(Entity(start, end, surface, kind, canonical))
    return entities


def _canonical_form(surface: str, kind: str, gazetteer: Gazetteer, full_names: dict[str, str]) -> str:
    clean = " ".join(surface.replace("’", "'").split())
    if kind == "PERSON" and " " not in clean and clean in full_names:
        return full_names[clean]  # "Gerasimov" -> "Valery Gerasimov" in the same article
    if kind == "LAW":
        match = re.match(r"Article\s+(\d+[a-z]?)\s+of\s+(?:the\s+)?(.+)", clean)
        if match:
            entry = gazetteer.lookup(match.group(2))
            law = entry.canonical if entry else match.group(2)
            return f"{law}, Article {match.group(1)}"
    return clean
