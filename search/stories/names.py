"""One key for the ways different outlets name the same thing.

Each article's analysis gives its own canonical names, and outlets differ:
one writes the region's designator ("X Region", "X Oblast"), another not; one
the agency's acronym, another its full name; one the demonym ("Ruritanian
forces"), another the country; one the organisation's full title ("the
Ruritanian Central Bank"), another its short form ("the Central Bank"); one
"Treaty on Trade", another "Trade Treaty". ``name_keys`` maps every canonical
name found in a corpus to one representative name, so that stories compare
what the articles are about rather than how they spell it. Only the corpus's
own names and the gazetteer's countries are used: nothing is listed here but
the small words names are joined with.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Iterable

from ..analysis.ner.gazetteer import Gazetteer, alias_key
from ..lexicon import PLACE_DESIGNATORS

# The small words inside a name ("Bank of England", "Treaty on ..."): not what tells names apart.
JOINING_WORDS = frozenset({"of", "the", "for", "and", "on", "in", "de", "du", "des", "la", "le", "&", "to", "at", "a", "an"})
# A head word names what a multi-word name is ("... Commission of ..." is a commission);
# the prepositions after it start its complement.
_COMPLEMENT = frozenset({"of", "for", "on", "in", "to", "at", "de", "du", "des"})
PLACE_TYPES = frozenset({"GPE", "LOC"})
_WORD = re.compile(r"[\w’'.&-]+")
# A demonym shares a country's name but for its last letters: Ruritania -> Ruritanian.
DEMONYM_STEM = 4  # letters the two must share at least
DEMONYM_CUT = 2  # letters of the country's name the demonym may change at most


def _words(name: str) -> list[str]:
    return _WORD.findall(alias_key(name))


def _content(words: list[str]) -> list[str]:
    return [w for w in words if w not in JOINING_WORDS]


def _head(words: list[str]) -> str | None:
    """The word a multi-word name is a kind of: the last word before its complement
    ("commission" in "central commission of the party"), else its last word."""
    for i, word in enumerate(words):
        if word in _COMPLEMENT and i:
            return words[i - 1]
    return words[-1] if words else None


def _without_designator(name: str, kind: str) -> str:
    """"X Region" -> "X": a place's designator is not part of what outlets agree it is called
    (whatever type the recogniser gave the name: "X Oblast" is a place even when typed a person)."""
    words = name.split()
    if len(words) >= 2 and words[-1].lower() in PLACE_DESIGNATORS and words[-1][:1].isupper():
        return " ".join(words[:-1])
    return name


def _countries(gazetteer: Gazetteer, corpus_places: Iterable[str]) -> dict[str, str]:
    """Every spelling of a country or place (lower case) -> its canonical name."""
    spellings: dict[str, str] = {}
    for entry in gazetteer.entries.values():
        if entry.type == "GPE":
            for alias in (entry.canonical, *entry.aliases):
                spellings.setdefault(alias_key(alias), entry.canonical)
    for name in corpus_places:
        spellings.setdefault(alias_key(name), name)
    return spellings


def _country_of(demonym: str, countries: dict[str, str]) -> str | None:
    """The country a demonym is formed from ("north ruritanian" -> "North Ruritania"):
    the same words before the last, and the last sharing all but at most
    ``DEMONYM_CUT`` letters of the country's name. None when no single country fits best."""
    words = _words(demonym)
    if not words:
        return None
    best: dict[int, set[str]] = defaultdict(set)
    for spelling, country in countries.items():
        other = spelling.split()
        if len(other) != len(words) or other[:-1] != words[:-1]:
            continue
        last, mine = other[-1], words[-1]
        shared = 0
        while shared < min(len(last), len(mine)) and last[shared] == mine[shared]:
            shared += 1
        if shared >= DEMONYM_STEM and shared >= len(last) - DEMONYM_CUT:
            best[shared].add(country)
    if not best:
        return None
    found = best[max(best)]
    return next(iter(found)) if len(found) == 1 else None


def _initials(words: list[str]) -> str:
    letters = []
    for word in words:
        if word in JOINING_WORDS:
            continue
        letters += [part[0] for part in re.split(r"[-‐]", word) if part]
    return "".join(letters)


def name_keys(names: Iterable[tuple[str, str]], gazetteer: Gazetteer | None = None) -> dict[str, str]:
    """``(canonical, type)`` of every name a corpus mentions -> the one name it
    is compared as. ``gazetteer`` supplies the countries demonyms fold into."""
    kinds: dict[str, str] = {}
    counts: Counter[str] = Counter()
    for name, kind in names:
        kinds.setdefault(name, kind)
        counts[name] += 1
    gazetteer = gazetteer or Gazetteer()
    step: dict[str, str] = {}  # name -> the simpler name it stands for
    # 1. a place without its designator
    for name, kind in list(kinds.items()):
        bare = _without_designator(name, kind)
        if bare != name:
            step[name] = bare
            kinds.setdefault(bare, kind)
    # 2. a demonym -> its country
    countries = _countries(gazetteer, (n for n, k in kinds.items() if k in PLACE_TYPES))
    for name, kind in list(kinds.items()):
        if kind == "NORP" and name not in step:
            country = _country_of(name, countries)
            if country:
                step[name] = country
                kinds.setdefault(country, "GPE")
    # 3. word order and small words: "Treaty on Trade" ~ "Trade Treaty"
    by_words: dict[frozenset[str], list[str]] = defaultdict(list)
    for name, kind in list(kinds.items()):
        if name not in step and kind != "PERSON":
            content = _content(_words(name))
            if len(content) >= 2:
                by_words[frozenset(content)].append(name)
    for group in by_words.values():
        chosen = max(group, key=lambda n: (counts[n], -len(n), n))
        for name in group:
            if name != chosen:
                step[name] = chosen
    # 4. an acronym -> the one multi-word name in the corpus with those initials
    long_names: dict[str, set[str]] = defaultdict(set)
    for name, kind in kinds.items():
        words = _words(name)
        if name not in step and kind != "PERSON" and len(_content(words)) >= 2:
            long_names[_initials(words)].add(name)
    for name, kind in kinds.items():
        surface = name.replace(".", "")
        if name in step or not (surface.isupper() and surface.isalpha() and len(surface) >= 2):
            continue
        found = long_names.get(surface.lower(), set())
        if len(found) == 1:
            step[name] = next(iter(found))
    # 5. a qualified name -> the shorter name of the same kind of thing it contains
    #    ("the Ruritanian Central Bank" -> "Central Bank" where another article says so)
    shorter: list[tuple[frozenset[str], str, str]] = []
    for name, kind in kinds.items():
        if name not in step and kind != "PERSON":
            words = _words(name)
            content = _content(words)
            if len(content) >= 2:
                shorter.append((frozenset(content), _head(words) or "", name))
    for name, kind in kinds.items():
        if name in step or kind == "PERSON":
            continue
        words = _words(name)
        content = frozenset(_content(words))
        head = _head(words)
        inside = [(len(s), other) for s, other_head, other in shorter if other != name and s < content and other_head == head]
        if inside:
            best = max(size for size, _ in inside)
            candidates = sorted(other for size, other in inside if size == best)
            if len(candidates) == 1:
                step[name] = candidates[0]
    keys = {}
    for name in kinds:
        seen = {name}
        key = name
        while key in step and step[key] not in seen:
            key = step[key]
            seen.add(key)
        keys[name] = key
    return keys
