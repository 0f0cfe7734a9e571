"""What each index holds per article, as this process last wrote it.

Bringing an index in line with the corpus needs every document's text
fingerprint and the analyser key of its entity fields. Read from the index,
that is every stored document, compressed article text included (0.75 s at
19,000 articles), on every update. A process that wrote the index's latest
commit already knows the answer: it is kept here, per index folder, under the
commit it describes (its generation number and the identity of that
generation's table of contents). Any other commit (another process wrote the
index since, or rebuilt it) is read from the index as before.
"""

from __future__ import annotations

from pathlib import Path

from whoosh import index

Stored = dict[str, tuple[str, str]]  # article id -> (text fingerprint, analyser key)

_written: dict[str, tuple[tuple, Stored]] = {}


def commit_of(ix: index.Index, generation: int) -> tuple | None:
    """Which commit ``generation`` of ``ix`` is: its number and its table of contents'
    size, times and inode (a commit of the same number written later differs)."""
    name = f"_{ix.indexname}_{generation}.toc"
    try:
        info = (Path(ix.storage.folder) / name).stat()
    except (OSError, AttributeError):
        return None
    return generation, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino


def recall(ix: index.Index) -> tuple[int, Stored] | None:
    """(the latest commit's generation, what this process wrote in it: a copy), or None."""
    kept = _written.get(_folder(ix))
    if kept is None:
        return None
    commit = commit_of(ix, ix.latest_generation())
    return (commit[0], dict(kept[1])) if commit is not None and commit == kept[0] else None


def remember(ix: index.Index, generation: int, stored: Stored, based_on: int | None = None) -> None:
    """``stored`` is what commit ``generation`` of ``ix``, written here, holds; with
    ``based_on``, only if that commit came straight after generation ``based_on``
    (the one ``stored`` was worked out from)."""
    commit = commit_of(ix, generation)
    if commit is None or (based_on is not None and generation != based_on + 1):
        forget(ix)
    else:
        _written[_folder(ix)] = (commit, stored)


def forget(ix: index.Index) -> None:
    _written.pop(_folder(ix), None)


def _folder(ix: index.Index) -> str:
    return str(Path(ix.storage.folder).resolve())
