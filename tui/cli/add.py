"""``newsdesk add URL|FILE.html ... [--folder DIR]``: articles from web pages or saved pages."""

from __future__ import annotations

import argparse

from .common import say, stderr
from .feeds import add_folder, open_fetcher


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsdesk add",
        description="Add articles from web addresses or saved .html pages: main text, title, author, date and outlet are extracted.",
        epilog="Exit status: 0 when every one was added (or already there), 1 when some failed, 2 on bad input.",
    )
    parser.add_argument("targets", nargs="+", metavar="URL|FILE.html", help="an http(s) address or a saved page")
    add_folder(parser)
    return parser


def run(args) -> int:
    err = stderr()
    fetcher = open_fetcher(args)
    if fetcher is None:
        return 2
    failed = 0
    with fetcher:
        for target in args.targets:
            report = fetcher.add(target)
            failed += report.error is not None
            say(err, report.line())
    return 1 if failed else 0
