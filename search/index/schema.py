"""The index's schema: which fields a document has and how each is analysed."""

from __future__ import annotations

import threading
from collections import Counter

from whoosh import fields
from whoosh.analysis import (
    Filter, LowercaseFilter, RegexTokenizer, StandardAnalyzer, StemFilter, StemmingAnalyzer, StopFilter, Token, Tokenizer,
)

# Bump whenever the schema or what is indexed changes: old indexes get rebuilt.
SCHEMA_VERSION = 4
# Fields a query searches when it names none.
DEFAULT_FIELDS = ("title", "body")

# Per-type entity fields: `person:putin`, `law:charter`. DATE entities are not
# given one: `date:` is the article's own date.
ENTITY_FIELDS = {"PERSON": "person", "ORG": "org", "GPE": "gpe", "LOC": "loc", "NORP": "norp", "LAW": "law", "EVENT": "event"}

# The unstemmed words of the body being indexed on this thread (None: not indexing).
_WORDS = threading.local()


class _NoteWords(Filter):
    """Passes tokens on unchanged; while a document is being added (see
    ``words_once``), counts each lowercased, unstemmed word for the spell field,
    so the body is tokenised once for both fields."""

    def __eq__(self, other):
        return self.__class__ is other.__class__

    def __call__(self, tokens):
        counts = getattr(_WORDS, "counts", None)
        if counts is None:
            yield from tokens
            return
        for token in tokens:
            counts[token.text] += 1
            yield token


class _SpellWords(Tokenizer):
    """The spell field's analyser: lowercased, unstemmed words. While a document
    is being added, its value is the title, and the body's words come from the
    body field's analysis (Whoosh adds fields in name order: ``body`` before
    ``spell``) instead of a second tokenisation; otherwise (queries, highlights)
    it tokenises the text it is given."""

    def __init__(self) -> None:
        self._plain = RegexTokenizer() | LowercaseFilter()

    def __eq__(self, other):
        return self.__class__ is other.__class__

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        counts = getattr(_WORDS, "counts", None)
        if counts is None or mode != "index":
            yield from self._plain(value, positions=positions, chars=chars, keeporiginal=keeporiginal, removestops=removestops,
                                   start_pos=start_pos, start_char=start_char, tokenize=tokenize, mode=mode, **kwargs)
            return
        words = Counter(counts)
        for token in self._plain(value, mode=mode):
            words[token.text] += 1
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        token.boost = 1.0
        token.stopped = False
        for word, count in words.items():
            token.text = word
            for _ in range(count):  # the same frequencies as tokenising title and body
                yield token


class words_once:
    """Context for adding one document: the body's analysis notes its words for
    the spell field (``with words_once(): writer.add_document(...)``)."""

    def __enter__(self):
        _WORDS.counts = Counter()
        return self

    def __exit__(self, *exc):
        _WORDS.counts = None
        return False


def body_analyzer():
    """Stemmed words, as ``StemmingAnalyzer()``, noting the unstemmed ones on the way."""
    return RegexTokenizer() | LowercaseFilter() | _NoteWords() | StopFilter() | StemFilter()


def build_schema() -> fields.Schema:
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        # The article's text and metadata as indexed (``Article.fingerprint``).
        fingerprint=fields.STORED(),
        # The analyser key the entity fields come from; "-" while not analysed.
        # Indexed, so counting analysed documents needs no stored fields.
        analysis=fields.ID(stored=True),
        # What a result shows without loading the corpus: compressed title,
        # outlet, date and text (see ``build.shown``).
        shown=fields.STORED(),
        title=fields.TEXT(analyzer=StemmingAnalyzer(), field_boost=2.0),
        source=fields.TEXT(analyzer=StandardAnalyzer(stoplist=None)),
        date=fields.DATETIME(),
        body=fields.TEXT(analyzer=body_analyzer()),
        # Unstemmed words of title and body: the dictionary for "did you mean"
        # and what prefixes and wildcards expand against.
        spell=fields.TEXT(analyzer=_SpellWords(), phrase=False),
        # Canonical entity names, one per line: `entity:"Kim Jong Un"`.
        entity=fields.TEXT(analyzer=StandardAnalyzer(stoplist=None)),
        **{name: fields.TEXT(analyzer=StandardAnalyzer(stoplist=None)) for name in ENTITY_FIELDS.values()},
    )
