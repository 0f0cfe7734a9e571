"""The search box and the article list: live search, results, hits and the entity filter.

Searches run in thread workers that post :class:`~tui.messages.SearchDone` and
:class:`~tui.messages.HitsFound`; a result for a query the user has since
changed is dropped.
"""

from __future__ import annotations

import threading
from dataclasses import replace

from textual.widgets import Input
from textual.worker import get_current_worker

from .article_list import ArticleList
from .inspector import Inspector
from .messages import HitsFound, SearchDone, HitCounts
from .reader import ArticleView
from .views.base import HITS

RESULT_LIMIT = 200  # results listed for one search; the status line gives the total
COUNTED_FIRST = 15  # results whose snippets and hit counts are ready when the list is shown (a screenful)
COUNTED_LATER = 50  # the rest get theirs in batches of this many afterwards
SEARCH_DEBOUNCE = 0.05  # seconds of typing pause before a live search runs (a newer keystroke cancels it at once)
# Seconds without a newer keystroke after the results are shown before the work that
# can wait (the rest's snippets and counts, a "did you mean") starts.
TYPING_PAUSE = 0.08


class SearchFlow:
    def __init__(self, app) -> None:
        self.app = app
        self.library = app.library
        self.query_text = ""
        self.last_result = None
        self.entity_filter: str | None = None  # the list shows only articles naming it
        self._filter_ids: set[str] = set()
        self._cancel = threading.Event()  # set when a newer search supersedes the running one

    # -- the search box -----------------------------------------------------------
    def query_changed(self, value: str) -> None:
        self.query_text = value.strip()
        if not self.query_text:
            self.show_all_articles()
        elif self.library.index_ready:
            self.run_search(self.query_text)

    def query_submitted(self) -> None:
        result = self.last_result
        if result is not None and not result.hits and result.suggestion:
            # Enter on a misspelled query takes the suggestion.
            self.app.query_one("#search", Input).value = result.suggestion
            return
        self.app.query_one(ArticleList).focus()

    def clear(self) -> None:
        """esc: clear the search; with no search, clear the entity filter."""
        search = self.app.query_one("#search", Input)
        if search.value:
            search.value = ""
        elif self.entity_filter:
            self.entity_filter = None
            self.refresh_list()
        self.app.query_one(ArticleList).focus()

    def filter_by(self, entity: str) -> None:
        self.entity_filter = entity
        self._filter_ids = set(self.library.articles_mentioning(entity))
        self.refresh_list()

    # -- workers ----------------------------------------------------------------------
    def run_search(self, query: str, debounce: bool = True) -> None:
        # A thread cannot be interrupted, but the engine stops a search whose event
        # is set: the previous keystroke's search gives way to this one at once.
        self._cancel.set()
        cancel = self._cancel = threading.Event()
        self.app.run_worker(
            lambda: self._search(query, debounce, cancel), group="search", exclusive=True, thread=True, exit_on_error=False
        )

    def _search(self, query: str, debounce: bool, cancel: threading.Event) -> None:
        worker = get_current_worker()
        if debounce and cancel.wait(SEARCH_DEBOUNCE):
            return  # a newer keystroke came within the pause
        if worker.is_cancelled or cancel.is_set():
            return
        # Highlighting every one of 200 results was most of a keystroke's time: one
        # search ranks the list and highlights its first rows, which are counted before
        # the list is shown; the rest's snippets and counts come once typing pauses.
        # No "did you mean" yet: it reads the whole word list, and mid-word most
        # keystrokes find nothing. It is asked for once typing pauses (below), on a
        # searcher of its own.
        result = self.library.search(query, limit=RESULT_LIMIT, snippets=COUNTED_FIRST, cancel=cancel, suggest=False)
        if cancel.is_set() or worker.is_cancelled:
            return
        counts = self._counts(result.hits[:COUNTED_FIRST], query, cancel)
        if counts is None or worker.is_cancelled or cancel.is_set():
            return
        # The open article's hits come with the results: one message, one frame, where a
        # search for them after the list was shown cost a second round (and a layout).
        open_id = self.app.open_article_id
        open_hits = (open_id, self.library.hits_in(open_id, query)) if open_id and not result.error else None
        if worker.is_cancelled or cancel.is_set():
            return
        self.app.post_message(SearchDone(result, counts, open_hits))
        if not result.hits and not result.error:
            self._suggest(result, query, cancel)
            return
        # The rest only once typing pauses: while the next keystroke is on its way
        # this work would only compete with that keystroke's search for the CPU.
        if len(result.hits) <= COUNTED_FIRST or cancel.wait(TYPING_PAUSE) or worker.is_cancelled:
            return
        snippets = self._snippets(query, len(result.hits), cancel)
        if cancel.is_set():
            return
        for start in range(COUNTED_FIRST, len(result.hits), COUNTED_LATER):
            batch = result.hits[start:start + COUNTED_LATER]
            later = self._counts(batch, query, cancel)
            if later is None or worker.is_cancelled:
                return
            self.app.post_message(HitCounts(query, later, {hit.article_id: snippets[hit.article_id] for hit in batch if hit.article_id in snippets}))

    def _suggest(self, result, query: str, cancel: threading.Event) -> None:
        """Nothing found: once typing pauses, the "did you mean" follows the empty list."""
        if cancel.wait(TYPING_PAUSE) or get_current_worker().is_cancelled:
            return
        suggestion = self.library.suggest(query, cancel=cancel)
        if suggestion and not cancel.is_set() and not get_current_worker().is_cancelled:
            self.app.post_message(SearchDone(replace(result, suggestion=suggestion), {}))

    def _snippets(self, query: str, limit: int, cancel: threading.Event) -> dict:
        """Article id -> snippet for the best ``limit`` results (the same ranking as the list's)."""
        found = self.library.search(query, limit=limit, snippets=True, cancel=cancel)
        return {hit.article_id: hit.snippet for hit in found.hits if hit.snippet is not None}

    def _counts(self, hits, query: str, cancel: threading.Event) -> dict[str, int] | None:
        return self.library.hit_counts([hit.article_id for hit in hits], query, cancel=cancel)

    def find_hits(self, article_id: str) -> None:
        if not (self.query_text and self.library.index_ready):
            return
        query = self.query_text
        self.app.run_worker(lambda: self._hits(article_id, query), group="hits", exclusive=True, thread=True, exit_on_error=False)

    def _hits(self, article_id: str, query: str) -> None:
        hits = self.library.hits_in(article_id, query)
        if not get_current_worker().is_cancelled:
            self.app.post_message(HitsFound(article_id, query, hits))

    # -- showing what the workers found ---------------------------------------------------
    def show_counts(self, message: HitCounts) -> None:
        if message.query == self.query_text:
            self.app.query_one(ArticleList).set_counts(message.counts, message.snippets)

    def show_results(self, message: SearchDone) -> None:
        result, counts = message.result, message.counts
        if result.query != self.query_text:
            return  # a newer query is on its way
        self.last_result = result
        articles = self.app.query_one(ArticleList)
        if result.error:
            self.app.set_status(f"query error: {result.error}")
            return
        hits = [hit for hit in result.hits if self._passes_filter(hit.article_id)]
        listed = [self.library.article(hit.article_id) for hit in hits]
        snippets = [(counts.get(hit.article_id), hit.snippet.pieces if hit.snippet else ()) for hit in hits]
        articles.show_results(listed, snippets, keep=self.app.open_article_id)
        articles.border_title = self._list_title(f"Results ({len(hits)})")
        if result.hits:
            shown = f"{result.total} result{'s' if result.total != 1 else ''}"
            if result.total > len(result.hits):
                shown += f" (best {len(result.hits)} listed)"
            self.app.set_status(f"{shown} for {result.query!r}")
        elif result.suggestion:
            self.app.set_status(f"no results for {result.query!r} · did you mean {result.suggestion!r}? (enter to use it)")
        else:
            self.app.set_status(f"no results for {result.query!r}")
        if message.open_hits is not None and message.open_hits[0] == self.app.open_article_id:
            self._set_hits(message.open_hits[1])
        elif self.app.open_article_id:
            self.find_hits(self.app.open_article_id)

    def show_hits(self, message: HitsFound) -> None:
        if message.article_id != self.app.open_article_id or message.query != self.query_text:
            return
        self._set_hits(message.hits)

    def _set_hits(self, hits: list[tuple[int, int]]) -> None:
        self.app.query_one(ArticleView).set_hits(hits)
        self.app.query_one(Inspector).update(HITS, self.app.view_context(hits))

    def show_all_articles(self) -> None:
        self.last_result = None
        articles = self.app.query_one(ArticleList)
        everything = self.library.articles
        shown = [a for a in everything if self._passes_filter(a.id)]
        articles.show_articles(shown, keep=self.app.open_article_id)
        articles.border_title = self._list_title("Articles")
        if self.entity_filter:
            self.app.set_status(f"{len(shown)} of {len(everything)} articles name {self.entity_filter} · esc clears the filter")
        else:
            self.app.set_status(self.app.corpus_status())
        self._set_hits([])

    def refresh_list(self) -> None:
        if self.query_text and self.library.index_ready:
            self.run_search(self.query_text, debounce=False)
        else:
            self.show_all_articles()

    def _passes_filter(self, article_id: str) -> bool:
        return self.entity_filter is None or article_id in self._filter_ids

    def _list_title(self, base: str) -> str:
        return f"{base} · {self.entity_filter}" if self.entity_filter else base
