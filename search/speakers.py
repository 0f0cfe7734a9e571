"""What kind of thing a speaker's name is (a person, an organisation, ...), from the analysis.

A claimant is usually written the way the article wrote it ("Dmitry Peskov",
"Peskov", "the Kremlin spokesman Dmitry Peskov", "Ukraine's defence
ministry"). Its entity type is decided from, in order:

1. the article's own entities: one whose text or canonical name is the name;
2. the article's entities inside the name ("... spokesman Dmitry Peskov"), or
   whose canonical name holds it as whole words ("Peskov" of "Dmitry Peskov");
3. the gazetteer (the alias map, bundled and the user's);
4. the entity recogniser run on the name alone.

When a phrase names both a person and an organisation ("Kremlin spokesman
Dmitry Peskov", "Peskov of the Kremlin"), the speaker is the person:
organisations speak through people, and the person is who was quoted.
None when nothing knows the name: callers leave the type out rather than guess.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable, Sequence

# Entity types that can be said to speak; the first wins when a phrase holds several.
SPEAKING_TYPES = ("PERSON", "ORG", "GPE", "NORP")


def _words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", text.casefold()))


def _contains(words: tuple[str, ...], part: tuple[str, ...]) -> bool:
    return bool(part) and any(words[i:i + len(part)] == part for i in range(len(words) - len(part) + 1))


def _pick(types: Iterable[str]) -> str | None:
    found = set(types)
    return next((kind for kind in SPEAKING_TYPES if kind in found), None)


def entity_type(name: str, entities: Sequence = (), lookup: Callable[[str], object] | None = None,
                recognise: Callable[[str], Sequence] | None = None) -> str | None:
    """The entity type ("PERSON", "ORG", "GPE", "NORP") of the speaker ``name``, or None.

    ``entities``: the article's entities (objects with ``text``, ``canonical``,
    ``type``); ``lookup(name)``: a gazetteer entry (with ``type``) or None;
    ``recognise(name)``: the entities a recogniser finds in the name alone."""
    words = _words(name or "")
    if not words:
        return None
    exact = [e.type for e in entities if words in (_words(e.text), _words(e.canonical))]
    if _pick(exact):
        return _pick(exact)
    inside = [e.type for e in entities if _contains(words, _words(e.text)) or _contains(_words(e.canonical), words)]
    if _pick(inside):
        return _pick(inside)
    entry = lookup(name) if lookup else None
    if entry is not None and getattr(entry, "type", None) in SPEAKING_TYPES:
        return entry.type
    if recognise is not None:
        try:
            found = recognise(name)
        except Exception:  # noqa: BLE001 - a recogniser that fails here only leaves the type unknown
            found = ()
        return _pick(e.type for e in found)
    return None
