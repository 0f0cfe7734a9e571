"""The ``newsdesk`` command: opens the app, or indexes and searches for scripts.

Textual is imported only when the app is opened, so ``newsdesk search`` and
``newsdesk --version`` start quickly.
"""

from __future__ import annotations

import argparse
import json
import sys
from importlib import metadata
from pathlib import Path

COMMANDS = ("index", "search")

EPILOG = """\
commands:
  newsdesk [PATH ...]            open the reader (default: the bundled seed articles)
  newsdesk index [PATH ...]      build or update the search index, with progress
  newsdesk search QUERY          print ranked results (--json for scripts)

Run 'newsdesk COMMAND --help' for a command's options.
"""


def version() -> str:
    try:
        return metadata.version("newsdesk")
    except metadata.PackageNotFoundError:
        return "unknown (not installed)"


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--index-dir",
        type=Path,
        metavar="DIR",
        help="where to keep search indexes (default: $NEWSDESK_HOME/index or the user cache folder)",
    )


def _open_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsdesk",
        description="A keyboard-driven terminal reader for a corpus of news articles.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="article files or folders (.txt, .md, .jsonl)")
    parser.add_argument("--version", action="version", version=f"newsdesk {version()}")
    _add_common(parser)
    return parser


def _index_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsdesk index", description="Build or update the search index for a corpus.")
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="article files or folders (default: the bundled seeds)")
    _add_common(parser)
    return parser


def _search_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsdesk search",
        description="Search a corpus and print ranked results.",
        epilog='query syntax: words, AND/OR/NOT, "phrases", prefix*, source:tass, title:putin, '
        "date:2025-04-28, date:[2025-04-27 TO 2025-04-28]",
    )
    parser.add_argument("query", help="the query (quote it in the shell)")
    parser.add_argument("--limit", type=_positive_int, default=10, metavar="N", help="at most N results (default 10)")
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")
    parser.add_argument(
        "--path", dest="paths", action="append", type=Path, default=[], metavar="PATH",
        help="article file or folder to search (repeatable; default: the bundled seeds)",
    )
    _add_common(parser)
    return parser


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in COMMANDS:
        command, rest = argv[0], argv[1:]
        if command == "index":
            return _run_index(_index_parser().parse_args(rest))
        return _run_search(_search_parser().parse_args(rest))
    return _run_app(_open_parser().parse_args(argv))


def _stderr():
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def _load(args, warn: bool = True):
    """Load the corpus, or return None after saying why nothing could be loaded.

    ``warn=False`` leaves skipped files for the app to show, unless nothing loaded."""
    from search import Library

    library = Library.load(args.paths or None, args.index_dir)
    err = _stderr()
    if warn or not library.articles:
        for problem in library.problems:
            err.print(f"warning: {problem}", markup=False)
    if not library.articles:
        err.print("error: no articles could be loaded from " + ", ".join(str(p) for p in library.roots), markup=False)
        return None
    return library


def _run_index(args) -> int:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    library = _load(args)
    if library is None:
        return 2
    err = _stderr()
    with Progress(
        TextColumn("indexing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err, transient=True
    ) as bar:
        task = bar.add_task("index", total=len(library.articles))
        report = library.ensure_index(progress=lambda done, total: bar.update(task, completed=done, total=total))
    err.print(f"{report.summary()} at {report.path}", markup=False)
    return 0


def _run_search(args) -> int:
    library = _load(args)
    if library is None:
        return 2
    library.ensure_index()
    result = library.search(args.query, limit=args.limit)
    if result.error:
        _stderr().print(f"error: {result.error}", markup=False)
        return 2
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
        out.print(line, markup=False)
        return
    out.print(f"{result.total} result{'s' if result.total != 1 else ''} for {result.query!r}", markup=False, style="dim")
    for number, hit in enumerate(result.hits, start=1):
        article = library.article(hit.article_id)
        head = Text(f"{number:>2}. ", style="dim")
        head.append(article.title, style="bold")
        meta = " · ".join(x for x in (article.date_text, article.source, article.id) if x)
        head.append(f"\n    {meta} · score {hit.score:.2f}", style="dim")
        out.print(head)
        if hit.snippet:
            snippet = Text("    ")
            for piece, is_match in hit.snippet.pieces:
                snippet.append(piece, style="bold reverse" if is_match else "")
            out.print(snippet)


def _run_app(args) -> int:
    library = _load(args, warn=False)
    if library is None:
        return 2
    from .app import NewsdeskApp

    NewsdeskApp(library).run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
