"""Verdicts, notes and tags on claims and quotes, kept in a YAML file people
can read, edit by hand and merge in git.

Safety rules, in order of importance:
- nothing is ever dropped: an annotation whose text cannot be found again is
  kept as an orphan; a record someone else added is merged in, not overwritten;
- a file that fails to parse is never overwritten: the error names the line
  and column, and unsaved annotations go to a recovery file beside it;
- every save is atomic (temp file, fsync, rename) and holds a lock, so two
  running newsdesks cannot lose each other's work.
"""

from __future__ import annotations

import datetime as dt
import difflib
import fcntl
import getpass
import hashlib
import os
import tempfile
import uuid
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Iterator

import yaml

FORMAT_VERSION = 1
VERDICTS = ("supported", "disputed", "false", "misleading", "unverified", "opinion")
KINDS = ("claim", "quote", "selection")
CONTEXT = 32  # characters of prefix and suffix kept to find the text again


class AnnotationFileError(ValueError):
    """The annotations file cannot be read; it is left exactly as it is."""


@dataclass(frozen=True)
class Target:
    """W3C-style anchor: the exact text with some context, and where it was."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int

    @classmethod
    def of(cls, text: str, start: int, end: int) -> "Target":
        return cls(text[start:end], text[max(0, start - CONTEXT):start], text[end:end + CONTEXT], start, end)


@dataclass(frozen=True)
class Annotation:
    id: str
    article: str
    content_hash: str
    kind: str
    target: Target
    speaker: str | None
    verdict: str
    note: str = ""
    tags: tuple[str, ...] = ()
    author: str = ""
    created: str = ""
    updated: str = ""

    def to_record(self) -> dict:
        """The YAML record, keys in a fixed order so diffs stay small."""
        return {
            "id": self.id,
            "article": self.article,
            "content_hash": self.content_hash,
            "kind": self.kind,
            "target": asdict(self.target),
            "speaker": self.speaker,
            "verdict": self.verdict,
            "note": self.note,
            "tags": list(self.tags),
            "author": self.author,
            "created": self.created,
            "updated": self.updated,
        }

    @classmethod
    def from_record(cls, record: dict, number: int) -> "Annotation":
        where = f"record {number} (id {record.get('id')!r})" if isinstance(record, dict) else f"record {number}"
        if not isinstance(record, dict):
            raise AnnotationFileError(f"{where} is not a mapping")
        try:
            target = record["target"]
            verdict = str(record["verdict"])
            kind = str(record.get("kind", "claim"))
            annotation = cls(
                id=str(record["id"]),
                article=str(record["article"]),
                content_hash=str(record.get("content_hash") or ""),
                kind=kind,
                target=Target(
                    str(target["exact"]), str(target.get("prefix") or ""), str(target.get("suffix") or ""),
                    int(target["start"]), int(target["end"]),
                ),
                speaker=None if record.get("speaker") is None else str(record["speaker"]),
                verdict=verdict,
                note="" if record.get("note") is None else str(record["note"]),
                tags=tuple(str(t) for t in (record.get("tags") or [])),
                author=str(record.get("author") or ""),
                created=str(record.get("created") or ""),
                updated=str(record.get("updated") or ""),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise AnnotationFileError(f"{where}: missing or bad field ({exc})") from None
        if verdict not in VERDICTS:
            raise AnnotationFileError(f"{where}: verdict {verdict!r} is not one of {', '.join(VERDICTS)}")
        if kind not in KINDS:
            raise AnnotationFileError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
        return annotation


def new_annotation(article_id: str, content_hash: str, text: str, start: int, end: int, kind: str, speaker: str | None,
                   verdict: str, note: str = "", tags=(), author: str | None = None) -> Annotation:
    if verdict not in VERDICTS:
        raise ValueError(f"verdict must be one of {', '.join(VERDICTS)}")
    now = _now()
    return Annotation(
        id="a-" + uuid.uuid4().hex[:12],
        article=article_id,
        content_hash=content_hash,
        kind=kind,
        target=Target.of(text, start, end),
        speaker=speaker,
        verdict=verdict,
        note=note,
        tags=tuple(clean_tags(tags)),
        author=author if author is not None else _author(),
        created=now,
        updated=now,
    )


def clean_tags(tags) -> list[str]:
    seen = []
    for tag in tags:
        tag = " ".join(str(tag).split())
        if tag and tag not in seen:
            seen.append(tag)
    return seen


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _author() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in some containers
        return "unknown"


# -- anchoring --------------------------------------------------------------------------
@dataclass(frozen=True)
class Placement:
    """Where an annotation sits in the article's current text, and how it was found."""

    start: int
    end: int
    how: str  # "exact", "moved", "fuzzy"


