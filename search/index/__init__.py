"""The search index: the only part of newsdesk that imports Whoosh.

``schema`` says what a document holds, ``build`` creates, updates and repairs
the index on disk, ``query`` parses and runs queries. Results come back as the
plain types of :mod:`search.results`.
"""

from __future__ import annotations

from .build import MANIFEST, IndexReport, add_entities, default_cache_root, default_index_root, ensure_index, index_dir_for
from .query import QUERY_FIELDS, QueryEngine, make_searcher
from .schema import DEFAULT_FIELDS, ENTITY_FIELDS, SCHEMA_VERSION, build_schema

__all__ = [
    "DEFAULT_FIELDS", "ENTITY_FIELDS", "MANIFEST", "QUERY_FIELDS", "SCHEMA_VERSION", "IndexReport", "QueryEngine", "add_entities",
    "build_schema", "default_cache_root", "default_index_root", "ensure_index", "index_dir_for", "make_searcher",
]
