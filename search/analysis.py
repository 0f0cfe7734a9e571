"""Analysis of articles: entities, quotes and claims, cached by content.

Results are stored in one SQLite file keyed by (content hash and date,
analyser key), so an article is analysed once per version of its text, of
the model and of the gazetteer: opening an article never runs the model.
(The date is part of the key because relative dates resolve against it.)
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

from .article import Article
from .claims import Claim, find_claims
from .entities import Entity, ModelUnavailable, RuleRecognizer, SpacyRecognizer, make_recognizer, sentence_subject
from .quotes import Quote, SpeakerResolver, find_quotes
from .gazetteer import Gazetteer

# Bump when what an analysis contains changes: old cache rows are then unused.
ANALYSIS_VERSION = 2
BATCH = 32

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Analysis:
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    claims: tuple[Claim, ...] = ()

    def to_json(self) -> str:
        data = {
            "entities": [e.to_dict() for e in self.entities],
            "quotes": [q.to_dict() for q in self.quotes],
            "claims": [c.to_dict() for c in self.claims],
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> "Analysis":
        data = json.loads(text)
        return cls(
            entities=tuple(Entity.from_dict(e) for e in data.get("entities", ())),
            quotes=tuple(Quote.from_dict(q) for q in data.get("quotes", ())),
            claims=tuple(Claim.from_dict(c) for c in data.get("claims", ())),
        )


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
        # Corpus-wide results (claim clusters), keyed by everything they depend on.
        self._db.execute("CREATE TABLE IF NOT EXISTS corpus (key TEXT PRIMARY KEY, data TEXT)")
        self._db.commit()

    def get_corpus(self, key: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT data FROM corpus WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def put_corpus(self, key: str, data: str) -> None:
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO corpus VALUES (?, ?)", (key, data))
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

    def analyse(self, articles: Sequence[Article], reference: dt.date | None = None) -> list[Analysis]:
        """``reference`` stands in for the date of undated articles when resolving "last year"."""
        results = []
        for article, found in zip(articles, self.recognizer().recognise([a.text for a in articles])):
            entities = tuple(found)
            parse = sentence_subject if isinstance(self.recognizer(), SpacyRecognizer) else None
            quotes = tuple(find_quotes(article.text, entities, self.gazetteer, article.boilerplate, parse))
            resolver = SpeakerResolver(article.text, entities, self.gazetteer, article.boilerplate)
            today = article.date or reference
            claims = tuple(find_claims(article.text, entities, quotes, resolver, today, article.boilerplate))
            results.append(Analysis(entities=entities, quotes=quotes, claims=claims))
        return results

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
    reference = reference_date(articles)

    def _cache_key(article: Article) -> str:
        return f"{article.content_hash}|{article.date_text or reference}"

    key = analyser.key
    cached = store.get_many((_cache_key(a) for a in articles), key)
    missing = [a for a in articles if _cache_key(a) not in cached]
    if missing and analyser.prepare():
        key = analyser.key
        cached = store.get_many((_cache_key(a) for a in articles), key)
        missing = [a for a in articles if _cache_key(a) not in cached]
    done = len(articles) - len(missing)
    if progress:
        progress("analysing", done, len(articles))
    for start in range(0, len(missing), BATCH):
        batch = missing[start:start + BATCH]
        results = analyser.analyse(batch, reference)
        store.put_many(((_cache_key(a), r) for a, r in zip(batch, results)), key)
        for article, result in zip(batch, results):
            cached[_cache_key(article)] = result
        done += len(batch)
        if progress:
            progress("analysing", done, len(articles))
    return {a.id: cached[_cache_key(a)] for a in articles}


def reference_date(articles: Sequence[Article]) -> dt.date | None:
    """The median date of the corpus's dated articles. Reports of one event are
    written days apart, so an undated one's "last year" means the same year."""
    dates = sorted(a.date for a in articles if a.date)
    return dates[len(dates) // 2] if dates else None
