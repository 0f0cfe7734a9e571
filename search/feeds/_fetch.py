"""Fetching: every subscribed feed (a few at once), each new entry's page, and
single pages or saved files; every article de-duplicated and written."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import urlsplit, urlunsplit

from ..sanitize import safe_line
from ._extract import extract_page, html_to_text
from ._feed import FeedEntry, ParsedFeed, parse_feed
from ._http import MAX_BYTES, Client, FetchError, HttpClient, check_url
from ._store import FeedStore, Subscription, now
from ._write import Draft, write_article

WORKERS = 4  # feeds fetched at once (still at most one connection per host)

PAGE, FEED_CONTENT, FEED_SUMMARY, FILE = "page", "feed content", "feed summary", "file"


@dataclass
class Saved:
    """What became of one article: ``new``, ``version`` (an update of one already
    stored, written beside it) or ``duplicate`` (not written)."""

    status: str
    path: Path | None
    title: str | None
    extraction: str
    duplicate_of: str | None = None


@dataclass
class FeedReport:
    url: str
    title: str | None = None
    error: str | None = None
    not_modified: bool = False
    saved: list[Saved] = field(default_factory=list)
    already_seen: int = 0
    problems: list[str] = field(default_factory=list)  # entries that fell back or were left out

    @property
    def new(self) -> list[Saved]:
        return [s for s in self.saved if s.status in ("new", "version")]

    @property
    def duplicates(self) -> int:
        return sum(1 for s in self.saved if s.status == "duplicate")

    def line(self) -> str:
        """One line for a person: ``The Daily (https://…): 3 new (2 page, 1 feed summary), 5 seen``."""
        name = f"{self.title} ({self.url})" if self.title else self.url
        if self.error:
            return safe_line(f"{name}: failed: {self.error}")
        if self.not_modified:
            return safe_line(f"{name}: not modified")
        new = self.new
        parts = [f"{len(new)} new"]
        if new:
            methods = Counter(s.extraction for s in new)
            parts[0] += " (" + ", ".join(f"{n} {m}" for m, n in methods.most_common()) + ")"
        versions = sum(1 for s in new if s.status == "version")
        if versions:
            parts.append(f"{versions} updated (stored as new versions)")
        if self.duplicates:
            parts.append(f"{self.duplicates} duplicates skipped")
        if self.already_seen:
            parts.append(f"{self.already_seen} seen")
        if self.problems:
            parts.append(f"{len(self.problems)} with problems")
        return safe_line(f"{name}: " + ", ".join(parts))


@dataclass
class AddReport:
    target: str
    saved: Saved | None = None
    error: str | None = None

    def line(self) -> str:
        if self.error:
            return safe_line(f"{self.target}: failed: {self.error}")
        saved = self.saved
        if saved.status == "duplicate":
            return safe_line(f"{self.target}: already stored as {saved.duplicate_of}")
        label = "new version" if saved.status == "version" else "added"
        return safe_line(f"{self.target}: {label} {saved.path.name} ({saved.title or 'untitled'}; {saved.extraction})")


Progress = Callable[[FeedReport, int, int], None]


def canonical_url(url: str | None) -> str | None:
    """``url`` without its fragment, with a lower-case scheme and host: the key for "same article"."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


class Fetcher:
    """Brings feeds and pages into one corpus folder.

    ``client`` is anything with the ``Client`` protocol (default: an
    :class:`HttpClient`, closed with the fetcher)."""

    def __init__(self, folder: Path | str, client: Client | None = None, workers: int = WORKERS) -> None:
        self.store = FeedStore(folder)
        self.folder = self.store.folder
        self._own_client = client is None
        self.client = client or HttpClient()
        self.workers = workers

    def close(self) -> None:
        self.store.close()
        if self._own_client:
            self.client.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- feeds ----------------------------------------------------------------------------------
    def fetch_all(self, progress: Progress | None = None, cancel: threading.Event | None = None) -> list[FeedReport]:
        """Fetch every subscribed feed; ``progress(report, done, total)`` as each one finishes."""
        subscriptions = self.store.subscriptions()
        reports: list[FeedReport | None] = [None] * len(subscriptions)
        done = 0
        done_lock = threading.Lock()

        def one(n: int, subscription: Subscription) -> None:
            nonlocal done
            if cancel is not None and cancel.is_set():
                report = FeedReport(subscription.url, subscription.title, error="cancelled")
            else:
                report = self.fetch_feed(subscription)
            reports[n] = report
            with done_lock:
                done += 1
                finished = done
            if progress is not None:
                progress(report, finished, len(subscriptions))

        with ThreadPoolExecutor(max_workers=max(1, self.workers), thread_name_prefix="newsdesk-feed") as pool:
            list(pool.map(lambda pair: one(*pair), enumerate(subscriptions)))
        return [r for r in reports if r is not None]

    def fetch_feed(self, subscription: Subscription | str) -> FeedReport:
        """One feed: only entries not seen before (or changed since) are fetched and stored.
        Never raises for a bad feed: the report carries the reason."""
        if isinstance(subscription, str):
            subscription = self.store.subscription(subscription) or Subscription(subscription)
        report = FeedReport(subscription.url, subscription.title)
        try:
            response = self.client.get(subscription.url, subscription.etag, subscription.last_modified)
            if response.not_modified:
                report.not_modified = True
                self.store.fetched(subscription.url, keep_validators=True)
                return report
            feed = parse_feed(response.content, response.url)
        except FetchError as exc:
            report.error = str(exc)
            self.store.fetched(subscription.url, error=report.error)
            return report
        except Exception as exc:  # noqa: BLE001 - one feed's surprise is that feed's failure
            report.error = safe_line(f"{type(exc).__name__}: {exc}")[:300]
            self.store.fetched(subscription.url, error=report.error)
            return report
        report.title = feed.title or subscription.title
        for entry in feed.entries:
            seen, updated_then = self.store.seen(subscription.url, entry.key)
            if seen and (entry.updated is None or entry.updated == updated_then):
                report.already_seen += 1
                continue
            try:
                saved = self._entry(subscription.url, feed, entry, report, update=seen)
            except OSError as exc:  # the folder: full, read-only; the entry is tried again next time
                report.problems.append(safe_line(f"{entry.link or entry.key}: not written: {exc}"))
                continue
            if saved is not None:
                report.saved.append(saved)
            self.store.mark_seen(subscription.url, entry.key, entry.updated)
        self.store.fetched(subscription.url, title=feed.title, etag=response.etag, last_modified=response.last_modified)
        return report

    def _entry(self, feed_url: str, feed: ParsedFeed, entry: FeedEntry, report: FeedReport, update: bool) -> Saved | None:
        page, page_url, why = None, None, None
        if entry.link:
            try:
                response = self.client.get(entry.link)
                page_url = response.url
                page = extract_page(response.content, page_url, response.charset)
                if page is None:
                    why = "no article text found on the page"
            except FetchError as exc:
                why = str(exc)
        else:
            why = "the entry has no link"
        host = urlsplit(page_url or entry.link or feed_url).hostname
        if page is not None:
            draft = Draft(
                text=page.text, title=page.title or entry.title, outlet=page.sitename or feed.title or host,
                date=entry.date or page.date, url=page.url or page_url or entry.link, author=page.author or entry.author,
                feed=feed_url, extraction=PAGE,
            )
        else:
            text, method = "", None
            for html, name in ((entry.content_html, FEED_CONTENT), (entry.summary_html, FEED_SUMMARY)):
                if html and (text := html_to_text(html)):
                    method = name
                    break
            if method is None:
                report.problems.append(safe_line(f"{entry.link or entry.key}: left out: {why}, and the feed has no text for it"))
                return None
            report.problems.append(safe_line(f"{entry.link or entry.key}: {method} used: {why}"))
            draft = Draft(
                text=text, title=entry.title, outlet=feed.title or host, date=entry.date, url=entry.link,
                author=entry.author, feed=feed_url, extraction=method,
            )
        return self.save(draft, update=update)

    # -- pages and files ------------------------------------------------------------------------
    def add(self, target: str) -> AddReport:
        """One article from a web address or a saved page (a path)."""
        report = AddReport(target)
        try:
            if "://" in target:
                if urlsplit(target).scheme.lower() == "file":
                    raise FetchError("give a local file as a path, not a file:// address")
                response = self.client.get(check_url(target))
                page = extract_page(response.content, response.url, response.charset)
                fallback_url, method = response.url, PAGE
            else:
                path = Path(target).expanduser()
                if not path.is_file():
                    raise FetchError("no such file (a web address starts with http:// or https://)")
                if path.stat().st_size > MAX_BYTES:
                    raise FetchError(f"file larger than {MAX_BYTES // 1024 // 1024} MB")
                page = extract_page(path.read_bytes(), None)
                fallback_url, method = None, FILE
            if page is None:
                raise FetchError("no article text found")
            url = page.url or fallback_url
            draft = Draft(
                text=page.text, title=page.title, outlet=page.sitename or (urlsplit(url).hostname if url else None),
                date=page.date, url=url, author=page.author, extraction=method,
            )
            report.saved = self.save(draft, update=True)
        except FetchError as exc:
            report.error = str(exc)
        except OSError as exc:
            report.error = safe_line(f"{type(exc).__name__}: {exc.strerror or exc}")
        return report

    # -- writing --------------------------------------------------------------------------------
    def save(self, draft: Draft, update: bool = False) -> Saved:
        """Write ``draft`` unless it is already stored: same text (by hash) or same
        canonical URL. With ``update`` (the feed says the entry changed, or the
        user adds the page again), same URL with new text is written as the next
        version, beside the earlier one."""
        draft = Draft(**{**draft.__dict__, "url": canonical_url(draft.url) if draft.url else None})
        with self.store.lock:
            twin = self.store.by_hash(draft.text_hash)
            if twin is not None and (self.folder / twin.file).exists():
                return Saved("duplicate", None, draft.title, draft.extraction, duplicate_of=twin.file)
            earlier = self.store.latest_for_url(draft.url) if draft.url else None
            if earlier is not None and not (self.folder / earlier.file).exists():
                earlier = None  # deleted by the user: start again
            if earlier is not None and not update:
                return Saved("duplicate", None, draft.title, draft.extraction, duplicate_of=earlier.file)
            version = earlier.version + 1 if earlier else 1
            path = write_article(self.folder, draft, now(), version, earlier.file if earlier else None)
            self.store.record(path.name, draft.url, draft.text_hash, draft.feed, version)
        return Saved("version" if earlier else "new", path, draft.title, draft.extraction)


def add_pages(targets: Iterable[str], folder: Path | str, client: Client | None = None) -> list[AddReport]:
    with Fetcher(folder, client) as fetcher:
        return [fetcher.add(target) for target in targets]


def fetch_feeds(folder: Path | str, client: Client | None = None, progress: Progress | None = None) -> list[FeedReport]:
    with Fetcher(folder, client) as fetcher:
        return fetcher.fetch_all(progress)

