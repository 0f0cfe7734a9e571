"""``newsdesk index [PATH ...]``: build or update the search index, with progress on stderr."""

from __future__ import annotations

import argparse

from .common import corpus_command, load, say, stderr, with_progress


def parser() -> argparse.ArgumentParser:
    return corpus_command("newsdesk index", "Build or update the search index for a corpus.")


def run(args) -> int:
    library = load(args)
    if library is None:
        return 2
    report = with_progress(library, "ensure_index")
    say(stderr(), f"{report.summary()} at {report.path}")
    return 0
