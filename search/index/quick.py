"""Opening the index without the corpus: when the manifest's corpus state still
matches the files on disk (one ``stat`` each), the index is current and a
search can be answered from it alone (stored ``shown`` fields for what results
display), without reading, cleaning or analysing a single article."""

from __future__ import annotations

from pathlib import Path

from whoosh import index, query as wq

from ..paths import file_stat
from .build import _NOT_INDEX_FILES, open_dir, read_manifest, unshown
from .schema import SCHEMA_VERSION
from . import integrity


def unchanged(stats: object) -> bool:
    """Whether every path recorded in ``stats`` ({path: file_stat}) is as it was."""
    if not isinstance(stats, dict) or not stats:
        return False
    return all(file_stat(name) == (list(entry) if isinstance(entry, (list, tuple)) else entry) for name, entry in stats.items())


def open_current(path: Path) -> tuple[index.Index, dict] | None:
    """(the index, the corpus state in its manifest) if the index is complete,
    undamaged and describes the corpus files as they are now; else None (the
    caller loads the corpus and brings the index up to date)."""
    data = read_manifest(path)
    if not data or data.get("schema_version") != SCHEMA_VERSION or not data.get("complete"):
        return None
    state = data.get("corpus")
    if not isinstance(state, dict) or not unchanged(state.get("files")) or not unchanged(state.get("environment")):
        return None
    if integrity.problem(path, data.get("files"), _NOT_INDEX_FILES):
        return None
    try:
        return open_dir(path), state
    except Exception:  # noqa: BLE001 - unreadable: the slow path rebuilds it
        return None


class Shown:
    """What a result shows of an article, read from the index: ``id``, ``title``,
    ``source``, ``date_text`` and ``text``, as on ``Article``."""

    __slots__ = ("id", "title", "source", "date_text", "text")

    def __init__(self, article_id: str, value: bytes) -> None:
        self.id = article_id
        self.title, self.source, self.date_text, self.text = unshown(value)


class StoredArticles:
    """A read-only mapping of article id to ``Shown``, read from the index on demand."""

    def __init__(self, searcher) -> None:
        self._searcher = searcher
        self._cache: dict[str, Shown] = {}

    def get(self, article_id: str, default=None):
        if article_id not in self._cache:
            number = self._searcher.document_number(id=article_id)
            if number is None:
                return default
            value = self._searcher.stored_fields(number).get("shown")
            if value is None:
                return default
            self._cache[article_id] = Shown(article_id, value)
        return self._cache[article_id]

    def __getitem__(self, article_id: str) -> Shown:
        found = self.get(article_id)
        if found is None:
            raise KeyError(article_id)
        return found


def analysed_count(searcher, analyser_key: str) -> int:
    """How many documents have entity fields from ``analyser_key``."""
    return sum(1 for _ in searcher.docs_for_query(wq.Term("analysis", analyser_key)))
