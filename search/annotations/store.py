"""The annotations file on disk and the in-memory set of annotations it backs.

Safety rules, in order of importance:
- nothing is ever dropped: an annotation whose text cannot be found again is
  kept as an orphan; a record someone else added or changed is merged in, field
  by field, not overwritten; a file deleted or emptied behind our back (a git
  checkout, a sync client) is a question, not an instruction to delete: the
  records we had are written back and the :class:`SaveReport` says so;
- a file that fails to parse (bad YAML, a byte that is not UTF-8, an alias
  bomb, a wrong type) is never overwritten: the error names the line and
  column, and unsaved annotations go to a recovery file;
- every save holds a lock and is atomic (temp file, fsync, rename), so a kill
  leaves the old file or the new one, and two running newsdesks cannot lose
  each other's work; temp files a killed save left behind are removed by the
  next one; a symlinked file stays a symlink and keeps its mode;
- what a person wrote by hand stays: comments and keys newsdesk does not know
  (see :mod:`.document`).

For a front end, the whole API is::

    book = AnnotationFile.open(path)   # book.error: why it cannot be read (never written then)
    book.recoveries                    # recovery files left by earlier sessions: tell the user
    book.put(...) / update(...) / delete(...)
    report = book.save()               # SaveReport; AnnotationFileError or OSError if not saved
    report.vanished                    # "deleted"/"emptied": the file had gone, we wrote our records back
    book.changed_on_disk(); book.reload()   # take in an edit made outside
    book.dirty                         # unsaved changes? ask before quitting, and if the user
    book.write_recovery()              # keeps them but the save fails, write them here (-> path)
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import os
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path


from .. import paths
from ..files import atomic_write as _atomic_write  # a module name, so tests can stand in for it
from ..files import temp_prefix as _temp_prefix
from ..sanitize import clean_field, clean_text
from . import document
from .document import Document
from .model import VERDICTS, Annotation, AnnotationFileError, clean_tags, now_stamp

_MISSING = object()


@dataclass
class SaveReport:
    path: Path
    saved: int
    merged_from_disk: int = 0  # records another writer added or changed since we loaded
    # The file had been deleted or emptied outside newsdesk since we read it:
    # "deleted" or "emptied". Nothing was dropped: ``restored`` records we had
    # (and did not change ourselves) were written back. Tell the user.
    vanished: str | None = None
    restored: int = 0
    cleaned: int = 0  # temp files left by an interrupted save, removed


@dataclass
class AnnotationFile:
    """The YAML file and the in-memory set of annotations it backs."""

    path: Path
    annotations: dict[str, Annotation] = field(default_factory=dict)
    _base: dict[str, Annotation] = field(default_factory=dict)  # as last read from or written to disk
    _base_digest: str | None = None
    _document: Document | None = None  # the file as last read or written (layout, comments)
    _disk_empty: bool = True  # the file as last seen was missing or had no content
    error: str | None = None  # why the file could not be read (it is then never written)
    recoveries: list[Path] = field(default_factory=list)  # recovery files from earlier sessions

    @classmethod
    def open(cls, path: Path) -> AnnotationFile:
        book = cls(Path(path))
        book.recoveries = book.find_recoveries()
        try:
            book.annotations = book._read()
        except AnnotationFileError as exc:
            book.error = str(exc)
            return book
        book._base = dict(book.annotations)
        return book

    # -- editing (in memory; ``save`` writes) ------------------------------------------------
    def put(self, annotation: Annotation) -> None:
        self.annotations[annotation.id] = annotation

    def update(self, annotation_id: str, **changes) -> Annotation:
        if "verdict" in changes and changes["verdict"] not in VERDICTS:
            raise ValueError(f"verdict must be one of {', '.join(VERDICTS)}")
        if "tags" in changes:
            changes["tags"] = tuple(clean_tags(changes["tags"]))
        if changes.get("note") is not None:
            changes["note"] = clean_text(str(changes["note"]))
        if "speaker" in changes:
            changes["speaker"] = clean_field(changes["speaker"])
        updated = replace(self.annotations[annotation_id], **changes, updated=now_stamp())
        self.annotations[annotation_id] = updated
        return updated

    def delete(self, annotation_id: str) -> Annotation:
        return self.annotations.pop(annotation_id)

    def for_article(self, article_id: str) -> list[Annotation]:
        return [a for a in self.annotations.values() if a.article == article_id]

    @property
    def dirty(self) -> bool:
        """Changes not yet on disk (added, changed or deleted since the last read or save)."""
        return self.annotations != self._base

    # -- disk ----------------------------------------------------------------------------------
    def _read(self) -> dict[str, Annotation]:
        raw = _read_bytes(self.path)
        self._base_digest = _digest(raw)
        self._document = _parse(raw, self.path)
        self._disk_empty = self._document.empty
        return dict(self._document.records)

    def save(self) -> SaveReport:
        """Merge with what is on disk now, then write atomically under a lock.

        Raises AnnotationFileError (after writing a recovery file) when the file
        on disk cannot be read: it is never overwritten. OSError (a read-only
        folder, a full disk) leaves the book ``dirty``."""
        target = _resolved(self.path)
        with _locked(target):
            cleaned = _clean_stale_temps(target)
            raw = _read_bytes(target)
            digest = _digest(raw)
            if digest == self._base_digest and self._document is not None:
                # Nobody wrote since we read: no need to parse it again.
                on_disk, theirs, disk_empty = self._document, self._base, self._disk_empty
            else:
                try:
                    on_disk = _parse(raw, self.path)
                except AnnotationFileError as exc:
                    recovery = self.write_recovery()
                    self.error = str(exc)
                    raise AnnotationFileError(f"{exc}; your annotations are safe in {recovery}") from None
                theirs, disk_empty = on_disk.records, on_disk.empty
            vanished = self._vanished(raw, disk_empty)
            if vanished:  # unknown, not "delete everything": keep what we had
                on_disk, theirs = self._document if self._document is not None else on_disk, self._base
            merged, changed = merge(self._base, self.annotations, theirs)
            text, written = document.render(list(merged.values()), on_disk)
            _atomic_write(target, text)
        restored = sum(1 for i, a in self._base.items() if self.annotations.get(i) == a) if vanished else 0
        self._base_digest = _digest(text.encode("utf-8"))
        self._document, self._disk_empty = written, False
        self.annotations = dict(merged)
        self._base = dict(merged)
        self.error = None
        return SaveReport(self.path, len(merged), changed, vanished, restored, cleaned)

    def _vanished(self, raw: bytes | None, disk_empty: bool) -> str | None:
        """"deleted" or "emptied" when the file we had records from has no content now.
        newsdesk never writes an empty file (no records is ``annotations: []``), so
        this was done outside: a checkout, a sync client, a slip."""
        if not self._base or not disk_empty:
            return None
        return "deleted" if raw is None else "emptied"

    def changed_on_disk(self) -> bool:
        try:
            current = _digest(_read_bytes(self.path))
        except AnnotationFileError:
            return False
        return current != self._base_digest

    def reload(self) -> int:
        """Take in an external edit, keeping unsaved in-memory changes; returns records merged.

        A file deleted or emptied outside is not taken as "delete them all": the
        records stay in memory (and the next save writes them back)."""
        raw = _read_bytes(self.path)
        on_disk = _parse(raw, self.path)
        if self._vanished(raw, on_disk.empty):
            self._base_digest, self._disk_empty = _digest(raw), True
            return 0
        merged, changed = merge(self._base, self.annotations, on_disk.records)
        self.annotations = dict(merged)
        self._base = dict(on_disk.records)
        self._base_digest = _digest(raw)
        self._document, self._disk_empty = on_disk, on_disk.empty
        self.error = None
        return changed

    # -- recovery ----------------------------------------------------------------------------
    def write_recovery(self) -> Path:
        """Write every annotation in memory to a new recovery file and return its path:
        beside the annotations file if that folder is writable, else in the data
        folder ($NEWSDESK_HOME or the user data folder). ``open`` lists such files
        in ``recoveries``. Raises OSError only if neither place can be written."""
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        text = f"# recovery of {self.path} ({len(self.annotations)} annotations, {stamp})\n" + document.dump(
            self.annotations.values()
        )
        try:
            recovery = self.path.with_name(f"{self.path.stem}.recovery-{stamp}.yaml")
            _atomic_write(recovery, text)
        except OSError:
            recovery = _recovery_folder() / f"{self._recovery_name()}.recovery-{stamp}.yaml"
            _atomic_write(recovery, text)
        return recovery

    def find_recoveries(self) -> list[Path]:
        """Recovery files written for this annotations file by earlier sessions, oldest first."""
        found = []
        for folder, stem in ((self.path.parent, self.path.stem), (_recovery_folder(), self._recovery_name())):
            try:
                found += [p for p in folder.glob(f"{stem}.recovery-*.yaml") if p.is_file()]
            except OSError:
                continue
        return sorted(set(found), key=lambda p: p.name)

    def _recovery_name(self) -> str:
        where = hashlib.sha1(str(self.path.expanduser().absolute()).encode("utf-8", "surrogateescape")).hexdigest()[:10]
        return f"{self.path.stem}-{where}"


def merge(base: dict[str, Annotation], ours: dict[str, Annotation], theirs: dict[str, Annotation]) -> tuple[dict[str, Annotation], int]:
    """Three-way merge by id, then by field. A field we changed since ``base``
    takes our value; every other field takes the value on disk, so a hand edit to
    one field and our edit to another both survive. A record we deleted but
    someone changed meanwhile is kept; a record they deleted that we did not
    change goes. Returns the merged records and how many came changed from disk."""
    # The file's own order is kept and new records go at the end, so a save
    # changes as few lines as possible.
    merged = dict(theirs)
    for annotation_id, annotation in ours.items():
        old = base.get(annotation_id)
        if old == annotation:
            continue
        disk = theirs.get(annotation_id)
        merged[annotation_id] = annotation if old is None or disk is None or disk == old else _merge_fields(old, annotation, disk)
    for annotation_id, old in base.items():
        if annotation_id not in ours and theirs.get(annotation_id) == old:
            merged.pop(annotation_id, None)
    changed = sum(1 for i, a in theirs.items() if base.get(i) != a and ours.get(i) != a)
    return merged, changed


def _merge_fields(base: Annotation, ours: Annotation, theirs: Annotation) -> Annotation:
    old, mine, disk = base.to_record(), ours.to_record(), theirs.to_record()
    record = {}
    for key in list(disk) + [k for k in mine if k not in disk]:
        if key == "target":
            value = _merge_mapping(old["target"], mine["target"], disk["target"])
        else:
            value = mine.get(key, _MISSING) if mine.get(key, _MISSING) != old.get(key, _MISSING) else disk.get(key, _MISSING)
        if value is not _MISSING:
            record[key] = value
    try:
        return Annotation.from_record(record, 0)
    except AnnotationFileError:  # cannot happen with valid sides; never lose ours
        return ours


def _merge_mapping(old: dict, mine: dict, disk: dict) -> dict:
    # The anchor moves as one: its text, context and offsets belong together.
    core = ("exact", "prefix", "suffix", "start", "end")
    side = mine if any(mine[k] != old[k] for k in core) else disk
    merged = {k: side[k] for k in core}
    for key in list(disk) + [k for k in mine if k not in disk]:
        if key in core:
            continue
        value = mine.get(key, _MISSING) if mine.get(key, _MISSING) != old.get(key, _MISSING) else disk.get(key, _MISSING)
        if value is not _MISSING:
            merged[key] = value
    return merged


def parse(text: str, path: Path | str = "annotations file") -> dict[str, Annotation]:
    """The records of an annotations file's text, by id, in file order."""
    return dict(document.read(text, path).records)


