"""The on-disk Whoosh index: schema, full builds, incremental updates, repair.

An index lives in its own folder per corpus. A small manifest beside the
Whoosh files records the schema version and whether the last full build
finished; an unfinished, outdated or unreadable index is rebuilt, never
trusted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

import platformdirs
from whoosh import fields, index
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StandardAnalyzer, StemmingAnalyzer
from whoosh.index import LockError

from .article import Article

# Bump whenever the schema or what is indexed changes: old indexes get rebuilt.
SCHEMA_VERSION = 1
MANIFEST = "newsdesk-index.json"

Progress = Callable[[int, int], None]


def build_schema() -> fields.Schema:
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        fingerprint=fields.STORED(),
        title=fields.TEXT(analyzer=StemmingAnalyzer(), field_boost=2.0),
        source=fields.TEXT(analyzer=StandardAnalyzer(stoplist=None)),
        date=fields.DATETIME(),
        body=fields.TEXT(analyzer=StemmingAnalyzer()),
        # Unstemmed words of title and body: the dictionary for "did you mean".
        spell=fields.TEXT(analyzer=RegexTokenizer() | LowercaseFilter(), phrase=False),
    )


def default_index_root() -> Path:
    """``$NEWSDESK_HOME/index`` if set, else the user's cache folder."""
    home = os.environ.get("NEWSDESK_HOME")
    if home:
        return Path(home).expanduser() / "index"
    return Path(platformdirs.user_cache_dir("newsdesk")) / "index"


def index_dir_for(roots: Iterable[Path], root: Path | None = None) -> Path:
    """One index folder per corpus, keyed by the corpus's resolved paths."""
    key_source = "\n".join(sorted(str(p) for p in roots))
    key = hashlib.sha256(key_source.encode("utf-8")).hexdigest()[:16]
    return (root or default_index_root()) / key


@dataclass(frozen=True)
class IndexReport:
    """What ``ensure_index`` did, for progress lines and the status bar."""

    path: Path
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    rebuilt_because: str | None = None
    read_only_because: str | None = None

    def summary(self) -> str:
        if self.rebuilt_because:
            text = f"indexed {self.added} articles ({self.rebuilt_because})"
        elif self.added or self.updated or self.removed:
            text = f"index updated: {self.added} added, {self.updated} changed, {self.removed} removed"
        else:
            text = f"index up to date ({self.unchanged} articles)"
        if self.read_only_because:
            text += f"; {self.read_only_because}"
        return text


def document(article: Article) -> dict:
    date = dt.datetime.combine(article.date, dt.time()) if article.date else None
    doc = {
        "id": article.id,
        "fingerprint": article.fingerprint,
        "title": article.title,
        "source": article.source or "",
        "body": article.text,
        "spell": f"{article.title}\n{article.text}",
    }
    if date:
        doc["date"] = date
    return doc


def ensure_index(path: Path, articles: list[Article], progress: Progress | None = None) -> tuple[index.Index, IndexReport]:
    """Open the index at ``path`` and bring it in line with ``articles``."""
    path.mkdir(parents=True, exist_ok=True)
    problem = _why_unusable(path)
    if problem is None:
        try:
            ix = index.open_dir(str(path))
            stored = _stored_fingerprints(ix)
        except Exception as exc:  # any read failure means the files are damaged
            problem = f"index was unreadable ({type(exc).__name__}), rebuilt"
    if problem is not None:
        return _rebuild(path, articles, progress, problem)
    try:
        return ix, _update(ix, path, stored, articles, progress)
    except LockError:
        # Another newsdesk is writing this index; search what is there.
        unchanged = len(stored)
        return ix, IndexReport(path, unchanged=unchanged, read_only_because="another newsdesk is updating the index; results may be stale")


def _why_unusable(path: Path) -> str | None:
    manifest = path / MANIFEST
    if not manifest.exists():
        return "new index"
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "index manifest was damaged, rebuilt"
    if data.get("schema_version") != SCHEMA_VERSION:
        return "index format changed, rebuilt"
    if not data.get("complete"):
        return "previous indexing did not finish, rebuilt"
    return None


def _stored_fingerprints(ix: index.Index) -> dict[str, str]:
    with ix.searcher() as searcher:
        return {doc["id"]: doc.get("fingerprint", "") for doc in searcher.all_stored_fields()}


def _write_manifest(path: Path, complete: bool) -> None:
    tmp = path / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps({"schema_version": SCHEMA_VERSION, "complete": complete}), encoding="utf-8")
    os.replace(tmp, path / MANIFEST)


def _rebuild(path: Path, articles: list[Article], progress: Progress | None, reason: str) -> tuple[index.Index, IndexReport]:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True, exist_ok=True)
    _write_manifest(path, complete=False)
    ix = index.create_in(str(path), build_schema())
    writer = ix.writer(limitmb=256)
    try:
        for done, article in enumerate(articles, start=1):
            writer.add_document(**document(article))
            if progress:
                progress(done, len(articles))
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    _write_manifest(path, complete=True)
    return ix, IndexReport(path, added=len(articles), rebuilt_because=reason)


def _update(ix: index.Index, path: Path, stored: dict[str, str], articles: list[Article], progress: Progress | None) -> IndexReport:
    current = {a.id: a for a in articles}
    removed = [doc_id for doc_id in stored if doc_id not in current]
    changed = [a for a in articles if stored.get(a.id) != a.fingerprint]
    if not removed and not changed:
        if progress:
            progress(len(articles), len(articles))
        return IndexReport(path, unchanged=len(articles))
    writer = ix.writer(timeout=2.0)
    try:
        for doc_id in removed:
            writer.delete_by_term("id", doc_id)
        for done, article in enumerate(changed, start=1):
            writer.update_document(**document(article))
            if progress:
                progress(done, len(changed))
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    added = sum(1 for a in changed if a.id not in stored)
    return IndexReport(
        path,
        added=added,
        updated=len(changed) - added,
        removed=len(removed),
        unchanged=len(articles) - len(changed),
    )
