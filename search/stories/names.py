"""One key for the ways different outlets name the same thing.

Each article's analysis gives its own canonical names, and outlets differ:
one writes the region's designator ("X Region", "X Oblast"), another not; one
the agency's acronym, another its full name; one the demonym ("Ruritanian
forces"), another the country; one the organisation's full title ("the
Ruritanian Central Bank"), another its short form ("the Central Bank"); one
"Treaty on Trade", another "Trade Treaty". ``name_keys`` maps every canonical
name found in a corpus to one representative name, so that stories compare
what the articles are about rather than how they spell it. Only the corpus's
own names, the acronyms its articles spell out and the gazetteer's countries
are used: nothing is listed here but the small words names are joined with.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Iterable, Mapping

from ..analysis.ner import Entity
from ..analysis.ner.aliases import corpus_aliases
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


def _same_kind(a: str, b: str) -> bool:
    return a == b or (a in PLACE_TYPES and b in PLACE_TYPES)


def _run_ending_at(words: list[str], run: tuple[str, ...], head: str | None) -> bool:
    """Whether ``run`` is ``words[i:j]`` for some i, with ``words[j - 1]`` the head."""
    for i in range(len(words) - len(run) + 1):
        if tuple(words[i:i + len(run)]) == run and words[i + len(run) - 1] == head:
            return True
    return False


def defined_acronyms(entity_lists: Iterable[Iterable[Entity]]) -> dict[str, str]:
    """Acronym -> the long form the articles give it: the aliases the analysis learns
    for search ("... Authority (ABC)" makes every "ABC" that authority), and, within
    one article, the one longer name whose initials (or those of its last words, the
    name without a qualifier before it) spell the acronym. An acronym spelled out
    differently by two articles is left alone."""
    lists = [list(entities) for entities in entity_lists]
    learned = corpus_aliases(Gazetteer(), lists)
    found: dict[str, set[str]] = defaultdict(set)
    for entry in learned.entries.values():
        for alias in entry.aliases:
            found[alias].add(entry.canonical)
    taught = set(found)  # what the analysis learned is trusted over initials
    spelled_out: dict[str, set[str]] = defaultdict(set)
    for entities in lists:
        names = {e.canonical for e in entities if e.type not in ("DATE", "PERSON")}
        acronyms = [n for n in names if n.isupper() and n.isalpha() and len(n) >= 3]
        for acronym in acronyms:
            spelled = [n for n in names if n != acronym and _spells(acronym, _words(n))]
            if len(spelled) == 1 and acronym not in taught:
                spelled_out[acronym].add(spelled[0])
    found.update(spelled_out)
    return {acronym: next(iter(forms)) for acronym, forms in found.items() if len(forms) == 1}


def _spells(acronym: str, words: list[str]) -> bool:
    letters = [part[0] for word in words if word not in JOINING_WORDS for part in re.split(r"[-‐]", word) if part]
    initials = "".join(letters)
    return len(letters) >= 2 and initials.endswith(acronym.lower())


def name_keys(
    names: Iterable[tuple[str, str]], gazetteer: Gazetteer | None = None, defined: Mapping[str, str] | None = None
) -> dict[str, str]:
    """``(canonical, type)`` of every name a corpus mentions -> the one name it
    is compared as. ``gazetteer`` supplies the countries demonyms fold into;
    ``defined`` the acronyms the articles spell out (acronym -> long form, see
    ``defined_acronyms``)."""
    defined = defined or {}
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
    # 4. an acronym -> the name an article spelled it out as ("... Authority (ABC)")
    for name in list(kinds):
        surface = name.replace(".", "")
        if name in step or not (surface.isupper() and surface.isalpha()):
            continue
        long_form = defined.get(name)
        if long_form and long_form != name:
            step[name] = long_form
            kinds.setdefault(long_form, kinds[name])
    # 5. a qualified name -> the shorter name of the same kind of thing it contains
    #    ("the Ruritanian Central Bank" -> "Central Bank" where another article says so):
    #    the shorter name's words in a row, ending at the longer one's head word
    shorter: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)  # by head word
    for name, kind in kinds.items():
        if name not in step and kind != "PERSON":
            words = _words(name)
            content = _content(words)
            if len(content) >= 2:
                shorter[_head(words) or ""].append((tuple(content), name))
    for name, kind in kinds.items():
        if name in step or kind == "PERSON":
            continue
        words = _words(name)
        content = _content(words)
        head = _head(words)
        inside = [
            (len(run), other) for run, other in shorter.get(head or "", ())
            if other != name and len(run) < len(content) and _same_kind(kinds[other], kind)
            and _run_ending_at(content, run, head)
        ]
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
