"""Info: the open article's metadata, its annotations and the corpus's load problems."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from search.paths import display_location
from search.sanitize import safe_line

from .base import InspectorView, ViewContext


def _safe(value: object) -> Text:
    """Text from outside (names, paths, warnings), never markup and never escape sequences."""
    return Text(safe_line(value))


LISTED = 50  # load problems (and notes) listed one a row; past this, a count of the rest


class InfoView(InspectorView):
    TITLE = "Info"
    NAME = "info"

    def __init__(self) -> None:
        super().__init__()
        self._sorted: tuple | None = None  # (library.problems, problems, notes, notes by path, its length)

    def compose(self) -> ComposeResult:
        yield Static(id="info", markup=False)

    def fill(self, context: ViewContext) -> str:
        info = self.query_one("#info", Static)
        article, library = context.article, context.library
        if article is None:
            info.update(Text("No article open."))
            return self.TITLE
        table = Table.grid(padding=(0, 1))
        table.add_column(style="dim", no_wrap=True)
        table.add_column(overflow="fold")
        table.add_row("Title", Text(article.title))
        table.add_row("Source", Text(article.source or "unknown"))
        table.add_row("Date", Text(article.date_text or "unknown"))
        if article.url:
            table.add_row("URL", Text(article.url))
        table.add_row("Id", _safe(article.id))
        table.add_row("File", _safe(library.display_path(article)))
        table.add_row("Length", Text(f"{len(article.text):,} characters, {len(article.text.split()):,} words"))
        lines = len(article.boilerplate)
        table.add_row("Boilerplate", Text(f"{lines} line{'s' if lines != 1 else ''} (dimmed in the reader)"))
        table.add_row("Hash", Text(article.content_hash[:16]))
        for label, value in self._annotation_rows(library, article.id):
            table.add_row(label, _safe(value))
        problems, notes, by_path = self._problems(library)
        for note in by_path.get(article.path, ()):
            table.add_row("Note", _safe(note.message))
        if problems:
            table.add_row("", "")
            table.add_row(Text("Load problems", style="bold"), Text(f"{len(problems)} file(s) or line(s) skipped"))
            self._listed(table, problems)
        if notes:
            table.add_row("", "")
            table.add_row(Text("Load notes", style="bold"), Text(f"{len(notes)} file(s) loaded with a note"))
            self._listed(table, notes)
        info.update(table)
        return self.TITLE

    def _problems(self, library) -> tuple[list, list, dict]:
        """(problems, notes, notes by path), sorted once per loaded corpus, not on every article opened."""
        held = library.problems
        # The same list grows when analysis fails on an article after loading: its length counts too.
        if self._sorted is None or self._sorted[0] is not held or self._sorted[4] != len(held):
            problems = [p for p in held if not getattr(p, "note", False)]
            notes = [p for p in held if getattr(p, "note", False)]
            by_path: dict = {}
            for note in notes:
                by_path.setdefault(note.path, []).append(note)
            self._sorted = (held, problems, notes, by_path, len(held))
        return self._sorted[1], self._sorted[2], self._sorted[3]

    @staticmethod
    def _listed(table: Table, problems: list) -> None:
        """The first ``LISTED`` of them, one a row; how many more there are after them."""
        for problem in problems[:LISTED]:
            table.add_row("", _safe(problem))
        if len(problems) > LISTED:
            table.add_row("", Text(f"… and {len(problems) - LISTED:,} more ('newsdesk index' lists them all)", style="dim"))

    @staticmethod
    def _annotation_rows(library, article_id: str) -> list[tuple[str, str]]:
        marks = library.article_annotations(article_id)
        book = library.annotations
        rows = [("Annotations", f"{marks.count} here, {len(book.annotations)} in {display_location(book.path)}")]
        if marks.orphans:
            rows.append(("Orphans", f"{marks.orphans} annotation(s) whose text is no longer in this article (kept in the file)"))
        if book.error:
            rows.append(("File error", book.error))
        return rows
