"""The feed list and what has been fetched, in one small SQLite file beside the
articles (``feeds.sqlite`` in the corpus folder): subscriptions with their
ETag/Last-Modified, the entry ids already seen, and every article written
(its file, canonical URL and text hash) so nothing is added twice."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

STATE_FILE = "feeds.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feeds (
    url TEXT PRIMARY KEY, title TEXT, added TEXT NOT NULL,
    etag TEXT, last_modified TEXT, fetched TEXT, error TEXT
);
CREATE TABLE IF NOT EXISTS seen (
    feed TEXT NOT NULL, entry TEXT NOT NULL, updated TEXT,
    PRIMARY KEY (feed, entry)
);
CREATE TABLE IF NOT EXISTS articles (
    file TEXT PRIMARY KEY, url TEXT, text_hash TEXT NOT NULL, feed TEXT, version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX IF NOT EXISTS articles_url ON articles (url);
CREATE INDEX IF NOT EXISTS articles_hash ON articles (text_hash);
"""


@dataclass(frozen=True)
class Subscription:
    url: str
    title: str | None = None
    added: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    fetched: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class Stored:
    """An article already in the folder."""

    file: str
    url: str | None
    text_hash: str
    version: int


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class FeedStore:
    """The state of one corpus folder. Thread-safe; use as a context manager."""

    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder).expanduser()
        self.folder.mkdir(parents=True, exist_ok=True)
        self.path = self.folder / STATE_FILE
        self._lock = threading.RLock()
        db = None
        try:
            db = sqlite3.connect(self.path, timeout=30, check_same_thread=False, isolation_level=None)
            db.executescript(_SCHEMA)
        except sqlite3.Error as exc:
            if db is not None:
                db.close()
            raise ValueError(f"{self.path} is not a feeds file newsdesk can read ({exc})") from None
        self._db = db

    # -- subscriptions ----------------------------------------------------------------------
    def subscribe(self, url: str, title: str | None = None) -> bool:
        """Add a feed; False if it was already there."""
        with self._lock:
            cursor = self._db.execute("INSERT OR IGNORE INTO feeds (url, title, added) VALUES (?, ?, ?)", (url, title, now()))
            return cursor.rowcount == 1

    def unsubscribe(self, url: str) -> bool:
        with self._lock:
            cursor = self._db.execute("DELETE FROM feeds WHERE url = ?", (url,))
            self._db.execute("DELETE FROM seen WHERE feed = ?", (url,))
            return cursor.rowcount == 1

    def subscriptions(self) -> list[Subscription]:
        with self._lock:
            rows = self._db.execute(
                "SELECT url, title, added, etag, last_modified, fetched, error FROM feeds ORDER BY rowid"
            ).fetchall()
        return [Subscription(*row) for row in rows]

    def subscription(self, url: str) -> Subscription | None:
        return next((s for s in self.subscriptions() if s.url == url), None)

    def fetched(self, url: str, *, title: str | None = None, etag: str | None = None, last_modified: str | None = None,
                error: str | None = None, keep_validators: bool = False) -> None:
        """Record a fetch of the feed at ``url`` (its validators, or the error)."""
        with self._lock:
            if error is not None or keep_validators:
                self._db.execute("UPDATE feeds SET fetched = ?, error = ? WHERE url = ?", (now(), error, url))
            else:
                self._db.execute(
                    "UPDATE feeds SET fetched = ?, error = NULL, etag = ?, last_modified = ?, title = COALESCE(?, title) WHERE url = ?",
                    (now(), etag, last_modified, title, url),
                )

    # -- entries ------------------------------------------------------------------------------
    def seen(self, feed: str, entry: str) -> tuple[bool, str | None]:
        """(seen before, its updated stamp then)."""
        with self._lock:
            row = self._db.execute("SELECT updated FROM seen WHERE feed = ? AND entry = ?", (feed, entry)).fetchone()
        return (row is not None, row[0] if row else None)

    def mark_seen(self, feed: str, entry: str, updated: str | None) -> None:
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO seen (feed, entry, updated) VALUES (?, ?, ?)", (feed, entry, updated))

    # -- articles -----------------------------------------------------------------------------
    def by_hash(self, text_hash: str) -> Stored | None:
        with self._lock:
            row = self._db.execute("SELECT file, url, text_hash, version FROM articles WHERE text_hash = ?", (text_hash,)).fetchone()
        return Stored(*row) if row else None

    def latest_for_url(self, url: str) -> Stored | None:
        with self._lock:
            row = self._db.execute(
                "SELECT file, url, text_hash, version FROM articles WHERE url = ? ORDER BY version DESC LIMIT 1", (url,)
            ).fetchone()
        return Stored(*row) if row else None

    def record(self, file: str, url: str | None, text_hash: str, feed: str | None, version: int) -> None:
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO articles (file, url, text_hash, feed, version) VALUES (?, ?, ?, ?, ?)",
                (file, url, text_hash, feed, version),
            )

    @property
    def lock(self) -> threading.RLock:
        """Held while deciding whether an article is new and writing it."""
        return self._lock

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> "FeedStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
