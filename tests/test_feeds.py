"""Feeds, pages and OPML into a plain-file corpus - against a local HTTP server only.

A ``ThreadingHTTPServer`` on 127.0.0.1 (port 0) in this process serves fixtures
written here; nothing touches the internet.
"""

from __future__ import annotations

import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from search.feeds import (
    FEED_CONTENT, PAGE, Fetcher, FetchError, FeedStore, HttpClient, extract_page, OpmlError, Outline, parse_feed, parse_opml, refuse_entities,
    to_opml,
)
from search.sources import load_corpus
from search.sources.markdown import split_front_matter

# -- the server ---------------------------------------------------------------------------


class Site:
    """Routes (path -> handler) and what the server saw."""

    def __init__(self) -> None:
        self.routes: dict[str, object] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.lock = threading.Lock()
        self.base = ""

    def url(self, path: str) -> str:
        return self.base + path

    def page(self, path: str, body: str | bytes, content_type: str = "text/html; charset=utf-8", etag: str | None = None,
             last_modified: str | None = None, delay: float = 0.0) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = ("page", data, content_type, etag, last_modified, delay)

    def redirect(self, path: str, to: str) -> None:
        self.routes[path] = ("redirect", to)

    def seen(self, path: str) -> list[dict[str, str]]:
        return [headers for p, headers in self.requests if p == path]


class Handler(BaseHTTPRequestHandler):
    site: Site

    def log_message(self, *args) -> None:  # quiet
        pass

    def do_GET(self) -> None:  # noqa: N802
        site = self.server.site
        with site.lock:
            site.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
            site.in_flight += 1
            site.max_in_flight = max(site.max_in_flight, site.in_flight)
        self._counted = True
        try:
            self._answer(site)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            self._answering(site)

    def _answering(self, site: Site) -> None:
        """The request stops counting as in flight once its answer starts: a client
        that waits for the whole answer before its next request to this host can
        otherwise overlap this thread's last moments, and look like two at once."""
        if self._counted:
            self._counted = False
            with site.lock:
                site.in_flight -= 1

    def _answer(self, site: Site) -> None:
        route = site.routes.get(self.path)
        if route is None:
            self.send_response(404)
            self.send_header("Content-Length", "9")
            self.end_headers()
            self.wfile.write(b"not found")
            return
        if route[0] == "redirect":
            self.send_response(302)
            self.send_header("Location", route[1])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if route[0] == "huge":  # no Content-Length: the cap must hold while streaming
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            for _ in range(route[1]):
                self.wfile.write(b"<!-- padding -->" * 1024)
            return
        _, data, content_type, etag, last_modified, delay = route
        time.sleep(delay)
        self._answering(site)
        if etag and self.headers.get("If-None-Match") == etag or last_modified and self.headers.get("If-Modified-Since") == last_modified:
            self.send_response(304)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        if etag:
            self.send_header("ETag", etag)
        if last_modified:
            self.send_header("Last-Modified", last_modified)
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.site = Site()
    server.site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server.site
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def client():
    with HttpClient(connect_timeout=1.0, read_timeout=0.3, total_timeout=2.0, max_bytes=64 * 1024) as http:
        yield http


# -- fixtures the server serves -----------------------------------------------------------

def article_page(title: str, paragraphs: list[str], site_name: str = "The Daily Ledger", canonical: str | None = None,
                 published: str | None = "2025-04-28", charset: str = "utf-8") -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    canonical_link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    date_meta = f'<meta property="article:published_time" content="{published}T09:00:00Z">' if published else ""
    return f"""<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title} | {site_name}</title>
<meta property="og:site_name" content="{site_name}"><meta property="og:title" content="{title}">
<meta name="author" content="Mina Park">{date_meta}{canonical_link}</head>
<body>
<nav class="menu"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/subscribe">Subscribe today for full access</a></li></ul></nav>
<div class="ad-banner">Advertisement: Buy the SuperPhone 9 now, limited offer</div>
<main><article><h1>{title}</h1>{body}</article></main>
<aside class="related">Most read: Celebrity chef opens restaurant</aside>
<section id="comments" class="comments"><h3>Comments</h3>
<div class="comment"><p>BigFan99 wrote: totally fake news, do your own research people</p></div></section>
<footer>Copyright 2025 The Daily Ledger. All rights reserved. Privacy policy. Cookie settings.</footer>
</body></html>"""


