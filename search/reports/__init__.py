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

from dataclasses import dataclass
from typing import Callable

from ..plugins import Plugins
from ._model import Report, Section, board_report, results_report
from ._write import ExportError, default_name, write_new


@dataclass(frozen=True)
class Format:
    name: str
    suffix: str
    render: Callable[[Report], str]
    description: str = ""


def _format_of(module) -> tuple[str, Format] | None:
    name, render = getattr(module, "NAME", None), getattr(module, "render", None)
    if isinstance(name, str) and callable(render):
        return name, Format(name, getattr(module, "SUFFIX", f".{name}"), render, getattr(module, "DESCRIPTION", ""))
    return None


_formats: Plugins[Format] = Plugins(
    __name__, __path__, _format_of,
    lambda name, known: ExportError(f"unknown export format {name!r} (known: {', '.join(known)})"),
)


def register(name: str, render: Callable[[Report], str], suffix: str | None = None, description: str = "") -> Format:
    """Add (or replace) a format by hand, e.g. from a plugin or a test."""
    return _formats.register(name, Format(name, suffix or f".{name}", render, description))


def unregister(name: str) -> Format | None:
    return _formats.unregister(name)


def formats() -> tuple[str, ...]:
    """The format names, sorted."""
    return _formats.names()


def report_format(name: str) -> Format:
    return _formats.get(name)


def render(name: str, report: Report) -> str:
    """The text of ``report`` in format ``name``."""
    return report_format(name).render(report)


__all__ = [
    "ExportError", "Format", "Report", "Section", "board_report", "default_name", "formats", "register", "render",
    "report_format", "results_report", "unregister", "write_new",
]
