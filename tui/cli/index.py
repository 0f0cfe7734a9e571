"""``newsdesk index [PATH ...]``: build or update the search index, with progress on stderr."""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import add_common, load, say, stderr, with_progress


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsdesk index", description="Build or update the search index for a corpus.")
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="article files or folders (default: the bundled seeds)")
    add_common(parser)
    return parser


def run(args) -> int:
    library = load(args)
    if library is None:
        return 2
    report = with_progress(library, "ensure_index")
    say(stderr(), f"{report.summary()} at {report.path}")
    return 0
