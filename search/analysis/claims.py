"""Reported claims and factual assertions, with who made them and how
check-worthy they are, plus the dated or numbered facts they state.

A claim is a sentence (outside boilerplate) of one of two kinds:

- ``reported``: its main predication attributes content to a source through a
  communicative or cognitive act ("X said that ...", "according to X", "X
  accused Y of ...", "it is understood that ..."), with that source (None for
  an impersonal passive). A sentence whose only reported content is a direct
  quotation ('"...," he said.') is not one: the quote is.
- ``factual``: an assertion carrying a figure, a date or an event, with a
  check-worthiness score: in the article's own voice (``attributed_to`` None),
  or inside a direct quote (then its speaker: the figure is still checkable).

With the article's dependency parse (``attribution``) the reporting act, its
content and its source are read from the parse; without it, from patterns.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass
from typing import Sequence

from ..lexicon import FACT_STOP_WORDS, LAW_WORDS, REPORTING_FORMS, REPORTING_VERB, readable_stem
from .dates import DateValue, resolve
from .ner import Entity
from ..lexicon import looks_like_headline
from .quotes import ACCORDING_TO, PASSIVE, SUBJECT_VERB, Quote, SpeakerResolver
from .sentences import split_sentences

# Case matters: "State Affairs" is a name, not a verb.
_REPORTING = re.compile(rf"\b(?:{REPORTING_VERB})\b|\b[Aa]ccording to\b|\bas saying\b")
_NUMBER_WORDS = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?|thousands?|millions?|billions?)"
_NUMBER = re.compile(rf"\b(?:\d[\d,.]*%|\d(?:[\d,.]*\d)?\b|{_NUMBER_WORDS}\b)", re.IGNORECASE)
_HEDGES = re.compile(r"\b(?:alleged(?:ly)?|reportedly|claimed|claims|denied|unconfirmed|purported(?:ly)?|said to)\b", re.IGNORECASE)
_EVENT_VERBS = re.compile(
    r"\b(?:signed|killed|wounded|deployed|sent|captured|launched|invaded|attacked|confirmed|ordered|"
    r"announced|established|erected|concluded|defeated|liberated|condemned|died|rose|fell)\b",
    re.IGNORECASE,
)
# A fact: a verb ("signed"), the thing it is about ("treaty") and a date or number.
_FACT_VERB = re.compile(
    r"\b(?P<verb>[a-z]{2,}ed|sent|held|made|taken|given|won|lost|built|begun|fought|brought|met|paid|sold|told|left|hit|cut|"
    r"set|put|rose|fell|grew|shrank|spent|cost|saw|took|gave|came|became|began|bought|hit)\b"
)
# Figures worth comparing: multi-digit numbers, percentages and large counts
# ("two countries" and "Article 4" are not facts to check).
_FIGURE = re.compile(r"^(?:\d[\d,.]*\d%?|\d%|\d{2,}|dozens|hundreds|thousands|millions|billions)$", re.IGNORECASE)
_LAW_WORD = re.compile(r"\b(" + "|".join(LAW_WORDS) + r")\b")


@dataclass(frozen=True)
class Fact:
    """``key`` names what the fact is about ("sign treaty"); ``value`` is what the article says."""

    key: str
    value: str  # a date label (2024-06-19, 2024-06, 2024) or a number
    first: str | None = None  # the date range, for comparing dates of different precision
    last: str | None = None

    def agrees_with(self, other: "Fact") -> bool:
        if self.first and other.first:
            return DateValue(dt.date.fromisoformat(self.first), dt.date.fromisoformat(self.last), "day").agrees_with(
                DateValue(dt.date.fromisoformat(other.first), dt.date.fromisoformat(other.last), "day")
            )
        return self.value == other.value


@dataclass(frozen=True)
class Claim:
    start: int
    end: int
    text: str
    attributed_to: str | None
    score: float
    facts: tuple[Fact, ...] = ()
    entities: tuple[str, ...] = ()  # canonical names mentioned, for clustering
    cluster: str | None = None
    kind: str = "reported"  # "reported" (attributed to a source) or "factual" (the outlet's own assertion)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["facts"] = [asdict(f) for f in self.facts]
        data["entities"] = list(self.entities)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Claim":
        data = dict(data)
        data["facts"] = tuple(Fact(**f) for f in data.get("facts", ()))
        data["entities"] = tuple(data.get("entities", ()))
        return cls(**data)


REPORTED = "reported"
FACTUAL = "factual"


def find_claims(
    text: str,
    entities: Sequence[Entity],
    quotes: Sequence[Quote],
    resolver: SpeakerResolver,
    article_date: dt.date | None,
    boilerplate: Sequence[tuple[int, int]] = (),
    doc=None,
) -> list[Claim]:
    attribution = None
    if doc is not None:
        from .attribution import Attribution

        attribution = Attribution(text, doc, resolver.entities, [(q.start, q.end) for q in quotes], resolver.is_media, resolver.issuer)
    claims = []
    for start, end in split_sentences(text):
        if any(s <= start < e for s, e in boilerplate):
            continue
        sentence = text[start:end]
        if looks_like_headline(sentence):
            who = _headline_source(sentence, start, entities, attribution)
            if who is not False:
                claims.append(Claim(start=start, end=end, text=sentence, attributed_to=who, score=_score(
                    sentence, [e for e in entities if start <= e.start < end], True, False, quotes, start, end),
                    entities=tuple(sorted({e.canonical for e in entities if start <= e.start < end and e.type != "DATE"}))))
            continue
        if len(sentence.split()) < 5:
            continue  # datelines ("TOKYO, April 28. /TASS/.") are not claims
        quoted = _quoted_chars(quotes, start, end)
        inside = [e for e in entities if start <= e.start < end]
        dates = [e for e in inside if e.type == "DATE"]
        numbers = [m for m in _NUMBER.finditer(sentence) if not any(e.start <= start + m.start() < e.end for e in inside)]
        if attribution is not None:
            reported, who = _reported_by_parse(attribution, start, end, quotes)
        else:
            reported, who = _reported_by_patterns(text, start, end, resolver, quotes)
        if reported:
            kind = REPORTED
        elif dates or numbers or (_EVENT_VERBS.search(sentence) and any(e.type != "DATE" for e in inside)):
            # A figure, a date or an event: the outlet's own, or a direct quote's (then its speaker's).
            kind, who = FACTUAL, _quoted_speaker(quotes, start, end) if quoted * 2 > end - start else None
        else:
            continue
        facts = tuple(_facts(text, start, end, dates, numbers, inside, article_date))
        claims.append(
            Claim(
                start=start,
                end=end,
                text=sentence,
                attributed_to=who,
                score=_score(sentence, inside, reported, bool(dates or numbers), quotes, start, end),
                facts=facts,
                entities=tuple(sorted({e.canonical for e in inside if e.type != "DATE"})),
                kind=kind,
            )
        )
    return claims


def _headline_source(line: str, start: int, entities: Sequence[Entity], attribution) -> str | None | bool:
    """A headline that reports ("Minister Denies Plan to Close Mines"): the source
    named before its reporting verb; False when the headline reports nothing."""
    words = list(re.finditer(r"[A-Za-z][\w’'-]*", line))
    for n, word in enumerate(words[1:-1], start=1):
        lower = word.group().lower()
        if lower in REPORTING_FORMS and lower.endswith(("s", "ed")) and len(words) - n - 1 >= CONTENT_WORDS:
            before = [e for e in entities if start <= e.start and e.end <= start + word.start() and e.type in ("PERSON", "ORG", "GPE")]
            if not before:
                # The model seldom names things in Title Case: the words before the verb.
                subject = line[:word.start()].strip(" :,-–—")
                return subject if 0 < len(subject.split()) <= 4 else None
            entity = before[-1]
            return attribution.name(entity) if attribution is not None else entity.canonical
    return False


def _quoted_chars(quotes: Sequence[Quote], start: int, end: int) -> int:
    return sum(max(0, min(q.end, end) - max(q.start, start)) for q in quotes if not any(
        o is not q and o.start <= q.start and q.end <= o.end for o in quotes))


# What a reported claim must say besides its quotes: this many words.
CONTENT_WORDS = 2


def _reported_by_parse(attribution, start: int, end: int, quotes: Sequence[Quote]) -> tuple[bool, str | None]:
    """(is a reported claim, its source) from the parse: a main reporting verb
    whose content is not only a direct quote, or "according to X"."""
    verbs = attribution.reporting_verbs(start, end, main_only=True)
    verbs.sort(key=lambda v: v.dep_ != "ROOT")
    quote_only = False
    for verb in verbs:
        source = attribution.source_token(verb)
        if attribution.content_words(verb, source, (start, end)) < CONTENT_WORDS:
            quote_only = quote_only or any(start <= q.start < end for q in quotes)
            continue
        if source is None:
            passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
            return True, None if passive else _quoted_speaker(quotes, start, end)
        resolved = attribution.resolve(source, start)
        return True, resolved[0] if resolved else _quoted_speaker(quotes, start, end)
    according = attribution.according_to(start, end)
    if according is not None and not quote_only:
        skip = {t.i for t in according.head.head.subtree} if according.head.head.lower_ == "according" else set()
        words = [t for t in attribution.tokens(start, end) if t.is_alpha and t.i not in skip and not attribution.in_quote(t.idx)]
        if len(words) >= CONTENT_WORDS + 1:
            resolved = attribution.resolve(according, start)
            return True, resolved[0] if resolved else None
    return False, None


def _quoted_speaker(quotes: Sequence[Quote], start: int, end: int) -> str | None:
    return next((q.speaker for q in quotes if start <= q.start < end and q.speaker), None)


def _reported_by_patterns(text: str, start: int, end: int, resolver: SpeakerResolver, quotes: Sequence[Quote]) -> tuple[bool, str | None]:
    """The same without a parse: a reporting verb or "according to" outside the
    quotes, with words left once the quotes and the attribution are taken out."""
    chars = list(text[start:end])
    for q in quotes:
        for i in range(max(q.start, start), min(q.end, end)):
            chars[i - start] = " "
    bare = "".join(chars)
    match = _REPORTING.search(bare)
    if not match:
        return False, None
    attribution = SUBJECT_VERB.search(bare) or ACCORDING_TO.search(bare) or match
    rest = bare[:attribution.start()] + bare[attribution.end():]
    if len(re.findall(r"[A-Za-z]{2,}", rest)) < CONTENT_WORDS + 1:
        return False, None
    return True, _claimant(text, start, end, resolver, quotes)


def _claimant(text: str, start: int, end: int, resolver: SpeakerResolver, quotes: Sequence[Quote]) -> str | None:
    """Who makes the claim: the quoted speaker, the subject of a reporting verb,
    or the source after "according to"; None for the outlet's own assertion."""
    for quote in quotes:
        if start <= quote.start < end and quote.speaker and len(quote.text) > 40:
            return quote.speaker
    sentence = text[start:end]
    match = ACCORDING_TO.search(sentence)
    if match:
        resolved = resolver.resolve(start + match.start("who"), start + match.end("who"), start + match.start())
        if resolved:
            return resolved[0]
    for match in SUBJECT_VERB.finditer(sentence):
        if PASSIVE.search(sentence[:match.start("verb")]):
            continue
        resolved = resolver.resolve(start + match.start("who"), start + match.end("who"), start + match.start())
        if resolved:
            return resolved[0]
    for quote in quotes:
        if start <= quote.start < end and quote.speaker:
            return quote.speaker
    return None


