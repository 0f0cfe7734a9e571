"""YAML: the annotations file's own format, written afresh (newsdesk reads it back)."""

from __future__ import annotations

from ..document import dump

NAME = "yaml"
DESCRIPTION = "the annotations file format"


def export(source) -> str:
    return dump(source.annotations)
