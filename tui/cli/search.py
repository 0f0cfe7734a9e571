"""``newsdesk search QUERY``: ranked results for people, or JSON for scripts."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

from search.sanitize import safe_line

from .common import add_common, load, positive_int, run_search, say, stderr


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
    if args.entities is None:
        from search.library import quick_search

        # A current index answers alone: the corpus and its analyses are not loaded.
        quick = quick_search(args.paths or None, args.index_dir, args.query, args.limit)
        if quick is not None:
            return _answer(args, quick)
    library = load(args, warn="summary")
    if library is None:
        return 2
    result = run_search(library, args.query, args.limit)
    if result is None:
        return 2
    if library.analysis_status():
        say(stderr(), f"note: {library.analysis_status()}")
    if args.json:
        print(json.dumps(_result_json(library, result), ensure_ascii=False, indent=2))
    else:
        _print_results(library, result)
    return 0


def _answer(args, quick) -> int:
    """Print a quick answer exactly as the loaded library's would have been printed."""
    err = _Stderr()
    if quick.problem_count > 10:
        say(err, f"warning: {quick.problem_summary} ('newsdesk index' lists them)")
    else:
        for line in quick.problem_lines:
            say(err, f"warning: {line}")
    if quick.analysis_warning:
        say(err, f"warning: {quick.analysis_warning}")
    result = quick.result
    if result.error:
        say(err, f"error: {result.error}")
        return 2
    if quick.note:
        say(err, f"note: {quick.note}")
    if args.json:
        print(json.dumps(_result_json(quick, result), ensure_ascii=False, indent=2))
    else:
        _print_results(quick, result)
    return 0


class _Stderr:
    """``say`` to stderr without loading Rich when it would print the same: the
    stderr console soft-wraps and prints ``safe_line`` text unstyled, as ``print``
    does, unless the line holds something like an emoji code (``:name:``)."""

    _console = None

    def print(self, text, **style) -> None:
        if _EMOJI_LIKE.search(text) is None:
            print(text, file=sys.stderr)
            return
        if self._console is None:
            self._console = stderr()
        self._console.print(text, **style)


_EMOJI_LIKE = re.compile(r":\S*?:")


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
    blocks = _blocks(library, result)
    if not _styled(sys.stdout):
        print("\n".join("".join(piece for piece, _ in block) for block in blocks))
        return
    from rich.console import Console
    from rich.text import Text

    out = Console(highlight=False)
    for block in blocks:
        text = Text()
        for piece, style in block:
            text.append(piece, style=style)
        out.print(text)


def _blocks(library, result) -> list[list[tuple[str, str]]]:
    """What a search prints, as blocks of (text, style) pieces, each printed on
    lines of its own: the same lines styled on a terminal, plain into a pipe."""
    if not result.hits:
        line = f"no results for {result.query!r}"
        if result.suggestion:
            line += f"; did you mean: {result.suggestion}"
        return [[(safe_line(line), "")]]
    blocks = [[(safe_line(f"{result.total} result{'s' if result.total != 1 else ''} for {result.query!r}"), "dim")]]
    for number, hit in enumerate(result.hits, start=1):
        article = library.article(hit.article_id)
        meta = " · ".join(safe_line(x) for x in (article.date_text, article.source, article.id) if x)
        blocks.append([(f"{number:>2}. ", "dim"), (safe_line(article.title), "bold"), (f"\n    {meta} · score {hit.score:.2f}", "dim")])
        if hit.snippet:
            blocks.append([("    ", "")] + [(piece.replace("\n", " "), "bold reverse" if is_match else "")
                                          for piece, is_match in hit.snippet.pieces])
    return blocks


def _styled(stream) -> bool:
    """Whether results are drawn with Rich: on a terminal, or when colour is forced.
    A pipe gets plain lines instead, one per field and never wrapped (a script's
    ``grep`` sees a whole title or snippet on one line), and Rich is not imported."""
    if os.environ.get("FORCE_COLOR") or os.environ.get("TTY_COMPATIBLE") == "1":
        return True
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False

