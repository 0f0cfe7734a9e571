"""The claims board (``c``): open it from the read model, and go to the claim chosen there."""

from __future__ import annotations

from .claims_board import ClaimsBoard
from .inspector import Inspector
from .reader import ArticleView
from .views.claims import ClaimsView


_INSTALLED = "claims-board"


class BoardFlow:
    def __init__(self, app) -> None:
        self.app = app
        self.library = app.library
        self._screen: ClaimsBoard | None = None  # kept while the board it shows is the library's

    def open(self) -> None:
        app = self.app
        if isinstance(app.screen, ClaimsBoard):
            return
        if not self.library.analysed:
            app.set_status("the claims board is ready once analysis has finished")
            app.bell()
            return
        app.push_screen(self._board_screen(), self._closed)

    def _board_screen(self) -> ClaimsBoard:
        """The board's screen, built once per board and shown again as it was left
        (its sort, its page, the claim highlighted): opening it again composes,
        styles and lays out nothing new. A board that changed gets a new screen."""
        app, board, screen = self.app, self.library.board(), self._screen
        if screen is not None and screen in app.screen_stack:
            return ClaimsBoard(board)  # already open under another screen: a second one, as before
        if screen is None or screen.board is not board:
            if screen is not None:
                app.uninstall_screen(screen)
            screen = self._screen = ClaimsBoard(board)
            app.install_screen(screen, _INSTALLED)
        return screen

    def _closed(self, chosen: tuple[str, int] | None) -> None:
        if chosen is None:
            return
        article_id, index = chosen
        self.app.open_article(article_id, focus_reader=True)
        self.app.query_one(Inspector).tabs.active = ClaimsView.tab_id()
        self.app.query_one(ArticleView).go_to_claim(index)
