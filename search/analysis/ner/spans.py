"""Shared post-processing of raw spans into entities: trimming, typing,
merging, then the article's own aliases. Every recogniser ends with ``finish``.

The span conventions (``../shared/eval/CONVENTIONS.md``): the name only, no
leading "the", no possessive 's, no titles or honorifics, no trailing
punctuation; money, numbers, ages, durations and times of day are not
entities; facilities are not places; a capitalised name ending in an event
word ("... Open", "... Marathon") is an event.
"""

from __future__ import annotations

import re
from typing import Iterable, NamedTuple

from ...lexicon import (
    AWARD_NAME_HEADS,
    COUNT_WORDS,
    DATE_DEICTIC,
    DATE_UNITS,
    DATE_WORDS,
    ENTITY_TYPES,
    EVENT_NAME_HEADS,
    FACILITY_HEADS,
    GROUP_HONORIFICS,
    HONORIFICS,
    INSTITUTION_HEADS,
    INSTITUTION_NAMES,
    LAW_WORDS,
    MONTH_NUMBERS,
    NOT_POSSESSED_WORDS,
    ORDINALS,
    ORG_DESCRIPTORS,
    ORG_NAME_HEADS,
    ORG_REFERENCE_WORDS,
    PERSON_DESCRIPTORS,
    PERSON_MARKERS,
    PLACE_DESIGNATORS,
    TIME_ZONES,
    WEEKDAY_NUMBERS,
)
from .aliases import article_aliases
from .base import Entity
from .gazetteer import Gazetteer
from .patterns import ANCHORED_PERIOD, GAZETTEER

# spaCy's OntoNotes labels folded into newsdesk's eight types; others dropped
# (TIME: times of day are not annotated; FAC: streets and buildings are not places).
_LABELS = {label: label for label in ENTITY_TYPES}
# The model's names of things that are not entities here.
_OTHER_NAMES = frozenset({"FAC", "PRODUCT", "WORK_OF_ART"})
# A number with or without a currency sign and a multiplier: "$280bn", "66", "1.5m".
_NUMBER = re.compile(r"^[$£€¥]?\s?[\d.,]+\s?(?:%|bn|m|k|tn|million|billion|trillion)?$", re.IGNORECASE)
_MONEY = re.compile(r"^[$£€¥]|\d\s?(?:bn|m|tn)\b")
_AGE = re.compile(r"\d+-year-olds?\b|\bage[ds]?\b|\baged\b", re.IGNORECASE)
_YEARLIKE = re.compile(r"\b(?:1[6-9]|20)\d{2}s?\b|'\d0s\b")
_WORD = re.compile(r"[A-Za-z]+")


class Span(NamedTuple):
    start: int
    end: int
    kind: str
    canonical: str | None
    # from the gazetteer or a pattern (trusted), or a model's/chunker's guess
    sure: bool = False
    # a place by its own words: the model's place after a locative "in" ("prosecutors in Parma")
    placed: bool = False


def finish(
    text: str, raw: Iterable[tuple[int, int, str]], gazetteer: Gazetteer, guesses: Iterable[tuple[int, int, str]] = ()
) -> list[Entity]:
    """Trim, type and canonicalise raw (start, end, label) spans; drop overlaps.

    ``raw`` spans (gazetteer and patterns) win over overlapping ``guesses``
    (the model's or the chunker's), except that a guess strictly containing
    gazetteer names is a longer name ("Bank of England", "Paris Hilton")."""
    team = line_up(text)
    raw, guesses = team + list(raw), _split_at_commas(text, _split_at_dashes(text, guesses))
    # A place or body named by a facility's head word ("Elm Park", "Grange Stadium") is a facility.
    guesses = [(s, e, "FAC" if label in ("GPE", "LOC", "ORG") and _facility(text, s, e) else label) for s, e, label in guesses]
    # A gazetteer name that is one word of a longer capitalised name ("American"
    # in "Native American", "Christian" in "Hans Christian Andersen") is only a guess.
    inner = [r for r in raw if r[2] == GAZETTEER and _in_longer_name(text, r[0], r[1])]
    raw = [r for r in raw if r not in inner]
    # Inside a name the model calls a work, product or facility ("the Stade de
    # France", "American Idol"), a gazetteer name is not an entity of its own.
    # A name with a capitalised designator is an administrative area, whatever else the model
    # took it for ("Kursk Region" a facility, "Kursk" of "Kursk Oblast" a product).
    guesses = [(s, e, "GPE" if label in _OTHER_NAMES and _designator_named(text, s, e) else label) for s, e, label in guesses]
    # An award's name ("the Grammy Award", "a Hans Andersen Prize") is a thing, like a work.
    guesses = [(s, e, _AWARD if _award(text, s, e) else label) for s, e, label in guesses]
    other = [(s, e) for s, e, label in guesses if label in _OTHER_NAMES or label == _AWARD]
    raw = [r for r in raw if not (r[2] == GAZETTEER and _within(r, other))]
    inner = [r for r in inner if not _within(r, other)]
    guesses = _coordinated(text, raw, guesses, gazetteer)
    sure = _without_overlaps(_typed(text, raw, gazetteer, sure=True))
    # A name written with a version number ("Firefox 1.0") is a product, wherever it stands.
    products = {text[s:e] for s, e, _ in guesses if _VERSION.match(text, e)}
    extra = _without_overlaps([s for s in _typed(text, guesses + inner, gazetteer, sure=False) if text[s.start:s.end] not in products])
    spans = _headed_names(text, gazetteer, _designated(text, _institutions(text, _event_names(text, _merge(text, sure, extra, fixed={(start, end) for start, end, _ in team})))))
    spans = _national_bodies(text, _bodies_by_common_name(text, spans))
    return [Entity(s.start, s.end, text[s.start:s.end], s.kind, s.canonical) for s in article_aliases(text, spans, gazetteer)]


