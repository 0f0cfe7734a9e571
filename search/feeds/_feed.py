"""RSS 0.9x/1.0/2.0 and Atom, read with feedparser into plain entries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..sanitize import clean_field
from ._http import FetchError
from ._xmlguard import refuse_entities


@dataclass(frozen=True)
class FeedEntry:
    key: str  # the entry's id (or its link, or its title) - what "seen" means
    link: str | None
    title: str | None
    author: str | None
    date: dt.date | None
    updated: str | None  # the entry's own updated stamp, to notice a changed article
    content_html: str | None  # the feed's full content, if it carries one
    summary_html: str | None


@dataclass(frozen=True)
class ParsedFeed:
    title: str | None
    link: str | None
    entries: tuple[FeedEntry, ...]


def parse_feed(data: bytes, url: str) -> ParsedFeed:
    """The feed in ``data``; :class:`FetchError` when it is refused or is not a feed."""
    import feedparser

    refuse_entities(data)
    # resolve_relative_uris/sanitize_html stay on: links become absolute, and
    # scripts and styles leave the HTML before it is turned into text.
    parsed = feedparser.parse(data, response_headers={"content-location": url})
    if not parsed.get("version"):
        reason = parsed.get("bozo_exception")
        detail = f": {clean_field(str(reason).splitlines()[0])}" if reason and str(reason) else ""
        raise FetchError(f"not an RSS or Atom feed{detail}")
    feed = parsed.get("feed", {})
    entries = []
    for raw in parsed.get("entries", []):
        link = clean_field(raw.get("link"))
        title = clean_field(raw.get("title"))
        key = clean_field(raw.get("id")) or link or title
        if not key:
            continue
        content = raw.get("content") or []
        entries.append(
            FeedEntry(
                key=key,
                link=link,
                title=title,
                author=clean_field(raw.get("author")),
                date=_date(dict.get(raw, "published_parsed") or dict.get(raw, "updated_parsed")),
                # dict.get: feedparser's own lookup maps a missing "updated" to "published" with a warning
                updated=clean_field(dict.get(raw, "updated") or dict.get(raw, "published")),
                content_html=max((c.get("value", "") for c in content), key=len, default=None) or None,
                summary_html=raw.get("summary") or None,
            )
        )
    return ParsedFeed(clean_field(feed.get("title")), clean_field(feed.get("link")), tuple(entries))


def _date(value) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
    except (ValueError, AttributeError):
        return None
