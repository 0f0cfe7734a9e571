"""The index's schema: which fields a document has and how each is analysed."""

from __future__ import annotations

from whoosh import fields
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StandardAnalyzer, StemmingAnalyzer

# Bump whenever the schema or what is indexed changes: old indexes get rebuilt.
SCHEMA_VERSION = 3
# Fields a query searches when it names none.
DEFAULT_FIELDS = ("title", "body")

# Per-type entity fields: `person:putin`, `law:charter`. DATE entities are not
# given one: `date:` is the article's own date.
ENTITY_FIELDS = {"PERSON": "person", "ORG": "org", "GPE": "gpe", "LOC": "loc", "NORP": "norp", "LAW": "law", "EVENT": "event"}


def build_schema() -> fields.Schema:
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        # The article's text and metadata as indexed (``Article.fingerprint``).
        fingerprint=fields.STORED(),
        # The analyser key the entity fields come from; "" while not analysed.
        analysis=fields.STORED(),
        title=fields.TEXT(analyzer=StemmingAnalyzer(), field_boost=2.0),
        source=fields.TEXT(analyzer=StandardAnalyzer(stoplist=None)),
        date=fields.DATETIME(),
        body=fields.TEXT(analyzer=StemmingAnalyzer()),
        # Unstemmed words of title and body: the dictionary for "did you mean".
        spell=fields.TEXT(analyzer=RegexTokenizer() | LowercaseFilter(), phrase=False),
        # Canonical entity names, one per line: `entity:"Kim Jong Un"`.
        entity=fields.TEXT(analyzer=StandardAnalyzer(stoplist=None)),
        **{name: fields.TEXT(analyzer=StandardAnalyzer(stoplist=None)) for name in ENTITY_FIELDS.values()},
    )