PARAS = {
    1: ["Officials in Seoul confirmed on Monday that the troop deployment to the Kursk region had been completed after weeks of preparation.",
        "The defence ministry said the units would remain in place until the end of the year, according to a statement released in the capital."],
    2: ["Grain exports through the Black Sea corridor rose by twelve percent in April, the port authority reported on Tuesday morning.",
        "Shipping companies said insurance costs remained high, though fewer vessels had been delayed at inspection points than in March."],
    3: ["The central bank held its key interest rate at four percent, citing persistent inflation in services and a tight labour market.",
        "Economists had expected the decision, and markets barely moved after the announcement was published in the afternoon."],
}


def rss(site: Site, items: list[tuple[str, str, str, str]], title: str = "Daily Ledger - World") -> str:
    """items: (guid, title, path, pubDate)."""
    rendered = "".join(
        f"<item><guid>{guid}</guid><title>{t}</title><link>{site.url(path)}</link><pubDate>{date}</pubDate>"
        f"<description>Summary of {t}.</description></item>"
        for guid, t, path, date in items
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>{title}</title><link>{site.url('/')}</link><description>World news</description>{rendered}</channel></rss>"""


def atom(site: Site, entries: list[tuple[str, str, str, str, str]], title: str = "Harbour Times") -> str:
    """entries: (id, title, path, updated, content html)."""
    rendered = "".join(
        f"<entry><id>{i}</id><title>{t}</title><link href=\"{site.url(path)}\"/><updated>{u}</updated>"
        f"<published>{u}</published><author><name>Leo Grant</name></author><content type=\"html\">{content}</content></entry>"
        for i, t, path, u, content in entries
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>{title}</title><id>urn:harbour</id><updated>2025-04-29T00:00:00Z</updated>{rendered}</feed>"""


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title><link>http://127.0.0.1/x</link></item></channel></rss>"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>&secret;</title><item><title>x</title><link>http://127.0.0.1/x</link></item></channel></rss>"""


def serve_news(site: Site) -> None:
    """The good feeds and their pages."""
    for n in (1, 2, 3):
        site.page(f"/news/{n}.html", article_page(f"Story number {n}", PARAS[n]))
    site.page("/rss.xml", rss(site, [
        ("ledger-1", "Story number 1", "/news/1.html", "Mon, 28 Apr 2025 09:00:00 GMT"),
        ("ledger-2", "Story number 2", "/news/2.html", "Tue, 29 Apr 2025 10:30:00 GMT"),
    ]), "application/rss+xml", etag='"v1"')


def read_articles(folder: Path) -> dict[str, tuple[dict, str]]:
    """file name -> (front matter, body)."""
    return {p.name: split_front_matter(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.md"))}


# -- feeds ------------------------------------------------------------------------------------

def test_rss_fetch_stores_articles_that_round_trip_through_the_corpus_loader(site, client, tmp_path):
    serve_news(site)
    with Fetcher(tmp_path, client) as fetcher:
        fetcher.store.subscribe(site.url("/rss.xml"))
        [report] = fetcher.fetch_all()
    assert report.error is None and len(report.new) == 2, report.line()
    assert {s.extraction for s in report.new} == {PAGE}
    assert sorted(p.name for p in tmp_path.glob("*.md")) == ["2025-04-28-story-number-1.md", "2025-04-29-story-number-2.md"]

    corpus = load_corpus([tmp_path])
    assert corpus.problems == []
    by_title = {a.title: a for a in corpus.articles}
    first = by_title["Story number 1"]
    assert first.source == "The Daily Ledger"
    assert first.date.isoformat() == "2025-04-28"
    assert first.url == site.url("/news/1.html")
    assert by_title["Story number 2"].date.isoformat() == "2025-04-29"
    meta, _ = read_articles(tmp_path)["2025-04-28-story-number-1.md"]
    assert meta["feed"] == site.url("/rss.xml") and meta["extraction"] == "page" and meta["author"] == "Mina Park"
    assert meta["fetched_at"].endswith("Z")


def test_boilerplate_stays_out_of_the_main_text(site, client, tmp_path):
    serve_news(site)
    with Fetcher(tmp_path, client) as fetcher:
        fetcher.store.subscribe(site.url("/rss.xml"))
        fetcher.fetch_all()
    text = read_articles(tmp_path)["2025-04-28-story-number-1.md"][1]
    for paragraph in PARAS[1]:
        assert paragraph in text
    for junk in ("Subscribe today", "Advertisement", "SuperPhone", "BigFan99", "fake news", "Most read", "Copyright", "Cookie"):
        assert junk not in text, junk


def test_second_fetch_brings_only_new_entries_and_uses_conditional_get(site, client, tmp_path):
    serve_news(site)
    feed = site.url("/rss.xml")
    with Fetcher(tmp_path, client) as fetcher:
        fetcher.store.subscribe(feed)
        assert len(fetcher.fetch_all()[0].new) == 2

        # Unchanged: the server answers 304 to the ETag it gave.
        [again] = fetcher.fetch_all()
        assert again.not_modified and again.new == []
        assert site.seen("/rss.xml")[-1].get("if-none-match") == '"v1"'

        # One more entry: only it is fetched and written.
        site.page("/rss.xml", rss(site, [
            ("ledger-3", "Story number 3", "/news/3.html", "Wed, 30 Apr 2025 08:00:00 GMT"),
            ("ledger-1", "Story number 1", "/news/1.html", "Mon, 28 Apr 2025 09:00:00 GMT"),
            ("ledger-2", "Story number 2", "/news/2.html", "Tue, 29 Apr 2025 10:30:00 GMT"),
        ]), "application/rss+xml", etag='"v2"')
        pages_before = len(site.seen("/news/1.html"))
        [third] = fetcher.fetch_all()
    assert [s.path.name for s in third.new] == ["2025-04-30-story-number-3.md"]
    assert third.already_seen == 2
    assert len(site.seen("/news/1.html")) == pages_before  # seen entries' pages are not fetched again
    assert len(list(tmp_path.glob("*.md"))) == 3


def test_last_modified_is_sent_back(site, client, tmp_path):
    stamp = formatdate(1745800000, usegmt=True)
    site.page("/news/1.html", article_page("Story number 1", PARAS[1]))
    site.page("/lm.xml", rss(site, [("x1", "Story number 1", "/news/1.html", "Mon, 28 Apr 2025 09:00:00 GMT")]),
              "application/rss+xml", last_modified=stamp)
    with Fetcher(tmp_path, client) as fetcher:
        fetcher.store.subscribe(site.url("/lm.xml"))
        fetcher.fetch_all()
        [again] = fetcher.fetch_all()
    assert again.not_modified
    assert site.seen("/lm.xml")[-1].get("if-modified-since") == stamp


def test_atom_entry_falls_back_to_the_feed_content_when_the_page_is_missing(site, client, tmp_path):
    site.page("/news/3.html", article_page("Rates on hold", PARAS[3], site_name="Harbour Times"))
    content = "&lt;p&gt;The harbour reopened after the storm, the port authority said on Thursday.&lt;/p&gt;&lt;p&gt;Ferries resume on Friday.&lt;/p&gt;"
    site.page("/atom.xml", atom(site, [
        ("urn:h:1", "Rates on hold", "/news/3.html", "2025-04-27T12:00:00Z", "&lt;p&gt;Short.&lt;/p&gt;"),
        ("urn:h:2", "Harbour reopens", "/gone.html", "2025-04-26T07:00:00Z", content),
    ]), "application/atom+xml")
    with Fetcher(tmp_path, client) as fetcher:
        fetcher.store.subscribe(site.url("/atom.xml"))
        [report] = fetcher.fetch_all()
    assert report.error is None and report.title == "Harbour Times"
    assert sorted(s.extraction for s in report.new) == [FEED_CONTENT, PAGE]
    assert any("feed content used" in p and "HTTP 404" in p for p in report.problems), report.problems
    assert "1 feed content" in report.line() and "1 page" in report.line()
    meta, text = read_articles(tmp_path)["2025-04-26-harbour-reopens.md"]
    assert meta["extraction"] == "feed content" and meta["source"] == "Harbour Times" and meta["author"] == "Leo Grant"
    assert text.strip() == "The harbour reopened after the storm, the port authority said on Thursday.\n\nFerries resume on Friday."
    by_title = {a.title: a for a in load_corpus([tmp_path]).articles}
    assert by_title["Harbour reopens"].date.isoformat() == "2025-04-26"
    assert by_title["Rates on hold"].source == "Harbour Times"


def test_failures_are_reported_per_feed_and_good_feeds_are_still_stored(site, tmp_path):
    serve_news(site)
    site.page("/broken.xml", "<html><body><p>This is a web page, not a feed</p></body></html>", "text/html")
    site.page("/slow.xml", rss(site, []), "application/rss+xml", delay=1.0)
    site.routes["/huge.xml"] = ("huge", 10)  # 160 KB, no Content-Length
    site.redirect("/loop-a", "/loop-b")
    site.redirect("/loop-b", "/loop-a")
    for n in range(7):
        site.redirect(f"/hop{n}", f"/hop{n + 1}")
    site.page("/hop7", rss(site, []), "application/rss+xml")
    site.page("/laughs.xml", BILLION_LAUGHS, "application/rss+xml")
    site.page("/xxe.xml", EXTERNAL_ENTITY, "application/rss+xml")
    bad = {
        "/broken.xml": "not an RSS or Atom feed",
        "/missing.xml": "HTTP 404",
        "/slow.xml": "timed out",
        "/huge.xml": "larger than",
        "/loop-a": "redirect loop",
        "/hop0": "more than 5 redirects",
        "/laughs.xml": "declares XML entities",
        "/xxe.xml": "declares XML entities",
    }
    started = time.monotonic()
    with HttpClient(connect_timeout=1.0, read_timeout=0.3, max_bytes=64 * 1024) as client, Fetcher(tmp_path, client) as fetcher:
        for path in ["/rss.xml", *bad]:
            fetcher.store.subscribe(site.url(path))
        lines = []
        reports = {r.url: r for r in fetcher.fetch_all(progress=lambda r, done, total: lines.append((r.line(), done, total)))}
        stored = {s.url: s for s in fetcher.store.subscriptions()}
    assert time.monotonic() - started < 5
    assert reports[site.url("/rss.xml")].error is None and len(reports[site.url("/rss.xml")].new) == 2
    for path, reason in bad.items():
        report = reports[site.url(path)]
        assert report.error is not None and reason in report.error, (path, report.error)
        assert "\n" not in report.line() and report.line().endswith(report.error)
        assert stored[site.url(path)].error == report.error
    assert len(lines) == len(bad) + 1 and sorted(done for _, done, _ in lines) == list(range(1, len(bad) + 2))
    assert len(list(tmp_path.glob("*.md"))) == 2


def test_billion_laughs_is_refused_before_parsing_and_quickly():
    started = time.monotonic()
    with pytest.raises(FetchError, match="declares XML entities"):
        parse_feed(BILLION_LAUGHS.encode(), "http://127.0.0.1/laughs.xml")
    with pytest.raises(FetchError, match="declares XML entities"):
        parse_feed(BILLION_LAUGHS.encode("utf-16"), "http://127.0.0.1/laughs.xml")
    with pytest.raises(FetchError):
        parse_feed(EXTERNAL_ENTITY.encode(), "http://127.0.0.1/xxe.xml")
    assert time.monotonic() - started < 0.5
    with pytest.raises(FetchError, match="page refused"):
        extract_page(BILLION_LAUGHS.replace("rss", "html").encode(), "http://127.0.0.1/laughs.html")
    # An external DTD by name (RSS 0.91) and "<!ENTITY" quoted in an article are fine.
    rss091 = b"""<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
 "http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"><channel><title>Old</title>
<item><title>About XML</title><link>http://127.0.0.1/a</link><description><![CDATA[Write <!ENTITY x "y"> in a DTD.]]></description></item>
</channel></rss>"""
    refuse_entities(rss091)
    parsed = parse_feed(rss091, "http://127.0.0.1/old.xml")
    assert parsed.title == "Old" and [e.title for e in parsed.entries] == ["About XML"]


def test_duplicates_are_skipped_by_canonical_url_and_by_content(site, client, tmp_path):
    serve_news(site)
    # The same story again under another address whose canonical link names the first.
    site.page("/amp/1.html", article_page("Story number 1", PARAS[1], canonical=site.url("/news/1.html")))
    # The same text at an unrelated address (a syndicated copy).
    site.page("/copy/1.html", article_page("Story number 1", PARAS[1]))
    site.page("/other.xml", rss(site, [
        ("other-1", "Story number 1", "/amp/1.html", "Mon, 28 Apr 2025 09:00:00 GMT"),
        ("other-2", "Story number 1 (copy)", "/copy/1.html", "Mon, 28 Apr 2025 09:00:00 GMT"),
    ], title="Aggregator"), "application/rss+xml")
    with Fetcher(tmp_path, client, workers=1) as fetcher:
        fetcher.store.subscribe(site.url("/rss.xml"))
        fetcher.store.subscribe(site.url("/other.xml"))
        reports = {r.url: r for r in fetcher.fetch_all()}
        added_again = fetcher.add(site.url("/news/2.html#comments"))
    other = reports[site.url("/other.xml")]
    assert other.new == [] and other.duplicates == 2, other.line()
    assert "2 duplicates skipped" in other.line()
    assert added_again.saved.status == "duplicate" and "already stored as 2025-04-29-story-number-2.md" in added_again.line()
    assert len(list(tmp_path.glob("*.md"))) == 2


def test_an_entry_updated_at_the_source_is_stored_as_a_new_version_beside_the_old(site, client, tmp_path):
    serve_news(site)
    with Fetcher(tmp_path, client) as fetcher:
        fetcher.store.subscribe(site.url("/rss.xml"))
        fetcher.fetch_all()
        original = (tmp_path / "2025-04-28-story-number-1.md").read_bytes()
        site.page("/news/1.html", article_page("Story number 1", PARAS[1] + ["Update: the ministry later said two more units had arrived on Tuesday night."]))
        site.page("/rss.xml", rss(site, [
            ("ledger-1", "Story number 1", "/news/1.html", "Mon, 28 Apr 2025 18:00:00 GMT"),
            ("ledger-2", "Story number 2", "/news/2.html", "Tue, 29 Apr 2025 10:30:00 GMT"),
        ]), "application/rss+xml", etag='"v3"')
        [report] = fetcher.fetch_all()
    assert [(s.status, s.path.name) for s in report.new] == [("version", "2025-04-28-story-number-1.v2.md")]
    assert (tmp_path / "2025-04-28-story-number-1.md").read_bytes() == original  # annotations keep their anchors
    meta, text = read_articles(tmp_path)["2025-04-28-story-number-1.v2.md"]
    assert meta["version"] == 2 and meta["previous"] == "2025-04-28-story-number-1.md" and "two more units" in text
    ids = {a.id for a in load_corpus([tmp_path]).articles}
    assert {"2025-04-28-story-number-1", "2025-04-28-story-number-1.v2"} <= ids


def test_at_most_one_connection_per_host_and_a_named_user_agent(site, tmp_path):
    for n in range(4):
        site.page(f"/feed{n}.xml", rss(site, []), "application/rss+xml", delay=0.1)
    with HttpClient(read_timeout=2.0) as client, Fetcher(tmp_path, client, workers=4) as fetcher:
        for n in range(4):
            fetcher.store.subscribe(site.url(f"/feed{n}.xml"))
        reports = fetcher.fetch_all()
    assert [r.error for r in reports] == [None] * 4
    assert site.max_in_flight == 1
    agents = {headers.get("user-agent", "") for _, headers in site.requests}
    assert len(agents) == 1 and agents.pop().startswith("newsdesk/")


# -- pages ------------------------------------------------------------------------------------

def test_a_non_utf8_page_is_decoded_by_its_declared_charset(site, client, tmp_path):
    text = ["Le café de la gare à Zürich a rouvert après des travaux qui ont duré près de deux ans, selon la mairie.",
            "Les habitués se réjouissent: « Enfin ! » disait une cliente âgée de quatre-vingt-dix ans ce matin-là."]
    site.page("/latin1.html", article_page("Réouverture du café", text, site_name="Le Quotidien", charset="iso-8859-1").encode("latin-1"),
              "text/html")
    site.page("/cp1252.html", article_page("Réouverture", text[1:], site_name="Le Quotidien").replace('charset="utf-8"', "").encode("cp1252"),
              "text/html; charset=windows-1252")
    with Fetcher(tmp_path, client) as fetcher:
        first = fetcher.add(site.url("/latin1.html"))
        second = fetcher.add(site.url("/cp1252.html"))
    assert first.error is None and second.error is None, (first.line(), second.line())
    bodies = {p.name: p.read_text(encoding="utf-8") for p in tmp_path.glob("*.md")}
    latin = bodies["2025-04-28-reouverture-du-cafe.md"]
    assert "café de la gare à Zürich" in latin and "title: Réouverture du café" in latin and "\ufffd" not in latin
    assert "« Enfin ! »" in bodies["2025-04-28-reouverture.md"]


def test_rich_markup_stays_text_and_escape_sequences_are_removed(site, client, tmp_path):
    hostile = [
        "The minister said [bold red]nothing[/bold red] would change \x1b[31mbefore\x1b[0m the vote on Sunday in the capital.",
        "Observers noted \x1b]52;c;ZXZpbA==\x07the clipboard trick and \x1b]0;pwned\x07a title change in this long paragraph.",
    ]
    site.page("/markup.html", article_page("Vote [blink]soon[/blink] \x1b[2J", hostile, site_name="Wire \x1b]0;x\x07Service"))
    with Fetcher(tmp_path, client) as fetcher:
        report = fetcher.add(site.url("/markup.html"))
    assert report.error is None, report.line()
    raw = report.saved.path.read_text(encoding="utf-8")
    assert "\x1b" not in raw and "\x07" not in raw and "ZXZpbA" not in raw
    [article] = load_corpus([tmp_path]).articles
    assert "[bold red]nothing[/bold red]" in article.text
    assert article.title == "Vote [blink]soon[/blink]" and article.source == "Wire Service"


def test_add_takes_saved_pages_and_refuses_what_is_not_http(tmp_path):
    saved = tmp_path / "saved.html"
    saved.write_text(article_page("Saved story", PARAS[2], canonical="https://ledger.example/news/saved"), encoding="utf-8")
    corpus = tmp_path / "corpus"
    with Fetcher(corpus, client=_NoNetwork()) as fetcher:
        ok = fetcher.add(str(saved))
        bad = {target: fetcher.add(target) for target in ("file:///etc/passwd", "ftp://example.org/x", str(tmp_path / "nope.html"))}
    assert ok.error is None and ok.saved.extraction == "file"
    meta, _ = read_articles(corpus)["2025-04-28-saved-story.md"]
    assert meta["url"] == "https://ledger.example/news/saved" and meta["source"] == "The Daily Ledger"
    assert "not a file:// address" in bad["file:///etc/passwd"].error
    assert "only http and https" in bad["ftp://example.org/x"].error
    assert "no such file" in bad[str(tmp_path / "nope.html")].error
    assert all("\n" not in r.line() for r in bad.values())


def test_a_state_file_that_is_not_sqlite_is_one_clear_error(tmp_path, capsys, monkeypatch):
    (tmp_path / "feeds.sqlite").write_bytes(b"this is not a database" * 100)
    with pytest.raises(ValueError, match="not a feeds file"):
        FeedStore(tmp_path)
    (tmp_path / "folder-shaped" / "feeds.sqlite").mkdir(parents=True)
    with pytest.raises(ValueError, match="not a feeds file"):
        FeedStore(tmp_path / "folder-shaped")
    code, _, err = newsdesk(capsys, "feeds", "list", "--folder", str(tmp_path))
    assert code == 2 and err.startswith("error: cannot open the feed list") and err.count("\n") == 1


class _NoNetwork:
    def get(self, url, etag=None, last_modified=None):
        raise AssertionError(f"no request expected, got {url}")


def test_files_are_written_atomically_and_never_overwritten(site, client, tmp_path):
    serve_news(site)
    (tmp_path / "2025-04-28-story-number-1.md").write_text("---\ntitle: mine\n---\nMy own notes, not from any feed.\n", encoding="utf-8")
    with Fetcher(tmp_path, client) as fetcher:
        fetcher.store.subscribe(site.url("/rss.xml"))
        fetcher.fetch_all()
    assert (tmp_path / "2025-04-28-story-number-1.md").read_text(encoding="utf-8").startswith("---\ntitle: mine")
    assert (tmp_path / "2025-04-28-story-number-1-2.md").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary files left


# -- OPML -------------------------------------------------------------------------------------

OPML = """<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>my feeds</title></head><body>
<outline text="World"><outline type="rss" text="Ledger" title="Daily Ledger" xmlUrl="{rss}"/>
<outline type="rss" text="Harbour" xmlUrl="{atom}"/></outline>
<outline type="rss" text="Local file" xmlUrl="file:///home/me/feed.xml"/>
<outline type="rss" text="Ledger again" xmlUrl="{rss}"/>
</body></opml>"""


def test_opml_import_and_export_round_trip():
    data = OPML.format(rss="https://ledger.example/rss.xml", atom="https://harbour.example/atom.xml").encode()
    outlines, skipped = parse_opml(data)
    assert outlines == [Outline("https://ledger.example/rss.xml", "Daily Ledger"), Outline("https://harbour.example/atom.xml", "Harbour")]
    assert len(skipped) == 1 and "file" in skipped[0]
    assert parse_opml(to_opml(outlines).encode())[0] == outlines
    with pytest.raises(OpmlError, match="declares XML entities"):
        parse_opml(BILLION_LAUGHS.replace("<rss", "<opml").encode())
    with pytest.raises(OpmlError, match="not an OPML file"):
        parse_opml(b"<rss version='2.0'/>")
    with pytest.raises(OpmlError, match="not valid XML"):
        parse_opml(b"<opml><body>")


# -- the command line -------------------------------------------------------------------------

def newsdesk(capsys, *argv: str) -> tuple[int, str, str]:
    from tui.cli import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_command_line_feeds_fetch_and_add(site, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("NEWSDESK_HOME", str(tmp_path / "home"))
    serve_news(site)
    site.page("/news/9.html", article_page("Story number 3", PARAS[3]))
    opml = tmp_path / "my.opml"
    opml.write_text(OPML.format(rss=site.url("/rss.xml"), atom=site.url("/missing-atom.xml")), encoding="utf-8")

    code, _, err = newsdesk(capsys, "feeds", "import", str(opml))
    assert code == 0 and "2 new feed(s) of 2" in err and "skipped" in err
    default = tmp_path / "home" / "news"
    assert (default / "feeds.sqlite").exists()

    code, out, _ = newsdesk(capsys, "feeds", "list")
    assert code == 0 and site.url("/rss.xml") in out and "not fetched yet" in out

    code, _, err = newsdesk(capsys, "fetch")
    assert code == 1  # one feed failed, the other was stored
    lines = [line for line in err.splitlines() if line.startswith("[")]
    assert len(lines) == 2 and any("2 new (2 page)" in line for line in lines) and any("failed: HTTP 404" in line for line in lines)
    assert f"Read them with: newsdesk {default}" in err
    assert len(list(default.glob("*.md"))) == 2

    code, out, _ = newsdesk(capsys, "feeds", "export")
    assert code == 0 and parse_opml(out.encode())[0][0].url == site.url("/rss.xml")

    code, _, err = newsdesk(capsys, "feeds", "remove", site.url("/missing-atom.xml"))
    assert code == 0
    code, _, err = newsdesk(capsys, "fetch")
    assert code == 0 and "not modified" in err

    other = tmp_path / "other"
    code, _, err = newsdesk(capsys, "add", site.url("/news/9.html"), str(tmp_path / "absent.html"), "--folder", str(other))
    assert code == 1 and "added 2025-04-28-story-number-3.md" in err and "no such file" in err
    assert [p.name for p in other.glob("*.md")] == ["2025-04-28-story-number-3.md"]


@pytest.mark.parametrize("argv, message", [
    (("feeds", "add", "file:///etc/passwd"), "only http and https"),
    (("feeds", "add", "example.org/feed"), "only http and https"),
    (("feeds", "remove", "https://nowhere.example/feed"), "not subscribed to"),
    (("feeds", "import", "/nonexistent/my.opml"), "cannot read"),
    (("fetch",), "no feeds subscribed"),
])
def test_command_line_bad_input_is_one_clear_line(tmp_path, capsys, monkeypatch, argv, message):
    monkeypatch.setenv("NEWSDESK_HOME", str(tmp_path))
    code, out, err = newsdesk(capsys, *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("error: ") and message in err


def test_readme_shows_the_commands_and_the_default_folder(monkeypatch, capsys):
    from search.paths import news_dir
    from tui.cli import COMMANDS, command

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert "newsdesk feeds import my.opml && newsdesk fetch && newsdesk ~/news" in readme
    monkeypatch.delenv("NEWSDESK_HOME")
    assert news_dir() == Path.home() / "news"
    assert {"feeds", "fetch", "add"} <= set(COMMANDS)
    for argv in (["add", "https://x.example/feed"], ["list"], ["remove", "https://x.example/feed"], ["import", "my.opml"], ["export"]):
        assert f"newsdesk feeds {argv[0]}" in readme
        command("feeds").parser().parse_args([*argv, "--folder", "/tmp/x"])
    command("fetch").parser().parse_args(["--folder", "/tmp/x"])
    command("add").parser().parse_args(["https://x.example/a", "saved.html", "--folder", "/tmp/x"])
    from tui.cli import main

    with pytest.raises(SystemExit):
        main(["--help"])
    assert "newsdesk fetch" in capsys.readouterr().out
