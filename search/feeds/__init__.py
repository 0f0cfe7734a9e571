"""Bringing news in: RSS/Atom feeds, web pages and OPML lists, into a plain-file corpus.

A corpus folder (default ``~/news``, see :func:`search.paths.news_dir`) holds
one ``.md`` per article with YAML front matter the corpus loader reads, and
``feeds.sqlite``: the subscriptions and what has been fetched.

- :class:`Fetcher` (``fetch_all``, ``fetch_feed``, ``add``, ``save``): fetch
  every subscribed feed a few at a time, each new entry's page (main text by
  trafilatura; the feed's content or summary when the page cannot be had),
  de-duplicated by canonical URL and text hash; an entry updated at the source
  is written as a new version beside the old file.
- :class:`FeedStore`: subscriptions and fetch state.
- :class:`HttpClient`: httpx with timeouts, a streamed size cap, five
  redirects at most, conditional GET, one connection per host, a User-Agent.
- :func:`parse_opml` / :func:`to_opml`: import and export subscription lists.

Feed and page text is data: it goes through ``search.sanitize`` before it is
written, and XML declaring entities (billion laughs, external entities) is
refused before any parser sees it.
"""

from ._extract import Extracted, extract_page, html_to_text
from ._feed import FeedEntry, ParsedFeed, parse_feed
from ._fetch import FEED_CONTENT, FEED_SUMMARY, FILE, PAGE, AddReport, FeedReport, Fetcher, Saved, canonical_url
from ._http import MAX_BYTES, MAX_REDIRECTS, USER_AGENT, Client, FetchError, HttpClient, Response, check_url
from ._opml import OpmlError, Outline, parse_opml, to_opml
from ._store import STATE_FILE, FeedStore, Subscription
from ._write import Draft, slug, text_hash, write_article
from ._xmlguard import refuse_entities

__all__ = [
    "FEED_CONTENT", "FEED_SUMMARY", "FILE", "MAX_BYTES", "MAX_REDIRECTS", "PAGE", "STATE_FILE", "USER_AGENT",
    "AddReport", "Client", "Draft", "Extracted", "FeedEntry", "FeedReport", "FeedStore", "FetchError", "Fetcher",
    "HttpClient", "OpmlError", "Outline", "ParsedFeed", "Response", "Saved", "Subscription", "canonical_url",
    "check_url", "extract_page", "html_to_text", "parse_feed", "parse_opml", "refuse_entities", "slug", "text_hash",
    "to_opml", "write_article",
]
