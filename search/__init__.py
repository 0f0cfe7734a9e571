"""newsdesk's engine: corpus loading, analysis, indexing and search.

It never imports Textual; the TUI and the command line use ``Library`` and the
plain types below. Names are imported lazily (PEP 562), so ``import search``
costs nothing until a name is used: ``newsdesk --help`` loads neither spaCy
nor Whoosh.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# public name -> the module (relative to this package) that defines it
_EXPORTS = {
    "Library": ".api",
    "default_paths": ".api",
    "Article": ".article",
    "Entity": ".analysis",
    "ENTITY_TYPES": ".lexicon",
    "GazetteerError": ".analysis",
    "InputError": ".errors",
    "SearchResult": ".results",
    "SearchHit": ".results",
    "Snippet": ".results",
    "QueryError": ".results",
}

__all__ = [
    "ENTITY_TYPES", "Article", "Entity", "GazetteerError", "InputError", "Library", "QueryError", "SearchHit",
    "SearchResult", "Snippet", "default_paths",
]
assert sorted(__all__) == sorted(_EXPORTS)

if TYPE_CHECKING:  # pragma: no cover - for type checkers and editors
    from .api import Library, default_paths
    from .article import Article
    from .analysis import Entity, GazetteerError
    from .errors import InputError
    from .lexicon import ENTITY_TYPES
    from .results import QueryError, SearchHit, SearchResult, Snippet


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'search' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
