"""schema.org ClaimReview (JSON-LD): one review per annotation, for fact-checking tools.

What goes where (Google's fact-check structured data and schema.org):

- ``claimReviewed``: the annotated sentence in full (whitespace folded, never cut);
- ``itemReviewed``: a ``Claim`` with its ``author`` typed ``Person`` or
  ``Organization`` from what the analysis knows the speaker to be
  (:meth:`search.Library.entity_type`: the article's entities, the gazetteer,
  the recogniser). A speaker nothing can type is left out: a wrong type
  tells fact-check databases something false about who said it, a missing
  author (a recommended property) only leaves a detail out; the speaker's name
  stays in the CSV and YAML exports. Its ``datePublished`` is the article's
  date and its ``appearance`` the article (``url``, full ``headline``/``name``,
  ``publisher``);
- ``reviewRating``: the verdict on a truth scale, higher is truer (see
  :data:`SCALE`), with ``alternateName`` (the verdict in words). "unverified"
  and "opinion" are not points on that scale, so they carry only the words;
- ``author``: the reviewer configured by the user (``author:`` in
  config.yaml), never the login name; left out when none is set;
- ``url``: the page the fact checks are published on (``--review-url``), with
  ``#<annotation id>`` as Google allows; left out when not given.

:func:`check` lists what a review lacks or has wrong against those rules.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from ...citation import full_title

NAME = "claimreview"
DESCRIPTION = "schema.org ClaimReview JSON-LD"

# verdict -> ratingValue on a 1 (false) .. 4 (supported) scale; higher is truer, as schema.org reads ratings.
SCALE = {"false": 1, "misleading": 2, "disputed": 3, "supported": 4}
WORST, BEST = min(SCALE.values()), max(SCALE.values())
# Entity types (search.lexicon.ENTITY_TYPES) -> schema.org types. A place or a group
# that "says" something speaks through its government or body: an Organization.
SCHEMA_TYPES = {"PERSON": "Person", "ORG": "Organization", "GPE": "Organization", "NORP": "Organization"}


def export(source) -> str:
    reviewer = _agent(source.reviewer, source.entity_type(None, source.reviewer) if source.reviewer else None, default="Person")
    known: dict[tuple[str | None, str], str | None] = {}  # each speaker of each article is typed once

    def entity_type(article_id: str | None, name: str) -> str | None:
        if (article_id, name) not in known:
            known[article_id, name] = source.entity_type(article_id, name)
        return known[article_id, name]

    reviews = [
        claim_review(annotation, source.articles.get(annotation.article), reviewer, source.review_url, entity_type)
        for annotation in source.annotations
    ]
    return json.dumps(reviews, ensure_ascii=False, indent=2) + "\n"


def _agent(name: str | None, entity_type: str | None, default: str | None = None) -> dict | None:
    """``{"@type": "Person"|"Organization", "name": ...}``; None without a name or a type."""
    if not name:
        return None
    kind = SCHEMA_TYPES.get(entity_type or "", default)
    return {"@type": kind, "name": name} if kind else None


def rating(verdict: str) -> dict:
    value = {"@type": "Rating", "alternateName": verdict, "name": verdict}
    if verdict in SCALE:
        value.update(ratingValue=SCALE[verdict], bestRating=BEST, worstRating=WORST)
    return value


def claim_review(annotation, article, reviewer: dict | None = None, review_url: str | None = None, entity_type=None) -> dict:
    """schema.org ClaimReview (JSON-LD) for one annotation (``article``: None if not in the corpus)."""
    title = full_title(article) if article else annotation.article
    appearance = {"@type": "CreativeWork", "headline": title, "name": title}
    if article and article.url:
        appearance["url"] = article.url
    if article and article.date:
        appearance["datePublished"] = article.date_text
    if article and article.source:
        appearance["publisher"] = {"@type": "Organization", "name": article.source}
    item = {"@type": "Claim", "appearance": appearance}
    if article and article.date:
        item["datePublished"] = article.date_text
    if annotation.speaker and entity_type is not None:
        speaker = _agent(annotation.speaker, entity_type(annotation.article, annotation.speaker))
        if speaker:
            item["author"] = speaker
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": " ".join(annotation.target.exact.split()),
        "reviewRating": rating(annotation.verdict),
        "itemReviewed": item,
    }
    if review_url:
        review["url"] = review_url.split("#", 1)[0] + "#" + annotation.id
    if reviewer:
        review["author"] = reviewer
    date = (annotation.updated or annotation.created)[:10]
    if date:
        review["datePublished"] = date
    if annotation.note:
        review["reviewBody"] = annotation.note
    if annotation.tags:
        review["keywords"] = list(annotation.tags)
    return review


# -- checking a review ---------------------------------------------------------------------
# Google's fact-check structured data: required (an error when missing) and recommended properties.
REQUIRED = {"ClaimReview": ("claimReviewed", "reviewRating", "url"), "Claim": (), "Rating": ("alternateName",)}
RECOMMENDED = {
    "ClaimReview": ("author", "datePublished", "itemReviewed"),
    "Claim": ("appearance", "author", "datePublished", "firstAppearance"),
    "Rating": ("bestRating", "name", "ratingValue", "worstRating"),
}
AGENT_TYPES = ("Person", "Organization")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$")


def check(review: dict) -> tuple[list[str], list[str]]:
    """(errors, missing recommended properties) of one ClaimReview, each a short
    phrase naming the property ("url: missing (required)")."""
    errors: list[str] = []
    missing: list[str] = []

    def need(node, kind: str, where: str) -> bool:
        if not isinstance(node, dict) or node.get("@type") != kind:
            errors.append(f"{where or '@type'}: expected a {kind}, found {_kind(node)}")
            return False
        for name in REQUIRED[kind]:
            if node.get(name) in (None, "", [], {}):
                errors.append(f"{where}.{name}: missing (required)".removeprefix("."))
        missing.extend(f"{where}.{name}".removeprefix(".") for name in RECOMMENDED[kind] if name not in node)
        return True

    if review.get("@context") not in ("https://schema.org", "http://schema.org", "https://schema.org/"):
        errors.append(f"@context: expected https://schema.org, found {review.get('@context')!r}")
    if not need(review, "ClaimReview", ""):
        return errors, missing
    if "claimReviewed" in review and not isinstance(review["claimReviewed"], str):
        errors.append("claimReviewed: expected text")
    if "url" in review and not _is_url(review["url"]):
        errors.append(f"url: not an absolute http(s) URL: {review['url']!r}")
    if "author" in review:
        _agent_check(review["author"], "author", errors)
    if "datePublished" in review and not _is_date(review["datePublished"]):
        errors.append(f"datePublished: not an ISO 8601 date: {review['datePublished']!r}")
    if "reviewRating" in review and need(review["reviewRating"], "Rating", "reviewRating"):
        _rating_check(review["reviewRating"], errors)
    if "itemReviewed" in review and need(review["itemReviewed"], "Claim", "itemReviewed"):
        claim = review["itemReviewed"]
        if "author" in claim:
            _agent_check(claim["author"], "itemReviewed.author", errors)
        if "datePublished" in claim and not _is_date(claim["datePublished"]):
            errors.append(f"itemReviewed.datePublished: not an ISO 8601 date: {claim['datePublished']!r}")
        for name in ("appearance", "firstAppearance"):
            if name in claim:
                _work_check(claim[name], f"itemReviewed.{name}", errors)
    return errors, missing


def _kind(node) -> str:
    return repr(node.get("@type")) if isinstance(node, dict) else type(node).__name__


def _is_url(value) -> bool:
    return isinstance(value, str) and re.match(r"https?://[^\s/]+", value) is not None


def _is_date(value) -> bool:
    if not isinstance(value, str) or not _DATE.match(value):
        return False
    try:
        dt.date.fromisoformat(value[:10])
    except ValueError:
        return False
    return True


def _agent_check(node, where: str, errors: list[str]) -> None:
    if not isinstance(node, dict) or node.get("@type") not in AGENT_TYPES:
        errors.append(f"{where}: expected a Person or an Organization, found {_kind(node)}")
    elif not isinstance(node.get("name"), str) or not node["name"].strip():
        errors.append(f"{where}.name: missing")


def _work_check(node, where: str, errors: list[str]) -> None:
    works = node if isinstance(node, list) else [node]
    for work in works:
        if isinstance(work, str):
            if not _is_url(work):
                errors.append(f"{where}: not an absolute http(s) URL: {work!r}")
        elif not isinstance(work, dict) or not isinstance(work.get("@type"), str):
            errors.append(f"{where}: expected a URL or a CreativeWork, found {_kind(work)}")
        else:
            if "url" in work and not _is_url(work["url"]):
                errors.append(f"{where}.url: not an absolute http(s) URL: {work['url']!r}")
            if "datePublished" in work and not _is_date(work["datePublished"]):
                errors.append(f"{where}.datePublished: not an ISO 8601 date: {work['datePublished']!r}")


def _rating_check(node: dict, errors: list[str]) -> None:
    numbers = {name: node[name] for name in ("ratingValue", "bestRating", "worstRating") if name in node}
    for name, value in numbers.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            errors.append(f"reviewRating.{name}: expected a number, found {value!r}")
            return
    if "ratingValue" in numbers:
        if "bestRating" not in numbers or "worstRating" not in numbers:
            errors.append("reviewRating: a ratingValue needs bestRating and worstRating (its scale)")
        elif not numbers["worstRating"] <= numbers["ratingValue"] <= numbers["bestRating"]:
            errors.append("reviewRating.ratingValue: outside worstRating..bestRating")
