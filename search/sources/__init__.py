"""Where articles come from: files and folders, read by one ``Source`` per format.

``load_corpus(paths)`` reads every file some source takes and returns a
``Corpus`` of articles and ``LoadProblem``s; a bad file, a bad line or a file
that changes under the load is a problem, never an exception.

Formats: ``text`` (.txt), ``markdown`` (.md with front matter), ``jsonl``;
``catalog`` reads ``catalog.yaml`` overrides and ``cleaning`` infers titles,
sources and dates and marks boilerplate for all of them.

To add a format, add one module here that defines a ``Source`` and calls
``register`` on it; every module of this package is imported before a load,
so nothing else needs to change.
"""

from ._base import Catalog, Corpus, LoadProblem, SkipFile, Source, SourceFile
from ._load import load_corpus, sort_key, supported
from ._registry import register, registered, source_for, unregister

__all__ = [
    "Catalog",
    "Corpus",
    "LoadProblem",
    "SkipFile",
    "Source",
    "SourceFile",
    "load_corpus",
    "register",
    "registered",
    "sort_key",
    "source_for",
    "supported",
    "unregister",
]
