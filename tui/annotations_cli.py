"""``newsdesk annotations list|export``: annotations for people and for other tools.

The rows and every export format come from the engine
(:mod:`search.annotations.export`); this module only prints them.
"""

from __future__ import annotations

import json
import sys

from search.annotations.export import ExportSource, export
from search.sanitize import safe_line


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
    if args.format == "claimreview":
        source = library.export_source(reviewer=args.author, review_url=args.review_url)
    text = export(args.format, source)
    if args.output is not None:
        from search.reports import ExportError, write_new

        if args.output.exists() and not args.force:
            err.print(safe_line(f"error: {args.output} already exists; choose another name (or --force to replace it)"), markup=False)
            return 2
        try:
            write_new(args.output, text, force=args.force)
        except ExportError as exc:
            err.print(safe_line(f"error: {exc}"), markup=False)
            return 2
        err.print(safe_line(f"wrote {len(source.annotations)} annotation(s) as {args.format} to {args.output}"), markup=False)
    else:
        sys.stdout.write(text)
    if args.format == "claimreview":
        _warn_reviews(json.loads(text), err)
    return 0


def _warn_reviews(reviews: list[dict], err) -> None:
    """One line per kind of problem the ClaimReview check finds, with what to do."""
    from search.annotations.export.claimreview import check

    counts: dict[str, int] = {}
    for review in reviews:
        for problem in check(review)[0]:
            counts[problem] = counts.get(problem, 0) + 1
    hints = {"url": "; pass --review-url, the page your fact checks are published on"}
    for problem, count in counts.items():
        hint = hints.get(problem.split(":", 1)[0], "")
        err.print(safe_line(f"warning: {count} of {len(reviews)} ClaimReview(s): {problem}{hint}"), markup=False)
    if reviews and not any("author" in r for r in reviews):
        err.print("note: no reviewer named: set 'author:' in config.yaml or pass --author NAME", markup=False)


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
