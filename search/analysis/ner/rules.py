"""The rule-based recogniser: the pattern layer, then capitalised spans typed
by their words and context ("... Ministry" an organisation, "President X" a
person), then surnames of people the text has named in full. No model: used
when the model is missing, fails to load or does not match its pinned hash.
"""

from __future__ import annotations

import re
from typing import Iterator, Sequence

from ...lexicon import HONORIFICS, ORG_NAME_HEADS, REPORTING_VERBS
from .base import Entity
from .gazetteer import Gazetteer
from .patterns import CAP, GAZETTEER, PatternLayer
from .spans import finish

_PERSON_TITLES = re.compile(
    r"(?:President|Prime Minister|Minister|Chairman|leader|Leader|General|Gen\.|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Comrade|Secretary|Chancellor|King|Queen)\s+$"
)
_CHUNK = re.compile(rf"{CAP}(?:[ \t]+(?:of[ \t]+(?:the[ \t]+)?)?{CAP})*")  # within a line
# The start of a sentence, or of a quotation (an opening mark: after a space or nothing, not after ",").
# A name right after a quote's attribution verb ('"...," said Putin') or between
# a closing quotation mark and that verb ('"..." Putin said'): the speaker.
_AFTER_QUOTE_VERB = re.compile(rf"[,.!?…]\s*[\"”’']\s*(?:{'|'.join(REPORTING_VERBS)})\s+$")
_AFTER_QUOTE = re.compile(r"[,.!?…]\s*[\"”’']\s*$")
_SENTENCE_START = re.compile(r"(?:^|[.!?][\"”’]?\s+|\n\s*|(?:^|\s)[\"“]\s*)$")


class RuleRecognizer:
    name = "rules"
    uses_model = False
    description = "rule-based recognition"

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.patterns = PatternLayer(gazetteer)

    @property
    def key(self) -> str:
        return f"rules-{self.gazetteer.fingerprint}"

    def recognise(self, texts: Sequence[str]) -> Iterator[list[Entity]]:
        for text in texts:
            sure = self.patterns.spans(text)
            # Gazetteer names inside a longer chunk ("Korean" in "Korean Central
            # News Agency") are settled by spans.finish: the longer name wins.
            taken = _covered([s for s in sure if s[2] != GAZETTEER])
            guesses = []
            for match in _CHUNK.finditer(text):
                if any(i in taken for i in range(match.start(), match.end())):
                    continue
                label = _guess_chunk_type(text, match.start(), match.group())
                if label:
                    guesses.append((match.start(), match.end(), label))
            guesses += self._surnames(text, sure + guesses)
            yield finish(text, sure, self.gazetteer, guesses)

    def _surnames(self, text: str, raw: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """"Kim" or "Gerasimov" alone, once the article has named the full person."""
        names = set()
        for start, end, label in raw:
            entry = self.gazetteer.lookup(text[start:end]) if label in (GAZETTEER, "LAW") else None
            if label == "PERSON" or (entry and entry.type == "PERSON"):
                words = (entry.canonical if entry else text[start:end]).split()
                if len(words) > 1:
                    names.update(w for w in (words[0], words[-1]) if len(w) > 2)
        if not names:
            return []
        taken = _covered(raw)
        pattern = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in sorted(names)) + r")\b(?![\w-])")
        return [(m.start(), m.end(), "PERSON") for m in pattern.finditer(text) if m.start() not in taken]


def _covered(raw: list[tuple[int, int, str]]) -> set[int]:
    return {i for start, end, _ in raw for i in range(start, end)}


def _guess_chunk_type(text: str, start: int, chunk: str) -> str | None:
    words = chunk.split()
    if words[-1].rstrip(".") in ORG_NAME_HEADS:
        return "ORG"
    before = text[max(0, start - 25):start]
    if len(words) >= 2 and words[0].rstrip(".") in HONORIFICS and words[-1].rstrip(".") not in HONORIFICS:
        return "PERSON"  # "President Putin", "Comrade Kim Jong-un": the title is trimmed later
    if _PERSON_TITLES.search(before) and len(words) <= 3:
        return "PERSON"
    if len(words) <= 3 and all(w[0].isupper() and w.rstrip(".").isalpha() for w in words):
        if _AFTER_QUOTE_VERB.search(before):
            return "PERSON"  # '"We will win," said Putin'
        after = re.match(r"\s+(\w+)", text[start + len(chunk):start + len(chunk) + 20])
        if _AFTER_QUOTE.search(before) and after and after.group(1) in REPORTING_VERBS:
            return "PERSON"  # '"We will win," Putin said'
    at_sentence_start = bool(_SENTENCE_START.search(before))
    if at_sentence_start and 2 <= len(words) <= 3 and all(w[0].isupper() and w.isalpha() for w in words):
        after = re.match(r"\s+(\w+)", text[start + len(chunk):start + len(chunk) + 20])
        if after and after.group(1) in REPORTING_VERBS:
            return "PERSON"  # "Vladimir Putin said: ..." opening a sentence
    if 2 <= len(words) <= 3 and all(w[0].isupper() and w.isalpha() for w in words) and not at_sentence_start:
        return "PERSON"
    return None
