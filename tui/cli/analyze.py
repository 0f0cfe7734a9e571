"""``newsdesk analyze [PATH ...]``: entities per article, or everything as JSON lines."""

from __future__ import annotations

import argparse
import json

from search.sanitize import safe_line

from .common import corpus_command, load_and, say


def parser() -> argparse.ArgumentParser:
    return corpus_command(
        "newsdesk analyze",
        "Entities, quotes and claims of each article. Offsets are Python string indices into \"text\".",
        lambda parser: parser.add_argument("--json", action="store_true", help="one JSON object per article per line"),
    )


def run(args) -> int:
    library = load_and(args, "analyse")
    if library is None:
        return 2
    if args.json:
        for article in library.articles:
            print(json.dumps(_article_json(library, article), ensure_ascii=False))
    else:
        _print_entities(library)
    return 0


def _article_json(library, article) -> dict:
    return {
        "id": article.id,
        "path": safe_line(article.path),
        "title": article.title,
        "source": article.source,
        "date": article.date_text or None,
        "text": article.text,
        "entities": [entity.to_dict() for entity in library.entities(article.id)],
        "quotes": [quote.to_dict() for quote in library.quotes(article.id)],
        "claims": [_claim_json(row) for row in library.claim_rows(article.id)],
    }


def _claim_json(row) -> dict:
    return {
        "start": row.start,
        "end": row.end,
        "text": row.text,
        "kind": row.kind,
        "attributed_to": row.attributed_to,
        "score": row.score,
        "cluster": row.cluster,
        "corroborated_by": [who.article_id for who in row.corroborated_by],
        "conflicts": [
            {"about": c.about, "values": [{"id": who.article_id, "value": value} for who, value in c.values]} for c in row.conflicts
        ],
    }


def _print_entities(library) -> None:
    from collections import Counter

    from rich.console import Console

    out = Console(highlight=False, soft_wrap=True)
    for article in library.articles:
        say(out, f"{article.id}  {article.title}", style="bold")
        counts = Counter((e.type, e.canonical) for e in library.entities(article.id))
        for (kind, name), count in sorted(counts.items(), key=lambda item: (item[0][0], -item[1], item[0][1])):
            say(out, f"  {kind:<7} {name}  ×{count}")
