"""The on-disk Whoosh index: schema, full builds, incremental updates, repair.

An index lives in its own folder per corpus. A small manifest beside the
Whoosh files records the schema version and whether the last full build
finished; an unfinished, outdated or unreadable index is rebuilt, never
trusted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
import zlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from whoosh import index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import LockError

from .. import paths
from ..article import Article
from . import _known, integrity
from ._writer import Writer
from .schema import ENTITY_FIELDS, SCHEMA_VERSION, build_schema

if TYPE_CHECKING:  # the analysis package is heavy: a quick search never imports it
    from ..analysis import Analysis

MANIFEST = "newsdesk-index.json"

Progress = Callable[[str, int, int], None]  # (phase, done, total)

def default_cache_root() -> Path:
    """``$NEWSDESK_HOME`` if set, else the user's cache folder."""
    return paths.cache_dir()


def default_index_root() -> Path:
    return default_cache_root() / "index"


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
    # Ids whose entity fields come from the current analyser (the rest have
    # none yet, or stale ones): what entity queries can find.
    with_entities: frozenset[str] = field(default=frozenset(), repr=False, compare=False)

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


def document(article: Article, analysis: Analysis | None, analyser_key: str) -> dict:
    """The index's document for ``article``; without ``analysis`` it holds only
    the text fields (entity fields come when the analysis lands)."""
    return _text_fields(article) | _analysed_fields(analysis, analyser_key)


def _text_fields(article: Article) -> dict:
    doc = {
        "id": article.id,
        "fingerprint": article.fingerprint,
        "analysis": "",
        "title": article.title,
        "source": article.source or "",
        "body": article.text,
        "spell": f"{article.title}\n{article.text}",
        "shown": shown(article),
    }
    if article.date:
        doc["date"] = dt.datetime.combine(article.date, dt.time())
    return doc


def _analysed_fields(analysis: Analysis | None, analyser_key: str) -> dict:
    """The analyser key and the entity fields ({} without an analysis)."""
    if analysis is None:
        return {}
    doc = {"analysis": analyser_key}
    entities = analysis.entities
    names = sorted({e.canonical for e in entities})
    if names:
        doc["entity"] = "\n".join(names)
    for kind, name in ENTITY_FIELDS.items():
        of_kind = sorted({e.canonical for e in entities if e.type == kind})
        if of_kind:
            doc[name] = "\n".join(of_kind)
    return doc


def shown(article: Article) -> bytes:
    """What a result shows (title, outlet, date, text), compressed, so a search
    can answer from the index alone (``unshown`` reads it back)."""
    data = json.dumps([article.title, article.source, article.date_text, article.text], ensure_ascii=False)
    return zlib.compress(data.encode("utf-8"), 1)


def unshown(value: bytes) -> tuple[str, str | None, str, str]:
    """(title, source, date text, text) from ``shown``."""
    title, source, date_text, text = json.loads(zlib.decompress(value).decode("utf-8"))
    return title, source, date_text, text


def _add(writer, doc: dict, update: bool = False) -> None:
    (writer.update_document if update else writer.add_document)(**doc)


class IndexDamaged(RuntimeError):
    """Reading the index failed in a way only damaged files explain."""


def ensure_index(
    path: Path,
    articles: list[Article],
    analyses: dict[str, Analysis],
    analyser_key: str,
    progress: Progress | None = None,
    force_rebuild: str | None = None,
    state: dict | None = None,
) -> tuple[index.Index, IndexReport]:
    """Open the index at ``path`` and bring it in line with ``articles``.

    Processes opening the same index take turns (a lock file beside it), so two
    never rebuild it at once. When the cache folder cannot be written (read-only
    or full), the index is built in a temporary folder instead and the report
    says so. ``force_rebuild`` (a reason) rebuilds even a healthy-looking index.

    ``state`` (JSON-able: the corpus files' sizes and times when they were read,
    and what a search prints besides results) is kept in the manifest, so that a
    later process can tell, without reading the corpus, that the index is
    current (``quick.open_current``)."""
    build = _Build(articles, analyses, analyser_key, progress, state)
    try:
        with _exclusive(path):
            return _ensure(path, build, force_rebuild)
    except OSError as exc:
        fallback = Path(tempfile.mkdtemp(prefix="newsdesk-index-"))
        ix, report = _rebuild(fallback, build, "new index")
        why = f"cannot write the index folder {path} ({exc.strerror or exc}); using a temporary index"
        return ix, replace(report, read_only_because=why)


