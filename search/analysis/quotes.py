"""Direct quotes and who said them.

Quotation marks are paired per paragraph (“ ” ‘ ’ " '); a quote left open at
the end of a paragraph continues when the next paragraph opens with a
quotation mark (the newspaper convention), and is otherwise closed there and
flagged ``unclosed``. Speakers come from attribution patterns ("X said",
"said X", "according to X", "X quotes the statement as saying", "the
statement reads", "X claimed that ...") and descriptions ("the North Korean
leader", "the commission", "the statement") resolved to the nearest fitting
entity.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from typing import Sequence

from ..lexicon import LAW_DESCRIPTIONS, NAMING_PHRASES, NAMING_VERBS, ORG_DESCRIPTIONS, REPORTING_VERB
from .ner import Entity, Gazetteer
from .sentences import split_sentences

_PAIRS = {"“": "”", "‘": "’", '"': '"', "«": "»", "'": "'"}
_SPEAKER_TYPES = ("PERSON", "ORG", "GPE")

# A speaker phrase: "Kim Jong Un", "the Central Military Commission of the DPRK",
# "the North Korean leader", "the statement", "he".
NP = (
    r"(?:(?:[Tt]he|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)\s+)?"
    r"(?:[A-Z][\w’'.-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w’'.-]*)*(?:\s+[a-z]+)?|[a-z]+)"
    r"|[Hh]e|[Ss]he|[Ii]t|[Tt]hey"
)
LINK = r"(?:\s+(?:also|has|have|had|previously|officially|personally|further|later|again|then|\w+ly))*"
_AFTER_QUOTES_AS = re.compile(rf"^[\s,.;:—–-]*(?P<medium>{NP})\s+(?:quotes|quoted)\s+(?P<who>{NP})\s+as\s+saying")
# The same before the quote: 'KCNA quotes the Central Military Commission as saying "..."'.
_BEFORE_QUOTES_AS = re.compile(rf"(?P<medium>{NP})\s+(?:quotes|quoted)\s+(?P<who>{NP})\s+as\s+saying[\s,:—–-]*$")
_AFTER_WHO_VERB = re.compile(rf"^[\s,.;:—–-]*(?P<who>{NP}){LINK}\s+(?P<verb>{REPORTING_VERB})\b")
_AFTER_VERB_WHO = re.compile(rf"^[\s,.;:—–-]*(?P<verb>said|says|added|wrote|asked)\s+(?P<who>{NP})")
_SENTENCE_END_ATTRIBUTION = re.compile(rf",\s+(?P<who>{NP}){LINK}\s+(?P<verb>said|says|stated|reported|added)\b[^.”\"]*[.!]?\s*$")
ACCORDING_TO = re.compile(rf"\b[Aa]ccording\s+to\s+(?P<who>{NP})")
SUBJECT_VERB = re.compile(rf"(?<![\w’'-])(?P<who>{NP}){LINK}\s+(?P<verb>{REPORTING_VERB})\b(?!\s+by\b)")
_POSSESSIVE_WORDS = re.compile(r"(?P<who>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)['’]s\s+(?:announcement|statement|claim|description|words)\s+(?:of|that)\s+(?:the\s+)?$")
PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are)(?:\s+(?:also|not|\w+ly))*\s*$")

_PERSON_WORDS = {"leader", "president", "chairman", "minister", "general", "chief", "spokesman", "spokeswoman",
                 "spokesperson", "he", "she", "official", "commander", "premier", "secretary", "envoy", "ambassador"}
_NOT_HEADS = {"also", "has", "have", "had", "previously", "officially", "then", "that", "which", "who"}
_STATEMENT_WORDS = {"statement", "report", "announcement", "bulletin", "document", "it", "they", "declaration", "communique"}


@dataclass(frozen=True)
class Quote:
    start: int  # the quoted words, without the quotation marks
    end: int
    text: str
    speaker: str | None
    speaker_start: int | None
    speaker_end: int | None
    verb: str | None
    unclosed: bool = False

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Quote":
        return cls(**data)


def quote_spans(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, unclosed) of the words inside each pair of quotation marks.

    A quote still open at the end of a paragraph ends there (``unclosed``); a
    mark opening the next paragraph starts a new quote, never closes the old
    one. Inside one paragraph, a straight mark after a sentence's end and
    before a word ('... had it. "The next') opens a new quote too: the writer
    left the previous one unclosed (the BBC style). Single-quoted fragments
    inside a double-quoted passage ('we should 'be bold' here') are quotes of
    their own."""
    spans: list[tuple[int, int, bool]] = []
    open_at: int | None = None
    closer = ""
    position = 0
    while position < len(text):
        char = text[position]
        if open_at is not None and char == "\n":
            spans.append((open_at, _rstrip(text, open_at, position), True))
            open_at = None
        elif open_at is None:
            if char in "“«" or (char == '"' and not _closes(text, position)) or (char in "‘'" and _opens_single(text, position)):
                open_at, closer = position + 1, _PAIRS[char]
        elif _reopens(text, position, char, closer):
            # The previous quote was left unclosed: it ends with its sentence.
            spans.append((open_at, _rstrip(text, open_at, position), True))
            open_at, closer = position + 1, _PAIRS[char]
        elif char == closer or (closer == "”" and char == '"') or (closer == '"' and char == "”"):
            if closer in "’'" and position + 1 < len(text) and text[position + 1].isalpha():
                pass  # an apostrophe inside the quote ("Korea’s")
            else:
                spans.append((open_at, position, False))
                open_at = None
        position += 1
    if open_at is not None:
        spans.append((open_at, _rstrip(text, open_at, len(text)), True))
    spans += [inner for start, end, _ in spans if _PAIRS.get(text[start - 1]) in ("”", '"', "»") for inner in _inner_fragments(text, start, end)]
    spans.sort()
    return [(s, e, u) for s, e, u in spans if text[s:e].strip()]


