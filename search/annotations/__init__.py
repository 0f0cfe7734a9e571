"""Verdicts, notes and tags on claims and quotes, kept in a YAML file people
can read, edit by hand and merge in git.

- :mod:`.model`: the record (no I/O);
- :mod:`.anchoring`: targets and finding them again (exact, moved, fuzzy);
- :mod:`.document`: the file's text, parsed and written back keeping comments;
- :mod:`.store`: :class:`AnnotationFile`: merge, lock, atomic save, recovery,
  edits made outside;
- :mod:`.export`: one module per export format, found by a registry.
"""

from .anchoring import CONTEXT, Placement, Target, place, place_all
from .model import (
    FORMAT_VERSION,
    KINDS,
    VERDICTS,
    Annotation,
    AnnotationFileError,
    clean_tags,
    new_annotation,
)
from .store import AnnotationFile, SaveReport, dump, merge, parse

__all__ = [
    "CONTEXT",
    "FORMAT_VERSION",
    "KINDS",
    "VERDICTS",
    "Annotation",
    "AnnotationFile",
    "AnnotationFileError",
    "Placement",
    "SaveReport",
    "Target",
    "clean_tags",
    "dump",
    "merge",
    "new_annotation",
    "parse",
    "place",
    "place_all",
]