@contextlib.contextmanager
def _exclusive(path: Path):
    """Hold ``<path>.lock`` for the duration (POSIX advisory lock; elsewhere a no-op)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    with open(path.with_name(path.name + ".lock"), "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _ensure(path: Path, build: _Build, force_rebuild: str | None) -> tuple[index.Index, IndexReport]:
    if path.exists() and not path.is_dir():
        path.unlink()  # our folder's name, taken by a stray file: the index is a cache
    path.mkdir(parents=True, exist_ok=True)
    problem = force_rebuild or _why_unusable(path)
    if problem is None:
        try:
            ix = open_dir(path)
            base, stored = _known.recall(ix) or _read_fingerprints(ix)
        except Exception as exc:  # any read failure means the files are damaged
            problem = f"index was unreadable ({type(exc).__name__}), rebuilt"
    if problem is not None:
        return _rebuild(path, build, problem)
    try:
        return ix, _update(ix, path, stored, build, base)
    except LockError:
        # Another newsdesk is writing this index; search what is there.
        unchanged = len(stored)
        with_entities = frozenset(doc_id for doc_id, (_, key) in stored.items() if key == build.analyser_key)
        return ix, IndexReport(
            path, unchanged=unchanged, read_only_because="another newsdesk is updating the index; results may be stale",
            with_entities=with_entities,
        )


def _why_unusable(path: Path) -> str | None:
    manifest = path / MANIFEST
    if not manifest.exists():
        return "new index"
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return "index manifest was damaged, rebuilt"
    if not isinstance(data, dict):
        return "index manifest was damaged, rebuilt"
    if data.get("schema_version") != SCHEMA_VERSION:
        return "index format changed, rebuilt"
    if not data.get("complete"):
        return "previous indexing did not finish, rebuilt"
    damage = integrity.problem(path, data.get("files"), _NOT_INDEX_FILES)
    if damage:
        return f"index was damaged ({damage}), rebuilt"
    return None


_NOT_INDEX_FILES = {MANIFEST, MANIFEST + ".tmp", _known.FILE}


def _stored_fingerprints(ix: index.Index) -> dict[str, tuple[str, str]]:
    """(text fingerprint, analyser key of the entity fields) by article id."""
    with ix.searcher() as searcher:
        return {doc["id"]: (doc.get("fingerprint", ""), doc.get("analysis", "")) for doc in searcher.all_stored_fields()}


def _read_fingerprints(ix: index.Index) -> tuple[int, dict[str, tuple[str, str]]]:
    """(the generation read, ``_stored_fingerprints``), kept (``_known``) when no commit
    landed while they were read; the generation is -1 when one did."""
    generation = ix.latest_generation()
    before = _known.commit_of(ix, generation)
    stored = _stored_fingerprints(ix)
    if before is None or _known.commit_of(ix, ix.latest_generation()) != before:
        return -1, stored
    _known.remember(ix, generation, dict(stored))
    return generation, stored


def read_manifest(path: Path) -> dict | None:
    try:
        data = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def _write_manifest(path: Path, complete: bool, state: dict | None = None) -> None:
    """The manifest, with every index file's checksum once the index is complete,
    and the corpus ``state`` the index was brought in line with."""
    data = {"schema_version": SCHEMA_VERSION, "complete": complete}
    if complete:
        data["files"] = integrity.record(path, _NOT_INDEX_FILES)
        if state is not None:
            data["corpus"] = state
    tmp = path / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(data), encoding="utf-8")
    os.replace(tmp, path / MANIFEST)


def _written(article: Article, build: _Build) -> tuple[str, str]:
    """What ``build.document(article)`` stores: (fingerprint, analyser key or "")."""
    return article.fingerprint, build.analyser_key if article.id in build.analyses else ""


@dataclass(frozen=True)
class _Build:
    articles: list[Article]
    analyses: dict[str, Analysis]
    analyser_key: str
    progress: Progress | None
    state: dict | None = None

    def document(self, article: Article) -> dict:
        return document(article, self.analyses.get(article.id), self.analyser_key)

    def analysed(self, articles: list[Article]) -> list[tuple[Article, dict]]:
        """Each article with its analysed fields, for a worker process."""
        return [(a, _analysed_fields(self.analyses.get(a.id), self.analyser_key)) for a in articles]

    def report(self, done: int, total: int) -> None:
        if self.progress:
            self.progress("indexing", done, total)


# A full build of at least this many articles is split across processes (one
# segment each): below it, starting a process costs more than it saves.
PARALLEL_FROM = 400
_MAX_PROCESSES = 4
# Each writer's posting pool spills sorted runs to disk past this (by Whoosh's
# estimate of its size): it bounds the peak memory of a large build.
_LIMIT_MB = 128


def _storage(path: Path) -> FileStorage:
    """The index's folder, read with plain file reads. With ``mmap`` (Whoosh's default)
    every part of a segment a searcher opens is copied whole into memory (its
    ``BufferFile`` wraps the mapped bytes in a ``BytesIO``, which copies them): the
    whole index, 46 MB for 2,225 BBC articles, held by every open searcher."""
    return FileStorage(str(path), supports_mmap=False)


def open_dir(path: Path) -> index.Index:
    """The index in ``path`` (see ``_storage``)."""
    return _storage(path).open_index()


def _rebuild(path: Path, build: _Build, reason: str) -> tuple[index.Index, IndexReport]:
    articles = build.articles
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True, exist_ok=True)
    _write_manifest(path, complete=False)
    ix = _storage(path).create_index(build_schema())
    writer = Writer(ix, limitmb=_LIMIT_MB)
    try:
        segments = _write_segments(ix, writer, build)
        # As Whoosh's own multi-process writer commits: the segments the
        # processes wrote, in the corpus's order, in one table of contents.
        writer._commit_toc(segments)  # noqa: SLF001
        writer._finish()  # noqa: SLF001
    except BaseException:
        if not writer.is_closed:
            writer.cancel()
        raise
    _known.remember(ix, writer.generation, {a.id: _written(a, build) for a in articles})
    _write_manifest(path, complete=True, state=build.state)
    with_entities = frozenset(a.id for a in articles if a.id in build.analyses)
    return ix, IndexReport(path, added=len(articles), rebuilt_because=reason, with_entities=with_entities)


def _write_segments(ix: index.Index, writer, build: _Build) -> list:
    """Index every article: the last share in this process with ``writer``, the
    others in worker processes at the same time, one segment each (their
    segments, then this one's). If the workers cannot start, this process
    indexes every share; a share whose worker fails is written here, as a
    segment of its own in its place."""
    articles, total = build.articles, len(build.articles)
    shares = _shares(articles, _processes(total))
    own = shares.pop()
    pool, futures = None, []
    if shares:
        from concurrent.futures import ProcessPoolExecutor

        from ..processes import context, starting_workers

        try:
            with starting_workers():
                pool = ProcessPoolExecutor(len(shares), mp_context=context())
                futures = [pool.submit(_segment, ix.storage.folder, ix.indexname, build.analysed(share), build.analyser_key)
                           for share in shares]
        except Exception:  # noqa: BLE001 - no worker processes here: index every share in this process
            own, shares, futures = articles, [], []
    try:
        # The workers' shares go at about this pace: progress counts them in.
        scale = total - 1 if shares else total
        for done, article in enumerate(own, start=1):
            writer.add_document(**build.document(article))
            build.report(done * scale // len(own), total)
        # This process's segment is written out (sorted and flushed) while the
        # workers finish theirs, not after.
        own_segment = writer._finalize_segment() if writer._added else None  # noqa: SLF001
        segments = []
        for share, future in zip(shares, futures):
            try:
                segments.append(future.result())
            except Exception:  # noqa: BLE001 - a worker that failed: its share is indexed here instead
                segments.append(_segment_here(ix, share, build))
        if shares:
            build.report(total, total)
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    if own_segment is not None:
        segments.append(own_segment)
    else:
        writer._close_segment()  # noqa: SLF001
    return segments


def _segment_here(ix: index.Index, share: list[Article], build: _Build):
    """A failed worker's share, written in this process as a segment of its own."""
    writer = Writer(ix, _lk=False, limitmb=_LIMIT_MB)
    try:
        for article in share:
            writer.add_document(**build.document(article))
        return writer._finalize_segment()  # noqa: SLF001
    except BaseException:
        writer._close_segment()  # noqa: SLF001
        raise


def _segment(folder: str, indexname: str, items: list[tuple[Article, dict]], analyser_key: str):
    """In a worker process: write one segment of ``items`` (an article and its
    analysed fields) into the index at ``folder``; return the segment for the
    parent's commit. The parent holds the index's lock meanwhile."""
    from whoosh.filedb.filestore import FileStorage

    ix = FileStorage(folder).open_index(indexname)
    writer = Writer(ix, _lk=False, limitmb=_LIMIT_MB)
    try:
        for article, analysed in items:
            writer.add_document(**(_text_fields(article) | analysed))
        return writer._finalize_segment()  # noqa: SLF001
    except BaseException:
        writer._close_segment()  # noqa: SLF001
        raise


def _processes(count: int) -> int:
    if count < PARALLEL_FROM:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, _MAX_PROCESSES))