def _score(sentence: str, entities: Sequence[Entity], reporting: bool, has_figure: bool, quotes, start: int, end: int) -> float:
    """Check-worthiness in [0, 1]: concrete (figures, named actors, events) and
    contested (reported, hedged) sentences score higher; fragments lower."""
    score = 0.15
    score += 0.25 if has_figure else 0.0
    score += 0.15 if reporting else 0.0
    actors = {e.canonical for e in entities if e.type in ("PERSON", "ORG", "GPE", "NORP")}
    score += min(0.2, 0.07 * len(actors))
    score += 0.1 if _EVENT_VERBS.search(sentence) else 0.0
    score += 0.1 if _HEDGES.search(sentence) else 0.0
    score += 0.05 if any(start <= q.start < end for q in quotes) else 0.0
    words = len(sentence.split())
    if words < 6:
        score -= 0.2
    return round(max(0.0, min(1.0, score)), 3)


def _facts(text: str, start: int, end: int, dates: Sequence[Entity], numbers, entities, article_date) -> list[Fact]:
    facts = []
    for date in dates:
        value = resolve(date.text, article_date)
        key = _fact_key(text, start, date.start, entities)
        if value and key:
            facts.append(Fact(key, value.label, value.first.isoformat(), value.last.isoformat()))
    for match in numbers:
        if not _FIGURE.match(match.group()):
            continue
        offset = start + match.start()
        key = _fact_key(text, start, offset, entities, after=start + match.end(), end=end)
        if key:
            facts.append(Fact(key, match.group().lower().replace(",", "")))
    return facts


