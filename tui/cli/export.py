"""``newsdesk export search QUERY | board``: search results or the claims board as Markdown or CSV.

The rows come from the engine (:mod:`search.reports`), the same the app's
``x`` writes. Without ``-o`` the text goes to stdout; a file that exists is
never replaced without ``--force``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .common import add_common, load, positive_int, run_search, say, stderr, with_progress

BOARD_ORDER = "outlets"  # as the app's board opens: most outlets first, then conflicts, then score


def parser() -> argparse.ArgumentParser:
    from search.reports import formats

    parser = argparse.ArgumentParser(
        prog="newsdesk export",
        description="Export search results or the claims board as Markdown or CSV (annotations: 'newsdesk annotations export').",
    )
    what = parser.add_subparsers(dest="what", required=True, metavar="search|board")
    search = what.add_parser("search", help="the results of a search, in rank order")
    search.add_argument("query", help="the query (quote it in the shell)")
    search.add_argument("--limit", type=positive_int, default=200, metavar="N", help="at most N results (default 200)")
    board = what.add_parser("board", help="claims several outlets make, with conflicts")
    for sub in (search, board):
        sub.add_argument("--format", metavar="FORMAT", help=f"{' or '.join(formats())} (default: from the -o file's ending, else md)")
        sub.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE (default: stdout)")
        sub.add_argument("--force", action="store_true", help="replace FILE if it exists")
        sub.add_argument("--path", dest="paths", action="append", type=Path, default=[], metavar="PATH",
                         help="article file or folder (repeatable; default: the bundled seeds)")
        add_common(sub)
    return parser


def choose_format(name: str | None, output: Path | None) -> str:
    """The format named, or the one whose ending ``output`` has, else Markdown; raises ExportError."""
    from search.reports import ExportError, formats, report_format

    if name:
        return report_format(name.lower().lstrip(".")).name
    if output is None:
        return "md"
    for known in formats():
        if output.suffix.lower() == report_format(known).suffix:
            return known
    raise ExportError(f"cannot tell the format from {output.name!r}; pass --format ({', '.join(formats())})")


def run(args) -> int:
    from search.reports import ExportError, render, write_new

    err = stderr()
    try:
        name = choose_format(args.format, args.output)
    except ExportError as exc:
        say(err, f"error: {exc}")
        return 2
    if args.output is not None and args.output.exists() and not args.force:
        say(err, f"error: {args.output} already exists; choose another name (or --force to replace it)")
        return 2
    library = load(args, warn="summary")
    if library is None:
        return 2
    report = _search(library, args) if args.what == "search" else _board(library)
    if report is None:
        return 2
    if report.empty:
        what = f"no results for {args.query!r}" if args.what == "search" else "no claim is made by more than one outlet"
        say(err, f"error: nothing to export: {what}")
        return 2
    text = render(name, report)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    try:
        written = write_new(args.output, text, force=args.force)
    except ExportError as exc:
        say(err, f"error: {exc}")
        return 2
    say(err, f"wrote {report.summary} to {written}")
    return 0


def _search(library, args):
    from search.reports import results_report

    result = run_search(library, args.query, args.limit)
    if result is None:
        return None
    snippets = {hit.article_id: hit.snippet.plain for hit in result.hits if hit.snippet}
    return results_report(library, args.query, [hit.article_id for hit in result.hits], snippets, result.total)


def _board(library):
    from search.reports import board_report

    with_progress(library, "analyse")
    board = library.board()
    ordered = sorted(board.clusters, key=lambda c: (-c.outlets, not c.conflicts, -c.score))
    return board_report(library, ordered, board.single_claims)
