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
    yield SystemCommand("Refresh feeds", "Fetch new articles from this folder's feeds (R)", app.feeds.refresh)
    for article in app.library.articles:
        label = f"Open: {article.title}"
        detail = " · ".join(x for x in (article.date_text, article.source, article.id) if x)
        yield SystemCommand(label, detail, partial(app.open_article, article.id, True), discover=False)
