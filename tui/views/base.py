"""What an inspector view is: one tab that fills itself from the read model.

A view is a :class:`InspectorView` subclass in its own module, listed once in
``tui/views/__init__.py``'s ``VIEWS``. It names its tab (``TITLE``, ``NAME``:
the tab's id is ``tab-<NAME>``), says which changes it follows
(``REFRESH_ON``), composes its content, and ``fill`` returns the tab's label.
Its widgets' bindings reach the help screen by themselves (``tui/bindings.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList, TabPane

from search import Article

from ..bindings import HelpScoped
from ..option_lines import LineRefreshHighlight

# The changes the app announces to the inspector.
ARTICLE = "article"  # another article was opened
ANALYSIS = "analysis"  # entities, quotes and claims arrived (or changed)
ANNOTATIONS = "annotations"  # an annotation was added, changed or deleted
HITS = "hits"  # the search hits in the open article changed
CHANGES = frozenset({ARTICLE, ANALYSIS, ANNOTATIONS, HITS})


@dataclass(frozen=True)
class ViewContext:
    """What a view may draw from: the read model, the open article and its search hits."""

    library: object  # search.Library
    article: Article | None
    hits: list[tuple[int, int]] = field(default_factory=list)


class InspectorView(TabPane):
    TITLE: ClassVar[str] = ""
    NAME: ClassVar[str] = ""
    REFRESH_ON: ClassVar[frozenset[str]] = frozenset({ARTICLE, ANALYSIS, ANNOTATIONS})

    def __init__(self) -> None:
        super().__init__(self.TITLE, id=self.tab_id())

    @classmethod
    def tab_id(cls) -> str:
        return f"tab-{cls.NAME}"

    def fill(self, context: ViewContext) -> str:
        """Show ``context``; return the tab's label (the title, perhaps with a count)."""
        raise NotImplementedError

    def label(self, context: ViewContext) -> str | None:
        """The label ``fill`` would return, worked out without drawing anything (it must
        be cheap), or None if only ``fill`` can tell. A view that can say it is drawn only
        when its tab is on show; one that cannot is drawn on every change it follows."""
        return None

    def highlight(self, index: int | None) -> None:
        """Follow the reader's current item (claims, hits); most views ignore it."""


def counted(title: str, count: int) -> str:
    return f"{title} ({count})" if count else title


def up_down(scope: str) -> list[Binding]:
    """j/k for a list, with ids under ``scope`` so they can be remapped per list."""
    return [
        Binding("j", "cursor_down", "Down", show=False, id=f"{scope}.down"),
        Binding("k", "cursor_up", "Up", show=False, id=f"{scope}.up"),
    ]


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class ChoiceList(HelpScoped, LineRefreshHighlight, OptionList):
    """A list whose entries stand for spans in the reader; enter chooses one."""

    KIND = ""

    class Chosen(Message):
        def __init__(self, kind: str, index: int) -> None:
            super().__init__()
            self.kind = kind
            self.index = index

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Chosen(self.KIND, event.option_index))

    def highlight_index(self, index: int | None) -> None:
        if index is not None and index < self.option_count:
            self.highlighted = index
