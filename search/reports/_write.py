"""Writing a report to a file: never over an existing file unless asked, atomically."""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from pathlib import Path


class ExportError(ValueError):
    """The export cannot be written; the message is one line for the user."""


def default_name(kind: str, suffix: str, query: str = "", now: dt.datetime | None = None) -> str:
    """``search-treaty-20260314-101500.md``: what, which query, when."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    words = re.findall(r"\w+", query.lower())
    slug = "-".join(words)[:40].strip("-")
    return f"{kind}{'-' + slug if slug else ''}-{stamp}{suffix}"


def write_new(path: Path, text: str, force: bool = False) -> Path:
    """Write ``text`` to ``path``; an existing file is kept unless ``force``.
    Raises :class:`ExportError` with one line saying why nothing was written."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise ExportError(f"{path} is a folder; give a file name")
    if path.exists() and not force:
        raise ExportError(f"{path} already exists; choose another name")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise ExportError(f"cannot write to {path.parent}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if force:
            os.replace(temp, path)
        else:
            # link() fails if the name was taken meanwhile: nothing is ever overwritten.
            try:
                os.link(temp, path)
            except FileExistsError:
                raise ExportError(f"{path} already exists; choose another name") from None
            except OSError:
                if path.exists():
                    raise ExportError(f"{path} already exists; choose another name") from None
                os.replace(temp, path)  # file systems without hard links
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        Path(temp).unlink(missing_ok=True)
    return path
