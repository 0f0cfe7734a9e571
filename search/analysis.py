"""Analysis of articles (entities now; quotes and claims later), cached by content.

Results are stored in one SQLite file keyed by (content hash, analyser key),
so an article is analysed once per version of its text, of the model and of
the gazetteer: opening an article never runs the model.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

from .article import Article
from .entities import Entity, ModelUnavailable, RuleRecognizer, SpacyRecognizer, make_recognizer
from .gazetteer import Gazetteer

# Bump when what an analysis contains changes: old cache rows are then unused.
ANALYSIS_VERSION = 1
BATCH = 32

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Analysis:
    entities: tuple[Entity, ...] = ()

    def to_json(self) -> str:
        return json.dumps({"entities": [e.to_dict() for e in self.entities]}, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> "Analysis":
        data = json.loads(text)
        return cls(entities=tuple(Entity.from_dict(e) for e in data.get("entities", ())))


class AnalysisStore:
    """A small SQLite cache; safe to share between threads and processes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS analysis (content_hash TEXT, analyser TEXT, data TEXT, PRIMARY KEY (content_hash, analyser))"
        )
        self._db.commit()

    def get_many(self, hashes: Iterable[str], analyser: str) -> dict[str, Analysis]:
        wanted = list(set(hashes))
        found: dict[str, Analysis] = {}
        with self._lock:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start:start + 500]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT content_hash, data FROM analysis WHERE analyser = ? AND content_hash IN ({marks})", [analyser, *chunk]
                ).fetchall()
                for content_hash, data in rows:
                    try:
                        found[content_hash] = Analysis.from_json(data)
                    except (ValueError, KeyError, TypeError):
                        continue  # a damaged row is simply analysed again
        return found

    def put_many(self, items: Iterable[tuple[str, Analysis]], analyser: str) -> None:
        with self._lock:
            self._db.executemany(
                "INSERT OR REPLACE INTO analysis VALUES (?, ?, ?)", [(h, analyser, a.to_json()) for h, a in items]
            )
            self._db.commit()

    def close(self) -> None:
        with self._lock:
            self._db.close()


@dataclass
class Analyser:
    """Chooses the recogniser once (spaCy, or rules when the model cannot load)."""

    gazetteer: Gazetteer
    prefer_model: bool = True
    warning: str | None = None
    _recognizer: object = field(default=None, repr=False)

    def recognizer(self):
        if self._recognizer is None:
            self._recognizer, self.warning = make_recognizer(self.gazetteer, self.prefer_model)
        return self._recognizer

    @property
    def key(self) -> str:
        return f"v{ANALYSIS_VERSION}-{self.recognizer().key}"

    def analyse(self, texts: Sequence[str]) -> list[Analysis]:
        return [Analysis(entities=tuple(ents)) for ents in self.recognizer().recognise(texts)]

    def prepare(self) -> bool:
        """Load the model before analysing; if it fails now, fall back to the
        rules. Returns True when the recogniser (and so the key) changed."""
        recognizer = self.recognizer()
        if not isinstance(recognizer, SpacyRecognizer):
            return False
        try:
            recognizer.nlp
        except ModelUnavailable as exc:
            self._recognizer = RuleRecognizer(self.gazetteer)
            self.warning = f"entity model unavailable: {exc}; using rule-based recognition"
            return True
        return False


def analyse_articles(
    articles: Sequence[Article], analyser: Analyser, store: AnalysisStore, progress: Progress | None = None
) -> dict[str, Analysis]:
    """Analysis for every article (by id): cached ones read, the rest computed and stored."""
    key = analyser.key
    cached = store.get_many((a.content_hash for a in articles), key)
    missing = [a for a in articles if a.content_hash not in cached]
    if missing and analyser.prepare():
        key = analyser.key
        cached = store.get_many((a.content_hash for a in articles), key)
        missing = [a for a in articles if a.content_hash not in cached]
    done = len(articles) - len(missing)
    if progress:
        progress("analysing", done, len(articles))
    for start in range(0, len(missing), BATCH):
        batch = missing[start:start + BATCH]
        results = analyser.analyse([a.text for a in batch])
        store.put_many(((a.content_hash, r) for a, r in zip(batch, results)), key)
        for article, result in zip(batch, results):
            cached[article.content_hash] = result
        done += len(batch)
        if progress:
            progress("analysing", done, len(articles))
    return {a.id: cached[a.content_hash] for a in articles}