_AWARD = "AWARD"


def _award(text: str, start: int, end: int) -> bool:
    words = text[start:end].rstrip(" .,;:").split()
    # "Grammy Award-winning": the award's name, as an adjective
    return len(words) >= 2 and words[-1].split("-")[0] in AWARD_NAME_HEADS


_SPACED_DASH = re.compile(r"[ \t]+[-–—][ \t]+")


def _split_at_dashes(text: str, guesses: Iterable[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A dash with spaces round it separates names, it does not join them
    ("Agence - Wire" is two sources, "Russia – Ukraine war" two countries)."""
    result = []
    for start, end, label in guesses:
        at = start
        if "\n" in text[start:end]:
            result.append((start, end, label))  # across lines: not a name at all (dropped in typing)
            continue
        for dash in _SPACED_DASH.finditer(text, start, end):
            result.append((at, dash.start(), label))
            at = dash.end()
        result.append((at, end, label))
    return result


def _facility(text: str, start: int, end: int) -> bool:
    words = text[start:end].rstrip(" .,;:").split()
    return len(words) >= 2 and words[-1] in FACILITY_HEADS


# A company's suffix after a comma ("Acme, Inc."), part of its name.
_AFTER_COMMA_IN_NAME = frozenset("Inc Ltd Corp Co LLC Plc PLC Jr Sr".split())


def _split_at_commas(text: str, guesses: Iterable[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A comma separates the names of a list the model took as one body or
    person ("Zapster, Tunemaker"), unless what follows is a suffix of the name
    ("Acme, Inc."). Places keep theirs ("Paris, Texas"), dates too."""
    result = []
    for start, end, label in guesses:
        if label not in ("ORG", "PERSON") or ", " not in text[start:end] or " & " in text[start:end]:
            # ("Mind, Body & Soul": a title written as a list, one name)
            result.append((start, end, label))
            continue
        at = start
        for comma in re.finditer(r", ", text[start:end]):
            after = text[start + comma.end():end].split()[0].rstrip(".,")
            if after in _AFTER_COMMA_IN_NAME or not after[:1].isupper():
                continue
            result.append((at, start + comma.start(), label))
            at = start + comma.end()
        result.append((at, end, label))
    return result


# Between two names of one list: "A, B and C", "A and B", "A or B".
# The last name may have words of its own before it: "and fellow composer Ann Lee",
# "and Oscar-winning actor Sam Hill", "and Turner Prize-winning artist Sam Hill", "and the Acme Group".
_LIST_SEPARATOR = re.compile(r",? (?:and|or) (?:(?:[a-z][\w-]*|(?:[A-Z]\w* ){0,2}[A-Z]\w*-[a-z][\w-]*) ){0,3}|, ")
_REST_OF_NAME = re.compile(r"(?: [A-Z][\w’'-]+)*")
_LIST_KINDS = frozenset({"PERSON", "ORG", "GPE"})
# A name before a noun and another name modifies it ("current Ibrox manager Alex Reid"): not itself the list's member.
_MODIFIES_NEXT = re.compile(r"\s+(?!(?:and|or)\b)[a-z][\w-]*\s+[A-Z]")


def _coordinated(
    text: str, raw: list[tuple[int, int, str]], guesses: list[tuple[int, int, str]], gazetteer: Gazetteer
) -> list[tuple[int, int, str]]:
    """The model's guesses retyped by ``list_kinds`` before typing, so that a
    person's name cut short is made whole ("Ann" of "Ann Lee")."""
    members = [(start, end, label, True) for start, end, label in guesses if label in _LIST_KINDS]
    for start, end, label in raw:
        entry = gazetteer.lookup(text[start:end]) if label == GAZETTEER else None
        if entry and entry.type in _LIST_KINDS:
            members.append((start, end, entry.type, False))
    relabel = list_kinds(text, members)
    if not relabel:
        return guesses
    return [(s, e, relabel.get(text[s:e], label) if label in _LIST_KINDS else label) for s, e, label in guesses]


def list_kinds(text: str, members: list[tuple[int, int, str, bool]]) -> dict[str, str]:
    """Names in one list are of one kind: in a list of three names or more
    ("A, B and C", "A, B, C or D"; ``members`` are (start, end, kind, guessed)),
    a guessed one-word name typed unlike all the others, which agree, takes
    their type ("Leeds, Hartlepool and Bath"; "singers Jo Brand, Ann Lee and
    Sam Hill" with "Ann" taken for a firm): {name: kind}. People, organisations
    and places only; a name that is not a guess is never retyped."""
    members = [m for m in members if m[2] in _LIST_KINDS]
    by_start: dict[int, tuple[int, int, str, bool]] = {}  # one member per name, a sure one first
    for member in sorted(members, key=lambda m: (m[0], m[3])):
        by_start.setdefault(member[0], member)
    lists, chain = [], []
    for member in sorted(by_start.values()):
        if chain:
            previous = chain[-1]
            name_end = previous[1] + len(_REST_OF_NAME.match(text, previous[1]).group())
            separator = _LIST_SEPARATOR.fullmatch(text, name_end, member[0]) if name_end <= member[0] else None
            if separator and separator.group() == ", ":
                chain.append(member)
                continue
            if separator:  # "and" / "or" closes the list
                lists.append(chain + [member])
                chain = []
                continue
        chain = [member]
    relabel: dict[str, str] = {}
    for names in lists:
        if len(names) < 3:
            continue
        for member in names:
            # a witness is a whole name: not "UK" of "UK Online"
            witnesses = [m for m in names if m is not member and not _REST_OF_NAME.match(text, m[1]).group()]
            kinds = {m[2] for m in witnesses}
            if len(witnesses) < 2 or len(kinds) != 1 or text[member[0]:member[1]].isupper():
                continue  # an acronym is typed by the one-sense pass
            kind = next(iter(kinds))
            if kind == "PERSON" and member[2] == "ORG" and not _REST_OF_NAME.match(text, member[1]).group():
                continue  # a whole one-word name the model took for a body among people: a band, a firm
            if (member[3] and member[2] not in kinds and " " not in text[member[0]:member[1]]
                    and not _MODIFIES_NEXT.match(text, member[1])):
                relabel[text[member[0]:member[1]]] = kind
    return relabel


# A team sheet: "G Thomas (Toulouse, capt); K Morgan (Newport-Gwent), T Shanklin ...", "F Pelous (capt)"
_PLAYER = re.compile(
    r"(?<![\w’'-])[A-Z](?:-[A-Z])?\.? [A-Z][a-z]*[A-Z]?[a-z’']+(?:-[A-Z][a-z’']+)?(?![\w-])"
    r"(?: \(([A-Z][\w’' -]+?)(?:, [a-z]+)?\)| ([A-Z][\w-]+)\)| \([a-z]+\))?(?=\s*(?:[,;.]|$|\n))"
)


_TEAM = "TEAM"  # a club on a team sheet: an organisation, even when named after its town


def line_up(text: str) -> list[tuple[int, int, str]]:
    """People written as initial and surname in a list of three or more on one
    line (a team sheet), and the clubs in brackets after them."""
    found: list[tuple[int, int, str]] = []
    for line in re.finditer(r"[^\n]+", text):
        players = list(_PLAYER.finditer(line.group()))
        if len(players) < 3:
            continue
        for match in players:
            start = line.start() + match.start()
            name_end = start + len(re.match(r"\S+ \S+?(?= \(|[ )]|$)", match.group()).group())
            found.append((start, name_end, "PERSON"))
            for group in (1, 2):  # "(Cardiff)", or "Cardiff)" with its bracket dropped
                if match.group(group):
                    club = line.start() + match.start(group)
                    found.append((club, club + len(match.group(group)), _TEAM))
    return found


# Capitalised words right after a name, up to three: "Open" of "US Open", "Grand Prix".
_CAPITALISED_AFTER = re.compile(r"(?: [A-Z][a-z]+){1,3}(?![\w’'-])(?! [A-Z])")


def _event_names(text: str, spans: list[Span]) -> list[Span]:
    """A name followed by capitalised words ending in an event word is one event
    ("US" + "Open" -> "US Open", "Monaco" + "Grand Prix"), as the conventions'
    EVENT type has it: the recogniser found the place or the sponsor, not the
    event. Not in a Title Case headline, where every word is capitalised."""
    from .aliases import _title_case_line

    result = list(spans)
    for span in spans:
        if span.kind not in ("GPE", "NORP", "ORG", "PERSON", "LOC") or span not in result:
            continue
        after = _CAPITALISED_AFTER.match(text, span.end)
        if not after or after.group().split()[-1] not in EVENT_NAME_HEADS or _title_case_line(text, span.start):
            continue
        if span.kind in ("GPE", "NORP") and after.group().split()[-1] in _BODY_EVENT_HEADS:
            continue  # "Arab League": a body of those countries, not a competition
        end = span.end + len(after.group())
        result = [s for s in result if not (s.start < end and span.start < s.end)]
        result.append(Span(span.start, end, "EVENT", None, span.sure))
    return sorted(result, key=lambda s: (s.start, s.end))


# A capitalised administrative designator right after a place's name: " Region" of "Kursk Region".
_DESIGNATOR_AFTER = re.compile(r" (" + "|".join(sorted(w.capitalize() for w in PLACE_DESIGNATORS)) + r")(?![\w’'-])(?! [A-Z])")


# Organisation heads that also end the names of places: "Soviet Union", "South Bank", "Earls Court".
_PLACE_TOO = frozenset({"Union", "Bank", "Court"})
_THE_HEADED = re.compile(
    r"(?<=\bthe )((?:[A-Z][\w’'-]+ ){1,4}(?:" + "|".join(sorted(ORG_NAME_HEADS - _PLACE_TOO - {"Inc", "Ltd", "Corp", "News"})) + r"))(?![\w’'-])(?! (?:of )?[A-Z])"
)


def _headed_names(text: str, gazetteer: Gazetteer, spans: list[Span]) -> list[Span]:
    """A body the recogniser missed, named after "the" by capitalised words
    ending in an organisation's head word ("the General Staff", "the Strategic
    Force", "the Fishery Committee"): an organisation, its nationality or country
    included ("the Russian Armed Forces"). Not in a Title Case headline."""
    from .aliases import _title_case_line

    result = list(spans)
    for match in _THE_HEADED.finditer(text):
        start, end = match.span(1)
        end = _parent_organisation(text, end, gazetteer, start)  # "the General Staff of the Russian Armed Forces"
        inside = [s for s in result if s.start < end and start < s.end]
        if any(s.start < start or s.end > end or s.kind not in ("NORP", "GPE") for s in inside):
            continue
        if _title_case_line(text, start):
            continue
        result = [s for s in result if s not in inside] + [Span(start, end, "ORG", None)]
    return sorted(result, key=lambda s: (s.start, s.end))


# "the Commons", "the Lords": a body named by a capitalised common word after "the"
# (lexicon.INSTITUTION_NAMES), not part of a longer name ("the Senate Armed Services Committee").
_BODY_NAMES = "|".join(
    " ".join(w.capitalize() for w in name.split())
    for name in sorted(INSTITUTION_NAMES - {"government"}, key=len, reverse=True)
)
_BODY_BY_COMMON_NAME = re.compile(
    r"(?<=\b[Tt]he )(?:" + _BODY_NAMES + r")(?![\w’'-])(?! (?:of )?[A-Z])"
    # "the first woman to be Commons Speaker": the body before a title held in it
    + r"|(?<![\w’'-])(?:" + _BODY_NAMES + r")(?= (?:" + "|".join(sorted(HONORIFICS)) + r")\b)"
)  # ("Crown Prince" is a title)


def _bodies_by_common_name(text: str, spans: list[Span]) -> list[Span]:
    """A body named by a capitalised common noun after "the" ("oppose it in the
    Commons", "a vote in the Lords") is an organisation where the recogniser
    found nothing ("the Government", capitalised or not, is left to it)."""
    result = list(spans)
    for match in _BODY_BY_COMMON_NAME.finditer(text):
        if not any(s.start < match.end() and match.start() < s.end for s in spans):
            result.append(Span(match.start(), match.end(), "ORG", None))
    return sorted(result, key=lambda s: (s.start, s.end))


def _national_bodies(text: str, spans: list[Span]) -> list[Span]:
    """A country's abbreviation right before a body's capitalised name with an
    organisation's head word is part of that name ("US" + "District Court" ->
    "US District Court", as "US Justice Department" is one name)."""
    result: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        previous = result[-1] if result else None
        if (previous is not None and previous.kind == "GPE" and span.kind == "ORG" and text[previous.end:span.start] == " "
                and re.fullmatch(r"[A-Z]{2,3}|(?:[A-Z]\.){2,3}", text[previous.start:previous.end])
                and set(text[span.start:span.end].split()) & ORG_NAME_HEADS):
            result[-1] = Span(previous.start, span.end, "ORG", None, span.sure)
            continue
        result.append(span)
    return result


def _designator_named(text: str, start: int, end: int) -> bool:
    words = text[start:end].split()
    designators = {w.capitalize() for w in PLACE_DESIGNATORS}
    return (len(words) >= 2 and words[-1].rstrip(".,;:") in designators) or bool(_DESIGNATOR_AFTER.match(text, end))


def _designated(text: str, spans: list[Span]) -> list[Span]:
    """A place followed by a capitalised designator is one place with it, as
    the conventions have it ("Kursk" + "Region" -> "Kursk Region"; lower case,
    "the Kursk region", it stays out)."""
    result = []
    for span in spans:
        after = _DESIGNATOR_AFTER.match(text, span.end) if span.kind in ("GPE", "LOC") else None
        if after and not any(s.start < after.end() and span.end < s.end for s in spans if s is not span):
            span = Span(span.start, after.end(), "GPE", None, span.sure, span.placed)
        result.append(span)
    return result


# "'s High School", " College": capitalised words ending in an institution's head, right after a name.
_INSTITUTION_AFTER = re.compile(
    r"(?:['’]s?)?(?: [A-Z][a-z]+){0,2} (?:" + "|".join(sorted(INSTITUTION_HEADS)) + r")(?![\w’'-])(?! (?:of )?[A-Z])"
)
_SAINT_BEFORE = re.compile(r"(?:St\.?|Saint) $")


def _institutions(text: str, spans: list[Span]) -> list[Span]:
    """A name followed by capitalised words ending in the head of a school's or
    college's name is that organisation, a saint's "St" before it included
    ("St" + "Mary" + "'s High School" -> "St Mary's High School"); the article's
    other mentions of such a name shortened to its "St X's" are it too."""
    result = list(spans)
    short: set[str] = set()
    for span in spans:
        if span.kind in ("DATE", "LAW", "EVENT") or span not in result:
            continue
        after = _INSTITUTION_AFTER.match(text, span.end)
        if not after:
            continue
        saint = _SAINT_BEFORE.search(text, max(0, span.start - 7), span.start)
        if after.group().startswith(("'", "’")) and not saint:
            continue  # "Edinburgh's Napier University": the owner and the university
        start, end = (saint.start() if saint else span.start), after.end()
        result = [s for s in result if not (s.start < end and start < s.end)]
        result.append(Span(start, end, "ORG", None, span.sure))
        possessive = re.match(r"(.*?['’]s?)(?= [A-Z])", text[start:end])
        if possessive and saint:
            short.add(possessive.group(1))
    if short:
        pattern = re.compile(r"(?<![\w’'-])(?:" + "|".join(re.escape(n) for n in sorted(short, key=len, reverse=True)) + r")(?! [A-Z])")
        for match in pattern.finditer(text):
            inside = [s for s in result if s.start < match.end() and match.start() < s.end]
            if all(not s.sure and match.start() <= s.start and s.end <= match.end() for s in inside):
                result = [s for s in result if s not in inside] + [Span(match.start(), match.end(), "ORG", None)]
    return sorted(result, key=lambda s: (s.start, s.end))


def _within(span: tuple[int, int, str], others: list[tuple[int, int]]) -> bool:
    return any(s <= span[0] and span[1] <= e and (e - s) > (span[1] - span[0]) for s, e in others)


def _in_longer_name(text: str, start: int, end: int) -> bool:
    before = re.search(r"[A-Z][\w’'.]*[ -]$", text[max(0, start - 40):start])
    after = re.match(r"[ -][A-Z]", text[end:end + 2])
    if before and not re.search(r"(?:^|[.!?:;\"“‘]\s*|\n\s*)[A-Z][\w’'.]*[ -]$", text[max(0, start - 40):start]):
        return True  # the capitalised word before it does not just open the sentence
    return bool(after)


def _typed(text: str, raw: Iterable[tuple[int, int, str]], gazetteer: Gazetteer, sure: bool) -> list[Span]:
    spans = []
    for start, end, label in raw:
        start, end = trim(text, start, end)
        if end <= start:
            continue
        surface = text[start:end]
        entry = gazetteer.lookup(surface) if label != _TEAM else None
        kind = entry.type if entry else _LABELS.get(label, "ORG" if label == _TEAM else None)
        if kind is None or "http" in surface or "\n" in surface:
            continue
        if kind == "DATE":
            if not is_calendar_date(surface):
                continue
        elif not (surface[0].isupper() or surface[0].isdigit()) or not re.search(r"[A-Za-z]", surface) or _NUMBER.match(surface):
            continue
        words = surface.split()
        while kind != "DATE" and len(words) > 1 and words[-1].isalpha() and words[-1].islower():
            # "the Acme news agency": the name is the capitalised words, not the noun after them
            end = start + len(surface) - len(surface.rsplit(None, 1)[-1])
            end = trim(text, start, end)[1]
            surface, words = text[start:end], text[start:end].split()
        if kind != "DATE" and all(w.rstrip(".") in HONORIFICS for w in words) and not (
            kind in ("ORG", "NORP") and len(words) == 1 and words[0] in GROUP_HONORIFICS
        ):
            continue  # "Crown" of "Crown Princess Mary", "Home" of "Home Secretary" (not "Labour", a party)
        if surface in TIME_ZONES:
            continue
        if len(surface) == 1:
            continue  # "I", a pronoun; a lone letter is no name
        if kind != "PERSON" and not entry and " " not in surface and _MARKER_BEFORE.search(text, max(0, start - 12), start):
            kind = "PERSON"  # "Mr Kilroy-Silk", whatever the model thought
        if not entry and re.fullmatch(r"[A-Z]{2,}s", surface):
            continue  # "MPs", "GPs", "DVDs": the plural of an abbreviation is a common noun
        if kind == "LAW" and surface.lower() in LAW_WORDS + ("bill",):
            continue  # "the Act", "the Treaty" alone: a reference back, not a name
        if kind == "LAW" and not sure and not entry and not _LEGAL.search(surface):
            # a model's "law" with no word of the law in it ("Halo 2", "Royal Shakespeare Company",
            # "Internet Protocol"): a body or an event by its head word, else nothing named here
            kind = _type_by_form(surface, "ORG", gazetteer)
            if kind == "ORG" and words[-1] not in ORG_NAME_HEADS:
                continue
        if kind == "DATE" and surface in ("Today", "Tomorrow", "Yesterday") and not _opens_sentence(text, start):
            continue  # capitalised inside a sentence: a name ("the Today programme")
        if not sure and kind in ("PERSON", "ORG", "GPE", "LOC", "EVENT") and " " not in surface and _counted(text, start, end):
            continue  # "won an Oscar in 1973", "his Oscar-winning role": a thing named, not a name
        if _VERSION.match(text, end) and kind != "DATE":
            continue  # "Firefox 1.0": a product
        if len(words) > 1 and _marked(words) and not entry:
            kind = "PERSON"  # "Ms Hessel", "Rt Rev Hessel", whatever the model thought
        if kind == "PERSON" and words[-1].rstrip(".") in PERSON_MARKERS:
            continue  # "Describing Mr": the name is the next span
        if kind == "PERSON" and not entry and len(words) >= 2 and words[-1] in ORG_NAME_HEADS - _PLACE_TOO:
            kind = "ORG"  # "Korean People's Army": a body, its nationality part of its name
        first = gazetteer.lookup(words[0]) if kind == "PERSON" and not entry and len(words) >= 2 else None
        if first and first.type == "ORG" and words[0].isupper():
            kind = "ORG"  # "BBC Sport Wales": no one's name opens with a known body's acronym
        if kind == "PERSON" and not entry:
            start, end = _person_name(text, start, end, gazetteer)
            end = _whole_name(text, start, end)
            if end <= start:
                continue
            surface = text[start:end]
            entry = gazetteer.lookup(surface)
            if entry and entry.type != "PERSON":
                kind = entry.type
        if kind in ("ORG", "PERSON", "GPE", "LOC", "NORP") and not entry and label != GAZETTEER:
            kind = _type_by_form(surface, kind, gazetteer)
        if kind in ("NORP", "GPE", "LOC", "PERSON") and not entry and surface.lower() in INSTITUTION_NAMES:
            kind = "ORG"  # "the Commons", "Congress": a body, whatever the model thought
        if kind == "ORG" and not entry and label != GAZETTEER and _placed_in(text, start, end):
            kind = "GPE"
        if kind == "ORG" and not entry:
            end = _parent_organisation(text, end, gazetteer, start)
        placed = label in ("GPE", "LOC", GAZETTEER) and kind in ("GPE", "LOC") and _placed_in(text, start, end)
        spans.append(Span(start, end, kind, entry.canonical if entry else None, sure, placed))
    return spans


# A word that makes a name a law or a part of one: the lexicon's law words and the rest of
# the legal vocabulary ("First Amendment", "Data Protection Directive", "Section 404").
_LEGAL = re.compile(
    r"\b(?:" + "|".join(w.capitalize() for w in LAW_WORDS) + r"|Bill|Law|Constitution|Amendment|Directive|Code|Statute|"
    r"Regulations?|Resolution|Plan|Doctrine)\b|^(?:Article|Section|Chapter|Clause|Rule|Title|Schedule)\s+\w+"
)
_MARKER_BEFORE = re.compile(r"(?<![\w’'-])(?:" + "|".join(sorted(PERSON_MARKERS)) + r")\.? $")
_A_BEFORE = re.compile(r"(?<![\w’'-])(?:a|an|An) $")
# after a noun the name ends its phrase: punctuation, a preposition, a determiner or the end
_PHRASE_ENDS = re.compile(r"(?:[.,;:!?)\"”’]|\s+(?:in|for|at|on|and|or|with|from|to|by|of|the|last|this|next|that|which)\b|\s*$)")
_WON_AFTER = re.compile(r"-(?:winning|winner|nominated|nominee)\b")


def _marked(words: list[str]) -> bool:
    """The name opens with an honorific that marks a person ("Ms Lee"), maybe
    after other titles ("Rt Rev Lee")."""
    for word in words[:-1]:
        word = word.rstrip(".")
        if word in PERSON_MARKERS:
            return True
        if word not in HONORIFICS:
            return False
    return False


def _counted(text: str, start: int, end: int) -> bool:
    """A one-word name used as a count noun, for a thing of that name: after
    "a"/"an" and ending its phrase ("won an Oscar in 1973"; not "a BBC
    reporter", "a Labour government"), or what is won ("Oscar-winning")."""
    if _WON_AFTER.match(text, end):
        return True
    return bool(_A_BEFORE.search(text, max(0, start - 4), start)) and bool(_PHRASE_ENDS.match(text, end))


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Quotes, brackets, spaces and trailing punctuation off both ends; a leading
    "the", a trailing possessive and trailing joining words ("of", "and") off; a
    bracket inside cuts the span there."""
    while start < end and text[start] in " \t\n\"“”‘’'(":
        start += 1
    url = _LEADING_URL.match(text, start, end)
    if url and url.end() < end:
        start = url.end()  # "https://example.org/credits Acme Army": the name after the address
    cut = text.find("(", start, end)
    if cut > start:
        end = cut
    while end > start and text[end - 1] in " \t\n\"“”‘’'),.;:!?-–—":
        if text[end - 2:end] in ("'s", "’s") and end - 2 > start:
            break
        end -= 1
    match = re.match(r"(?:the|The|THE)\s+", text[start:end])
    if match and end - start > match.end():
        start += match.end()
    if text[start:end].endswith(("'s", "’s", "s'", "s’")) and end - start > 2 and not _name_with_s(text, end):
        end -= 2 if text[end - 2] in "'’" else 1
    while end > start and text[end - 1] in " \t":
        end -= 1
    # no name ends on a joining word: "the Young Sports Personality of" (the year cut off) -> "... Personality"
    dangling = _DANGLING.search(text, start, end)
    if dangling and dangling.start() > start:
        end = dangling.start()
        while end > start and text[end - 1] in " \t\n\"“”‘’'),.;:!?-–—":
            end -= 1  # "Oscars - the" -> "Oscars"
    return start, end


_LEADING_URL = re.compile(r"(?:https?://|www\.)\S*\s+")
_DANGLING = re.compile(r"(?:\s+(?:of|and|for|the|in|on|at|to|&))+$")


# After a name, punctuation, the end or a word that cannot follow a possessive (it needs a
# noun after it): the name's "'s" is its own ("Hollins's said", "Hollins's and Parr's").
_NOT_POSSESSED = re.compile(r"(?:\s*[,.;:!?)\]]|\s*$|\s+(?:" + "|".join(NOT_POSSESSED_WORDS) + r")\b)")


def _name_with_s(text: str, end: int) -> bool:
    """A name like "Hollins's" at ``end`` is a name ending in 's, not a possessive: no noun follows."""
    return text[end - 2:end] in ("'s", "’s") and bool(_NOT_POSSESSED.match(text, end))


def _person_name(text: str, start: int, end: int, gazetteer: Gazetteer) -> tuple[int, int]:
    """The name alone: titles, honorifics, nationalities and lower-case words
    before it left out ("Deputy Speaker Sylvia Heal" -> "Sylvia Heal", "analyst
    Ann Lee" -> "Ann Lee", "Russian Ivan Petrov" -> "Ivan Petrov"), and whatever
    comes before an honorific inside it ("Describing Mr Jackson" -> "Jackson")."""
    words = list(re.finditer(r"\S+", text[start:end]))
    skip = 0
    for n, word in enumerate(words[:-1]):
        if word.group().rstrip(".") in PERSON_MARKERS:
            skip = n + 1
    while skip < len(words) - 1:
        word = words[skip].group().rstrip(".,")
        entry = gazetteer.lookup(word)
        if word in HONORIFICS or word[:1].islower() or (entry and entry.type == "NORP"):
            skip += 1
        elif word.lower() in _ROLE_WORDS and skip < len(words) - 2:
            # "Novelist Ann Lee", "Broadcaster Jo Bloggs": a role noun capitalised only because it
            # opens the sentence or a headline; a full name of two words or more must be left.
            skip += 1
        else:
            break
    return (start + words[skip].start(), end) if words else (start, end)


# Lower-case nouns for someone's role or trade, or an organisation's ("broadcaster"), that
# may stand capitalised before a person's name at the start of a sentence.
_ROLE_WORDS = PERSON_DESCRIPTORS | ORG_DESCRIPTORS


def nationality_first(text: str, guesses: Iterable[tuple[int, int, str]], is_nationality) -> list[tuple[int, int, str]]:
    """A model's person of three words or more whose first word is a nationality
    or group ("Californian Ann Lee", "Tory Lord Hill") is that group and the
    person: ``is_nationality(word)`` says which words are (the model on the word
    alone). A name of two words is left whole ("Christian Bale")."""
    result = []
    for start, end, label in guesses:
        words = text[start:end].split()
        first = words[0] if words else ""
        if (label == "PERSON" and len(words) >= 3 and first.isalpha() and first[:1].isupper() and not first.isupper()
                and first not in HONORIFICS and first.lower() not in _ROLE_WORDS
                and all(w[:1].isupper() or w == "of" for w in words[1:])
                and is_nationality(first)):
            rest = start + len(first) + len(text[start + len(first):end]) - len(text[start + len(first):end].lstrip())
            result += [(start, start + len(first), "NORP"), (rest, end, label)]
        else:
            result.append((start, end, label))
    return result


# An honorific that marks a person, and the capitalised name after it: "Ms Lee", "Dr Ann Lee".
_MARKED_NAME = re.compile(
    r"(?<![\w’'-])(?:" + "|".join(sorted(PERSON_MARKERS - {"Miss"})) + r")\.? ([A-Z][a-z][\w’'-]*(?: [A-Z][a-z][\w’'-]*)?)(?![\w’'-])"
)


def marked_people(text: str, guesses: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The model's guesses, and a person for every name after an honorific that
    marks one ("Ms Lee said") where the model found nothing at all."""
    extra = []
    for match in _MARKED_NAME.finditer(text):
        start, end = match.span(1)
        if "\n" in text[match.start():end] or any(s < end and start < e for s, e, _ in guesses):
            continue
        if all(w.rstrip(".") in HONORIFICS for w in match.group(1).split()):
            continue  # "Lord Chancellor": a title
        extra.append((match.start(), end, "PERSON"))
    return guesses + extra


_VERSION = re.compile(r" v?\d+\.\d+\b")


def _opens_sentence(text: str, at: int) -> bool:
    return at == 0 or bool(re.search(r"(?:[.!?][\"”’']?\s+|\n\s*|[\"“‘]\s*)$", text[max(0, at - 4):at]))


def _whole_name(text: str, start: int, end: int) -> int:
    """A one-word person the model cut short: the capitalised surname right after
    it is part of the name ("Sylvia" of "Sylvia Heal agreed")."""
    if " " in text[start:end]:
        return end
    match = re.match(r" ([A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?![\w’'-]|\s+[A-Z])", text[end:end + 40])
    if match and match.group(1) not in HONORIFICS and match.group(1).lower() not in MONTH_NUMBERS | WEEKDAY_NUMBERS:
        return end + match.end()
    return end


# (a word's full stop only inside it, "U.S": a full stop and a space end the sentence)
_OF_NAME = re.compile(r" (of|for) (?:the )?((?:[A-Z](?:[\w’'-]|\.(?=\w))*)(?: (?:of (?:the )?)?[A-Z](?:[\w’'-]|\.(?=\w))*){0,5})")


def _parent_organisation(text: str, end: int, gazetteer: Gazetteer, start: int | None = None) -> int:
    """An organisation's name goes on through "of <parent or official name>"
    ("Central Committee of the Party of Labour"), not through "of <country>"
    ("Central Committee" + "Ruritania"), per the conventions; and through "for
    <what it is for>" when its name has an organisation's head word ("Court of
    Appeals for the Fifth Circuit", "Commission for Racial Equality"; not
    "swapped Chelsea for Arsenal"), given ``start``."""
    match = _OF_NAME.match(text, end)
    if not match:
        return end
    if match.group(1) == "for" and (start is None or not set(text[start:end].split()) & ORG_NAME_HEADS):
        return end
    stop = end
    # each "of ..." part in turn, until one names a country
    for part in re.finditer(r"(?:^| (?:of|for) (?:the )?)((?:(?! (?:of|for) )[^ ]+(?: |$))+)", match.group(0)):
        name = part.group(1).strip()
        first = gazetteer.lookup(name.split()[0]) if name else None
        whole = gazetteer.lookup(name)
        if not name or (whole and whole.type in ("GPE", "LOC")) or (first and first.type == "GPE"):
            break
        stop = match.start() + part.end()
    return trim(text, end, stop)[1] if stop > end else end


# Words after which "in X" names a business, not a place ("shares in Acme", "a stake in Acme",
# "invested in Acme").
_STAKE_NOUNS = frozenset("share shares stake stakes investment investments interest interests holding holdings "
                         "confidence trust faith invest invests invested investing involved interested".split())
_IN_BEFORE = re.compile(r"(?:^|\b([A-Za-z]+) )in $")


def _placed_in(text: str, start: int, end: int) -> bool:
    """A one-word name a recogniser took for an organisation is a place after a
    locative "in" ("died in Zlin", "a rally in Zlin"): organisations are "at"
    ("an analyst at Acme"); "shares in Acme" stays a business. Acronyms stay."""
    surface = text[start:end]
    if " " in surface or surface.isupper() or not surface.isalpha() or surface in HONORIFICS:
        return False
    if text[end:end + 2] in ("'s", "’s"):
        return False  # "in Acme's defeat": "in" governs what the name owns
    if surface.lower() in INSTITUTION_NAMES or surface.lower() in ORG_REFERENCE_WORDS:
        return False  # "in Parliament", "in Congress": a body
    match = _IN_BEFORE.search(text, max(0, start - 30), start)
    return bool(match) and (match.group(1) or "").lower() not in _STAKE_NOUNS


# Event words that also end the name of a body of members ("Arab League", "Muslim League"):
# after a nationality or a country they name that body, not a competition.
_BODY_EVENT_HEADS = frozenset({"League"})


def _type_by_form(surface: str, kind: str, gazetteer: Gazetteer | None = None) -> str:
    """A capitalised name of two words or more ending in an event word is an
    event ("SAP Open", "London Marathon", "Davis Cup"); a name with a capitalised
    administrative designator is a place with that status ("Kursk Oblast")."""
    words = surface.split()
    if len(words) >= 2 and words[-1] in ORG_NAME_HEADS - _PLACE_TOO and kind in ("GPE", "LOC", "NORP", "PERSON"):
        return "ORG"  # "Republic of Korea Armed Forces", "Zenda Football Association": a body by its head word
    if len(words) >= 2 and words[-1] in EVENT_NAME_HEADS:
        member = gazetteer.lookup(words[-2]) if gazetteer is not None and words[-1] in _BODY_EVENT_HEADS else None
        if not (member and member.type in ("NORP", "GPE")):
            return "EVENT"
    if len(words) == 2 and kind in ("LOC", "PERSON", "ORG") and (
        words[-1].lower() in PLACE_DESIGNATORS or words[0].lower() in PLACE_DESIGNATORS
    ) and words[-1][:1].isupper() and words[0][:1].isupper() and words[-1] not in ORG_NAME_HEADS:
        return "GPE"  # an administrative area by name: "Kursk Oblast", "Ardenne Region", "County Durham"
    return kind




def is_calendar_date(surface: str) -> bool:
    """A reference to the calendar, not a duration, an age, a count or a time of
    day: "last year", "June", "2004", "two years ago", "the fourth quarter";
    not "30 days", "66", "24-year-old", "6000 years", "0300"."""
    if _AGE.search(surface):
        return False
    if ANCHORED_PERIOD.search(surface):
        return True
    words = [w.lower() for w in _WORD.findall(surface)]
    if any(w in MONTH_NUMBERS or w in WEEKDAY_NUMBERS or w in DATE_WORDS or w.capitalize() in DATE_WORDS for w in words):
        return True
    if _YEARLIKE.search(surface) and not re.search(r"\d{5}", surface):
        return True
    units = [w for w in words if w in DATE_UNITS]
    if units and any(w in DATE_DEICTIC for w in words):
        return True
    return bool(units) and any(w in ORDINALS for w in words) and any(u.startswith("quarter") for u in units)


def _without_overlaps(spans: list[Span]) -> list[Span]:
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if kept and span.start < kept[-1].end:
            continue
        kept.append(span)
    return kept


# Words a longer date may add around a pattern's date: "the end of", "three months to",
# "between ... and", "a couple of ... ago".
_DATE_CONNECTORS = frozenset("of the to and between in or a an from until through couple few several".split())
_COUNT_WORDS = frozenset(COUNT_WORDS)


_RANGE_START = re.compile(r"(?:(?:[Bb]etween|[Ff]rom)\s+)?\d{1,4}\s*(?:[-–]|to|and|or)\s*")
_RANGE_END = re.compile(r"\s*[-–]\s*\d{1,4}")


def _calendar_around(text: str, guess: Span, touched: list[Span]) -> bool:
    """A model's date may replace the patterns' dates inside it only where all
    it adds is calendar words ("the end of last year", "three months to
    September", "early this year"), not a number or any other word ("Friday
    15", "Friday - 67%", "year on Friday", "about 2005"), and it does not end
    on a connecting word ("early 2001 and")."""
    parts, at = [], guess.start
    for span in sorted(touched, key=lambda s: s.start):
        parts.append(text[at:span.start])
        at = span.end
    parts.append(text[at:guess.end])
    if text[guess.start:guess.end].split()[-1].lower() in _DATE_CONNECTORS:
        return False
    # a range of days or years: "6 to 9 January", "10-16 January", "1956-87"
    if _RANGE_START.fullmatch(parts[0]) and not parts[-1].strip() or _RANGE_END.fullmatch(parts[-1]) and not parts[0].strip():
        return True
    tokens = re.findall(r"[A-Za-z]+|\d+|[^\sA-Za-z\d-]", " ".join(parts))
    for n, token in enumerate(tokens):
        word = token.lower()
        if token.isdigit():
            unit_next = n + 1 < len(tokens) and tokens[n + 1].lower() in DATE_UNITS
            if not (_YEARLIKE.fullmatch(token) or unit_next):
                return False
        elif not (word in DATE_UNITS or word in DATE_DEICTIC or word in MONTH_NUMBERS or word in WEEKDAY_NUMBERS
                  or word in DATE_WORDS or word.capitalize() in DATE_WORDS or word in ORDINALS
                  or word in _DATE_CONNECTORS or word in _COUNT_WORDS or word in ("ago", "earlier", "later", "before")):
            return False
    return True


def _merge(text: str, sure: list[Span], guesses: list[Span], fixed: set[tuple[int, int]] = frozenset()) -> list[Span]:
    """Sure spans, plus guesses that overlap none; a guess that strictly
    contains every sure span it touches replaces them (a longer name), unless
    one of them is a team sheet's player or club (``fixed``: the sheet's layout
    says where each name ends), a pattern's treaty, or a pattern's date that the
    guess runs on from into more than the calendar (``_calendar_around``)."""
    result = list(sure)
    for guess in guesses:
        touched = [s for s in result if s.start < guess.end and guess.start < s.end]
        if not touched:
            result.append(guess)
            continue
        inside = all(guess.start <= s.start and s.end <= guess.end for s in touched)
        longer = all((s.end - s.start) < (guess.end - guess.start) for s in touched)
        protected = any(
            s.sure and (
                s.kind == "LAW" or (s.start, s.end) in fixed
                or (s.kind == "DATE" and (guess.kind != "DATE" or not _calendar_around(text, guess, touched)))
            )
            for s in touched
        )
        if inside and longer and not protected:
            result = [s for s in result if s not in touched] + [guess]
    return sorted(result, key=lambda s: (s.start, s.end))
