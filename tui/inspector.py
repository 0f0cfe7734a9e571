"""The inspector pane: one tab per view in ``tui.views.VIEWS`` about the open article.

The app tells it what changed (an article opened, analysis or annotations or
hits arrived); each view that follows that change fills itself from the read
model. A view that fails is reported (``tui/guard.py``) and the rest still fill.

Only the view on show is drawn at once. A view out of sight that can say its
tab's label without drawing (``InspectorView.label``) is drawn when its tab is
chosen: building every list on each article opened, for tabs nobody was looking
at, was a third of an opening's work.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import TabbedContent

from . import views
from .bindings import HelpScoped
from .guard import guarded
from .views.base import ChoiceList, InspectorView, ViewContext, shorten, up_down  # noqa: F401 - re-exported
from .views.claims import ClaimList  # noqa: F401 - re-exported
from .views.entities import ENTITY_ORDER, TYPE_LABELS, EntityList  # noqa: F401 - re-exported
from .views.hits import HitList  # noqa: F401 - re-exported
from .views.quotes import QuoteList  # noqa: F401 - re-exported


class Inspector(HelpScoped, Vertical):
    """Left/right switch views from anywhere inside it (the tab bar, or a view's list)."""

    HELP_SCOPE = "inspector"
    BINDINGS = [
        Binding("right", "step_view(1)", "Next view", show=False, id="inspector.next_view"),
        Binding("left", "step_view(-1)", "Previous view", show=False, id="inspector.previous_view"),
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._due: dict[str, ViewContext] = {}  # tab id -> what a view out of sight is to show when chosen
        self._highlighted: dict[type, int | None] = {}  # the item each view follows, for a view drawn late

    def compose(self) -> ComposeResult:
        with TabbedContent(id="inspector-tabs"):
            for view in views.VIEWS:
                yield view()

    def on_mount(self) -> None:
        self.watch(self.tabs, "active", self._shown, init=False)

    @property
    def tabs(self) -> TabbedContent:
        return self.query_one("#inspector-tabs", TabbedContent)

    @property
    def all_views(self) -> list[InspectorView]:
        return list(self.query(InspectorView))

    def view(self, kind: type[InspectorView]) -> InspectorView:
        return self.query_one(kind)

    def update(self, change: str, context: ViewContext) -> None:
        """Refill every view that follows ``change``: the one on show now, the others
        when they are chosen (those that cannot tell their label otherwise, now)."""
        active = self.tabs.active
        for view in self.all_views:
            if change in view.REFRESH_ON:
                with guarded(self.app, f"the {view.TITLE} tab"):
                    self._highlighted.pop(type(view), None)  # filled anew: its list starts unhighlighted, as the reader's cursor
                    label = None if view.id == active else view.label(context)
                    if label is None:
                        self._due.pop(view.id, None)
                        label = view.fill(context)
                    else:
                        self._due[view.id] = context
                    self._label(view, label)

    def _label(self, view: InspectorView, label: str) -> None:
        tab = self.tabs.get_tab(view.id)
        if str(tab.label) != label:  # a new label lays the tab bar out again: only when it changed
            tab.label = label

    def _shown(self, active: str) -> None:
        """A tab was chosen: draw its view if what it shows changed while out of sight."""
        context = self._due.pop(active, None)
        if context is None:
            return
        view = next((v for v in self.all_views if v.id == active), None)
        if view is None:
            return
        with guarded(self.app, f"the {view.TITLE} tab"):
            self._label(view, view.fill(context))
            if type(view) in self._highlighted:
                view.highlight(self._highlighted[type(view)])

    def highlight(self, kind: type[InspectorView], index: int | None) -> None:
        self._highlighted[kind] = index
        view = self.view(kind)
        if view.id not in self._due:  # a view drawn later takes it then
            view.highlight(index)

    def show(self, name: str) -> None:
        """Make the view ``name`` active and focus its list (or the tab bar, if it has none)."""
        self.tabs.active = f"tab-{name}"
        # After a refresh: the inspector may have been hidden until now.
        self.call_after_refresh(self._focus_view, name)

    def _focus_view(self, name: str) -> None:
        pane = self.tabs.get_pane(f"tab-{name}")
        focusable = [w for w in pane.query("*") if w.can_focus]
        (focusable[0] if focusable else self.query_one("Tabs")).focus()

    def action_step_view(self, delta: int) -> None:
        names = [view.NAME for view in views.VIEWS]
        active = (self.tabs.active or "").removeprefix("tab-")
        index = names.index(active) if active in names else 0
        self.show(names[(index + delta) % len(names)])