def _fact_key(text: str, start: int, at: int, entities, after: int | None = None, end: int | None = None) -> str | None:
    """"sign treaty" for "... treaty signed in June 2024": the participle nearest
    before the figure, and the noun (or treaty name) just before that."""
    window = text[max(start, at - 80):at]
    verbs = list(_FACT_VERB.finditer(window))
    if verbs:
        verb = verbs[-1]
        lead = window[:verb.start()]
        noun = _head_noun(lead, text, max(start, at - 80), entities)
        if noun:
            return f"{readable_stem(verb.group('verb'))} {noun}"
    if after is not None and end is not None:
        # "thousands of North Korean soldiers have been killed": the number's noun and verb follow it.
        tail = text[after:end]
        noun = re.match(r"\s+(?:of\s+)?(?:[A-Z][\w’'-]*\s+)*(?P<noun>[a-z]{3,})", tail)
        verb = _FACT_VERB.search(tail)
        if noun and verb:
            return f"{readable_stem(verb.group('verb'))} {readable_stem(noun.group('noun'))}"
    return None


# What may stand between a name and its participle: a prepositional phrase
# qualifying the name ("the Treaty on X between Russia and North Korea, signed
# ...", "the accord with Iran, signed ...") and no verb or clause break of its own.
_NAME_TAIL = re.compile(r"^(?:\s+(?:between|among|with|by|of|for|on|in)\s+[^,;:.!?()“”\"]{1,120}?)?\s*,?\s*$")
# How far before its participle a qualified name may start.
_NAME_REACH = 200


def _head_noun(lead: str, text: str, offset: int, entities) -> str | None:
    # A treaty's name ends "... Partnership" or "... Korea": use what it is.
    verb_at = offset + len(lead)
    for entity in entities:
        if entity.type == "LAW" and verb_at - _NAME_REACH <= entity.end <= verb_at and _NAME_TAIL.match(text[entity.end:verb_at]):
            word = _LAW_WORD.search(entity.canonical.lower())
            return word.group(1) if word else readable_stem(entity.canonical.split()[-1].lower())
    words = [w for w in re.findall(r"[A-Za-z]+", lead.lower()) if w not in FACT_STOP_WORDS]
    return readable_stem(words[-1]) if words else None
