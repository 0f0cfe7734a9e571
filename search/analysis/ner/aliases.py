"""Aliases an article supplies itself, so that any spelling the article knows
finds the entity (not only those in the gazetteer):

- a person named in full and later by surname or first name alone ("Marlon
  Brando ... Brando's assistant"): the short mentions are that person, whatever
  type a model gave them, and those it missed are added;
- a name followed by its acronym in brackets ("the Office for National
  Statistics (ONS)"): every later "ONS" is that organisation;
- the canonical name of each mention: the gazetteer's, the full name, or the
  long form of an acronym ("Article N of <treaty>" -> "<treaty>, Article N").
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING, Iterable

from .gazetteer import Entry, Gazetteer

if TYPE_CHECKING:
    from .base import Entity
    from .spans import Span

# Small words an acronym skips: "Organisation for Economic Co-operation and Development" -> OECD.
_SKIPPED = {"of", "the", "for", "and", "on", "in", "de", "du", "des", "la", "le", "&", "to"}
_ACRONYM = re.compile(r"\(\s*([A-Z][A-Za-z&.]{1,9})\s*\)")
_NAME_WORD = re.compile(r"[A-Z][\w’'.&-]*|of|the|for|and|on|in|de|du|des|la|le|&|to")


def article_aliases(text: str, spans: list["Span"], gazetteer: Gazetteer) -> list["Span"]:
    spans = _possessors(text, spans)
    spans = _acronyms(text, spans, gazetteer)
    spans = _people(text, spans, gazetteer)
    spans = _organisations(text, spans, gazetteer)
    spans = _places(text, spans, gazetteer)
    spans = _products(text, spans)
    spans = _one_sense(text, spans)
    spans = _groups(text, spans)
    spans = _lists(text, spans)
    return _canonical(text, spans, gazetteer)


def _plural(name: str) -> str:
    return name[:-1] + "ies" if name.endswith("y") and name[-2:-1] not in "aeiou" else name + "s"


def _groups(text: str, spans: list["Span"]) -> list["Span"]:
    """A name the article writes both as one and as many ("Lib Dem" and "Lib
    Dems", "Tory" and "Tories"), both taken for people, is a group's name: a
    member or the group's adjective, and its plural the members (NORP, as the
    conventions have political-group words). Not a family's name ("Beckham",
    "the Beckhams"), which is a person's surname the article gives in full."""
    from ...lexicon import PERSON_MARKERS

    found = {text[s.start:s.end] for s in spans if s.kind == "PERSON" and not s.sure}
    groups: set[str] = set()
    for name in found:
        plural = _plural(name)
        if name.endswith("s") or not re.search(rf"(?<![\w’'-]){re.escape(plural)}(?![\w’'-])", text):
            continue
        if plural not in found:
            continue  # both taken for people
        if re.search(rf"\b(?:{'|'.join(sorted(PERSON_MARKERS))})\.? (?:{re.escape(name)}|{re.escape(plural)})\b", text):
            continue  # "Mr Gates" (and a "Mr Gate" misspelt): a person
        # a surname of someone named in full ("David Beckham") stays a person
        if any(n != name and n != plural and (n.endswith(" " + name) or n.startswith(name + " ")) for n in found):
            continue
        groups |= {name, plural}
    if not groups:
        return spans
    return [s._replace(kind="NORP", canonical=None) if not s.sure and text[s.start:s.end] in groups else s for s in spans]


def _lists(text: str, spans: list["Span"]) -> list["Span"]:
    """Names in one list are of one kind (``spans.list_kinds``), now that the
    article's other mentions are found, and a one-word name coordinated with a
    personal pronoun is a person ("me and Jo"): every mention of a name retyped so."""
    from .spans import list_kinds

    relabel = list_kinds(text, [(s.start, s.end, s.kind, not s.sure) for s in spans])
    # A name coordinated with a personal pronoun is a person: "me and Jo", "Jo and I", "he and Jo".
    for span in spans:
        surface = text[span.start:span.end]
        if span.sure or span.kind == "PERSON" or " " in surface or span.kind not in _TYPE_ORDER:
            continue
        if _PRONOUN_AND.search(text, max(0, span.start - 8), span.start) or _AND_PRONOUN.match(text, span.end):
            relabel[surface] = "PERSON"
    return [s._replace(kind=relabel[text[s.start:s.end]]) if not s.sure and text[s.start:s.end] in relabel else s for s in spans]


_PRONOUN_AND = re.compile(r"(?<![\w’'-])(?:[Mm]e|I|[Hh]e|[Ss]he|[Hh]im|[Hh]er) and $")
_AND_PRONOUN = re.compile(r" and (?:I|me|him|her)\b(?![\w’'-])")


def _position(span: "Span") -> tuple[int, int]:
    return span.start, span.end


_POSSESSIVE_INSIDE = re.compile(r"['’]s ")


