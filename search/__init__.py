"""newsdesk's engine: corpus loading, analysis, indexing and search.

It never imports Textual; the TUI and the command line use ``Library``.
"""

from .api import Library, default_paths
from .article import Article
from .analysis import Entity, GazetteerError
from .lexicon import ENTITY_TYPES

__all__ = ["ENTITY_TYPES", "Article", "Entity", "GazetteerError", "Library", "default_paths"]
