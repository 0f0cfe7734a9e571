"""schema.org ClaimReview (JSON-LD): one review per annotation, for fact-checking tools."""

from __future__ import annotations

import json

NAME = "claimreview"
DESCRIPTION = "schema.org ClaimReview JSON-LD"


def export(source) -> str:
    reviews = [claim_review(annotation, source.articles.get(annotation.article)) for annotation in source.annotations]
    return json.dumps(reviews, ensure_ascii=False, indent=2) + "\n"


def claim_review(annotation, article) -> dict:
    """schema.org ClaimReview (JSON-LD) for one annotation (``article``: None if not in the corpus)."""
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
