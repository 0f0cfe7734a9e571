"""``newsdesk [PATH ...]``: open the reader (the only command that imports Textual, and only to run)."""

from __future__ import annotations

import argparse

from .common import add_common, add_paths, load, version

EPILOG = """\
commands:
  newsdesk [PATH ...]            open the reader (default: the bundled seed articles)
  newsdesk index [PATH ...]      build or update the search index, with progress
  newsdesk search QUERY          print ranked results (--json for scripts)
  newsdesk analyze [PATH ...]    entities, quotes and claims (--json: one object per article per line)
  newsdesk annotations list      your verdicts, notes and tags (--json); export --format {formats}
  newsdesk export search QUERY|board   results or the claims board as Markdown or CSV (-o FILE)
  newsdesk feeds add|list|remove|import|export   RSS/Atom subscriptions (OPML in and out)
  newsdesk fetch [--folder DIR]  new articles from every feed into DIR (default ~/news)
  newsdesk add URL|FILE.html     single articles from web pages or saved pages

Run 'newsdesk COMMAND --help' for a command's options.
"""


def parser() -> argparse.ArgumentParser:
    from search.annotations.export import formats as export_formats
    from search.sources import supported

    parser = argparse.ArgumentParser(
        prog="newsdesk",
        description="A keyboard-driven terminal reader for a corpus of news articles.",
        epilog=EPILOG.format(formats="|".join(export_formats())),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_paths(parser, help=f"article files or folders ({supported()})")
    parser.add_argument("--version", action="version", version=f"newsdesk {version()}")
    add_common(parser)
    return parser


def run(args) -> int:
    library = load(args, warn=False)
    if library is None:
        return 2
    from ..app import NewsdeskApp

    NewsdeskApp(library).run()
    return 0
