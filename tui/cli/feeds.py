"""``newsdesk feeds add|list|remove|import|export``: the subscriptions of a corpus folder.

The list lives in ``feeds.sqlite`` in the folder (default ``~/news``); ``newsdesk
fetch`` brings their new entries in and ``newsdesk ~/news`` reads them."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from search.sanitize import safe_line

from .common import say, stderr


def default_folder() -> Path:
    from search.paths import news_dir

    return news_dir()


def add_folder(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--folder", type=Path, metavar="DIR",
        help="the corpus folder: its feeds.sqlite holds the feed list, its .md files the articles (default: ~/news, or $NEWSDESK_HOME/news)",
    )


def folder_of(args) -> Path:
    return (args.folder or default_folder()).expanduser()


def open_fetcher(args):
    """The folder's fetcher, or None after saying why its feed list cannot be opened."""
    from search.feeds import Fetcher

    folder = folder_of(args)
    try:
        return Fetcher(folder)
    except (OSError, ValueError) as exc:
        say(stderr(), f"error: cannot open the feed list in {folder}: {exc}")
        return None


def open_store(args):
    """The folder's feed store, or None after saying why it cannot be opened."""
    from search.feeds import FeedStore

    folder = folder_of(args)
    try:
        return FeedStore(folder)
    except (OSError, ValueError) as exc:
        say(stderr(), f"error: cannot open the feed list in {folder}: {exc}")
        return None


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsdesk feeds", description="Subscribe to RSS/Atom feeds; 'newsdesk fetch' brings their new articles in.",
    )
    commands = parser.add_subparsers(dest="action", required=True, metavar="{add,list,remove,import,export}")
    add = commands.add_parser("add", help="subscribe to a feed")
    add.add_argument("url", help="the feed's http:// or https:// address")
    add.add_argument("--title", help="a name for it (default: the feed's own title, once fetched)")
    listing = commands.add_parser("list", help="the subscribed feeds, with when each was last fetched")
    listing.add_argument("--json", action="store_true", help="print JSON for scripts")
    remove = commands.add_parser("remove", help="unsubscribe (articles already fetched stay)")
    remove.add_argument("url")
    opml_in = commands.add_parser("import", help="subscribe to every feed in an OPML file (newsboat, other readers)")
    opml_in.add_argument("file", type=Path, metavar="FILE.opml")
    opml_out = commands.add_parser("export", help="print the subscriptions as OPML")
    opml_out.add_argument("--output", "-o", type=Path, metavar="FILE", help="write to FILE instead of standard output")
    for sub in (add, listing, remove, opml_in, opml_out):
        add_folder(sub)
    return parser


def run(args) -> int:
    return {"add": _add, "list": _list, "remove": _remove, "import": _import, "export": _export}[args.action](args)


def _add(args) -> int:
    from search.feeds import FetchError, check_url

    err = stderr()
    try:
        url = check_url(args.url)
    except FetchError as exc:
        say(err, f"error: {exc}")
        return 2
    store = open_store(args)
    if store is None:
        return 2
    with store:
        added = store.subscribe(url, safe_line(args.title) if args.title else None)
    where = folder_of(args)
    say(err, f"subscribed to {url} in {where}" if added else f"already subscribed to {url} in {where}")
    return 0


def _list(args) -> int:
    store = open_store(args)
    if store is None:
        return 2
    with store:
        feeds = store.subscriptions()
    if args.json:
        print(json.dumps([
            {"url": f.url, "title": f.title, "added": f.added, "fetched": f.fetched, "error": f.error} for f in feeds
        ], ensure_ascii=False, indent=2))
        return 0
    if not feeds:
        say(stderr(), f"no feeds in {folder_of(args)}: add one with 'newsdesk feeds add URL'")
        return 0
    for feed in feeds:
        state = f"failed: {feed.error}" if feed.error else (f"fetched {feed.fetched}" if feed.fetched else "not fetched yet")
        print(safe_line(f"{feed.url}  {feed.title or '(untitled)'}  [{state}]"))
    return 0


def _remove(args) -> int:
    store = open_store(args)
    if store is None:
        return 2
    with store:
        removed = store.unsubscribe(args.url.strip())
    if not removed:
        say(stderr(), f"error: not subscribed to {args.url} in {folder_of(args)}")
        return 2
    say(stderr(), f"unsubscribed from {args.url} (its articles stay in {folder_of(args)})")
    return 0


def _import(args) -> int:
    from search.feeds import OpmlError, parse_opml

    err = stderr()
    try:
        data = args.file.expanduser().read_bytes()
    except OSError as exc:
        say(err, f"error: cannot read {args.file}: {exc.strerror or exc}")
        return 2
    try:
        outlines, skipped = parse_opml(data)
    except OpmlError as exc:
        say(err, f"error: {args.file}: {exc}")
        return 2
    for reason in skipped:
        say(err, f"warning: {args.file}: skipped: {reason}")
    store = open_store(args)
    if store is None:
        return 2
    with store:
        added = sum(store.subscribe(o.url, o.title) for o in outlines)
    say(err, f"{added} new feed(s) of {len(outlines)} in {args.file} subscribed in {folder_of(args)}")
    return 0


def _export(args) -> int:
    from search.feeds import Outline, to_opml

    store = open_store(args)
    if store is None:
        return 2
    with store:
        text = to_opml(Outline(f.url, f.title) for f in store.subscriptions())
    if args.output:
        try:
            args.output.expanduser().write_text(text, encoding="utf-8")
        except OSError as exc:
            say(stderr(), f"error: cannot write {args.output}: {exc.strerror or exc}")
            return 2
        return 0
    sys.stdout.write(text)
    return 0
