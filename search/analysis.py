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
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Sequence

from .article import Article
from .claims import Claim, find_claims
from .entities import Entity, ModelUnavailable, RuleRecognizer, SpacyRecognizer, make_recognizer, sentence_subject, split_pieces
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
    """A small SQLite cache; safe to share between threads and processes.

    It is only a cache: a damaged file (truncated, garbled, a folder in its
    place) is moved aside and started afresh, and when nothing can be written
    (a read-only or full disk) it keeps working in memory and says so in
    ``warning``. No cache problem is ever fatal."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.warning: str | None = None
        self._lock = threading.Lock()
        try:
            self._db = self._open(path)
        except (sqlite3.Error, OSError) as first:
            try:
                _move_aside(path)
                self._db = self._open(path)
                self.warning = f"analysis cache was damaged ({_short(first)}); started a new one"
            except (sqlite3.Error, OSError) as exc:
                self._db = self._open(None)
                self.warning = f"analysis cache unavailable ({_short(exc)}); results kept in memory only"

    @staticmethod
    def _open(path: Path | None) -> sqlite3.Connection:
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(str(path) if path is not None else ":memory:", check_same_thread=False, timeout=30)
        try:
            if path is not None:
                db.execute("PRAGMA journal_mode=WAL")
            db.execute(
                "CREATE TABLE IF NOT EXISTS analysis (content_hash TEXT, analyser TEXT, data TEXT, PRIMARY KEY (content_hash, analyser))"
            )
            # Corpus-wide results (claim clusters), keyed by everything they depend on.
            db.execute("CREATE TABLE IF NOT EXISTS corpus (key TEXT PRIMARY KEY, data TEXT)")
            db.commit()
            # A garbled file can open and still fail on the first real read.
            db.execute("SELECT count(*) FROM corpus").fetchone()
            db.execute("SELECT content_hash FROM analysis LIMIT 1").fetchall()
        except BaseException:
            db.close()
            raise
        return db

    def _failed(self, exc: Exception) -> None:
        """A read or write failed mid-run: carry on in memory, say so once."""
        if self.warning is None:
            self.warning = f"analysis cache failed ({_short(exc)}); results kept in memory only"
        try:
            self._db.close()
        except sqlite3.Error:
            pass
        self._db = self._open(None)

    def get_corpus(self, key: str) -> str | None:
        with self._lock:
            try:
                row = self._db.execute("SELECT data FROM corpus WHERE key = ?", (key,)).fetchone()
            except sqlite3.Error as exc:
                self._failed(exc)
                return None
        return row[0] if row and isinstance(row[0], str) else None

    def put_corpus(self, key: str, data: str) -> None:
        with self._lock:
            try:
                self._db.execute("INSERT OR REPLACE INTO corpus VALUES (?, ?)", (key, data))
                self._db.commit()
            except sqlite3.Error as exc:
                self._failed(exc)

    def get_many(self, hashes: Iterable[str], analyser: str) -> dict[str, Analysis]:
        wanted = list(set(hashes))
        found: dict[str, Analysis] = {}
        with self._lock:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start:start + 500]
                marks = ",".join("?" * len(chunk))
                try:
                    rows = self._db.execute(
                        f"SELECT content_hash, data FROM analysis WHERE analyser = ? AND content_hash IN ({marks})", [analyser, *chunk]
                    ).fetchall()
                except sqlite3.Error as exc:
                    self._failed(exc)
                    return found
                for content_hash, data in rows:
                    try:
                        found[content_hash] = Analysis.from_json(data)
                    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
                        continue  # a damaged row is simply analysed again
        return found

    def put_many(self, items: Iterable[tuple[str, Analysis]], analyser: str) -> None:
        rows = [(h, analyser, a.to_json()) for h, a in items]
        with self._lock:
            try:
                self._db.executemany("INSERT OR REPLACE INTO analysis VALUES (?, ?, ?)", rows)
                self._db.commit()
            except sqlite3.Error as exc:
                self._failed(exc)
                self._db.executemany("INSERT OR REPLACE INTO analysis VALUES (?, ?, ?)", rows)

    def close(self) -> None:
        with self._lock:
            try:
                self._db.close()
            except sqlite3.Error:
                pass


def _short(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:200]


def _move_aside(path: Path) -> None:
    """Move a damaged cache (file or folder) and its WAL files out of the way."""
    import shutil
    import time

    for candidate in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if candidate.is_dir() and not candidate.is_symlink():
            shutil.rmtree(candidate, ignore_errors=True)
        if candidate.exists() or candidate.is_symlink():
            try:
                candidate.replace(candidate.with_name(f"{candidate.name}.damaged-{int(time.time())}"))
            except OSError:
                candidate.unlink(missing_ok=True)


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
        """``reference`` stands in for the date of undated articles when resolving "last year".

        A very long article is analysed in pieces cut at paragraph breaks (the
        model has a length limit, and speaker resolution looks at every entity
        of the text), and the pieces' offsets are put back."""
        pieces = [(n, offset, part) for n, article in enumerate(articles) for offset, part in _pieces(article)]
        results: list[list[Analysis]] = [[] for _ in articles]
        found_all = self.recognizer().recognise([part.text for _, _, part in pieces])
        for (n, offset, article), found in zip(pieces, found_all):
            entities = tuple(found)
            parse = sentence_subject if isinstance(self.recognizer(), SpacyRecognizer) else None
            quotes = tuple(find_quotes(article.text, entities, self.gazetteer, article.boilerplate, parse))
            resolver = SpeakerResolver(article.text, entities, self.gazetteer, article.boilerplate)
            today = article.date or reference
            claims = tuple(find_claims(article.text, entities, quotes, resolver, today, article.boilerplate))
            results[n].append(_shifted(Analysis(entities=entities, quotes=quotes, claims=claims), offset))
        return [
            Analysis(
                entities=tuple(e for part in parts for e in part.entities),
                quotes=tuple(q for part in parts for q in part.quotes),
                claims=tuple(c for part in parts for c in part.claims),
            )
            for parts in results
        ]

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


