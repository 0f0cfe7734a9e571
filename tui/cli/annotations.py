"""``newsdesk annotations list|export``: the arguments; the work is in ``tui/annotations_cli.py``."""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import add_common, load, stderr


def parser() -> argparse.ArgumentParser:
    from search.annotations.export import formats as export_formats

    parser = argparse.ArgumentParser(prog="newsdesk annotations", description="List or export annotations.")
    commands = parser.add_subparsers(dest="action", required=True)
    listing = commands.add_parser("list", help="list annotations")
    listing.add_argument("--json", action="store_true", help="JSON for scripts")
    export = commands.add_parser("export", help="export annotations to stdout")
    export.add_argument("--format", choices=export_formats(), required=True)
    export.add_argument("--author", metavar="NAME",
                        help="who reviews, for claimreview (default: 'author:' in config.yaml; never the login name)")
    export.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE (default: stdout)")
    export.add_argument("--force", action="store_true", help="replace FILE if it exists")
    export.add_argument("--review-url", metavar="URL",
                        help="for claimreview: the page your fact checks are published on (each review gets URL#<id>)")
    for sub in (listing, export):
        sub.add_argument("--path", dest="paths", action="append", type=Path, default=[], metavar="PATH",
                         help="the corpus the annotations belong to (repeatable; default: the bundled seeds)")
        add_common(sub)
    return parser


def run(args) -> int:
    from ..annotations_cli import run_annotations

    if getattr(args, "action", None) == "export" and not args.author:
        from ..config import load_settings

        args.author = load_settings().author
    library = load(args)
    return 2 if library is None else run_annotations(library, args, stderr())
