"""What each index holds per article, as the last process to write it wrote it.

Bringing an index in line with the corpus needs every document's text
fingerprint and the analyser key of its entity fields. Read from the index,
that is every stored document, compressed article text included (0.6-0.75 s at
19,000 articles), on every update. A process that wrote the index's latest
commit already knows the answer: it is kept here, per index folder, under the
commit it describes (its generation number and the identity of that
generation's table of contents).

It is also written beside the index (``FILE``: marshalled strings and numbers,
written whole or not at all), so that the next process to open an index the last
one left needs no read either: that read was 0.6 s of every warm start at 19,000
articles. The file names the commit it describes; one naming another commit (a
process that does not keep it wrote the index since, or rebuilt it) or one that
cannot be read is ignored, and the index is read as before. It is not one of the
index's files: their checksums leave it out.
"""

from __future__ import annotations

import marshal
from pathlib import Path

from whoosh import index

from ..files import replace_bytes

Stored = dict[str, tuple[str, str]]  # article id -> (text fingerprint, analyser key)

FILE = "newsdesk-known.marshal"
_FORMAT = 1

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
    """(the latest commit's generation, what it holds: a copy), if this process or the
    file beside the index knows it, else None."""
    commit = commit_of(ix, ix.latest_generation())
    if commit is None:
        return None
    folder = _folder(ix)
    kept = _written.get(folder)
    if kept is None or kept[0] != commit:
        kept = _read(ix)
        if kept is None or kept[0] != commit:
            return None
        _written[folder] = kept
    return commit[0], dict(kept[1])


def remember(ix: index.Index, generation: int, stored: Stored, based_on: int | None = None) -> None:
    """``stored`` is what commit ``generation`` of ``ix``, written here, holds; with
    ``based_on``, only if that commit came straight after generation ``based_on``
    (the one ``stored`` was worked out from)."""
    commit = commit_of(ix, generation)
    if commit is None or (based_on is not None and generation != based_on + 1):
        forget(ix)
    else:
        _written[_folder(ix)] = (commit, stored)
        _write(ix, commit, stored)


def forget(ix: index.Index) -> None:
    _written.pop(_folder(ix), None)
    try:
        (Path(ix.storage.folder) / FILE).unlink(missing_ok=True)
    except (OSError, AttributeError):
        pass


def _folder(ix: index.Index) -> str:
    return str(Path(ix.storage.folder).resolve())


def _read(ix: index.Index) -> tuple[tuple, Stored] | None:
    try:
        data = marshal.loads((Path(ix.storage.folder) / FILE).read_bytes())
    except (OSError, AttributeError, EOFError, ValueError, TypeError):
        return None
    if not (isinstance(data, tuple) and len(data) == 3 and data[0] == _FORMAT):
        return None
    _, commit, stored = data
    if not (isinstance(commit, tuple) and isinstance(stored, dict)):
        return None
    if not all(type(v) is tuple and len(v) == 2 and type(v[0]) is str and type(v[1]) is str for v in stored.values()):
        return None
    return commit, stored


def _write(ix: index.Index, commit: tuple, stored: Stored) -> None:
    """The file beside the index, replaced whole; a failure to write only costs the
    next process a read of the index."""
    try:
        replace_bytes(Path(ix.storage.folder) / FILE, marshal.dumps((_FORMAT, commit, stored)))
    except (OSError, AttributeError, ValueError):
        pass
