"""The claims board (``c``): open it from the read model, and go to the claim chosen there."""

from __future__ import annotations

from .claims_board import ClaimsBoard
from .inspector import Inspector
from .reader import ArticleView
from .views.claims import ClaimsView


class BoardFlow:
    def __init__(self, app) -> None:
        self.app = app
        self.library = app.library

    def open(self) -> None:
        app = self.app
        if isinstance(app.screen, ClaimsBoard):
            return
        if not self.library.analysed:
            app.set_status("the claims board is ready once analysis has finished")
            app.bell()
            return
        app.push_screen(ClaimsBoard(self.library.board()), self._closed)

    def _closed(self, chosen: tuple[str, int] | None) -> None:
        if chosen is None:
            return
        article_id, index = chosen
        self.app.open_article(article_id, focus_reader=True)
        self.app.query_one(Inspector).tabs.active = ClaimsView.tab_id()
        self.app.query_one(ArticleView).go_to_claim(index)
