"""The ``newsdesk`` command: opens the app, or indexes and searches for scripts.

Textual is imported only when the app is opened, so ``newsdesk search`` and
``newsdesk --version`` start quickly.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path

COMMANDS = ("index", "search", "analyze", "annotations")

EPILOG = """\
commands:
  newsdesk [PATH ...]            open the reader (default: the bundled seed articles)
  newsdesk index [PATH ...]      build or update the search index, with progress
  newsdesk search QUERY          print ranked results (--json for scripts)
  newsdesk analyze [PATH ...]    entities, quotes and claims (--json: one object per article per line)
  newsdesk annotations list      your verdicts, notes and tags (--json); export --format claimreview|csv|yaml

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
        help="where to keep search indexes and cached analyses (default: $NEWSDESK_HOME or the user cache folder)",
    )
    parser.add_argument(
        "--annotations",
        type=Path,
        metavar="FILE",
        help="the annotations file (default: annotations.yaml in the corpus folder; for the bundled seeds, the user data folder)",
    )
    parser.add_argument(
        "--entities",
        type=Path,
        metavar="FILE",
        help="an entities.yaml of your own: name variants -> canonical name and type (extends the bundled one)",
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


def _syntax_epilog() -> str:
    from search.syntax import epilog

    return epilog()


def _search_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsdesk search",
        description="Search a corpus and print ranked results.",
        epilog=_syntax_epilog(),
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


def _analyze_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsdesk analyze",
        description="Entities, quotes and claims of each article. Offsets are Python string indices into \"text\".",
    )
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="article files or folders (default: the bundled seeds)")
    parser.add_argument("--json", action="store_true", help="one JSON object per article per line")
    _add_common(parser)
    return parser


def _annotations_parser() -> argparse.ArgumentParser:
    from search.annotations.export import formats as export_formats

    parser = argparse.ArgumentParser(prog="newsdesk annotations", description="List or export annotations.")
    commands = parser.add_subparsers(dest="action", required=True)
    listing = commands.add_parser("list", help="list annotations")
    listing.add_argument("--json", action="store_true", help="JSON for scripts")
    export = commands.add_parser("export", help="export annotations to stdout")
    export.add_argument("--format", choices=export_formats(), required=True)
    for sub in (listing, export):
        sub.add_argument("--path", dest="paths", action="append", type=Path, default=[], metavar="PATH",
                         help="the corpus the annotations belong to (repeatable; default: the bundled seeds)")
        _add_common(sub)
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
    try:
        return _dispatch(list(sys.argv[1:] if argv is None else argv))
    except BrokenPipeError:
        # `newsdesk analyze --json | head`: the reader left; that is not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _dispatch(argv: list[str]) -> int:
    if argv and argv[0] in COMMANDS:
        command, rest = argv[0], argv[1:]
        if command == "index":
            return _run_index(_index_parser().parse_args(rest))
        if command == "analyze":
            return _run_analyze(_analyze_parser().parse_args(rest))
        if command == "annotations":
            from .annotations_cli import run_annotations

            args = _annotations_parser().parse_args(rest)
            library = _load(args)
            return 2 if library is None else run_annotations(library, args, _stderr())
        return _run_search(_search_parser().parse_args(rest))
    return _run_app(_open_parser().parse_args(argv))


def _stderr():
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def _load(args, warn: bool = True):
    """Load the corpus, or return None after saying why nothing could be loaded.

    ``warn=False`` leaves skipped files for the app to show, unless nothing loaded."""
    from search import GazetteerError, Library

    err = _stderr()
    try:
        library = Library.load(args.paths or None, args.index_dir, entities_file=args.entities, annotations_file=args.annotations)
    except GazetteerError as exc:
        err.print(f"error: {exc}", markup=False)
        return None
    if warn == "summary" and len(library.problems) > 10 and library.articles:
        err.print(f"warning: {library.problem_summary()} ('newsdesk index' lists them)", markup=False)
    elif warn or not library.articles:
        for problem in library.problems:
            err.print(f"warning: {problem}", markup=False)
    if not library.articles:
        err.print("error: no articles could be loaded from " + ", ".join(str(p) for p in library.roots), markup=False)
        return None
    return library


def _run_index(args) -> int:
    library = _load(args)
    if library is None:
        return 2
    err = _stderr()
    with _progress_bar(err) as update:
        report = library.ensure_index(progress=update)
    _warn_analysis(library, err)
    err.print(f"{report.summary()} at {report.path}", markup=False)
    return 0


@contextmanager
def _progress_bar(console):
    """A progress bar on stderr; yields the ``progress(phase, done, total)`` callback."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description:>9}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console, transient=True
    ) as bar:
        task = bar.add_task("loading", total=None)
        yield lambda phase, done, total: bar.update(task, description=phase, completed=done, total=total)


def _warn_analysis(library, console) -> None:
    if library.analysis_warning:
        console.print(f"warning: {library.analysis_warning}", markup=False)


def _run_analyze(args) -> int:
    library = _load(args)
    if library is None:
        return 2
    err = _stderr()
    with _progress_bar(err) as update:
        library.analyse(progress=update)
    _warn_analysis(library, err)
    if args.json:
        for article in library.articles:
            print(json.dumps(_article_json(library, article), ensure_ascii=False))
    else:
        _print_entities(library)
    return 0


def _article_json(library, article) -> dict:
    from search.sanitize import safe_line

    return {
        "id": article.id,
        "path": safe_line(article.path),
        "title": article.title,
        "source": article.source,
        "date": article.date_text or None,
        "text": article.text,
        "entities": [entity.to_dict() for entity in library.entities(article.id)],
        "quotes": [quote.to_dict() for quote in library.quotes(article.id)],
        "claims": [_claim_json(row) for row in library.claim_rows(article.id)],
    }


def _claim_json(row) -> dict:
    return {
        "start": row.start,
        "end": row.end,
        "text": row.text,
        "attributed_to": row.attributed_to,
        "score": row.score,
        "cluster": row.cluster,
        "corroborated_by": [who.article_id for who in row.corroborated_by],
        "conflicts": [
            {"about": c.about, "values": [{"id": who.article_id, "value": value} for who, value in c.values]} for c in row.conflicts
        ],
    }


def _print_entities(library) -> None:
    from collections import Counter

    from rich.console import Console

    out = Console(highlight=False, soft_wrap=True)
    for article in library.articles:
        out.print(f"{article.id}  {article.title}", markup=False, style="bold")
        counts = Counter((e.type, e.canonical) for e in library.entities(article.id))
        for (kind, name), count in sorted(counts.items(), key=lambda item: (item[0][0], -item[1], item[0][1])):
            out.print(f"  {kind:<7} {name}  ×{count}", markup=False)


def _run_search(args) -> int:
    library = _load(args, warn="summary")
    if library is None:
        return 2
    library.ensure_text_index()
    if library.search_needs_analysis(args.query):
        with _progress_bar(_stderr()) as update:
            library.analyse(progress=update)
    _warn_analysis(library, _stderr())
    result = library.search(args.query, limit=args.limit)
    if result.error:
        _stderr().print(f"error: {result.error}", markup=False)
        return 2
    if library.analysis_status():
        _stderr().print(f"note: {library.analysis_status()}", markup=False)
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
