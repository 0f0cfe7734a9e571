"""Checksums of the index's files, so damage that Whoosh cannot see is found.

Whoosh keeps no checksums: a garbled byte in a segment can decode into wrong
postings without any error (a torture run found a fifth of random garbles gave
wrong results silently). After every commit the manifest records each file's
size, modification time and CRC-32; at open, a file whose size differs, or whose
time differs and whose CRC no longer matches, means the index is rebuilt. The
common case (nothing touched) costs one ``stat`` per file.

Recording after a commit reads only the files this process has not checksummed
as they are now: Whoosh never rewrites a segment file in place, so after one
change only the new segment and table of contents are read (a CRC is reused
while the file's size, modification and change times and inode are those it was
computed at, which is as much as the check at open trusts).
"""

from __future__ import annotations

import zlib
from pathlib import Path

_CHUNK = 1 << 20

# Per index folder: {file name: ((size, mtime_ns, ctime_ns, inode), crc32)} as last computed here.
_computed: dict[str, dict[str, tuple[tuple[int, int, int, int], int]]] = {}


def _crc(path: Path) -> int:
    value = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            value = zlib.crc32(chunk, value)
    return value


def _index_files(path: Path, skip: set[str]) -> list[Path]:
    return sorted(p for p in path.iterdir() if p.is_file() and p.name not in skip and not p.name.endswith((".tmp", ".lock")))


def _stat_key(file: Path) -> tuple[int, int, int, int]:
    info = file.stat()
    return info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino


def record(path: Path, skip: set[str]) -> dict[str, list[int]]:
    """{file name: [size, mtime_ns, crc32]} for every index file in ``path``."""
    files, before, now = {}, _computed.get(str(path), {}), {}
    for file in _index_files(path, skip):
        key = _stat_key(file)
        known = before.get(file.name)
        if known is not None and known[0] == key:
            crc = known[1]
            now[file.name] = known
        else:
            crc = _crc(file)
            if _stat_key(file) == key:  # not written to while it was read: the CRC can be reused
                now[file.name] = (key, crc)
        files[file.name] = [key[0], key[1], crc]
    _computed[str(path)] = now  # files gone from the folder are forgotten
    return files


def problem(path: Path, recorded: dict, skip: set[str]) -> str | None:
    """Why the files no longer match what was recorded, or None."""
    if not isinstance(recorded, dict):
        return "index checksums missing"
    for name, entry in recorded.items():
        file = path / name
        try:
            info = file.stat()
        except OSError:
            return f"index file {name} is missing"
        if not (isinstance(entry, list) and len(entry) == 3):
            return "index checksums damaged"
        size, mtime_ns, crc = entry
        if info.st_size != size:
            return f"index file {name} changed size"
        if info.st_mtime_ns != mtime_ns and _crc(file) != crc:
            return f"index file {name} is damaged"
    # Segment files the checksums do not know of: written by a commit that never
    # recorded its checksums (a crash in between), so nothing vouches for them.
    known = set(recorded)
    stray = [p.name for p in _index_files(path, skip) if p.name not in known and p.suffix in (".seg", ".toc")]
    if stray:
        return f"index file {stray[0]} was not recorded"
    return None
