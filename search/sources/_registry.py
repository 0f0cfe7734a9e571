"""Which input formats there are: every module of this package may register a
``Source`` when it is imported, and every module is imported before the
registry answers, so a new format is one new file and nothing else."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

from ._base import Source

_SOURCES: dict[str, Source] = {}


def register(source: Source) -> Source:
    """Add ``source`` (replacing one of the same name); returns it.

    Raises ``ValueError`` if it is not a ``Source`` or claims a suffix another
    source already takes."""
    if not isinstance(source, Source):
        raise ValueError(f"{source!r} is not a Source (needs name, suffixes, order and load)")
    for suffix in source.suffixes:
        if not suffix.startswith(".") or suffix != suffix.lower():
            raise ValueError(f"source {source.name!r}: suffix {suffix!r} must be lower case and start with a dot")
        for other in _SOURCES.values():
            if other.name != source.name and suffix in other.suffixes:
                raise ValueError(f"source {source.name!r}: {suffix} is already taken by {other.name!r}")
    _SOURCES[source.name] = source
    return source


def unregister(name: str) -> Source | None:
    """Remove the source called ``name``; returns it (None if there was none)."""
    return _SOURCES.pop(name, None)


def registered() -> tuple[Source, ...]:
    """Every source, in ``order``."""
    _discover()
    return tuple(sorted(_SOURCES.values(), key=lambda source: (source.order, source.name)))


def by_suffix() -> dict[str, Source]:
    return {suffix: source for source in registered() for suffix in source.suffixes}


def source_for(path: Path) -> Source | None:
    """The source that takes ``path`` (by its suffix, any case), if any."""
    return by_suffix().get(path.suffix.lower())


def _discover() -> None:
    """Import every public module of the package (each registers its source).

    Modules already imported cost nothing, so this runs on every query and a
    module added to the package's path later is still found."""
    package = sys.modules[__package__]
    for module in pkgutil.iter_modules(package.__path__):
        if not module.name.startswith("_"):
            importlib.import_module(f"{__package__}.{module.name}")