# Articles longer than this are analysed in pieces of about this size.
ANALYSIS_PIECE = 30_000


def _pieces(article: Article) -> list[tuple[int, Article]]:
    if len(article.text) <= ANALYSIS_PIECE:
        return [(0, article)]
    parts = []
    for offset, text in split_pieces(article.text, ANALYSIS_PIECE):
        end = offset + len(text)
        boilerplate = tuple((max(s, offset) - offset, min(e, end) - offset) for s, e in article.boilerplate if s < end and e > offset)
        parts.append((offset, replace(article, text=text, boilerplate=boilerplate)))
    return parts


def _shifted(analysis: Analysis, offset: int) -> Analysis:
    if not offset:
        return analysis
    return Analysis(
        entities=tuple(replace(e, start=e.start + offset, end=e.end + offset) for e in analysis.entities),
        quotes=tuple(
            replace(
                q, start=q.start + offset, end=q.end + offset,
                speaker_start=None if q.speaker_start is None else q.speaker_start + offset,
                speaker_end=None if q.speaker_end is None else q.speaker_end + offset,
            )
            for q in analysis.quotes
        ),
        claims=tuple(replace(c, start=c.start + offset, end=c.end + offset) for c in analysis.claims),
    )


def _analyse_batch(
    analyser: Analyser, batch: Sequence[Article], reference: dt.date | None, failed: dict[str, str]
) -> list[Analysis | None]:
    """Analyses of ``batch``; an article whose analysis raises gets None and its
    reason in ``failed`` (by id), and the others are still analysed."""
    try:
        return list(analyser.analyse(batch, reference))
    except Exception:  # noqa: BLE001 - find the article at fault, one at a time
        if len(batch) == 1:
            raise
    results: list[Analysis | None] = []
    for article in batch:
        try:
            results.append(analyser.analyse([article], reference)[0])
        except Exception as exc:  # noqa: BLE001 - that article's problem, not the corpus's
            failed[article.id] = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"[:300]
            results.append(None)
    return results


def analyse_articles(
    articles: Sequence[Article],
    analyser: Analyser,
    store: AnalysisStore,
    progress: Progress | None = None,
    failed: dict[str, str] | None = None,
) -> dict[str, Analysis]:
    """Analysis for every article (by id): cached ones read, the rest computed and stored.

    An article whose analysis fails gets an empty one (not cached, so a later
    version tries again) and its reason in ``failed``."""
    failed = {} if failed is None else failed
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
        results = _analyse_batch(analyser, batch, reference, failed)
        store.put_many(((_cache_key(a), r) for a, r in zip(batch, results) if r is not None), key)
        for article, result in zip(batch, results):
            cached[_cache_key(article)] = result if result is not None else Analysis()
        done += len(batch)
        if progress:
            progress("analysing", done, len(articles))
    return {a.id: cached[_cache_key(a)] for a in articles}


def reference_date(articles: Sequence[Article]) -> dt.date | None:
    """The median date of the corpus's dated articles. Reports of one event are
    written days apart, so an undated one's "last year" means the same year."""
    dates = sorted(a.date for a in articles if a.date)
    return dates[len(dates) // 2] if dates else None