def dump(annotations) -> str:
    """A whole annotations file for ``annotations``."""
    return document.dump(annotations)


# -- files -------------------------------------------------------------------------------------
def _read_bytes(path: Path) -> bytes | None:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise AnnotationFileError(f"{path}: cannot read ({exc.strerror or exc})") from None


def _parse(raw: bytes | None, path: Path) -> Document:
    if raw is None:
        return Document()
    return document.read(document.decode(raw, path), path)


def _digest(raw: bytes | None) -> str | None:
    return None if raw is None else hashlib.sha256(raw).hexdigest()


def _resolved(path: Path) -> Path:
    """The file a save writes: a symlink's target, so the link stays a link."""
    return Path(os.path.realpath(path))


def _recovery_folder() -> Path:
    return paths.data_dir() / "recovery"


def _clean_stale_temps(path: Path) -> int:
    """Remove temp files an interrupted save of ``path`` left (called holding its lock,
    so no save of ours is writing one now)."""
    cleaned = 0
    try:
        leftovers = list(path.parent.glob(f"{_temp_prefix(path)}*.tmp"))
    except OSError:
        return 0
    for leftover in leftovers:
        try:
            if leftover.is_file() and not leftover.is_symlink():
                leftover.unlink()
                cleaned += 1
        except OSError:
            pass
    return cleaned


@contextmanager
def _locked(path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.with_name(path.name + ".lock")
    with open(lock_path, "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # blocks until the other newsdesk has finished saving
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


