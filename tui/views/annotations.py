"""Annotations: every annotation in the corpus, filtered by verdict, tag or article;
enter opens the annotated sentence in the reader. Orphans (whose text is no
longer found in their article) are listed last, marked, with why.

A view rather than a screen: choosing one shows it in the reader beside the
list, so the next is one key away and the reader's context stays in sight.
"""

from __future__ import annotations

from rich.text import Text
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static
from textual.widgets.option_list import Option

from search.annotations import VERDICTS
from search.views import AnnotationRow

from .base import ANNOTATIONS, ARTICLE, ChoiceList, InspectorView, ViewContext, counted, shorten, up_down


class AnnotationList(ChoiceList):
    KIND = "annotation"
    HELP_SCOPE = "annotations tab"
    BINDINGS = [
        *up_down("annotations"),
        Binding("v", "cycle('verdict')", "Filter by verdict", show=False, id="annotations.verdict"),
        Binding("t", "cycle('tag')", "Filter by tag", show=False, id="annotations.tag"),
        Binding("A", "cycle('here')", "Only the open article", show=False, id="annotations.article"),
        Binding("escape", "clear_filters", "Clear filters", show=False, id="annotations.clear"),
    ]

    @property
    def view(self) -> "AnnotationsView":
        return next(a for a in self.ancestors if isinstance(a, AnnotationsView))

    def action_cycle(self, what: str) -> None:
        self.view.cycle(what)

    def action_clear_filters(self) -> None:
        if not self.view.filtered:
            raise SkipAction()  # esc then does what it does elsewhere (clears the search)
        self.view.clear_filters()


class AnnotationsView(InspectorView):
    TITLE = "Annotations"
    NAME = "annotations"
    REFRESH_ON = frozenset({ARTICLE, ANNOTATIONS})
    DEFAULT_CSS = """
    AnnotationsView > AnnotationList { height: 1fr; }
    AnnotationsView > Static { color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.verdict: str | None = None
        self.tag: str | None = None
        self.here = False  # only the open article's
        self._view_context: ViewContext | None = None
        self._signature: object = None
        self._rows: list[AnnotationRow] = []
        self._shown: list[AnnotationRow | None] = []  # option index -> row (None: a heading)

    def compose(self) -> ComposeResult:
        yield Static(id="annotations-filter", markup=False)
        yield AnnotationList(id="annotations")

    # -- filling ---------------------------------------------------------------------------------
    def fill(self, context: ViewContext) -> str:
        self._view_context = context
        library = context.library
        try:
            signature = (id(library.articles), tuple((a.id, a.updated) for a in list(library.annotations.annotations.values())))
        except RuntimeError:  # a save merging in its worker changed the book meanwhile: its message refills the view
            signature = None
        if signature != self._signature or signature is None:
            self._signature = signature
            self._rows = library.annotation_rows()
            self.show()
        elif self.here:  # only the open article's: which article is open matters
            self.show()
        # Otherwise opening another article changes nothing here, and the list
        # (ordered by every article's place in the corpus) is not built again.
        orphans = sum(1 for row in self._rows if row.orphan)
        return counted(self.TITLE, len(self._rows)) + (f" ⚠{orphans}" if orphans else "")

    @property
    def filtered(self) -> bool:
        return self.verdict is not None or self.tag is not None or self.here

    def passes(self, row: AnnotationRow) -> bool:
        if self.verdict is not None and row.verdict != self.verdict:
            return False
        if self.tag is not None and self.tag not in (t.casefold() for t in row.tags):
            return False
        if self.here:
            article = self._view_context.article if self._view_context else None
            return article is not None and row.article == article.id
        return True

    def show(self) -> None:
        annotations = self.query_one(AnnotationList)
        chosen = self.row_at(annotations.highlighted)
        library = self._view_context.library if self._view_context else None
        order = {a.id: i for i, a in enumerate(library.articles)} if library else {}
        rows = [row for row in self._rows if self.passes(row)]
        placed = sorted((r for r in rows if not r.orphan), key=lambda r: (order.get(r.article, len(order)), r.start or 0))
        orphans = [r for r in rows if r.orphan]
        options: list[Option] = []
        self._shown = []
        for row in placed:
            options.append(Option(_prompt(row, library)))
            self._shown.append(row)
        if orphans:
            options.append(Option(Text(f"Orphans ({len(orphans)}): their text is no longer found", style="bold"), disabled=True))
            self._shown.append(None)
            for row in orphans:
                options.append(Option(_prompt(row, library)))
                self._shown.append(row)
        if not options:
            what = "No annotation matches the filter (esc clears it)." if self.filtered else "No annotations yet: a on a claim adds one."
            options.append(Option(Text(what, style="dim"), disabled=True))
            self._shown.append(None)
        annotations.set_options(options)
        if chosen is not None and chosen in self._shown:
            annotations.highlighted = self._shown.index(chosen)
        elif self._shown and self._shown[0] is not None:
            annotations.highlighted = 0
        self.query_one("#annotations-filter", Static).update(self._filter_line(len(rows)))

    def _filter_line(self, shown: int) -> Text:
        parts = [self.verdict or "any verdict", f"#{self.tag}" if self.tag else "any tag", "this article" if self.here else "all articles"]
        line = Text(f"{shown} of {len(self._rows)} · " + " · ".join(parts), style="bold" if self.filtered else "")
        line.append("\nv t A filter · esc clears · enter goes", style="dim")
        return line

    def row_at(self, index: int | None) -> AnnotationRow | None:
        return self._shown[index] if index is not None and 0 <= index < len(self._shown) else None

    # -- the filter keys ----------------------------------------------------------------------------
    def cycle(self, what: str) -> None:
        """v: the next verdict in use; t: the next tag in use; A: only the open article, or all."""
        if what == "here":
            self.here = not self.here
        elif what == "verdict":
            used = [v for v in VERDICTS if any(r.verdict == v for r in self._rows)]
            self.verdict = _next(used, self.verdict)
        elif what == "tag":
            used = sorted({t.casefold() for r in self._rows for t in r.tags})
            self.tag = _next(used, self.tag)
        self.show()

    def clear_filters(self) -> None:
        self.verdict, self.tag, self.here = None, None, False
        self.show()


def _next(values: list[str], current: str | None) -> str | None:
    """The value after ``current`` (None, "every", comes before the first and after the last)."""
    cycle: list[str | None] = [None, *values]
    return cycle[(cycle.index(current) + 1) % len(cycle)] if current in cycle else None


def _prompt(row: AnnotationRow, library) -> Text:
    prompt = Text()
    if row.orphan:
        prompt.append("⚠ orphan ", style="bold reverse")
        prompt.append(" ")
    prompt.append(f"✎ {row.verdict}", style="bold")
    if row.tags:
        prompt.append("  " + " ".join(f"#{t}" for t in row.tags), style="italic")
    prompt.append("\n“" + shorten(row.exact, 150) + "”")
    detail = Text("\n", style="dim")
    try:
        who = library.outlet(row.article) if library else None
    except KeyError:
        who = None
    detail.append(f"{who.label} {who.date}".strip() if who else row.article)
    if row.orphan and row.why_orphan:
        detail.append(f" · {row.why_orphan}")
    if row.note:
        detail.append(" · " + shorten(row.note, 80))
    prompt.append_text(detail)
    return prompt
