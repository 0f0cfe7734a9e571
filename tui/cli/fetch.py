"""``newsdesk fetch [--folder DIR]``: every subscribed feed's new entries, a line per feed on stderr."""

from __future__ import annotations

import argparse

from .common import say, stderr
from .feeds import add_folder, folder_of, open_fetcher


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsdesk fetch",
        description="Fetch every subscribed feed; each new entry's page becomes a .md file in the folder.",
        epilog="Exit status: 0 when every feed was fetched, 1 when some failed (the others are still stored), 2 on bad input.",
    )
    add_folder(parser)
    return parser


def run(args) -> int:
    err = stderr()
    folder = folder_of(args)
    fetcher = open_fetcher(args)
    if fetcher is None:
        return 2
    with fetcher:
        if not fetcher.store.subscriptions():
            say(err, f"error: no feeds subscribed in {folder}: add one with 'newsdesk feeds add URL' or 'newsdesk feeds import FILE.opml'")
            return 2
        reports = fetcher.fetch_all(progress=lambda report, done, total: say(err, f"[{done}/{total}] {report.line()}"))
    new = sum(len(r.new) for r in reports)
    failed = [r for r in reports if r.error]
    summary = f"{new} new article(s) in {folder}"
    if failed:
        summary += f"; {len(failed)} of {len(reports)} feed(s) failed"
    say(err, f"{summary}. Read them with: newsdesk {folder}")
    return 1 if failed else 0