def place(target: Target, text: str) -> Placement | None:
    """Find the annotated text again: at its old position, else the exact text
    (best prefix/suffix fit), else an approximate match; None if it is gone."""
    if text[target.start:target.end] == target.exact:
        return Placement(target.start, target.end, "exact")
    if not target.exact:
        return None
    occurrences = []
    position = text.find(target.exact)
    while position != -1:
        occurrences.append(position)
        position = text.find(target.exact, position + 1)
    if occurrences:
        best = max(occurrences, key=lambda p: (_context_fit(text, p, p + len(target.exact), target), -abs(p - target.start)))
        return Placement(best, best + len(target.exact), "moved")
    return _fuzzy(target, text)


def _context_fit(text: str, start: int, end: int, target: Target) -> int:
    before = text[max(0, start - len(target.prefix)):start]
    after = text[end:end + len(target.suffix)]
    return _common_suffix(before, target.prefix) + _common_prefix(after, target.suffix)


def _common_prefix(a: str, b: str) -> int:
    return len(os.path.commonprefix([a, b]))


def _common_suffix(a: str, b: str) -> int:
    return len(os.path.commonprefix([a[::-1], b[::-1]]))


def _fuzzy(target: Target, text: str) -> Placement | None:
    exact = target.exact
    # Between the prefix and the suffix, when both survive.
    if target.prefix and target.suffix:
        for before in _all(text, target.prefix):
            start = before + len(target.prefix)
            after = text.find(target.suffix, start)
            if after != -1 and after - start <= 2 * len(exact) + 20:
                if _ratio(text[start:after], exact) >= 0.6:
                    return Placement(start, after, "fuzzy")
    # Else the window around the longest block the old and new texts share.
    matcher = difflib.SequenceMatcher(None, text, exact, autojunk=False)
    block = matcher.find_longest_match(0, len(text), 0, len(exact))
    if block.size < max(8, len(exact) // 4):
        return None
    start = max(0, block.a - block.b)
    best = None
    for shift in range(-10, 11, 2):
        for grow in range(-10, 11, 2):
            s, e = max(0, start + shift), min(len(text), start + shift + len(exact) + grow)
            score = _ratio(text[s:e], exact)
            if best is None or score > best[0]:
                best = (score, s, e)
    if best and best[0] >= 0.75:
        s, e = _trim(text, best[1], best[2])
        return Placement(s, e, "fuzzy")
    return None


def _all(text: str, part: str) -> Iterator[int]:
    position = text.find(part)
    while position != -1:
        yield position
        position = text.find(part, position + 1)


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# -- the file -------------------------------------------------------------------------------
@dataclass
class SaveReport:
    path: Path
    saved: int
    merged_from_disk: int = 0  # records another writer added or changed since we loaded


@dataclass
class AnnotationFile:
    """The YAML file and the in-memory set of annotations it backs."""

    path: Path
    annotations: dict[str, Annotation] = field(default_factory=dict)
    _base: dict[str, Annotation] = field(default_factory=dict)  # as last read from or written to disk
    _base_digest: str | None = None
    error: str | None = None  # why the file could not be read (it is then never written)

    @classmethod
    def open(cls, path: Path) -> "AnnotationFile":
        book = cls(Path(path))
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
        updated = replace(self.annotations[annotation_id], **changes, updated=_now())
        self.annotations[annotation_id] = updated
        return updated

    def delete(self, annotation_id: str) -> Annotation:
        return self.annotations.pop(annotation_id)

    def for_article(self, article_id: str) -> list[Annotation]:
        return [a for a in self.annotations.values() if a.article == article_id]

    @property
    def dirty(self) -> bool:
        return self.annotations != self._base

    # -- disk ----------------------------------------------------------------------------------
    def _read(self) -> dict[str, Annotation]:
        if not self.path.exists():
            self._base_digest = None
            return {}
        try:
            raw = self.path.read_bytes()
        except OSError as exc:
            raise AnnotationFileError(f"{self.path}: cannot read ({exc.strerror or exc})") from None
        self._base_digest = hashlib.sha256(raw).hexdigest()
        return parse(raw.decode("utf-8", errors="replace"), self.path)

    def save(self) -> SaveReport:
        """Merge with what is on disk now, then write atomically under a lock.

        Raises AnnotationFileError (after writing a recovery file) when the file
        on disk cannot be read: it is never overwritten."""
        with _locked(self.path):
            try:
                on_disk = self._read() if self.path.exists() else {}
            except AnnotationFileError as exc:
                recovery = self.write_recovery()
                self.error = str(exc)
                raise AnnotationFileError(f"{exc}; your annotations are safe in {recovery}") from None
            merged, changed = merge(self._base, self.annotations, on_disk)
            _atomic_write(self.path, dump(merged.values()))
            self._base_digest = hashlib.sha256(self.path.read_bytes()).hexdigest()
        self.annotations = dict(merged)
        self._base = dict(merged)
        self.error = None
        return SaveReport(self.path, len(merged), changed)

    def changed_on_disk(self) -> bool:
        try:
            current = hashlib.sha256(self.path.read_bytes()).hexdigest() if self.path.exists() else None
        except OSError:
            return False
        return current != self._base_digest

    def reload(self) -> int:
        """Take in an external edit, keeping unsaved in-memory changes; returns records merged."""
        on_disk = self._read()
        merged, changed = merge(self._base, self.annotations, on_disk)
        self.annotations = dict(merged)
        self._base = dict(on_disk)
        self.error = None
        return changed

    def write_recovery(self) -> Path:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        recovery = self.path.with_name(f"{self.path.stem}.recovery-{stamp}.yaml")
        _atomic_write(recovery, dump(self.annotations.values()))
        return recovery


def merge(base: dict[str, Annotation], ours: dict[str, Annotation], theirs: dict[str, Annotation]) -> tuple[dict[str, Annotation], int]:
    """Three-way merge by id. Our changes since ``base`` win; everything else on
    disk is kept. A record we deleted but someone changed meanwhile is kept."""
    # The file's own order is kept and new records go at the end, so a save
    # changes as few lines as possible.
    merged = dict(theirs)
    for annotation_id, annotation in ours.items():
        if base.get(annotation_id) != annotation:
            merged[annotation_id] = annotation
    for annotation_id, old in base.items():
        if annotation_id not in ours and theirs.get(annotation_id) == old:
            merged.pop(annotation_id, None)
    changed = sum(1 for i, a in theirs.items() if base.get(i) != a and ours.get(i) != a)
    return merged, changed


def parse(text: str, path: Path | str = "annotations file") -> dict[str, Annotation]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise AnnotationFileError(f"{path}{where}: {problem}") from None
    if data is None:
        return {}
    if not isinstance(data, dict) or not isinstance(data.get("annotations", []), list):
        raise AnnotationFileError(f"{path}: expected 'version: {FORMAT_VERSION}' and a list under 'annotations:'")
    version = data.get("version", FORMAT_VERSION)
    if version != FORMAT_VERSION:
        raise AnnotationFileError(f"{path}: format version {version!r} is not supported (expected {FORMAT_VERSION})")
    annotations: dict[str, Annotation] = {}
    for number, record in enumerate(data.get("annotations") or [], start=1):
        annotation = Annotation.from_record(record, number)
        if annotation.id in annotations:
            raise AnnotationFileError(f"{path}: record {number}: id {annotation.id!r} appears twice")
        annotations[annotation.id] = annotation
    return annotations


def dump(annotations) -> str:
    header = "# newsdesk annotations: edit freely; keep each record's id. Verdicts: " + ", ".join(VERDICTS) + "\n"
    body = {"version": FORMAT_VERSION, "annotations": [a.to_record() for a in annotations]}
    return header + yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)


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


def _atomic_write(path: Path, content: str) -> None:
    """Write to a temp file in the same folder, fsync it, rename it over ``path``,
    then fsync the folder: a crash leaves the old file or the new one, whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