def _possessors(text: str, spans: list["Span"]) -> list["Span"]:
    """A recogniser's span running through a possessive ("Acme's Media
    Services Group", "Lee's Golden Globe") is two things: the owner, when the
    article names it elsewhere without the possessive, and what it owns, kept
    only when it is an organisation's name ("Media Services Group"). Names with
    a possessive of their own ("People's Party") are not split: their first
    part is never named alone."""
    from ...lexicon import ORG_NAME_HEADS
    from .spans import Span

    result = []
    for span in spans:
        surface = text[span.start:span.end]
        inside = _POSSESSIVE_INSIDE.search(surface)
        if span.sure or inside is None:
            result.append(span)
            continue
        owner = surface[:inside.start()]
        alone = re.compile(rf"(?<![\w’'-]){re.escape(owner)}(?!['’]s)(?![\w-])")
        if not owner or not owner[0].isupper() or not alone.search(text):
            result.append(span)
            continue
        # the owner's type: as the article's other mention of it has it, if any
        kind = next((s.kind for s in spans if text[s.start:s.end] == owner), span.kind)
        result.append(Span(span.start, span.start + len(owner), kind, None))
        rest = span.start + inside.end()
        if text[span.end - len(surface.split()[-1]):span.end] in ORG_NAME_HEADS and span.kind == "ORG":
            result.append(Span(rest, span.end, span.kind, None))
    return result


# -- acronyms -----------------------------------------------------------------------------
def _initials(words: list[str]) -> str:
    letters = []
    for word in words:
        if word.lower() in _SKIPPED:
            continue
        parts = [p for p in re.split(r"[-‐]", word) if p]
        letters += [p[0] for p in parts if p[0].isupper()]
    return "".join(letters)


def _matches(acronym: str, words: list[str]) -> bool:
    letters = acronym.replace(".", "").replace("&", "")
    initials = _initials(words)
    return bool(letters) and initials.upper() == letters.upper()


def _acronyms(text: str, spans: list["Span"], gazetteer: Gazetteer) -> list["Span"]:
    from .spans import Span

    found: dict[str, tuple[str, str | None, str]] = {}  # acronym -> (kind, canonical, long form)
    added: list[Span] = []
    for match in _ACRONYM.finditer(text):
        acronym = match.group(1)
        letters = acronym.replace(".", "")
        if not (letters.isupper() or sum(c.isupper() for c in letters) >= 2) or len(letters) < 2:
            continue
        before = text[:match.start()].rstrip()
        long_span = next((s for s in spans if s.end == len(before) or s.end == match.start()), None)
        if long_span is not None and _matches(acronym, text[long_span.start:long_span.end].split()):
            long_text = text[long_span.start:long_span.end]
            found.setdefault(letters, (long_span.kind, long_span.canonical or " ".join(long_text.split()), long_text))
            continue
        # The recogniser missed the long form: take the capitalised words before
        # the bracket whose initials spell the acronym.
        words = list(re.finditer(r"\S+", before[-200:]))
        offset = len(before) - len(before[-200:])
        for n in range(1, min(len(words), 12) + 1):
            chosen = [w.group() for w in words[-n:]]
            if not all(_NAME_WORD.fullmatch(w) for w in chosen) or chosen[0].lower() in _SKIPPED:
                continue
            if _matches(acronym, chosen):
                start, end = offset + words[-n].start(), len(before)
                inside = [s for s in spans if s.start < end and start < s.end]
                if any(s.sure or s.start < start for s in inside):
                    break
                spans = [s for s in spans if s not in inside]  # pieces of the name a recogniser split
                entry = gazetteer.lookup(acronym)
                kind = entry.type if entry else "ORG"
                canonical = " ".join(text[start:end].split())
                added.append(Span(start, end, kind, canonical))
                found.setdefault(letters, (kind, canonical, canonical))
                break
    if not found:
        return spans
    spans = sorted(spans + added, key=_position)
    taken = [(s.start, s.end) for s in spans]
    result = []
    for span in spans:
        surface = text[span.start:span.end].replace(".", "")
        if surface in found:
            kind, canonical, _ = found[surface]
            span = span._replace(kind=kind, canonical=canonical)
        result.append(span)
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(a) for a in sorted(found, key=len, reverse=True)) + r")(?![\w-])")
    for match in pattern.finditer(text):
        if not any(s < match.end() and match.start() < e for s, e in taken):
            kind, canonical, _ = found[match.group()]
            result.append(Span(match.start(), match.end(), kind, canonical))
    return sorted(result, key=_position)