def _closes(text: str, position: int) -> bool:
    """A straight double mark with a word before it and none after closes (``word" said``)."""
    before = text[position - 1] if position else " "
    after = text[position + 1] if position + 1 < len(text) else " "
    return not before.isspace() and before not in "([{—–-" and (after.isspace() or after in ".,;:!?)—–-")


def _reopens(text: str, position: int, char: str, closer: str) -> bool:
    """An opening mark while a quote is open: “ inside “...; or a straight " with
    space before, a word after, and a sentence end before the space."""
    if char == "“" and closer == "”":
        return True
    if char != '"' or closer not in ('"', "”"):
        return False
    before = text[:position].rstrip(" \t")
    after = text[position + 1] if position + 1 < len(text) else " "
    return (
        len(before) < position
        and not after.isspace()
        and before[-1:] in (".", "!", "?", "…")
        and (after.isalnum() or after in "[(‘'….")
    )


def _inner_fragments(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """Single-quoted words inside a double-quoted span."""
    found = []
    position = start
    while position < end:
        char = text[position]
        if char in "‘'" and _opens_single(text, position):
            closer = _PAIRS[char]
            close = position + 1
            while close < end:
                if text[close] in (closer, "’") and not (close + 1 < len(text) and text[close + 1].isalpha()):
                    break
                close += 1
            if close < end:
                found.append((position + 1, close, False))
                position = close
        position += 1
    return found


def _opens_single(text: str, position: int) -> bool:
    before = text[position - 1] if position else " "
    after = text[position + 1] if position + 1 < len(text) else " "
    return (before.isspace() or before in "(—–-[") and after.isalpha()


def _next_paragraph_start(text: str, newline: int) -> int | None:
    match = re.compile(r"\s*").match(text, newline)
    return match.end() if match and match.end() < len(text) else None


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


class SpeakerResolver:
    """Turns a speaker phrase into a canonical entity, using the article's entities."""

    def __init__(self, text: str, entities: Sequence[Entity], gazetteer: Gazetteer, boilerplate: Sequence[tuple[int, int]]):
        self.text = text
        self.gazetteer = gazetteer
        self.entities = [e for e in entities if not any(s <= e.start < t for s, t in boilerplate)]

    def is_media(self, entity: Entity) -> bool:
        entry = self.gazetteer.entries.get(entity.canonical)
        return bool(entry and entry.media)

    def resolve(self, start: int, end: int, at: int) -> tuple[str, int, int] | None:
        """(canonical, start, end) for the phrase text[start:end] spoken near offset ``at``."""
        inside = [e for e in self.entities if e.start < end and start < e.end and e.type in _SPEAKER_TYPES]
        if inside:
            best = min(inside, key=lambda e: (_SPEAKER_TYPES.index(e.type), -(e.end - e.start)))
            return best.canonical, best.start, best.end
        words = [w for w in re.findall(r"[\w’']+", self.text[start:end].lower()) if w not in _NOT_HEADS]
        if not words:
            return None
        head = words[-1]
        if head in _PERSON_WORDS:
            return self._nearest(at, {"PERSON"})
        if head in ORG_DESCRIPTIONS:
            named = self._nearest(at, {"ORG"}, lambda e: head in e.canonical.lower() or head in e.text.lower())
            return named or self._nearest(at, {"ORG"})
        if head in LAW_DESCRIPTIONS:
            return self._nearest(at, {"LAW"}, lambda e: True)
        if head in _STATEMENT_WORDS:
            return self.issuer(at)
        return None

    def _nearest(self, at: int, kinds: set[str], accept=lambda e: True) -> tuple[str, int, int] | None:
        before = [e for e in self.entities if e.end <= at and e.type in kinds and accept(e) and not self.is_media(e)]
        if before:
            e = before[-1]
            return e.canonical, e.start, e.end
        after = [e for e in self.entities if e.start >= at and e.type in kinds and accept(e) and not self.is_media(e)]
        return (after[0].canonical, after[0].start, after[0].end) if after else None

    def issuer(self, at: int) -> tuple[str, int, int] | None:
        """Who issued "the statement": the latest named actor before ``at`` that said,
        stated, confirmed (...) something, organisations first; else the first such
        actor after it; else the nearest person or organisation."""
        actors = []
        for entity in self.entities:
            if entity.type not in _SPEAKER_TYPES or self.is_media(entity):
                continue
            tail = self.text[entity.end:entity.end + 60]
            if re.match(rf"(?:['’]s\s+\w+\s+)?,?{LINK}\s+(?:{REPORTING_VERB})\b", tail) and not re.match(r"\s+(?:was|were)\b", tail):
                actors.append(entity)
        # Statements come from organisations more often than from people, and
        # from people more often than from places ("Pyongyang claims").
        before = [e for e in actors if e.end <= at]
        for kind in ("ORG", "PERSON", "GPE"):
            of_kind = [e for e in before if e.type == kind]
            if of_kind:
                return of_kind[-1].canonical, of_kind[-1].start, of_kind[-1].end
        if actors:
            return actors[0].canonical, actors[0].start, actors[0].end
        return self._nearest(at, {"PERSON", "ORG"})


def find_quotes(
    text: str, entities: Sequence[Entity], gazetteer: Gazetteer, boilerplate: Sequence[tuple[int, int]] = (), parse=None,
    doc=None,
) -> list[Quote]:
    """Every direct quote in ``text`` with its speaker (None when unattributed).

    ``doc``, if given, is the article's dependency parse (``attribution.parse_texts``):
    speakers are then read from it first (the subject of the reporting verb,
    descriptions and pronouns resolved), the patterns after. ``parse``, if
    given, maps a sentence to (subject start, subject end) within it, for
    sentences neither can attribute. A quote with no attribution of its own
    continues the one before it (same speaker), or, after a sentence of
    narration, is the words of that sentence's subject."""
    resolver = SpeakerResolver(text, entities, gazetteer, boilerplate)
    sentences = split_sentences(text)
    spans = [
        (s, e, u) for s, e, u in quote_spans(text)
        if not any(b <= s < t for b, t in boilerplate) and not _is_name(text[s:e]) and not _NAMING.search(text[max(0, s - 40):s])
    ]
    attribution = None
    if doc is not None:
        from .attribution import Attribution

        attribution = Attribution(text, doc, resolver.entities, [(s, e) for s, e, _ in spans], resolver.is_media, resolver.issuer)
    quotes: list[Quote] = []
    for start, end, unclosed in spans:
        sentence_start = max([s for s, _ in sentences if s <= start - 1] or [0])
        sentence_end = min([e for s, e in sentences if e >= end and s <= end + 1] or [len(text)])
        outer = next((q for q in quotes if q.start <= start and end <= q.end), None)
        speaker, verb = None, None
        if outer is not None:
            speaker = (outer.speaker, outer.speaker_start, outer.speaker_end) if outer.speaker else None
            verb = outer.verb
            inner = attribution.inner_speaker(start, end, (outer.start, outer.end)) if attribution is not None else None
            if inner is not None:
                speaker, verb = inner, "quoted by"
        if speaker is None and attribution is not None:
            speaker, verb = attribution.quote_speaker(start, end, (sentence_start, sentence_end))
        if speaker is None and outer is None:
            speaker, verb = _attribute(text, start, end, sentence_start, sentence_end, resolver, parse if attribution is None else None)
        if speaker is None and outer is None and attribution is not None and _embedded(text, start, end, sentence_start, sentence_end):
            # a term quoted inside the narration ('X has classed the bonds as "investment grade"'):
            # the words of the sentence's named subject
            speaker = attribution.embedded_speaker(start, end, (sentence_start, sentence_end))
            verb = "words of" if speaker else None
        if speaker is None and outer is None:
            speaker, verb = _continued(text, start, sentences, quotes, attribution)
        quotes.append(
            Quote(
                start=start,
                end=end,
                text=text[start:end],
                speaker=speaker[0] if speaker else None,
                speaker_start=speaker[1] if speaker else None,
                speaker_end=speaker[2] if speaker else None,
                verb=verb,
                unclosed=unclosed,
            )
        )
    # A paragraph left open runs on into the next one's quote: attributed there ("...," the minister said).
    for n in range(len(quotes) - 2, -1, -1):
        quote, following = quotes[n], quotes[n + 1]
        if quote.speaker is None and quote.unclosed and following.speaker and not text[quote.end:following.start].strip(" \n\"“"):
            quotes[n] = replace(quote, speaker=following.speaker, speaker_start=following.speaker_start,
                                speaker_end=following.speaker_end)
    return quotes


# A term or name being introduced, not someone's words: 'so-called "beer-like" drinks',
# 'a drink called "Shinnama"', 'known as "the Pit"' (but 'what she called "bullying"' is her word).
_NAMING = re.compile(
    r"(?:" + "|".join(rf"\b{re.escape(p)}" for p in NAMING_PHRASES)
    + r"|\b(?:a|an|the) [\w-]+ (?:" + "|".join(NAMING_VERBS) + r"))\s*[\"“‘']$",
    re.IGNORECASE,
)


def _is_name(words: str) -> bool:
    """A name or a title in quotation marks ("Racketeer Influenced and Corrupt
    Organisations"), not someone's words: every word capitalised but the small
    ones, and no sentence punctuation."""
    tokens = re.findall(r"[\w’'-]+", words)
    if len(tokens) < 2 or re.search(r"[.!?,;:]", words):
        return False
    return all(t[0].isupper() or t[0].isdigit() for t in tokens if len(t) > 3) and tokens[0][0].isupper() and tokens[-1][0].isupper()


def _embedded(text: str, start: int, end: int, sentence_start: int, sentence_end: int) -> bool:
    """A fragment quoted inside a sentence of narration: a few words, no sentence
    punctuation of their own, with narration before and after them."""
    words = text[start:end].split()
    if not words or len(words) > 6 or re.search(r"[.!?]", text[start:end]):
        return False
    before = text[sentence_start:max(sentence_start, start - 1)]
    return len(before.split()) >= 3 and bool(text[end + 1:sentence_end].strip(" \n\"”’'"))


# A quote continues the one before it across at most this much narration.
CONTINUATION_GAP = 400


def _continued(text, start, sentences, quotes, attribution):
    """The speaker of an unattributed quote: after narration, that narration's
    subject (parse only); else the speaker of the quote just before it."""
    # (a fragment quoted inside a quote is not the quote before: "'...we should 'be bold'...,' said X.")
    previous = [q for q in quotes if q.end <= start and not any(o.start <= q.start and q.end <= o.end and o is not q for o in quotes)]
    previous_end = previous[-1].end if previous else -1
    narration = [
        (s, e) for s, e in sentences
        if previous_end < s and e <= start and not any(q.start <= s < q.end for q in quotes) and len(text[s:e].split()) >= 4
        and not text[s:e].lstrip().startswith(("\"", "“"))
    ]
    # The sentence that attributes the previous quote ("..." he said.) is not narration.
    narration = [(s, e) for s, e in narration if not (previous and s <= previous[-1].end + 2)]
    if narration and attribution is not None:
        s, e = narration[-1]
        # its subject, else who it says reported something ("... but Ann Lee said it was fine.")
        subject = attribution.subject_of_sentence(s, e) or attribution.reporter_of_sentence(s, e)
        if subject and text.count("\n", e, start) <= 2:
            return subject, None
    if not previous or not previous[-1].speaker:
        return None, None
    last = previous[-1]
    gap = text[last.end:start]
    if len(gap) > CONTINUATION_GAP or (narration and gap.count("\n") >= 1):
        return None, None
    return (last.speaker, last.speaker_start, last.speaker_end), None


def _attribute(text, start, end, sentence_start, sentence_end, resolver: SpeakerResolver, parse):
    after_start = min(end + 1, len(text))
    after = text[after_start:max(after_start, sentence_end)]
    paragraph_start = text.rfind("\n", 0, start) + 1
    before_start = max(sentence_start, paragraph_start) if sentence_start < start else paragraph_start
    before = text[before_start:max(before_start, start - 1)]

    def found(match, offset, group="who"):
        who_start, who_end = offset + match.start(group), offset + match.end(group)
        resolved = resolver.resolve(who_start, who_end, start)
        verb = match.groupdict().get("verb")
        return resolved, verb

    match = _AFTER_QUOTES_AS.match(after)
    if match:
        resolved, _ = found(match, after_start)
        if resolved:
            return resolved, "quotes ... as saying"
    for pattern in (_AFTER_WHO_VERB, _AFTER_VERB_WHO):
        match = pattern.match(after)
        if match:
            resolved, verb = found(match, after_start)
            if resolved:
                return resolved, verb
    for pattern, label in ((_BEFORE_QUOTES_AS, "quotes ... as saying"), (_POSSESSIVE_WORDS, "announcement")):
        match = pattern.search(before)
        if match:
            resolved, _ = found(match, before_start)
            if resolved:
                return resolved, label
    subjects = [m for m in SUBJECT_VERB.finditer(before) if not PASSIVE.search(before[:m.start("verb")])]
    for match in reversed(subjects):
        resolved, verb = found(match, before_start)
        if resolved:
            return resolved, verb
    sentence = text[before_start:sentence_end]
    match = _SENTENCE_END_ATTRIBUTION.search(sentence)
    if match:
        resolved, verb = found(match, before_start)
        if resolved:
            return resolved, verb
    match = ACCORDING_TO.search(sentence)
    if match:
        resolved, _ = found(match, before_start)
        if resolved and not _is_media_name(resolver, resolved[0]):
            return resolved, "according to"
    # The quote follows its speaker directly: 'leader Kim Jong-un "idingere the decision"'.
    adjacent = [e for e in resolver.entities if e.type in ("PERSON", "ORG") and 0 <= start - 1 - e.end <= 2 and e.start >= before_start]
    if adjacent and not resolver.is_media(adjacent[-1]):
        e = adjacent[-1]
        return (e.canonical, e.start, e.end), None
    if parse is not None:
        subject = parse(text[before_start:sentence_end])
        if subject:
            resolved = resolver.resolve(before_start + subject[0], before_start + subject[1], start)
            if resolved:
                return resolved, "subject"
    return None, None


def _is_media_name(resolver: SpeakerResolver, canonical: str) -> bool:
    entry = resolver.gazetteer.entries.get(canonical)
    return bool(entry and entry.media)
