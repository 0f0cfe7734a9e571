"""The article list pane: date · source · title, or ranked search results.

Whatever it is given (every article, or a search's results) it shows through
its :class:`~search.listing.Listing`: sorted and filtered by outlet and date,
with the active sort and filters added to the border title the flows set."""

from __future__ import annotations

from typing import NamedTuple, Sequence

from rich.text import Text
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from search import Article
from search.listing import Listing

from . import heap
from .bindings import HelpScoped
from .option_lines import LineRefreshHighlight

_BORDER_TITLE = Widget.__dict__["border_title"]  # Textual's own descriptor, under the property below

SNIPPET_CHARS = 140
FIRST_CHUNK = 40  # options shown before the first frame: at least this many, at least a screen's height
LATER_CHUNK = 100  # options added after each refresh until the list is complete
HIDDEN_WAIT = 0.2  # seconds: how often a list filling in under another screen looks again


class _Later(NamedTuple):
    """An article not added to the list yet: its option is made when it is added."""

    id: str
    disabled: bool = False


class ArticleList(HelpScoped, LineRefreshHighlight, OptionList):
    """OptionList (not ListView): it stays fast with thousands of articles."""

    HELP_SCOPE = "article list"
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k", "cursor_up", "Up", show=False, id="list.up"),
        Binding("g", "first", "First", show=False, id="list.first"),
        Binding("G", "last", "Last", show=False, id="list.last"),
        Binding("space", "page_down", "Page down", show=False, id="list.page_down"),
        Binding("b", "page_up", "Page up", show=False, id="list.page_up"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        self._flow_title = ""
        super().__init__(id=id)
        self.badges: dict[str, str] = {}  # article id -> annotation badge
        self.listing = Listing()
        self._given: list[Article] = []  # what the flows gave, before the listing applies
        self._snippets: dict[str, tuple] | None = None  # article id -> snippet (search results only)
        self._pending: list[_Later] = []  # listed, not added yet (a long list is added a chunk per refresh)
        self._keep: str | None = None
        self._generation = 0
        self._settled = False  # the first full list is part of the app's long-lived heap

    def show_articles(self, articles: Sequence[Article], keep: str | None = None) -> None:
        """List articles in the given order (no search active)."""
        self._given, self._snippets = list(articles), None
        self._show(keep)

    def show_results(self, articles: Sequence[Article], snippets: Sequence, keep: str | None = None) -> None:
        """List search results in rank order, each with its snippet and hit count."""
        self._given = list(articles)
        self._snippets = {a.id: snippet for a, snippet in zip(articles, snippets)}
        self._show(keep)

    def set_listing(self, listing: Listing) -> None:
        """Sort and filter what is listed anew, keeping the highlighted article."""
        self.listing = listing
        option = self.highlighted_option
        self._show(option.id if option is not None else None)

    @property
    def given(self) -> int:
        """How many articles the list was given, before filtering."""
        return len(self._given)

    @property
    def shown(self) -> int:
        return len(self._articles) if hasattr(self, "_articles") else 0

    def _show(self, keep: str | None) -> None:
        articles = self.listing.apply(self._given)
        snippets = self._snippets
        self._articles = {a.id: (a, snippets.get(a.id) if snippets is not None else None) for a in articles}
        listed: list = [_Later(article_id) for article_id in self._articles]
        if not listed and self._given and self.listing.filtered:
            listed = [Option(Text("No listed article passes the filter · L clears it", style="dim"), disabled=True)]
        self._replace(listed, keep)
        self._show_title()

    def _made_options(self, listed: list) -> list[Option]:
        """The options of articles about to be added (each prompt made only now: a search
        of 200 results made 200 prompts on every keystroke, and a screenful is shown)."""
        return [
            Option(_article_prompt(*self._articles[item.id], self.badges.get(item.id)), id=item.id) if isinstance(item, _Later) else item
            for item in listed
        ]

    # The flows set the title ("Articles", "Results (12)"); the listing's note is added to it.
    @property
    def border_title(self) -> str | None:  # type: ignore[override]
        return self._title_shown().plain or None

    @border_title.setter
    def border_title(self, title) -> None:
        self._flow_title = str(title or "")
        self._show_title()

    def _title_shown(self) -> Text:
        # Text, never markup: an outlet's name is article data.
        title = Text(self._flow_title)
        if getattr(self, "listing", None) is not None and self.listing.active:
            title.append(" · " if self._flow_title else "")
            title.append(self.listing.title_note(self.shown), style="bold")
        return title

    def _show_title(self) -> None:
        listing = getattr(self, "listing", None)  # Widget.__init__ sets the title before ours runs
        _BORDER_TITLE.__set__(self, self._title_shown() if self._flow_title or (listing and listing.active) else None)

    def set_badge(self, article_id: str, badge: str | None) -> None:
        """Show (or clear) an article's annotation badge without rebuilding the list
        (every article opened sets its badge: nothing is drawn again when it is the same)."""
        if self.badges.get(article_id) == (badge or None):
            return
        if badge:
            self.badges[article_id] = badge
        else:
            self.badges.pop(article_id, None)
        listed = getattr(self, "_articles", {}).get(article_id)
        if listed is not None:
            try:
                self.replace_prompt(article_id, _article_prompt(listed[0], listed[1], badge))
            except Exception:  # not added yet (long lists fill in later): the badge applies then
                pass

    def set_counts(self, counts: dict[str, int], snippets: dict | None = None) -> None:
        """Fill in hit counts (and snippets) of listed results that arrived after the list was shown."""
        snippets = snippets or {}
        pending = self._pending_ids
        for article_id, count in counts.items():
            given = self._snippets.get(article_id) if self._snippets is not None else None
            found = snippets.get(article_id)
            if given is not None:  # kept for when the listing changes
                self._snippets[article_id] = (count, found.pieces if found is not None else given[1])
            listed = getattr(self, "_articles", {}).get(article_id)
            if listed is None or listed[1] is None:
                continue
            snippet = (count, found.pieces if found is not None else listed[1][1])
            self._articles[article_id] = (listed[0], snippet)  # not added yet: it is added with its count
            if article_id not in pending:
                try:
                    self.replace_prompt(article_id, _article_prompt(listed[0], snippet, self.badges.get(article_id)))
                except Exception:  # noqa: BLE001 - the list changed meanwhile
                    pass

    @property
    def _pending_ids(self) -> set[str]:
        return {item.id for item in self._pending}

    def _replace(self, listed: list, keep: str | None) -> None:
        # Measuring every option is what costs time in OptionList, so a long
        # list is shown a screenful first and filled in after each refresh:
        # the first frame stays fast with thousands of articles. (Every option
        # is at least two lines high: as many options as the screen has lines
        # fill the list at any height.)
        self._generation += 1
        first = max(FIRST_CHUNK, self.app.size.height)
        self._pending = listed[first:]
        self._keep = keep
        self.set_options(self._made_options(listed[:first]))
        self._highlight_kept(default_first=True)
        if self._pending:
            self.call_after_refresh(self._add_more, self._generation)

    def _add_more(self, generation: int) -> None:
        if generation != self._generation or not self._pending:
            return  # a newer list replaced this one
        if not self.screen.is_active:
            # Another screen is on top (the claims board, a dialog): the list waits for it to
            # close. A chunk after each of that screen's refreshes made the board's first
            # opening at 19,000 articles take 0.9-2.4 s while the list was still filling.
            self.set_timer(HIDDEN_WAIT, lambda: self._add_more(generation))
            return
        chunk, self._pending = self._pending[:LATER_CHUNK], self._pending[LATER_CHUNK:]
        self.add_options(self._made_options(chunk))
        self._highlight_kept(default_first=False)
        if self._pending:
            self.call_after_refresh(self._add_more, generation)
        elif not self._settled:
            # Thousands of options, built after the app's heap was settled on mount: each
            # full collection walked them all (about 40 ms at 2,225 articles, every few openings).
            self._settled = True
            heap.settle()

    @property
    def complete(self) -> bool:
        """True once every option of the last list has been added."""
        return not self._pending

    def _highlight_kept(self, default_first: bool) -> None:
        if not self.option_count:
            return
        try:
            index = self.get_option_index(self._keep) if self._keep else None
        except Exception:  # OptionDoesNotExist: not added yet, or not in this list
            index = None
        if index is not None:
            if self.highlighted in (None, 0) or default_first:
                self.highlighted = index
            self._keep = None
        elif default_first:
            self.highlighted = 0


def _article_prompt(article: Article, snippet=None, badge: str | None = None) -> Text:
    # Built from Text pieces, never markup: titles and sources are article data.
    prompt = Text(no_wrap=False)
    prompt.append(article.date_text or "undated", style="dim")
    prompt.append(" · ", style="dim")
    prompt.append(article.source or "unknown source", style="italic dim")
    if badge:
        prompt.append(f"  ✎ {badge}", style="bold")
    prompt.append("\n")
    prompt.append(article.title, style="bold")
    if snippet is not None:
        count, pieces = snippet
        if count is None:  # still being counted
            prompt.append("\n… · ", style="dim")
        else:
            prompt.append(f"\n{count} hit{'s' if count != 1 else ''} · ", style="dim")
        used = 0
        for text, is_match in pieces:
            if used >= SNIPPET_CHARS:
                prompt.append("…", style="dim")
                break
            text = text[: SNIPPET_CHARS - used]
            prompt.append(text, style="reverse" if is_match else "dim")
            used += len(text)
    return prompt
