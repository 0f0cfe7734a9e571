"""The inspector pane: one tab per view in ``tui.views.VIEWS`` about the open article.

The app tells it what changed (an article opened, analysis or annotations or
hits arrived); each view that follows that change fills itself from the read
model. A view that fails is reported (``tui/guard.py``) and the rest still fill.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import TabbedContent

from . import views
from .guard import guarded
from .views.base import ChoiceList, InspectorView, ViewContext, shorten, up_down  # noqa: F401 - re-exported
from .views.claims import ClaimList  # noqa: F401 - re-exported
from .views.entities import ENTITY_ORDER, TYPE_LABELS, EntityList  # noqa: F401 - re-exported
from .views.hits import HitList  # noqa: F401 - re-exported
from .views.quotes import QuoteList  # noqa: F401 - re-exported


class Inspector(Vertical):
    def compose(self) -> ComposeResult:
        with TabbedContent(id="inspector-tabs"):
            for view in views.VIEWS:
                yield view()

    @property
    def tabs(self) -> TabbedContent:
        return self.query_one("#inspector-tabs", TabbedContent)

    @property
    def all_views(self) -> list[InspectorView]:
        return list(self.query(InspectorView))

    def view(self, kind: type[InspectorView]) -> InspectorView:
        return self.query_one(kind)

    def update(self, change: str, context: ViewContext) -> None:
        """Refill every view that follows ``change``."""
        for view in self.all_views:
            if change in view.REFRESH_ON:
                with guarded(self.app, f"the {view.TITLE} tab"):
                    self.tabs.get_tab(view.id).label = view.fill(context)

    def highlight(self, kind: type[InspectorView], index: int | None) -> None:
        self.view(kind).highlight(index)