# -- people ---------------------------------------------------------------------------------
def _people(text: str, spans: list["Span"], gazetteer: Gazetteer) -> list["Span"]:
    """Short mentions of a person the article names in full: typed PERSON, and
    added where the recogniser missed them."""
    from .spans import Span

    spans = _described_people(text, spans)
    spans = _full_names(text, spans)
    full: dict[str, str] = {}  # a first or last name -> the full name
    # Names in running text first: a headline's Title Case runs words into names ("Putin Confirms").
    for span in sorted(spans, key=lambda s: (_title_case_line(text, s.start), s.start)):
        if span.kind != "PERSON":
            continue
        name = span.canonical or " ".join(text[span.start:span.end].split())
        tokens = name.split()
        if len(tokens) < 2:
            continue
        for token in (tokens[0], tokens[-1]):
            if len(token) > 2 and token[0].isupper() and token.isalpha() and not gazetteer.lookup(token):
                full.setdefault(token, name)
    if not full:
        return spans
    result = []
    for span in spans:
        surface = text[span.start:span.end]
        if surface in full and span.kind != "PERSON" and not span.sure:
            span = span._replace(kind="PERSON")
        words = surface.split()
        initial = bool(re.fullmatch(r"[A-Z](?:-[A-Z])?\.?", words[0])) if words else False
        if span.kind == "PERSON" and len(words) == 2 and words[1] in full and _sentence_start(text, span.start) and not initial:
            known = full[words[1]].split()
            if known[-1] == words[1] and words[0] not in known:
                # "Later Gerasimov left": a word opening the sentence before a known surname
                span = span._replace(start=span.end - len(words[1]), canonical=None)
        elif span.kind == "PERSON" and len(words) >= 2 and words[0] in full and words[1] not in full[words[0]].split():
            known = full[words[0]].split()
            if known[-1] == words[0] and _title_case_line(text, span.start):
                # "President Putin Confirms ..." in a headline: the verb is not part of the name
                span = span._replace(end=span.start + len(words[0]), canonical=None)
        result.append(span)
    # Words the article also writes in lower case are common words ("Green", "green").
    common = {t for t in full if re.search(rf"\b{t.lower()}\b", text)}
    names = [t for t in full if t not in common]
    if not names:
        return result
    taken = [(s.start, s.end) for s in result]
    pattern = re.compile(r"(?<![\w’'-])(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")(?![\w-])(?!\s+[A-Z])")
    for match in pattern.finditer(text):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        first_name = full[match.group()].split()[0] == match.group()
        if first_name and _sentence_start(text, match.start()):
            continue  # "Will", "Grace" opening a sentence
        opener = re.search(r"[A-Z][\w’'-]*\s+$", text[max(0, match.start() - 30):match.start()])
        if opener and not _after_title(text, match.start()) and not _sentence_start(text, match.start() - len(opener.group())):
            continue  # part of a longer capitalised name the recogniser did not take
        result.append(Span(match.start(), match.end(), "PERSON", None))
    return sorted(result, key=_position)


def _full_names(text: str, spans: list["Span"]) -> list["Span"]:
    """Every other mention of a person's name of two words or more that the
    article has, and of its last two words or more ("Hans Christian Andersen"
    -> "Christian Andersen"), is that person where a recogniser cut it into
    pieces or left a piece out ("Christian" a religion, "Andersen" a person).
    Not where the name runs on into more capitalised words (the name of an
    award or a school)."""
    from ...lexicon import HONORIFICS
    from .spans import Span

    forms: set[str] = set()
    for span in spans:
        words = text[span.start:span.end].split()
        if span.kind == "PERSON" and len(words) >= 2 and all(
            w[:1].isupper() and w.replace("-", "").isalpha() and w not in HONORIFICS for w in words
        ):
            if not _title_case_line(text, span.start):
                forms.update(" ".join(words[n:]) for n in range(len(words) - 1))
    if not forms:
        return spans
    pattern = re.compile(r"(?<![\w’'-])(?:" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")(?:(?=['’]s\b)|(?![\w’'-]|\s+[A-Z]))")
    result = list(spans)
    for match in pattern.finditer(text):
        inside = [s for s in result if s.start < match.end() and match.start() < s.end]
        if any((s.start, s.end) == (match.start(), match.end()) for s in inside):
            continue  # found whole: its type is the one-sense pass's to settle
        if not inside or any(s.start < match.start() or s.end > match.end() or (s.sure and s.kind not in ("NORP", "GPE", "LOC")) for s in inside):
            continue  # missed whole, or part of something longer: left to the passes below
        opener = re.search(r"[A-Z][\w’'-]*\s+$", text[max(0, match.start() - 30):match.start()])
        if opener and not _after_title(text, match.start()) and not _sentence_start(text, match.start() - len(opener.group())):
            continue  # a longer capitalised name
        result = [s for s in result if s not in inside] + [Span(match.start(), match.end(), "PERSON", None)]
    return sorted(result, key=_position)


_ROLE_BEFORE = re.compile(r"\b([a-z][a-z-]+),? $")


def _described_people(text: str, spans: list["Span"]) -> list["Span"]:
    """A name of two or three words is a person, whatever a recogniser guessed,
    right after a noun for a person's role ("credit analyst Ann Lee", "the
    administrator, Ed Vane") or when the article calls its last word "Ms ..."
    ("Ann Lee ... Ms Lee")."""
    from ...lexicon import ORG_NAME_HEADS, PERSON_DESCRIPTORS, PERSON_MARKERS

    marker = re.compile(r"\b(?:" + "|".join(sorted(PERSON_MARKERS)) + r")\.? $")
    surnames = {
        text[s.start:s.end] for s in spans
        if s.kind == "PERSON" and " " not in text[s.start:s.end] and marker.search(text, max(0, s.start - 12), s.start)
    }
    result = []
    for span in spans:
        words = text[span.start:span.end].split()
        if span.kind != "PERSON" and not span.sure and 2 <= len(words) <= 3 and all(w[:1].isupper() and w.isalpha() for w in words):
            role = _ROLE_BEFORE.search(text[max(0, span.start - 30):span.start])
            if words[-1] in ORG_NAME_HEADS:
                pass  # "analyst Gartner Group": a firm
            elif words[-1] in surnames or (role and role.group(1) in PERSON_DESCRIPTORS):
                span = span._replace(kind="PERSON", canonical=None)
        result.append(span)
    return result


