"""Exporting (``x``): the listed search results, or on the claims board the board, to Markdown or CSV.

The rows come from the engine (:mod:`search.reports`), the same ``newsdesk
export`` writes; the file is written in a thread worker that posts
:class:`~tui.messages.ExportWritten` or :class:`~tui.messages.ExportFailed`.
Files go to the data folder's ``exports/`` (the dialog shows the path and lets
it be changed); an existing file is never replaced.
"""

from __future__ import annotations

from functools import partial

from rich.markup import escape

from search import paths
from search.paths import display_location
from search.reports import ExportError, board_report, default_name, formats, render, report_format, results_report, write_new
from search.sanitize import safe_line

from .article_list import ArticleList
from .claims_board import ClaimsBoard
from .export_dialog import ExportChoice, ExportScreen
from .messages import ExportFailed, ExportWritten


class ExportFlow:
    def __init__(self, app) -> None:
        self.app = app
        self.library = app.library

    def start(self) -> None:
        """``x``: the board when it is open, else the article list as it is shown."""
        app = self.app
        if isinstance(app.screen, ClaimsBoard):
            self.board(app.screen)
        elif app.screen is app.screen_stack[0]:
            self.results()
        else:
            app.bell()

    # -- what is exported ------------------------------------------------------------------------
    def listed(self) -> tuple[list[str], dict[str, str]]:
        """The ids the article list shows, in its order (a long list's options still
        being added included), and the snippets of search results."""
        articles = self.app.query_one(ArticleList)
        options = [*articles.options, *getattr(articles, "_pending", ())]
        ids = [option.id for option in options if option.id and not option.disabled]
        snippets = {}
        for article_id, (_, snippet) in (getattr(articles, "_articles", None) or {}).items():
            if snippet:
                snippets[article_id] = "".join(text for text, _ in snippet[1])
        return ids, snippets

    def results(self) -> None:
        app = self.app
        ids, snippets = self.listed()
        searching = app.searching
        query = searching.query_text if searching.last_result is not None else ""
        if not ids:
            self._nothing("the list is empty" + (f": no results for {query!r}" if query else ""))
            return
        total = searching.last_result.total if searching.last_result is not None else None
        what = f"{len(ids)} result{'s' if len(ids) != 1 else ''} for {query!r}" if query else f"{len(ids)} listed article{'s' if len(ids) != 1 else ''}"
        self._ask(what, "search" if query else "articles", query, lambda: results_report(self.library, query, ids, snippets, total))

    def board(self, screen: ClaimsBoard) -> None:
        clusters = screen.ordered()
        if not clusters:
            self._nothing("no claim on the board")
            return
        single = screen.single_claims
        what = f"the claims board ({len(clusters)} claims, sorted by {screen.sort})"
        self._ask(what, "board", "", lambda: board_report(self.library, clusters, single))

    def _nothing(self, why: str) -> None:
        self.app.bell()
        self.app.notify(escape(safe_line(f"Nothing to export: {why}.")), severity="warning")

    # -- the dialog and the worker ------------------------------------------------------------------
    def _ask(self, what: str, kind: str, query: str, build) -> None:
        names = sorted(formats(), key=lambda n: (n != "md", n))  # Markdown first
        choices = [(name, report_format(name).suffix) for name in names]
        stem = default_name(kind, "", query)
        screen = ExportScreen(safe_line(what), choices, paths.exports_dir(), stem)
        self.app.push_screen(screen, partial(self._chosen, build))

    def _chosen(self, build, choice: ExportChoice | None) -> None:
        if choice is None:
            return
        self.app.run_worker(lambda: self._write(build, choice), group="export", thread=True, exit_on_error=False)

    def _write(self, build, choice: ExportChoice) -> None:
        try:
            report = build()
            written = write_new(choice.path, render(choice.format, report))
        except ExportError as exc:
            self.app.post_message(ExportFailed(str(exc)))
            return
        self.app.post_message(ExportWritten(display_location(written), report.summary))

    def written(self, message: ExportWritten) -> None:
        text = safe_line(f"Exported {message.summary} to {message.location}")
        self.app.notify(escape(text), timeout=15)
        self.app.set_status(text)

    def failed(self, message: ExportFailed) -> None:
        text = safe_line(f"Not exported: {message.reason}")
        self.app.notify(escape(text), severity="error", timeout=15)
        self.app.set_status(text)
