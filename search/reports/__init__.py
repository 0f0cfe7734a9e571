"""Reports of what the reader sees - search results and the claims board - as
files for other people and tools, and the registry of their formats.

A format is one module in this package defining::

    NAME = "md"                       # what ``--export``/``--format`` takes
    SUFFIX = ".md"                    # the file name's ending
    DESCRIPTION = "Markdown tables"
    def render(report: Report) -> str: ...

Adding a module is all it takes (the registry imports every module here the
first time it is asked). Formats get a :class:`Report`, built once from the
read model by :func:`results_report` or :func:`board_report`, so the app and
the command line write the same rows. Nothing here imports Textual or Whoosh.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from typing import Callable

from ._model import Report, Section, board_report, results_report
from ._write import ExportError, default_name, write_new


@dataclass(frozen=True)
class Format:
    name: str
    suffix: str
    render: Callable[[Report], str]
    description: str = ""


_registry: dict[str, Format] = {}
_discovered = False


def _discover() -> None:
    global _discovered
    if _discovered:
        return
    _discovered = True
    for module_info in pkgutil.iter_modules(__path__):
        if module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        name, render = getattr(module, "NAME", None), getattr(module, "render", None)
        if isinstance(name, str) and callable(render):
            _registry.setdefault(name, Format(name, getattr(module, "SUFFIX", f".{name}"), render, getattr(module, "DESCRIPTION", "")))


def register(name: str, render: Callable[[Report], str], suffix: str | None = None, description: str = "") -> Format:
    """Add (or replace) a format by hand, e.g. from a plugin or a test."""
    _discover()
    found = _registry[name] = Format(name, suffix or f".{name}", render, description)
    return found


def unregister(name: str) -> Format | None:
    _discover()
    return _registry.pop(name, None)


def formats() -> tuple[str, ...]:
    """The format names, sorted."""
    _discover()
    return tuple(sorted(_registry))


def report_format(name: str) -> Format:
    _discover()
    try:
        return _registry[name]
    except KeyError:
        raise ExportError(f"unknown export format {name!r} (known: {', '.join(formats())})") from None


def render(name: str, report: Report) -> str:
    """The text of ``report`` in format ``name``."""
    return report_format(name).render(report)


__all__ = [
    "ExportError", "Format", "Report", "Section", "board_report", "default_name", "formats", "register", "render",
    "report_format", "results_report", "unregister", "write_new",
]
