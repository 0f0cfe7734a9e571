"""What the commands share: the common options, loading the corpus, stderr, the progress bar."""

from __future__ import annotations

import argparse
from contextlib import contextmanager
from pathlib import Path

from search.sanitize import safe_line


def version() -> str:
    from importlib import metadata  # slow to import: only when the version is asked for

    try:
        return metadata.version("newsdesk")
    except metadata.PackageNotFoundError:
        return "unknown (not installed)"


def add_common(parser: argparse.ArgumentParser) -> None:
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


PATHS_HELP = "article files or folders (default: the bundled seeds)"


def add_paths(parser: argparse.ArgumentParser, help: str = PATHS_HELP) -> None:
    """The corpus: any number of files or folders, the bundled seeds when none."""
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help=help)


def corpus_command(prog: str, description: str, *options) -> argparse.ArgumentParser:
    """A command over a corpus: ``PATH ...``, then ``options`` (each a function adding
    arguments to the parser), then the common options."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    add_paths(parser)
    for add in options:
        add(parser)
    add_common(parser)
    return parser


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def stderr():
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def say(console, message: object, **style) -> None:
    """Print one line that may hold outside text (names, paths, warnings): sanitised, never markup."""
    console.print(safe_line(message), markup=False, **style)


def load(args, warn: bool = True):
    """Load the corpus, or return None after saying why nothing could be loaded.

    ``warn=False`` leaves skipped files for the app to show, unless nothing loaded;
    ``warn="summary"`` prints one line of counts when there are more than ten."""
    from search import GazetteerError, Library

    err = stderr()
    try:
        library = Library.load(args.paths or None, args.index_dir, entities_file=args.entities, annotations_file=args.annotations)
    except GazetteerError as exc:
        say(err, f"error: {exc}")
        return None
    if warn == "summary" and len(library.problems) > 10 and library.articles:
        say(err, f"warning: {library.problem_summary()} ('newsdesk index' lists them)")
    elif warn or not library.articles:
        for problem in library.problems:
            say(err, f"warning: {problem}")
    if not library.articles:
        say(err, "error: no articles could be loaded from " + ", ".join(str(p) for p in library.roots))
        return None
    return library


@contextmanager
def progress_bar(console):
    """A progress bar on stderr; yields the ``progress(phase, done, total)`` callback."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    with Progress(
        TextColumn("{task.description:>9}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console, transient=True
    ) as bar:
        task = bar.add_task("loading", total=None)
        yield lambda phase, done, total: bar.update(task, description=phase, completed=done, total=total)


def load_and(args, step: str, warn: bool | str = True):
    """``load`` then ``library.<step>`` under the progress bar: the library, or None
    after saying why nothing could be loaded."""
    library = load(args, warn=warn)
    if library is not None:
        with_progress(library, step)
    return library


def with_progress(library, step: str):
    """Run ``library.<step>(progress=...)`` under a progress bar on stderr, then say
    any analysis warning; returns what the step returned."""
    err = stderr()
    with progress_bar(err) as update:
        result = getattr(library, step)(progress=update)
    warn_analysis(library, err)
    return result


def warn_analysis(library, console) -> None:
    if library.analysis_warning:
        say(console, f"warning: {library.analysis_warning}")


def run_search(library, query: str, limit: int | None):
    """The search behind ``search`` and ``export search``: the text index first, analysis
    only when the query names an entity field and it is incomplete. The result, or None
    after saying the query's error on stderr."""
    err = stderr()
    library.ensure_text_index()
    if library.search_needs_analysis(query):
        with progress_bar(err) as update:
            library.analyse(progress=update)
    warn_analysis(library, err)
    result = library.search(query, limit=limit)
    if result.error:
        say(err, f"error: {result.error}")
        return None
    return result
