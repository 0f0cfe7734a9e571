"""newsdesk's engine: corpus loading, analysis, indexing and search.

It never imports Textual; the TUI and the command line use ``Library``.
"""

from .api import Library, default_paths
from .article import Article

__all__ = ["Article", "Library", "default_paths"]
