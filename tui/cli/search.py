"""``newsdesk search QUERY``: ranked results for people, or JSON for scripts."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from search.sanitize import safe_line

from .common import add_common, load, positive_int, progress_bar, say, stderr, warn_analysis


def parser() -> argparse.ArgumentParser:
    from search.syntax import epilog

    parser = argparse.ArgumentParser(prog="newsdesk search", description="Search a corpus and print ranked results.", epilog=epilog())
    parser.add_argument("query", help="the query (quote it in the shell)")
    parser.add_argument("--limit", type=positive_int, default=10, metavar="N", help="at most N results (default 10)")
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")
    parser.add_argument(
        "--path", dest="paths", action="append", type=Path, default=[], metavar="PATH",
        help="article file or folder to search (repeatable; default: the bundled seeds)",
    )
    add_common(parser)
    return parser


def run(args) -> int:
    library = load(args, warn="summary")
    if library is None:
        return 2
    # Text first: analysis only when the query names an entity field and it is incomplete.
    library.ensure_text_index()
    if library.search_needs_analysis(args.query):
        with progress_bar(stderr()) as update:
            library.analyse(progress=update)
    warn_analysis(library, stderr())
    result = library.search(args.query, limit=args.limit)
    if result.error:
        say(stderr(), f"error: {result.error}")
        return 2
    if library.analysis_status():
        say(stderr(), f"note: {library.analysis_status()}")
    if args.json:
        print(json.dumps(_result_json(library, result), ensure_ascii=False, indent=2))
    else:
        _print_results(library, result)
    return 0


def _result_json(library, result) -> dict:
    rows = []
    for hit in result.hits:
        article = library.article(hit.article_id)
        rows.append({
            "id": article.id,
            "title": article.title,
            "source": article.source,
            "date": article.date_text or None,
            "score": round(hit.score, 4),
            "snippet": hit.snippet.plain if hit.snippet else None,
        })
    return {"query": result.query, "total": result.total, "suggestion": result.suggestion, "results": rows}


def _print_results(library, result) -> None:
    from rich.console import Console
    from rich.text import Text

    out = Console(highlight=False)
    if not result.hits:
        line = f"no results for {result.query!r}"
        if result.suggestion:
            line += f"; did you mean: {result.suggestion}"
        say(out, line)
        return
    say(out, f"{result.total} result{'s' if result.total != 1 else ''} for {result.query!r}", style="dim")
    for number, hit in enumerate(result.hits, start=1):
        article = library.article(hit.article_id)
        head = Text(f"{number:>2}. ", style="dim")
        head.append(safe_line(article.title), style="bold")
        meta = " · ".join(safe_line(x) for x in (article.date_text, article.source, article.id) if x)
        head.append(f"\n    {meta} · score {hit.score:.2f}", style="dim")
        out.print(head)
        if hit.snippet:
            snippet = Text("    ")
            for piece, is_match in hit.snippet.pieces:
                snippet.append(piece, style="bold reverse" if is_match else "")
            out.print(snippet)