# -- organisations ------------------------------------------------------------------------------
_DESCRIBED = re.compile(r"\b([a-z][a-z-]+) ([A-Z0-9][\w&@'’-]*(?:\.\w+)*(?: [A-Z][\w&@'’-]*(?:\.\w+)*){0,3})")


# Organisation nouns that also describe people ("his partner Jo Bloggs", "the side's Jo Bloggs").
_PEOPLE_TOO = frozenset("partner rival rivals owner side team club union party".split())


def _organisations(text: str, spans: list["Span"], gazetteer: Gazetteer) -> list["Span"]:
    """A name right after a lower-case organisation noun is an organisation
    ("copy protection firm Acme", "oil giant Yukos"), and so is every other
    mention of the same name in the article, found or missed."""
    from ...lexicon import ORG_DESCRIPTORS
    from .spans import trim

    names: set[str] = set()
    for match in _DESCRIBED.finditer(text):
        if match.group(1) not in ORG_DESCRIPTORS:
            continue
        start, end = trim(text, match.start(2), match.end(2))
        surface = text[start:end]
        entry = gazetteer.lookup(surface)
        if end <= start or (entry and entry.type != "ORG") or not re.search(r"[A-Za-z]", surface):
            continue
        if match.group(1) in _PEOPLE_TOO and any(
            s.kind == "PERSON" and s.start <= start and end <= s.end and " " in text[s.start:s.end] for s in spans
        ):
            continue  # "his partner John Smith": a person after all ("his company Acme Films" is not)
        names.add(surface)
    spans = _every_mention(text, spans, names, "ORG")
    return _short_organisations(text, spans, gazetteer)


def _short_organisations(text: str, spans: list["Span"], gazetteer: Gazetteer) -> list["Span"]:
    """A one-word mention that opens an organisation's longer name in the same
    article is that organisation ("Cairn Energy" ... "Cairn said") where a
    recogniser took it for a person or a place that is not a country or city ("Russian" of "Russian Army" stays a nationality)."""
    from ...lexicon import HONORIFICS, ORG_DESCRIPTORS, ORG_NAME_HEADS

    people = {w for s in spans if s.kind == "PERSON" and " " in text[s.start:s.end] for w in text[s.start:s.end].split()}
    firsts = set()
    for span in spans:
        words = text[span.start:span.end].split()
        if span.kind == "ORG" and len(words) > 1 and len(words[0]) > 2 and words[0].isalpha() and words[0][0].isupper():
            if not gazetteer.lookup(words[0]) and words[0] not in ORG_NAME_HEADS | HONORIFICS and words[0].lower() not in ORG_DESCRIPTORS:
                firsts.add(words[0])
    firsts -= people
    return [
        s._replace(kind="ORG", canonical=None) if text[s.start:s.end] in firsts and s.kind in ("PERSON", "LOC") and not s.sure else s
        for s in spans
    ]


_PLACE = re.compile(r"\b([A-Z][\w’'-]+(?: [A-Z][\w’'-]+)?)( [A-Za-z]+)\b")
# Names coordinated before a plural designator: "the Kursk and Belgorod regions" -> Kursk too.
_COORDINATED_BEFORE = re.compile(r"(?:([A-Z][\w’'-]+), )?(?:([A-Z][\w’'-]+),? (?:and|or) )$")
# "the town of X", "Anderson's hometown of X": a lower-case noun for a settlement, then its name.
_SETTLEMENT_OF = re.compile(r"\b(?:city|town|village|hometown|capital|suburb|borough|port) of ([A-Z][\w’'-]+(?: [A-Z][\w’'-]+)?)(?![\w’'-]| [A-Z])")


def _designators() -> dict[str, bool]:
    """Lower-case place designators, singular and plural (-> whether plural)."""
    from ...lexicon import PLACE_DESIGNATORS

    words = {word: False for word in PLACE_DESIGNATORS}
    for word in PLACE_DESIGNATORS:
        words[word[:-1] + "ies" if word.endswith("y") else word + "s"] = True
    return words


