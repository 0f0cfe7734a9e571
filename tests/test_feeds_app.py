"""Refreshing feeds in the app: R (or the palette) fetches in a worker; new
articles appear in the list and are searchable. Local HTTP server only."""

from __future__ import annotations

from search.feeds import FeedStore
from tui.app import NewsdeskApp
from tui.article_list import ArticleList

from .conftest import write
from .scenarios import make_app, settle, warm_analysis_cache, warm_home  # noqa: F401 - fixtures
from .test_feeds import serve_news, site  # noqa: F401 - the local server fixture


def open_app(folder) -> NewsdeskApp:
    return make_app([folder], prefer_model=False)


def listed_titles(app) -> list[str]:
    articles = app.query_one(ArticleList)
    return [app.library.article(option.id).title for option in articles.options]


async def test_refresh_feeds_brings_new_articles_into_the_list_and_the_index(site, tmp_path):  # noqa: F811
    serve_news(site)
    folder = tmp_path / "news"
    write(folder / "2025-04-01-old.md", "---\ntitle: An older story\nsource: Archive\ndate: 2025-04-01\n---\nNothing new happened in the archive today, officials said.\n")
    with FeedStore(folder) as store:
        store.subscribe(site.url("/rss.xml"))
    app = open_app(folder)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        assert listed_titles(app) == ["An older story"]
        assert app.library.search("grain").hits == ()
        await pilot.press("R")
        await settle(pilot)
        await settle(pilot)
        assert listed_titles(app) == ["Story number 2", "Story number 1", "An older story"]
        hits = app.library.search("grain corridor").hits
        assert [app.library.article(h.article_id).title for h in hits] == ["Story number 2"]
        assert "2 new articles from 1 feed" in app.notices
        assert "3 articles · 2 new articles from 1 feed" in str(app.query_one("#status").render())
        # Again: nothing new (304), nothing changes.
        await pilot.press("R")
        await settle(pilot)
        assert len(listed_titles(app)) == 3 and app.notices[-1] == "0 new articles from 1 feed"


async def test_refresh_in_a_folder_without_feeds_says_how_to_subscribe(tmp_path):
    folder = tmp_path / "plain"
    write(folder / "a.md", "---\ntitle: Alone\n---\nJust one article here, with no feeds at all.\n")
    app = open_app(folder)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        assert any("newsdesk feeds add URL" in notice for notice in app.notices)
        assert not (folder / "feeds.sqlite").exists()
