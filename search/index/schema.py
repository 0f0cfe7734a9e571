"""The index's schema: which fields a document has and how each is analysed."""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterator

from whoosh import fields
from whoosh.analysis import (
    LowercaseFilter,
    RegexTokenizer,
    StandardAnalyzer,
    StemmingAnalyzer,
)
from whoosh.analysis.filters import STOP_WORDS
from whoosh.analysis.tokenizers import default_pattern
from whoosh.lang.porter import stem
from whoosh.system import pack_uint

# Bump whenever the schema or what is indexed changes: old indexes get rebuilt.
SCHEMA_VERSION = 5
# Fields a query searches when it names none.
DEFAULT_FIELDS = ("title", "body")

# Per-type entity fields: `person:putin`, `law:charter`. DATE entities are not
# given one: `date:` is the article's own date.
ENTITY_FIELDS = {"PERSON": "person", "ORG": "org", "GPE": "gpe", "LOC": "loc", "NORP": "norp", "LAW": "law", "EVENT": "event"}

# Whoosh's RegexTokenizer expression (``[\w\*]+(\.?[\w\*]+)*``), its one group
# made non-capturing so that ``findall`` returns whole words.
_WORD = re.compile(default_pattern.pattern.replace("(", "(?:", 1), default_pattern.flags)
_MIN_SIZE = 2  # StemmingAnalyzer's StopFilter drops shorter words too


def words(text: str) -> list[str]:
    """The lowercased words of ``text``, as ``RegexTokenizer() | LowercaseFilter()`` gives them."""
    return list(map(str.lower, _WORD.findall(text)))


def word_spans(text: str, stems: set[str], lowered: set[str]) -> Iterator[tuple[int, int]]:
    """Where in ``text`` a word occurs whose stem (as the ``title`` and ``body`` fields'
    ``StemmingAnalyzer`` gives it) is in ``stems``, or whose lowercased form (as the
    ``spell`` field has it) is in ``lowered``: the same spans as running those
    analysers over the text (tests/test_index.py compares them) in one pass over the
    words, where the analysers took two chains of token generators."""
    if not stems and not lowered:
        return
    stem_of = _STEMS
    for match in _WORD.finditer(text):
        word = match.group().lower()
        if word in lowered or (stems and len(word) >= _MIN_SIZE and word not in STOP_WORDS and stem_of[word] in stems):
            yield match.span()


class _StemCache(dict):
    """Porter stems by word (Whoosh's StemFilter keeps the same cache, per filter)."""

    def __missing__(self, word: str) -> str:
        value = self[word] = stem(word)
        return value


_STEMS = _StemCache()
# The encoded positions of a word that occurs once, by its position.
_ONCE: dict[int, bytes] = {}


class StemmedText(fields.TEXT):
    """A ``TEXT`` field analysed by ``StemmingAnalyzer()`` (queries and
    highlights use that analyser), indexed through one loop over the words
    instead of Whoosh's chain of token generators: the same terms, positions,
    frequencies and weights (tests/test_index.py compares the two)."""

    def __init__(self, field_boost: float = 1.0) -> None:
        super().__init__(analyzer=StemmingAnalyzer(), field_boost=field_boost)

    def index(self, value, **kwargs):
        if not isinstance(value, str) or kwargs.get("mode", "index") != "index" or len(kwargs) > 1:
            yield from super().index(value, **kwargs)
            return
        stems = _STEMS
        poses: dict[str, list[int]] = {}
        first = None
        kept = 0
        for n, word in enumerate(words(value)):
            if len(word) < _MIN_SIZE or word in STOP_WORDS:
                continue
            # StopFilter renumbers: the first word kept keeps its position, the
            # next ones follow it one by one.
            if first is None:
                first = n
            poses.setdefault(stems[word], []).append(first + kept)
            kept += 1
        boost = self.format.field_boost
        encode = self.format.encode
        once = _ONCE
        for word, positions in poses.items():
            if len(positions) == 1:  # most words: their encoding is kept, by position
                value = once.get(positions[0])
                if value is None:
                    value = once[positions[0]] = encode(positions)
            else:
                value = encode(positions)
            yield word.encode("utf-8"), len(positions), float(len(positions)) * boost, value


class SpellWords(fields.TEXT):
    """Unstemmed, lowercased words of title and body, with their frequencies:
    the dictionary for "did you mean" (it ranks by frequency) and what prefixes
    and wildcards expand against. Indexed by counting words (no positions, as
    ``phrase=False``)."""

    def __init__(self) -> None:
        super().__init__(analyzer=RegexTokenizer() | LowercaseFilter(), phrase=False)
        # Prefixes and wildcards score every match alike: no per-document lengths
        # to store (nor to look up for each posting as the index is written).
        self.scorable = False

    def index(self, value, **kwargs):
        if not isinstance(value, str) or kwargs.get("mode", "index") != "index" or len(kwargs) > 1:
            yield from super().index(value, **kwargs)
            return
        boost = self.format.field_boost
        for word, count in Counter(words(value)).items():
            yield word.encode("utf-8"), count, float(count) * boost, pack_uint(count)


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
        title=StemmedText(field_boost=2.0),
        source=fields.TEXT(analyzer=StandardAnalyzer(stoplist=None)),
        date=fields.DATETIME(),
        body=StemmedText(),
        # Title and body, unstemmed (``build.document`` gives it both).
        spell=SpellWords(),
        # Canonical entity names, one per line: `entity:"Kim Jong Un"`.
        entity=fields.TEXT(analyzer=StandardAnalyzer(stoplist=None)),
        **{name: fields.TEXT(analyzer=StandardAnalyzer(stoplist=None)) for name in ENTITY_FIELDS.values()},
    )
