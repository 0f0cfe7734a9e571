"""Export formats, and the registry that finds them.

A format is one module in this package defining::

    NAME = "csv"                      # what ``--format`` takes
    DESCRIPTION = "one row per annotation"
    def export(source: ExportSource) -> str: ...

Adding a module is all it takes: the registry imports every module here the
first time it is asked, and the command line offers its ``NAME``. Exporters
get an :class:`ExportSource` (the annotations, the corpus's articles by id and
rows with each annotation's current placement) and return the text to write.
They never import Textual or Whoosh.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from ...plugins import Plugins
from ...views import AnnotationRow
from ..anchoring import place_all
from ..model import Annotation

ROW_FIELDS = AnnotationRow.FIELDS


@dataclass(frozen=True)
class Exporter:
    name: str
    export: Callable[[ExportSource], str]
    description: str = ""


class ExportSource:
    """What an exporter may use: the annotations in file order, the articles they
    belong to (objects with ``id``, ``text``, ``title``, ``url``, ``date``,
    ``date_text``, ``source``), and :attr:`rows` (computed on first use).

    For review formats (ClaimReview): ``reviewer`` is who reviews (``author:`` in
    config.yaml, passed in by the front end; never the login name),
    ``review_url`` the page the reviews are published on, and
    ``entity_type(article_id, name)`` says what the analysis knows a name to be
    ("PERSON", "ORG", ... or None; ``article_id`` may be None)."""

    def __init__(self, annotations: Iterable[Annotation], articles: Mapping[str, Any], path: Path | None = None, *,
                 reviewer: str | None = None, review_url: str | None = None,
                 entity_type: Callable[[str | None, str], str | None] | None = None):
        self.annotations = list(annotations)
        self.articles = articles
        self.path = path
        self.reviewer = reviewer
        self.review_url = review_url
        self.entity_type = entity_type or (lambda article_id, name: None)

    @cached_property
    def rows(self) -> list[dict]:
        """One flat row per annotation (keys ``ROW_FIELDS``); ``placed`` is how its
        text was found in the article now, or ``orphan``."""
        return annotation_rows(self.annotations, self.articles)


def placed_rows(annotations: Iterable[Annotation], articles: Mapping[str, Any]) -> list[AnnotationRow]:
    """One read-model row per annotation, placed in its article's current text or an
    orphan (with why). Each annotation is placed once, so this is linear in the
    number of annotations however many share an article. The one place orphans
    are computed: listing, export, the app and the Library all use it."""
    annotations = list(annotations)
    wanted = {a.article for a in annotations}
    placements = place_all(annotations, {i: articles[i].text for i in wanted if i in articles})
    rows = []
    for annotation in annotations:
        placement = placements[annotation.id]
        why = None
        if placement is None:
            why = "text no longer found in the article" if annotation.article in articles else "article not in this corpus"
        rows.append(AnnotationRow(
            annotation.id, annotation.article, annotation.kind, annotation.verdict, annotation.speaker,
            tuple(annotation.tags), annotation.note, annotation.target.exact,
            placement.start if placement else None, placement.end if placement else None,
            placement.how if placement else "orphan", why,
            annotation.author, annotation.created, annotation.updated,
        ))
    return rows


def annotation_rows(annotations: Iterable[Annotation], articles: Mapping[str, Any]) -> list[dict]:
    """:func:`placed_rows` as flat dicts (keys ``ROW_FIELDS``), for listing and export."""
    return [row.to_dict() for row in placed_rows(annotations, articles)]


def _exporter_of(module) -> tuple[str, Exporter] | None:
    name, function = getattr(module, "NAME", None), getattr(module, "export", None)
    if isinstance(name, str) and callable(function):
        return name, Exporter(name, function, getattr(module, "DESCRIPTION", ""))
    return None


_exporters: Plugins[Exporter] = Plugins(
    __name__, __path__, _exporter_of,
    lambda name, known: ValueError(f"unknown export format {name!r} (known: {', '.join(known)})"),
)


def register(name: str, export: Callable[[ExportSource], str], description: str = "") -> Exporter:
    """Add (or replace) a format by hand, e.g. from a plugin or a test."""
    return _exporters.register(name, Exporter(name, export, description))


def unregister(name: str) -> Exporter | None:
    return _exporters.unregister(name)


def formats() -> tuple[str, ...]:
    """The format names, sorted: what ``annotations export --format`` accepts."""
    return _exporters.names()


def exporter(name: str) -> Exporter:
    return _exporters.get(name)


def export(name: str, source: ExportSource) -> str:
    """The text of ``source`` in format ``name``."""
    return exporter(name).export(source)


__all__ = ["ROW_FIELDS", "ExportSource", "Exporter", "annotation_rows", "placed_rows", "export", "exporter", "formats", "register", "unregister"]
