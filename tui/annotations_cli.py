"""``newsdesk annotations list|export``: annotations for people and for other tools."""

from __future__ import annotations

import csv
import io
import json
import sys

from search.annotations import dump

FIELDS = ("id", "article", "kind", "verdict", "speaker", "tags", "note", "exact", "start", "end", "placed", "author", "created", "updated")


def run_annotations(library, args, err) -> int:
    book = library.annotations
    if book.error:
        err.print(f"error: {book.error}", markup=False)
        return 2
    rows = _rows(library)
    if args.action == "list":
        if args.json:
            print(json.dumps({"file": str(book.path), "annotations": rows}, ensure_ascii=False, indent=2))
        else:
            _print_list(rows, book.path)
        return 0
    if args.format == "yaml":
        sys.stdout.write(dump(book.annotations.values()))
    elif args.format == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=FIELDS, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, "tags": ";".join(row["tags"])})
        sys.stdout.write(out.getvalue())
    else:
        print(json.dumps([_claim_review(library, a) for a in book.annotations.values()], ensure_ascii=False, indent=2))
    return 0


def _rows(library) -> list[dict]:
    placements = {}
    for annotation in library.annotations.annotations.values():
        if annotation.article in {a.id for a in library.articles}:
            placements.setdefault(annotation.article, dict((a.id, p) for a, p in library.placed_annotations(annotation.article)))
    rows = []
    for annotation in library.annotations.annotations.values():
        placement = placements.get(annotation.article, {}).get(annotation.id)
        rows.append({
            "id": annotation.id,
            "article": annotation.article,
            "kind": annotation.kind,
            "verdict": annotation.verdict,
            "speaker": annotation.speaker,
            "tags": list(annotation.tags),
            "note": annotation.note,
            "exact": annotation.target.exact,
            "start": placement.start if placement else None,
            "end": placement.end if placement else None,
            "placed": placement.how if placement else "orphan",
            "author": annotation.author,
            "created": annotation.created,
            "updated": annotation.updated,
        })
    return rows


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


def _claim_review(library, annotation) -> dict:
    """schema.org ClaimReview (JSON-LD) for one annotation."""
    article = next((a for a in library.articles if a.id == annotation.article), None)
    appearance = {"@type": "CreativeWork", "headline": article.title if article else annotation.article}
    if article and article.url:
        appearance["url"] = article.url
    if article and article.date:
        appearance["datePublished"] = article.date_text
    if article and article.source:
        appearance["publisher"] = {"@type": "Organization", "name": article.source}
    item = {"@type": "Claim", "appearance": appearance}
    if annotation.speaker:
        item["author"] = {"@type": "Thing", "name": annotation.speaker}
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": " ".join(annotation.target.exact.split()),
        "reviewRating": {"@type": "Rating", "alternateName": annotation.verdict},
        "itemReviewed": item,
        "author": {"@type": "Person", "name": annotation.author or "unknown"},
        "datePublished": annotation.created[:10],
    }
    if annotation.note:
        review["reviewBody"] = annotation.note
    if annotation.tags:
        review["keywords"] = list(annotation.tags)
    return review
