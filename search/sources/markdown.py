"""Markdown (``.md``): one article, with optional YAML front matter between
``---`` lines giving ``title``, ``source``, ``date``, ``url`` or ``id``."""

from __future__ import annotations

import re
from typing import Any, Iterator

from ..article import Article
from ..errors import InputError, load_yaml, yaml_error_message
from ..sanitize import clean_text
from ._base import SkipFile, SourceFile
from ._registry import register

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.DOTALL)


class MarkdownSource:
    name = "markdown"
    suffixes = (".md",)
    order = 20

    def load(self, file: SourceFile) -> Iterator[Article]:
        meta, body = split_front_matter(clean_text(file.text))
        yield file.article(file.stem_id, body, meta)


def split_front_matter(raw: str) -> tuple[dict[str, Any], str]:
    """The front matter's mapping and the text after it (``{}`` and all of ``raw`` if none)."""
    match = _FRONT_MATTER.match(raw)
    if not match:
        return {}, raw
    try:
        # Front matter starts on line 2 of the file (after the opening ---).
        meta = load_yaml(match.group(1) or "", line_offset=1, dates=False) or {}
    except InputError as exc:
        raise SkipFile(f"{yaml_error_message(exc, 'front matter is not valid YAML')}, skipped") from None
    if not isinstance(meta, dict):
        raise SkipFile("front matter must be a YAML mapping (key: value), skipped")
    return meta, raw[match.end():]


register(MarkdownSource())
