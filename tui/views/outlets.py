"""Outlets: every outlet in the corpus with its number of articles; enter filters the list to one."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static
from textual.widgets.option_list import Option

from .base import ARTICLE, ChoiceList, InspectorView, ViewContext, counted, up_down

ALL = None  # the first row: every outlet


class OutletList(ChoiceList):
    KIND = "outlet"
    HELP_SCOPE = "outlets tab"
    BINDINGS = up_down("outlets")


class OutletsView(InspectorView):
    TITLE = "Outlets"
    NAME = "outlets"
    # The corpus changes only when it is re-read (a correction, a feed refresh),
    # and an article is opened again then; counting is cheap, and skipped when
    # the corpus is the one already counted.
    REFRESH_ON = frozenset({ARTICLE})
    DEFAULT_CSS = """
    OutletsView > OutletList { height: 1fr; }
    OutletsView > Static { color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__()
        self._counted: object = None  # the article list last counted
        self._outlets: list[str | None] = []  # option index -> outlet ("" unknown, None every outlet)
        self._label = self.TITLE

    def compose(self) -> ComposeResult:
        yield Static(Text("enter: list only this outlet · L: clear"), markup=False)
        yield OutletList(id="outlets")

    def fill(self, context: ViewContext) -> str:
        articles = context.library.articles
        if self._counted is articles:
            return self._label
        self._counted = articles
        rows = context.library.outlet_counts()
        options = [Option(Text(f"All outlets  ×{len(articles)}", style="bold"), id="outlet-all")]
        self._outlets = [ALL]
        for number, row in enumerate(rows):
            prompt = Text(row.label, style="italic" if not row.outlet else "")
            prompt.append(f"  ×{row.count}", style="dim")
            options.append(Option(prompt, id=f"outlet-{number}"))
            self._outlets.append(row.outlet)
        outlets = self.query_one(OutletList)
        highlighted = outlets.highlighted
        outlets.set_options(options)
        outlets.highlighted = highlighted if highlighted is not None and highlighted < len(options) else 0
        self._label = counted(self.TITLE, len(rows))
        return self._label

    def outlet_at(self, index: int) -> tuple[bool, str | None]:
        """(found, outlet) for the option at ``index``: None for every outlet, "" for unknown."""
        if 0 <= index < len(self._outlets):
            return True, self._outlets[index]
        return False, None
