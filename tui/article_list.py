"""The article list pane: date · source · title, or ranked search results."""

from __future__ import annotations

from typing import Sequence

from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from search import Article

from .bindings import HelpScoped

SNIPPET_CHARS = 140
FIRST_CHUNK = 100  # options shown before the first frame
LATER_CHUNK = 300  # options added after each refresh until the list is complete


class ArticleList(HelpScoped, OptionList):
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
        super().__init__(id=id)
        self.badges: dict[str, str] = {}  # article id -> annotation badge
        self._pending: list[Option] = []
        self._keep: str | None = None
        self._generation = 0

    def show_articles(self, articles: Sequence[Article], keep: str | None = None) -> None:
        """List articles in the given order (no search active)."""
        self._articles = {a.id: (a, None) for a in articles}
        self._replace([Option(_article_prompt(a, badge=self.badges.get(a.id)), id=a.id) for a in articles], keep)

    def show_results(self, articles: Sequence[Article], snippets: Sequence, keep: str | None = None) -> None:
        """List search results in rank order, each with its snippet and hit count."""
        self._articles = {a.id: (a, snippet) for a, snippet in zip(articles, snippets)}
        options = [Option(_article_prompt(a, snippet, self.badges.get(a.id)), id=a.id) for a, snippet in zip(articles, snippets)]
        self._replace(options, keep)

    def set_badge(self, article_id: str, badge: str | None) -> None:
        """Show (or clear) an article's annotation badge without rebuilding the list."""
        if badge:
            self.badges[article_id] = badge
        else:
            self.badges.pop(article_id, None)
        listed = getattr(self, "_articles", {}).get(article_id)
        if listed is not None:
            try:
                self.replace_option_prompt(article_id, _article_prompt(listed[0], listed[1], badge))
            except Exception:  # not added yet (long lists fill in later): the badge applies then
                pass

    def set_counts(self, counts: dict[str, int]) -> None:
        """Fill in hit counts of listed results that arrived after the list was shown."""
        for article_id, count in counts.items():
            listed = getattr(self, "_articles", {}).get(article_id)
            if listed is None or listed[1] is None:
                continue
            snippet = (count, listed[1][1])
            self._articles[article_id] = (listed[0], snippet)
            for index, option in enumerate(self._pending):
                if option.id == article_id:  # not added yet: it is added with its count
                    self._pending[index] = Option(_article_prompt(listed[0], snippet, self.badges.get(article_id)), id=article_id)
                    break
            else:
                try:
                    self.replace_option_prompt(article_id, _article_prompt(listed[0], snippet, self.badges.get(article_id)))
                except Exception:  # noqa: BLE001 - the list changed meanwhile
                    pass

    def _replace(self, options: list[Option], keep: str | None) -> None:
        # Measuring every option is what costs time in OptionList, so a long
        # list is shown a screenful first and filled in after each refresh:
        # the first frame stays fast with thousands of articles.
        self._generation += 1
        self._pending = options[FIRST_CHUNK:]
        self._keep = keep
        self.set_options(options[:FIRST_CHUNK])
        self._highlight_kept(default_first=True)
        if self._pending:
            self.call_after_refresh(self._add_more, self._generation)

    def _add_more(self, generation: int) -> None:
        if generation != self._generation or not self._pending:
            return  # a newer list replaced this one
        chunk, self._pending = self._pending[:LATER_CHUNK], self._pending[LATER_CHUNK:]
        self.add_options(chunk)
        self._highlight_kept(default_first=False)
        if self._pending:
            self.call_after_refresh(self._add_more, generation)

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