def _places(text: str, spans: list["Span"], gazetteer: Gazetteer) -> list["Span"]:
    """A name before a lower-case place designator is a place ("the Ardenne
    region" -> "Ardenne"; "the Ardenne and Brel provinces" -> both), and so is
    a name after a noun for a settlement ("the town of Brel"), and every other
    mention of it (but see ``_every_mention``)."""
    designators = _designators()
    candidates: list[tuple[int, str]] = []
    for match in _PLACE.finditer(text):
        designator = match.group(2).strip()
        if designator not in designators:
            continue
        candidates.append((match.start(), match.group(1)))
        if designators[designator]:
            before = _COORDINATED_BEFORE.search(text, max(0, match.start() - 80), match.start())
            if before:
                candidates += [(before.start(n), before.group(n)) for n in (1, 2) if before.group(n)]
    candidates += [(m.start(1), m.group(1)) for m in _SETTLEMENT_OF.finditer(text)]
    names: set[str] = set()
    for start, name in candidates:
        entry = gazetteer.lookup(name)
        if (entry and entry.type != "GPE") or _sentence_start(text, start) and " " not in name:
            continue
        if any(s.start <= start and start + len(name) <= s.end and s.kind in ("ORG", "PERSON") and s.end - s.start > len(name) for s in spans):
            continue
        names.add(name)
    # A nationality before the word is an adjective ("the Basque region"), not the place's name.
    names -= {text[s.start:s.end] for s in spans if s.kind == "NORP"}
    return _every_mention(text, spans, names, "GPE") if names else spans


_OWNED_BEFORE = re.compile(r"(?:\b(?:its|their|his|her|our|my|your)|[\w.]['’]s?)(?: [a-z][\w-]*){0,2} $")
_PRODUCT_AFTER = re.compile(r" ([a-z]+)\b")
# A noun for a work after a determiner or an owner, so a noun and not a verb, right before a
# name: "her book Zapper", "the film Zapper", "his new album Zapper".
_WORK_BEFORE = re.compile(r"\b(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Ii]ts|[Tt]heir|[Oo]ur|[Mm]y|[Yy]our|[\w.]+['’]s?)(?: [a-z][\w-]*)? ([a-z]+) $")
_INTRODUCED_BEFORE = re.compile(r"\b([a-z]+)(?:,? such as|,? like|,? including)? $")
# From one name of a list to the next, past an owner: ", ", " and ", " or ", " and Acme's ".
# A name followed by "'s" owns what follows ("consoles such as Acme's Zapper"): the owner, not the product.
_OWNER = re.compile(r"['’]s?\b")
_NEXT_IN_LIST = re.compile(r",? (?:and |or )?(?:[A-Z][\w.-]*['’]s )?")
# "Zapper is an enchanting book", "Zapper, a film by ...": said to be a product or work.
_DESCRIBED_AS = re.compile(r"(?:,| is| was) (?:a|an) (?:[a-z][\w-]* ){0,2}([a-z]+)(?=[.,;:!?\"”]| (?:about|by|that|which|for|from|with|set|starring|written|directed|released)\b)")
_VERSIONED = re.compile(r"\s+v?\d+(?:\.\d+)+$")


def _products(text: str, spans: list["Span"]) -> list["Span"]:
    """Names of products and works are not entities (``PRODUCT_NOUNS``): a
    name with a version number ("Zapper 2.0"), said to be one ("Zapper is a
    fine book"), a name owned by someone and
    followed by a product noun ("its new Zapper technology"), or introduced
    by one that is never a verb ("the browser Zapper", "games such as
    Zapper") or by a work noun after a determiner ("her book Zapper",
    ``WORK_NOUNS``; not a person's name); nor, then, any other mention of
    that name in the article (a word of a longer title only there)."""
    from ...lexicon import PRODUCT_DESCRIPTORS, PRODUCT_NOUNS, WORK_NOUNS

    products: set[str] = set()
    pieces: set[tuple[int, int]] = set()  # a word of a longer title: that mention alone
    for span in spans:
        if span.sure or span.kind not in ("ORG", "PERSON", "NORP", "GPE", "LOC", "EVENT"):
            continue
        surface = text[span.start:span.end]
        before = text[max(0, span.start - 40):span.start]
        after = _PRODUCT_AFTER.match(text, span.end)
        introduced = _INTRODUCED_BEFORE.search(before)
        described = _DESCRIBED_AS.match(text, span.end)
        work = _WORK_BEFORE.search(before)
        if work and work.group(1) in WORK_NOUNS and span.kind != "PERSON" and not _OWNER.match(text, span.end):
            if re.match(r" [A-Z]", text[span.end:span.end + 2]):
                pieces.add((span.start, span.end))  # "his song Irish Son": "Irish" here, not everywhere
            else:
                products.add(surface)
            continue
        if (
            _VERSIONED.search(surface)
            or (described and described.group(1) in PRODUCT_NOUNS)
            or (after and after.group(1) in PRODUCT_NOUNS and _OWNED_BEFORE.search(before))
            or (introduced and introduced.group(1) in PRODUCT_DESCRIPTORS and not _OWNER.match(text, span.end))
        ):
            products.add(_VERSIONED.sub("", surface))
            # the rest of a list the product noun introduced: "browsers such as Zapper, Quill and Acme's Rover"
            if introduced and introduced.group(1) in PRODUCT_DESCRIPTORS and not _OWNER.match(text, span.end):
                at = span.end
                while True:
                    step = _NEXT_IN_LIST.match(text, at)
                    following = next((s for s in spans if step and s.start == step.end() and step.end() > at), None)
                    if following is None or following.sure:
                        break
                    products.add(_VERSIONED.sub("", text[following.start:following.end]))
                    at = following.end
    # a product's acronym, defined in brackets after it ("the Zapper Browser (ZB)"), is that product
    for name in list(products):
        for match in re.finditer(rf"(?<![\w-]){re.escape(name)}\s+\(([A-Z][A-Za-z]{{1,6}})\)", text):
            if _matches(match.group(1), name.split()):
                products.add(match.group(1))
    if not products and not pieces:
        return spans
    return [s for s in spans if s.sure or (_VERSIONED.sub("", text[s.start:s.end]) not in products and (s.start, s.end) not in pieces)]


