"""``newsdesk meta ID [PATH ...] --outlet X --date Y --title Z``: correct an article's
metadata in its folder's ``catalog.yaml`` (an empty value drops the correction),
then update the index."""

from __future__ import annotations

import argparse

from search.sanitize import safe_line

from .common import add_common, add_paths, load, say, stderr, with_progress


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsdesk meta",
        description="Correct an article's title, outlet or date. Written to catalog.yaml beside its file "
        "(comments and other entries kept), then the index is updated.",
    )
    parser.add_argument("id", metavar="ID", help="the article's id (as 'newsdesk search' and the app show it)")
    add_paths(parser)
    parser.add_argument("--title", help="the headline (cannot be empty)")
    parser.add_argument("--outlet", help="who published it ('' drops the correction: the file's own or inferred outlet applies)")
    parser.add_argument("--date", help="YYYY-MM-DD ('' drops the correction)")
    add_common(parser)
    return parser


def run(args) -> int:
    err = stderr()
    changes = {name: value for name, value in (("title", args.title), ("source", args.outlet), ("date", args.date)) if value is not None}
    if not changes:
        say(err, "error: nothing to change: give --title, --outlet or --date")
        return 2
    library = load(args, warn=False)
    if library is None:
        return 2
    try:
        library.article(args.id)
    except KeyError:
        say(err, f"error: no article with id {args.id!r} in {', '.join(str(p) for p in library.roots)}")
        return 2
    try:
        path, kept = library.set_metadata(args.id, changes)
    except ValueError as exc:  # CatalogError: bad input or an unreadable catalog; nothing written
        say(err, f"error: {exc}")
        return 1
    article = library.article(args.id)
    say(err, f"saved to {path}" + ("" if kept else " (rewritten: its comments could not be kept)"))
    with_progress(library, "ensure_index")
    print("\t".join(safe_line(x) for x in (article.id, article.date_text or "undated", article.source or "unknown outlet", article.title)))
    return 0
