"""Browsing the corpus: the article list's sort and filters (``o``, ``l``, ``L``), and
what is chosen in the Outlets and Annotations views.

The list applies its :class:`~search.listing.Listing` to whatever it shows, so a
sort or filter holds for every article and for search results alike.
"""

from __future__ import annotations

from search.listing import Listing
from search.sanitize import safe_line

from .article_list import ArticleList
from .filter_dialog import FilterDialog
from .inspector import Inspector
from .reader import ArticleView
from .views.annotations import AnnotationsView
from .views.base import ChoiceList, shorten
from .views.outlets import OutletsView

KEYS_HINT = "o sorts · l filters · L clears"


class BrowseFlow:
    def __init__(self, app) -> None:
        self.app = app
        self.library = app.library

    @property
    def articles(self) -> ArticleList:
        return self.app.query_one(ArticleList)

    # -- the list's sort and filters -------------------------------------------------------------
    def cycle_sort(self) -> None:
        """o: as listed (newest first, or best first for results) → newest → oldest → by outlet."""
        self.set_listing(self.articles.listing.next_sort())

    def filter(self) -> None:
        """l: a dialog for the outlet and the date range."""
        if self.app.screen is not self.app.screen_stack[0]:
            return
        self.app.push_screen(FilterDialog(self.articles.listing, self.library.outlet_counts()), self._filtered)

    def _filtered(self, listing: Listing | None) -> None:
        if listing is not None:
            self.set_listing(listing)

    def clear(self) -> None:
        """L: back to the list as given (every article newest first, or results best first)."""
        if not self.articles.listing.active:
            self.app.bell()
            self.app.set_status(f"the list is neither sorted nor filtered · {KEYS_HINT}")
            return
        self.set_listing(Listing())

    def filter_outlet(self, outlet: str | None) -> None:
        """Only this outlet's articles ("" for an unknown outlet; None for every outlet)."""
        self.set_listing(self.articles.listing.with_outlet(outlet))
        screen = self.app.screen
        screen.remove_class("-inspector-open")  # narrow terminals: show the list in the inspector's place
        self.articles.focus()

    def set_listing(self, listing: Listing) -> None:
        articles = self.articles
        articles.set_listing(listing)
        self.app.set_status(safe_line(f"{listing.describe(articles.shown, articles.given)} · {KEYS_HINT}"))

    # -- the Outlets and Annotations views ---------------------------------------------------------
    def choice(self, event: ChoiceList.Chosen) -> None:
        inspector = self.app.query_one(Inspector)
        if event.kind == "outlet":
            found, outlet = inspector.view(OutletsView).outlet_at(event.index)
            if found:
                self.filter_outlet(outlet)
        elif event.kind == "annotation":
            row = inspector.view(AnnotationsView).row_at(event.index)
            if row is not None:
                self.go_to_annotation(row)

    def go_to_annotation(self, row) -> None:
        """Open the annotation's article at its sentence; an orphan's article opens with why."""
        app = self.app
        try:
            self.library.article(row.article)
        except KeyError:
            app.bell()
            app.set_status(safe_line(f"orphan: article {row.article} is not in this corpus · its text: “{shorten(row.exact, 80)}”"))
            return
        if row.article != app.open_article_id:
            app.open_article(row.article)
        reader = app.query_one(ArticleView)
        if row.orphan or row.start is None:
            app.bell()
            app.set_status(safe_line(f"orphan: {row.why_orphan or 'not found'} · its text: “{shorten(row.exact, 80)}”"))
            return
        reader.call_after_refresh(reader.select, row.start, row.end)
        tags = " ".join(f"#{t}" for t in row.tags)
        app.set_status(safe_line(" · ".join(x for x in (f"✎ {row.verdict}", tags, shorten(row.note, 60)) if x) + " · a edits it"))