def _written_lower(name: str, text: str, words: set[str]) -> bool:
    """The article also writes ``name`` in lower case: a common word ("green")."""
    lower = name.lower()
    if " " not in lower:
        return lower in words
    return lower in text and bool(re.search(rf"(?<![\w-]){re.escape(lower)}(?![\w-])", text))


# When one name gets different types in one article, ties go to the first of these.
_TYPE_ORDER = ("ORG", "GPE", "NORP", "LOC", "EVENT", "PERSON")
_NAME_KINDS = frozenset(_TYPE_ORDER) - {"PERSON"}


def _one_sense(text: str, spans: list["Span"]) -> list["Span"]:
    """One name, one sense per article: the mentions of a name a recogniser
    typed differently get the type most of them have (a lone word is a person
    only when the article names that person in full: "Manchester" a place
    though the model once took it for a person), and the mentions it missed
    of a name it found elsewhere in the article are added ("Blackpool" found
    once, missed five times). A club on a team sheet votes for its name too.
    """
    from .spans import Span, line_up

    # a club on the team sheet counts for the club's name elsewhere ("Cardiff back Rhys Jones")
    clubs = {(start, end) for start, end, label in line_up(text) if label != "PERSON"}
    spans = _teams(text, spans)
    kinds: dict[str, Counter] = {}
    for span in spans:
        if (not span.sure or (span.start, span.end) in clubs) and span.kind in _TYPE_ORDER:
            kinds.setdefault(text[span.start:span.end], Counter())[span.kind] += 1
    if not kinds:
        return spans
    people = {w for s in spans if s.kind == "PERSON" and " " in text[s.start:s.end] for w in text[s.start:s.end].split()}
    sense: dict[str, str] = {}
    for surface, counts in kinds.items():
        if len(counts) > 1 and "PERSON" in counts and " " not in surface and surface not in people:
            del counts["PERSON"]  # a lone word the article never names in full is not a person here
        if len(counts) > 1 and "ORG" in counts and surface.isupper():
            sense[surface] = "ORG"  # an acronym typed two ways: a body far more often than a place
            continue
        sense[surface] = max(counts, key=lambda k: (counts[k], -_TYPE_ORDER.index(k)))
    club_names = {text[start:end] for start, end in clubs}
    result = [
        s._replace(kind=_local_kind(text, s.start, s.end, sense[text[s.start:s.end]], s.placed))
        if not s.sure and text[s.start:s.end] in sense
        # a town the gazetteer knows is the club of that name where the team sheet names the club
        else s._replace(kind="ORG", canonical=None) if s.sure and s.kind == "GPE" and not s.placed and text[s.start:s.end] in club_names
        else s
        for s in spans
    ]
    lower_words = set(re.findall(r"[\w-]+", text))
    names = [n for n, k in sense.items() if k in _NAME_KINDS and re.search(r"[A-Za-z]{2}", n)
             and not _written_lower(n, text, lower_words)]
    if not names:
        return result
    taken = sorted((s.start, s.end) for s in result)
    pattern = re.compile(r"(?<![\w’'-])(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")(?![\w’'-]*[ \t]+[A-Z])(?![\w-])")
    for match in pattern.finditer(text):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        opener = re.search(r"[A-Z][\w’'-]*\s+$", text[max(0, match.start() - 30):match.start()])
        if opener and not _sentence_start(text, match.start() - len(opener.group())):
            continue  # part of a longer capitalised name
        result.append(Span(match.start(), match.end(), _local_kind(text, match.start(), match.end(), sense[match.group()]), None))
    return sorted(result, key=_position)


# After a one-word name, words that make it a team: a plural verb ("Halden have", "Halden are":
# British usage for a side, never for a town or a person) or a club's role ("Halden boss").
_TEAM_AFTER = re.compile(
    r" (?:(?:have|are|were)\b(?! (?:to|got)\b)|(?:boss|manager|striker|midfielder|defender|goalkeeper|keeper|winger|skipper)\b(?! of\b))"
)


# Before a name: a conjunction or a comma (a coordinated subject takes a plural verb: "Leeds and
# York are"), or a capitalised word (a longer name: "Air Sahara are").
_JOINED_BEFORE = re.compile(r"(?:\b(?:and|or)|[,&]|(?<![\w’'-])(?P<word>[A-Z][\w’'-]*)) $")


def _joined(text: str, start: int) -> bool:
    match = _JOINED_BEFORE.search(text, max(0, start - 30), start)
    if not match:
        return False
    # a capitalised word opening the sentence or a bulleted line ("While Halden have") joins nothing
    at = match.start()
    opens = at == 0 or re.search(r"(?:[.!?][\"”’']?\s+|\n\s*(?:[-–•*]\s*)?|[\"“]\s*)$", text[max(0, at - 6):at])
    return not (match.group("word") and opens)


def _teams(text: str, spans: list["Span"]) -> list["Span"]:
    """A one-word place or person the recogniser guessed is a team (an
    organisation) where the article makes it the subject of a plural verb or
    gives it a club's manager or player ("Halden have won", "Halden boss Ann
    Lee"), as British sports writing does; its other mentions follow in the
    one-sense pass. Not a name ending in "s" (plural names of places take
    plural verbs), one coordinated with another or part of a longer name
    ("Leeds and York are", "Air Sahara are"), nor a surname of someone the
    article names in full."""
    people = {w for s in spans if s.kind == "PERSON" and " " in text[s.start:s.end] for w in text[s.start:s.end].split()}
    result = []
    for span in spans:
        surface = text[span.start:span.end]
        if (not span.sure and span.kind in ("GPE", "PERSON", "LOC") and " " not in surface and surface.isalpha()
                and surface[:1].isupper() and not surface.isupper() and not surface.endswith("s") and surface not in people
                and _TEAM_AFTER.match(text, span.end) and not _joined(text, span.start)):
            span = span._replace(kind="ORG", canonical=None)
        result.append(span)
    return result


def _every_mention(text: str, spans: list["Span"], names: set[str], kind: str) -> list["Span"]:
    """Every mention of ``names`` typed ``kind``: retyped where a recogniser
    guessed another type, added where it missed them."""
    from .spans import Span

    if not names:
        return spans
    result = []
    for span in spans:
        if text[span.start:span.end] in names and span.kind != kind and not span.sure:
            span = span._replace(kind=_local_kind(text, span.start, span.end, kind, span.placed), canonical=None)
        result.append(span)
    pattern = re.compile(r"(?<![\w’'-])(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")(?![\w-])")
    for match in pattern.finditer(text):
        inside = [s for s in result if s.start < match.end() and match.start() < s.end]
        found = Span(match.start(), match.end(), _local_kind(text, match.start(), match.end(), kind), None)
        if not inside:
            result.append(found)
        elif [(s.start, s.end) for s in inside] == [(match.start(), match.end())]:
            continue  # this very mention, retyped above
        elif all(not s.sure and match.start() <= s.start and s.end <= match.end() for s in inside):
            result = [s for s in result if s not in inside] + [found]
    return sorted(result, key=_position)


_NOUN_BEFORE = re.compile(r"\b([a-z]+) $")


def _local_kind(text: str, start: int, end: int, kind: str, placed: bool = False) -> str:
    """``kind`` for a mention of a name the article shows to be of that kind
    elsewhere, unless this mention's own words say otherwise: a town's name is
    a place where the model saw a place something happens "in" (``placed``:
    "football club Parma ... prosecutors in Parma"), and a club's name after an
    organisation noun ("the town of Parma ... football club Parma")."""
    from ...lexicon import ORG_DESCRIPTORS

    if kind == "ORG" and placed:
        return "GPE"
    noun = _NOUN_BEFORE.search(text, max(0, start - 30), start)
    if kind == "GPE" and noun and noun.group(1) in ORG_DESCRIPTORS:
        return "ORG"
    return kind


def _title_case_line(text: str, at: int) -> bool:
    from ...lexicon import looks_like_headline

    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    line = text[start:end if end >= 0 else len(text)].strip()
    return bool(line) and looks_like_headline(line)


def _sentence_start(text: str, at: int) -> bool:
    before = text[max(0, at - 4):at]
    return at == 0 or bool(re.search(r"(?:[.!?][\"”’']?\s+|\n\s*|[\"“]\s*)$", before))


def _after_title(text: str, at: int) -> bool:
    from ...lexicon import HONORIFICS

    words = text[max(0, at - 30):at].split()
    return bool(words) and words[-1].rstrip(".") in HONORIFICS


# -- canonical names ------------------------------------------------------------------------
def _person_spelling(name: str) -> str:
    """One spelling for a name written with or without hyphens in its given
    name: "Kim Jong-un", "Kim Jong Un" -> "Kim Jong Un" (a lower-case part after
    a hyphen is a syllable of the name, not a second surname)."""
    return re.sub(r"(?<=[a-z])-([a-z])", lambda m: " " + m.group(1).upper(), name)


def _long_forms(text: str, spans: list["Span"], gazetteer: Gazetteer) -> dict[int, str]:
    """Organisations the article names in full and then shortly: "the Central
    Committee of the Party of Labour" then "the Central Committee" or "the
    Ruritanian Central Committee" -> the full name (by span index)."""
    orgs = [(n, " ".join(text[s.start:s.end].replace("’", "'").split())) for n, s in enumerate(spans) if s.kind == "ORG"]
    longer = {}
    for _, name in orgs:
        head = re.match(r"(.+?) of (?:the )?[A-Z]", name)
        if head:
            longer.setdefault(head.group(1), name)
    found: dict[int, str] = {}
    for n, name in orgs:
        if spans[n].canonical is not None:
            continue
        short = name
        words = short.split()
        # a nationality or country before the name: "Ruritanian Central Committee"
        for size in (3, 2, 1):
            entry = gazetteer.lookup(" ".join(words[:size])) if len(words) > size else None
            if entry and entry.type in ("NORP", "GPE"):
                words = words[size:]
                break
        for form in (short, " ".join(words)):
            if form in longer and longer[form] != name:
                found[n] = longer[form]
                break
    return found


def _canonical(text: str, spans: list["Span"], gazetteer: Gazetteer) -> list["Span"]:
    long_forms = _long_forms(text, spans, gazetteer)
    spans = [s._replace(canonical=long_forms[n]) if n in long_forms else s for n, s in enumerate(spans)]
    full_names: dict[str, str] = {}
    for span in sorted(spans, key=lambda s: (_title_case_line(text, s.start), s.start)):
        if span.kind == "PERSON":
            name = span.canonical or " ".join(text[span.start:span.end].split())
            tokens = name.split()
            if len(tokens) > 1:
                for token in (tokens[0], tokens[-1]):
                    full_names.setdefault(token, name)
    result = []
    for n, span in enumerate(spans):
        if span.canonical is None:
            span = span._replace(canonical=canonical_form(text[span.start:span.end], span.kind, gazetteer, full_names))
            if span.kind == "LAW" and re.fullmatch(r"Article\s+\d+[a-z]?", text[span.start:span.end]) and n + 1 < len(spans):
                cited = next((s for s in spans[n + 1:n + 5] if s.kind == "LAW"), spans[n + 1])
                # "of the", perhaps with the countries before the treaty's name ("of the Russia-Mongolia Treaty")
                if cited.kind == "LAW" and re.fullmatch(r"\s+of\s+(?:the\s+)?(?:[A-Z][\w'’.]*(?:\s*[-‐–—]\s*|\s+))*", text[span.end:cited.start]):
                    # "Article 4 of the X Treaty" -> "X Treaty, Article 4": it counts for the treaty
                    law = cited.canonical or canonical_form(text[cited.start:cited.end], "LAW", gazetteer, full_names)
                    span = span._replace(canonical=f"{law}, {span.canonical}")
        result.append(span)
    return result


def canonical_form(surface: str, kind: str, gazetteer: Gazetteer, full_names: dict[str, str]) -> str:
    clean = " ".join(surface.replace("’", "'").split())
    if kind == "PERSON" and " " not in clean and clean in full_names:
        return _person_spelling(full_names[clean])  # "Gerasimov" -> "Valery Gerasimov" in the same article
    if kind == "PERSON":
        return _person_spelling(clean)
    if kind == "LAW":
        match = re.match(r"Article\s+(\d+[a-z]?)\s+of\s+(?:the\s+)?(.+)", clean)
        if match:
            entry = gazetteer.lookup(match.group(2))
            law = entry.canonical if entry else law_name(match.group(2))
            return f"{law}, Article {match.group(1)}"
        return law_name(clean)
    return clean


def law_name(name: str) -> str:
    """One name for a treaty written either way round: "Treaty on Strategic
    Partnership" and "Strategic Partnership Treaty" -> the latter."""
    from ...lexicon import LAW_WORDS

    match = re.fullmatch(r"(\w+)\s+(?:on|of)\s+(?:the\s+)?(.+)", name)
    if match and match.group(1).lower() in LAW_WORDS and match.group(2)[:1].isupper():
        return f"{match.group(2)} {match.group(1)}"
    return name


# -- across a corpus ------------------------------------------------------------------------
def corpus_aliases(gazetteer: Gazetteer, entity_lists: Iterable[Iterable["Entity"]]) -> Gazetteer:
    """The gazetteer plus the acronyms the articles defined ("... (KCNA)" in one
    article makes "KCNA" a spelling of the name everywhere), for searching:
    a query in any spelling an article knows finds the entity. A new object:
    the analysis's own gazetteer (and so its cache key) is left alone."""
    learned: dict[str, tuple[str, set[str]]] = {}  # canonical -> (type, acronyms)
    for entities in entity_lists:
        for entity in entities:
            surface = entity.text.replace(".", "")
            if entity.type == "DATE" or surface == entity.canonical or not (surface.isupper() and surface.isalpha() and len(surface) >= 2):
                continue
            learned.setdefault(entity.canonical, (entity.type, set()))[1].add(entity.text)
    merged = Gazetteer()
    for entry in gazetteer.entries.values():
        merged.add(entry)
    for canonical, (kind, acronyms) in learned.items():
        old = merged.entries.get(canonical)
        aliases = tuple(old.aliases if old else ()) + tuple(sorted(a for a in acronyms if not merged.lookup(a)))
        merged.add(Entry(canonical, old.type if old else kind, aliases, old.media if old else False))
    return merged
