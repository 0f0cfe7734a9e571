"""The command palette's entries (ctrl+p): the app's main actions, then one "Open:" per article."""

from __future__ import annotations

from functools import partial
from typing import Iterable

from textual.app import SystemCommand


def palette_commands(app) -> Iterable[SystemCommand]:
    yield SystemCommand("Search", "Focus the search box (/)", app.action_focus_search)
    yield SystemCommand("Clear search", "Show every article again (esc)", app.searching.clear)
    yield SystemCommand("Toggle inspector", "Show or hide the inspector pane (i)", app.reading.toggle_inspector)
    yield SystemCommand("Claims board", "Claims several outlets make, with conflicts (c)", app.board.open)
    yield SystemCommand("Stories", "Articles about one event, compared outlet by outlet (S)", app.stories.open_list)
    yield SystemCommand("Help", "Every key binding and the search syntax (?)", app.action_help)
    yield SystemCommand("Sort list", "As listed, newest, oldest or by outlet (o)", app.browsing.cycle_sort)
    yield SystemCommand("Filter list", "Only one outlet's articles, or a date range (l)", app.browsing.filter)
    yield SystemCommand("Clear list sort and filter", "Back to the list as given (L)", app.browsing.clear)
    yield SystemCommand("Correct metadata", "Set the open article's title, outlet or date in catalog.yaml (m)", app.correcting.start)
    yield SystemCommand("Refresh feeds", "Fetch new articles from this folder's feeds (R)", app.feeds.refresh)
    yield SystemCommand("Copy with citation", "The chosen claim, quote or passage with outlet, title, date and URL (y)", app.citing.copy)
    yield SystemCommand("Open in browser", "Open the article's URL in the web browser (w)", app.citing.open_url)
    yield SystemCommand("Export…", "The listed results, or the claims board, as Markdown or CSV (x)", app.exporting.start)
    for article in app.library.articles:
        label = f"Open: {article.title}"
        detail = " · ".join(x for x in (article.date_text, article.source, article.id) if x)
        yield SystemCommand(label, detail, partial(app.open_article, article.id, True), discover=False)