def _shares(articles: list[Article], parts: int) -> list[list[Article]]:
    """``articles`` cut into ``parts`` consecutive shares of about the same amount of text."""
    if parts <= 1 or len(articles) < parts:
        return [list(articles)]
    sizes = [len(a.text) + len(a.title) + 1 for a in articles]
    whole = sum(sizes)
    shares, current, filled = [], [], 0
    for article, size in zip(articles, sizes):
        current.append(article)
        filled += size
        if len(shares) < parts - 1 and filled >= whole * (len(shares) + 1) / parts:
            shares.append(current)
            current = []
    shares.append(current)
    return [share for share in shares if share]


def _update(ix: index.Index, path: Path, stored: dict[str, tuple[str, str]], build: _Build, base: int = -1) -> IndexReport:
    """Rewrite the documents whose text changed, and those whose entity fields
    can now come from a newer analysis; remove the ones gone from the corpus.
    ``stored`` is what the index's commit ``base`` holds (-1: not known which)."""
    articles = build.articles
    key = build.analyser_key
    current = {a.id: a for a in articles}
    removed = [doc_id for doc_id in stored if doc_id not in current]
    changed, enriched = [], []
    for article in articles:
        text, analysed = stored.get(article.id, (None, ""))
        if text != article.fingerprint:
            changed.append(article)
        elif analysed != key and article.id in build.analyses:
            enriched.append(article)
    with_entities = {a.id for a in articles if stored.get(a.id, ("", ""))[1] == key}
    if not removed and not changed and not enriched:
        build.report(len(articles), len(articles))
        if build.state is not None and (read_manifest(path) or {}).get("corpus") != build.state:
            _write_manifest(path, complete=True, state=build.state)
        return IndexReport(path, unchanged=len(articles), with_entities=frozenset(with_entities))
    writer = Writer(ix, timeout=2.0)
    rewrite = changed + enriched
    try:
        for doc_id in removed:
            writer.delete_by_term("id", doc_id)
        for done, article in enumerate(rewrite, start=1):
            _add(writer, build.document(article), update=True)
            build.report(done, len(rewrite))
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    now = {doc_id: entry for doc_id, entry in stored.items() if doc_id in current}
    now.update((a.id, _written(a, build)) for a in rewrite)
    _known.remember(ix, writer.generation, now, based_on=base)
    _write_manifest(path, complete=True, state=build.state)  # new segments, new checksums
    for article in rewrite:
        (with_entities.add if article.id in build.analyses else with_entities.discard)(article.id)
    added = sum(1 for a in changed if a.id not in stored)
    return IndexReport(
        path,
        added=added,
        updated=len(changed) - added,
        removed=len(removed),
        unchanged=len(articles) - len(changed),
        with_entities=frozenset(with_entities),
    )


def add_entities(ix: index.Index, pairs: list[tuple[Article, Analysis]], analyser_key: str, state: dict | None = None) -> None:
    """Rewrite these articles' documents with their entity fields, in one commit
    (the index stays whole if this is cut short: the commit is all or nothing).
    Raises ``LockError`` if another writer holds the index. The manifest keeps
    its corpus state only if it is ``state`` (the texts rewritten here are then
    the ones it describes)."""
    if not pairs:
        return
    path = Path(ix.storage.folder)
    with _exclusive(path):
        known = _known.recall(ix)
        writer = Writer(ix, timeout=2.0)
        try:
            for article, analysis in pairs:
                _add(writer, document(article, analysis, analyser_key), update=True)
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        if known is not None:
            base, stored = known
            stored.update((article.id, (article.fingerprint, analyser_key)) for article, _ in pairs)
            _known.remember(ix, writer.generation, stored, based_on=base)
        kept = (read_manifest(path) or {}).get("corpus")
        _write_manifest(path, complete=True, state=state if state is not None and kept == state else None)
