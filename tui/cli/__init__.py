"""The ``newsdesk`` command: opens the app, or indexes and searches for scripts.

One module per command (``open``, ``index``, ``search``, ``analyze``,
``annotations``), each with ``parser()`` and ``run(args)``; a new command is
one module plus one entry in ``COMMANDS``. Nothing here imports Textual: only
``open`` does, when the app starts, so ``newsdesk --help``, ``search`` and
``analyze`` start quickly. Everything printed that comes from outside (names,
paths, warnings, notes) goes through ``search.sanitize.safe_line``.
"""

from __future__ import annotations

import importlib
import os
import sys

COMMANDS = ("index", "search", "analyze", "annotations", "feeds", "fetch", "add", "export", "meta", "stories", "story", "board")  # the first word picks the module; otherwise "open"


def command(name: str):
    """The module of command ``name``."""
    return importlib.import_module(f"{__name__}.{name}")


def main(argv: list[str] | None = None) -> int:
    try:
        return _dispatch(list(sys.argv[1:] if argv is None else argv))
    except BrokenPipeError:
        # `newsdesk analyze --json | head`: the reader left; that is not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _dispatch(argv: list[str]) -> int:
    name, rest = (argv[0], argv[1:]) if argv and argv[0] in COMMANDS else ("open", argv)
    module = command(name)
    return module.run(module.parser().parse_args(rest))
