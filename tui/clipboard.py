"""Citing (``y``, ``w``): copy a claim, quote or passage with its citation, and open the article's URL.

The text copied is what is chosen: the claim or quote highlighted in the
inspector's list when that has focus, else the reader's selection (``]``/``[``
or a quote chosen in the Quotes tab), else the sentence around the current
search hit (``n``); on the claims board, the highlighted claim. It goes to the
clipboard through Textual's ``App.copy_to_clipboard`` (OSC 52, so it also
works over ssh). ``webbrowser.open`` runs in a thread worker, which posts
:class:`~tui.messages.BrowserOpened`.
"""

from __future__ import annotations

import webbrowser
from dataclasses import dataclass

from rich.markup import escape

from search.citation import citation
from search.sanitize import safe_line

from .claims_board import ClaimsBoard
from .messages import BrowserOpened
from .reader import ArticleView
from .views.base import ChoiceList


@dataclass(frozen=True)
class Cited:
    article_id: str
    start: int
    end: int
    kind: str  # "claim", "quote" or "passage"
    speaker: str | None


class CitingFlow:
    def __init__(self, app) -> None:
        self.app = app
        self.library = app.library

    # -- what is chosen -------------------------------------------------------------------------
    def chosen(self) -> Cited | None:
        app, library = self.app, self.library
        if isinstance(app.screen, ClaimsBoard):
            board = app.screen.query_one("#board")
            option = board.highlighted_option if board.highlighted is not None else None
            if option is None or not (option.id or "").startswith("claim:"):
                return None
            article_id, index = option.id.removeprefix("claim:").rsplit(":", 1)
            claim = library.claims(article_id)[int(index)]
            return Cited(article_id, claim.start, claim.end, "claim", claim.attributed_to)
        if app.screen is not app.screen_stack[0] or not app.open_article_id:
            return None
        article_id = app.open_article_id
        focused = app.focused
        if isinstance(focused, ChoiceList) and focused.KIND in ("claim", "quote") and focused.highlighted is not None:
            items = library.claims(article_id) if focused.KIND == "claim" else library.quotes(article_id)
            if focused.highlighted < len(items):
                item = items[focused.highlighted]
                speaker = item.attributed_to if focused.KIND == "claim" else item.speaker
                return Cited(article_id, item.start, item.end, focused.KIND, speaker)
        reader = app.query_one(ArticleView)
        span = reader.selection
        if span is None and reader.current_hit is not None:
            span = library.sentence_at(article_id, reader.hits[reader.current_hit][0])
        if span is None:
            return None
        start, end = span
        for claim in library.claims(article_id):
            if (claim.start, claim.end) == (start, end):
                return Cited(article_id, start, end, "claim", claim.attributed_to)
        for quote in library.quotes(article_id):
            if (quote.start, quote.end) == (start, end):
                return Cited(article_id, start, end, "quote", quote.speaker)
        return Cited(article_id, start, end, "passage", None)

    def _article_in_view(self):
        """The board's highlighted claim's article, else the open article."""
        cited = self.chosen() if isinstance(self.app.screen, ClaimsBoard) else None
        article_id = cited.article_id if cited else self.app.open_article_id
        return self.library.article(article_id) if article_id else None

    # -- y: copy -------------------------------------------------------------------------------
    def copy(self) -> None:
        app = self.app
        cited = self.chosen()
        if cited is None:
            app.bell()
            app.set_status("choose a claim (] or [, or the Claims tab), a quote (Quotes tab) or a hit (n), then press y")
            return
        article = self.library.article(cited.article_id)
        text = citation(article, article.text[cited.start:cited.end], cited.speaker, self.library.display_path(article))
        app.copy_to_clipboard(text)
        where = ", ".join(x for x in (article.source, article.date_text) if x) or article.id
        app.notify(escape(safe_line(f"Copied the {cited.kind} with its citation ({where}).")))

    # -- w: open the URL ---------------------------------------------------------------------------
    def open_url(self) -> None:
        app = self.app
        article = self._article_in_view()
        if article is None:
            app.bell()
            app.set_status("open an article first")
            return
        url = article.url or ""
        if not url:
            app.bell()
            app.notify(escape(safe_line(f"This article has no URL ({self.library.display_path(article)}).")), severity="warning")
            return
        if not url.lower().startswith(("http://", "https://")):
            app.bell()
            app.notify(escape(safe_line(f"Not opened: {url} is not a web address (http or https).")), severity="warning")
            return
        app.set_status(safe_line(f"opening {url} in the browser…"))
        app.run_worker(lambda: self._open(url), group="browser", thread=True, exit_on_error=False)

    def _open(self, url: str) -> None:
        try:
            ok = webbrowser.open(url)
            reason = "" if ok else "no browser found"
        except Exception as exc:  # noqa: BLE001 - webbrowser raises whatever the launcher raises
            ok, reason = False, f"{type(exc).__name__}: {exc}"
        self.app.post_message(BrowserOpened(url, ok, reason))

    def browser_opened(self, message: BrowserOpened) -> None:
        if message.ok:
            text = f"Opened {message.url} in the browser."
            self.app.notify(escape(safe_line(text)))
        else:
            text = f"Could not open a browser ({message.reason}); the URL is {message.url}"
            self.app.notify(escape(safe_line(text)), severity="warning", timeout=20)
        self.app.set_status(safe_line(text))
