"""The analysis cache: one SQLite file keyed by (content hash and date,
analyser key), so an article is analysed once per version of its text, of
the model and of the gazetteer: opening an article never runs the model.
It also keeps corpus-wide results (claim clusters) by a key of their own.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from pathlib import Path
from typing import Iterable

from .result import Analysis


class AnalysisStore:
    """A small SQLite cache; safe to share between threads and processes.

    It is only a cache: a damaged file (truncated, garbled, a folder in its
    place) is moved aside and started afresh, and when nothing can be written
    (a read-only or full disk) it keeps working in memory and says so in
    ``warning``. No cache problem is ever fatal."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.warning: str | None = None
        self.in_memory = False  # True once results are kept in memory only (nothing more reaches the file)
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
                self.in_memory = True
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
            # The claim cluster index of each corpus (``kept``), for re-clustering only what changed.
            db.execute("CREATE TABLE IF NOT EXISTS cluster_index (slot TEXT PRIMARY KEY, data TEXT)")
            db.execute("CREATE TABLE IF NOT EXISTS cluster_claims (slot TEXT, article TEXT, data TEXT, PRIMARY KEY (slot, article))")
            db.execute("CREATE TABLE IF NOT EXISTS cluster_keys (slot TEXT, key TEXT, article TEXT, claim INTEGER)")
            db.execute("CREATE INDEX IF NOT EXISTS cluster_keys_by_key ON cluster_keys (slot, key)")
            db.execute("CREATE INDEX IF NOT EXISTS cluster_keys_by_article ON cluster_keys (slot, article)")
            db.execute("CREATE TABLE IF NOT EXISTS cluster_df (slot TEXT, kind TEXT, word TEXT, count INTEGER, PRIMARY KEY (slot, kind, word))")
            db.execute("CREATE TABLE IF NOT EXISTS cluster_rows (slot TEXT, id TEXT, data TEXT, PRIMARY KEY (slot, id))")
            db.execute("CREATE TABLE IF NOT EXISTS cluster_seen (slot TEXT, article TEXT, data TEXT, PRIMARY KEY (slot, article))")
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
        self.in_memory = True

    def get_corpus(self, key: str, table: str = "corpus") -> str | None:
        """A corpus-wide result: clusters (``corpus``) or a cluster index (``cluster_index``)."""
        column = _KEYS[table]
        with self._lock:
            try:
                row = self._db.execute(f"SELECT data FROM {table} WHERE {column} = ?", (key,)).fetchone()
            except sqlite3.Error as exc:
                self._failed(exc)
                return None
        return row[0] if row and isinstance(row[0], str) else None

    @contextlib.contextmanager
    def transaction(self):
        """The connection, under the store's lock, committed at the end and rolled
        back on any error (``sqlite3.Error`` reaches the caller)."""
        with self._lock:
            try:
                yield self._db
                self._db.commit()
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    self._db.rollback()
                raise

    def _select(self, columns: str, hashes: Iterable[str], analyser: str) -> list[tuple]:
        """Rows of ``columns`` for the cached ``hashes``, in chunks SQLite accepts."""
        wanted = list(set(hashes))
        rows: list[tuple] = []
        with self._lock:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start:start + 500]
                marks = ",".join("?" * len(chunk))
                try:
                    rows += self._db.execute(
                        f"SELECT {columns} FROM analysis WHERE analyser = ? AND content_hash IN ({marks})", [analyser, *chunk]
                    ).fetchall()
                except sqlite3.Error as exc:
                    self._failed(exc)
                    break
        return rows

    def get_many(self, hashes: Iterable[str], analyser: str) -> dict[str, Analysis]:
        found: dict[str, Analysis] = {}
        for content_hash, data in self._select("content_hash, data", hashes, analyser):
            try:
                found[content_hash] = Analysis.from_json(data)
            except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
                continue  # a damaged row is simply analysed again
        return found

    def rows(self, hashes: Iterable[str], analyser: str, chunk: int = 256):
        """(content hash, cached JSON text) for the cached ``hashes``, read a chunk at
        a time and not decoded: a pass over a whole corpus holds one chunk at once."""
        wanted = list(dict.fromkeys(hashes))
        for start in range(0, len(wanted), chunk):
            yield from self._select("content_hash, data", wanted[start:start + chunk], analyser)

    def present(self, hashes: Iterable[str], analyser: str) -> set[str]:
        """Which of ``hashes`` have a cached analysis (nothing is decoded)."""
        return {row[0] for row in self._select("content_hash", hashes, analyser)}

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


_KEYS = {"corpus": "key", "cluster_index": "slot"}  # the tables of corpus-wide results and their keys


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
