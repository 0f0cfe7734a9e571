"""Writing a file so that a crash leaves the old one or the new one, whole: the one
atomic write every writer of the user's files uses (annotations, catalog.yaml,
config.yaml, story exports), and a lighter one for the caches (``replace_bytes``)."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path


def temp_prefix(path: Path) -> str:
    """How the temp files of a write to ``path`` are named (``.<name>.…tmp``), so an
    interrupted write's leftovers can be found."""
    return f".{path.name}."


def new_file_mode() -> int:
    """What ``open()`` would give a new file: 0666 less the umask."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            mask = next(int(line.split()[1], 8) for line in status if line.startswith("Umask:"))
    except (OSError, StopIteration, ValueError, IndexError):
        mask = os.umask(0o022)  # not thread-safe, hence only where /proc is missing
        os.umask(mask)
    return 0o666 & ~mask


def atomic_write(path: Path, content: str) -> None:
    """Write to a temp file in the same folder, fsync it, rename it over ``path``,
    then fsync the folder. A symlink is kept (its target is replaced); the new file
    keeps the old one's mode (and group, where allowed)."""
    path = Path(path)
    if path.is_symlink():
        path = path.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        old = os.stat(path)
    except FileNotFoundError:
        old = None
    handle, temp = tempfile.mkstemp(prefix=temp_prefix(path), suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            if old is not None:
                os.fchmod(out.fileno(), stat.S_IMODE(old.st_mode))
                try:
                    os.fchown(out.fileno(), -1, old.st_gid)
                except OSError as exc:
                    if exc.errno not in (errno.EPERM, errno.EINVAL):
                        raise
            else:
                os.fchmod(out.fileno(), new_file_mode())
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


def replace_bytes(path: Path, data: bytes) -> None:
    """``data`` into ``path`` whole or not at all: a temp file beside it, renamed over it.
    For caches: nothing is fsynced (a crash may lose the new file, never leave part of
    one), and the temp file's name starts with a dot and ends in ``.tmp``. Raises
    ``OSError``; the temp file is removed."""
    path = Path(path)
    handle, temp = tempfile.mkstemp(prefix=temp_prefix(path), suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
