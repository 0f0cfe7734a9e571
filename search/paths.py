"""Every folder and file newsdesk reads or writes outside the corpus, in one place.

``$NEWSDESK_HOME``, when set, holds everything (tests and portable setups);
otherwise the platform's user folders are used (``platformdirs``):

- cache: search indexes and the analysis cache (safe to delete; rebuilt);
- config: ``config.yaml`` and the user's ``entities.yaml``;
- data: annotations of the bundled seeds, recovery files and logs.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

APP = "newsdesk"
SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"


def home() -> Path | None:
    """``$NEWSDESK_HOME`` as a path, or None when unset."""
    value = os.environ.get("NEWSDESK_HOME")
    return Path(value).expanduser() if value else None


def cache_dir() -> Path:
    base = home()
    if base is not None:
        return base
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP))


def config_dir() -> Path:
    base = home()
    if base is not None:
        return base
    import platformdirs

    return Path(platformdirs.user_config_dir(APP))


def data_dir() -> Path:
    base = home()
    if base is not None:
        return base
    import platformdirs

    return Path(platformdirs.user_data_dir(APP))


def index_root() -> Path:
    """Where per-corpus index folders live."""
    return cache_dir() / "index"


def config_file() -> Path:
    return config_dir() / "config.yaml"


def user_entities_file() -> Path:
    return config_dir() / "entities.yaml"


def log_file() -> Path:
    return data_dir() / "newsdesk.log"


def seeds_annotations_file() -> Path:
    """Annotations of the bundled seeds (which may sit in a read-only install)."""
    return data_dir() / "seeds-annotations.yaml"


def display_location(path: Path | str) -> str:
    """A path as people write it: under $NEWSDESK_HOME or ~ when it is (stable in screenshots too)."""
    path = Path(path)
    for base, label in ((home(), "$NEWSDESK_HOME"), (Path.home(), "~")):
        if base is not None:
            try:
                return f"{label}/{path.relative_to(base)}"
            except ValueError:
                continue
    return str(path)


def news_dir() -> Path:
    """The default corpus folder feeds and pages are fetched into: ``~/news``
    (``$NEWSDESK_HOME/news`` when that is set)."""
    return (home() or Path.home()) / "news"


def exports_dir() -> Path:
    """Where the app writes exported search results and claims boards."""
    return data_dir() / "exports"
def file_stat(path: Path | str) -> list[int] | None:
    """[size, mtime_ns] of a file, [-1, mtime_ns] of a folder, None if neither:
    compared later to tell whether anything on disk changed."""
    import stat

    try:
        info = os.stat(path)
    except OSError:
        return None
    return [-1 if stat.S_ISDIR(info.st_mode) else info.st_size, info.st_mtime_ns]


def corpus_cache_file(roots: Iterable[Path]) -> Path:
    """The loaded-articles cache of the corpus made of ``roots`` (resolved paths)."""
    import hashlib

    key = hashlib.sha256("\0".join(str(root) for root in roots).encode("utf-8", "surrogatepass")).hexdigest()[:20]
    return cache_dir() / "corpus" / f"{key}.marshal"
