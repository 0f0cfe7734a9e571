"""``newsdesk annotations list|export``: annotations for people and for other tools.

The rows and every export format come from the engine
(:mod:`search.annotations.export`); this module only prints them.
"""

from __future__ import annotations

import json
import sys

from search.annotations.export import ExportSource, export


def run_annotations(library, args, err) -> int:
    book = library.annotations
    if book.error:
        err.print(f"error: {book.error}", markup=False)
        return 2
    source = ExportSource(book.annotations.values(), {a.id: a for a in library.articles}, book.path)
    if args.action == "list":
        if args.json:
            print(json.dumps({"file": str(book.path), "annotations": source.rows}, ensure_ascii=False, indent=2))
        else:
            _print_list(source.rows, book.path)
        return 0
    sys.stdout.write(export(args.format, source))
    return 0


def _print_list(rows: list[dict], path) -> None:
    from rich.console import Console
    from rich.text import Text

    out = Console(highlight=False, soft_wrap=True)
    out.print(f"{len(rows)} annotation{'s' if len(rows) != 1 else ''} in {path}", markup=False, style="dim")
    for row in rows:
        line = Text(f"{row['verdict']:<10} ", style="bold")
        line.append(f"{row['article']}  ")
        line.append(" ".join(row["exact"].split())[:100])
        if row["placed"] == "orphan":
            line.append("  [orphan: text not found]", style="bold")
        out.print(line)
        details = " · ".join(x for x in (row["speaker"] or "", ", ".join(row["tags"]), row["note"].replace("\n", " ")[:80]) if x)
        if details:
            out.print(Text("           " + details, style="dim"))
