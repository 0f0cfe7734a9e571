"""``newsdesk board [PATH ...]``: the claims board on the command line, from the
same read-model rows the app's board (``c``) lays out."""

from __future__ import annotations

import argparse
import json

from search.sanitize import safe_line
from search.views import SORTS

from .common import corpus_command, load_and, positive_int, say


def parser() -> argparse.ArgumentParser:
    return corpus_command(
        "newsdesk board", "Claims made in several articles, with how many outlets make them and conflicting values.", _options
    )


def _options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sort", choices=SORTS, default=SORTS[0], help="order: by outlets, conflicts first, or by score (default: outlets)")
    parser.add_argument("--limit", type=positive_int, metavar="N", help="show only the first N claims")
    parser.add_argument("--conflicts", action="store_true", help="only claims with conflicting values")
    parser.add_argument("--json", action="store_true", help="one JSON object per claim per line")


def run(args) -> int:
    library = load_and(args, "analyse", warn="summary")
    if library is None:
        return 2
    board = library.board()
    clusters = [c for c in board.ordered(args.sort) if c.conflicts or not args.conflicts]
    if args.limit:
        clusters = clusters[: args.limit]
    if args.json:
        for cluster in clusters:
            print(json.dumps(_cluster_json(cluster), ensure_ascii=False))
        return 0
    from rich.console import Console

    out = Console(highlight=False, soft_wrap=True)
    say(out, board.summary, style="bold")
    for cluster in clusters:
        out.print()
        say(out, f"{cluster.reach} · score {cluster.score:.2f}", style="bold")
        for conflict in cluster.conflicts:
            _indented(out, 2, f"⚠ conflict: {conflict}", style="bold")
        for claim in cluster.claims:
            _indented(out, 2, f"{claim.date} · {claim.outlet} · {claim.article_id}", style="italic")
            _indented(out, 4, claim.text)
    return 0


def _indented(out, spaces: int, text: str, **style) -> None:
    """A line of outside text (sanitised, never markup) after ``spaces`` spaces."""
    out.print(" " * spaces + safe_line(text), markup=False, **style)


def _cluster_json(cluster) -> dict:
    return {
        "cluster": cluster.id,
        "outlets": cluster.outlets,
        "articles": cluster.articles,
        "conflicts": list(cluster.conflicts),
        "score": cluster.score,
        "claims": [
            {"id": c.article_id, "index": c.index, "outlet": c.source, "label": c.outlet, "date": c.date, "text": c.text}
            for c in cluster.claims
        ],
    }
