"""The inspector's views, one module each. A new view is one module plus one entry here."""

from __future__ import annotations

from textual.binding import Binding

from .base import InspectorView, ViewContext
from .claims import ClaimsView
from .entities import EntitiesView
from .hits import HitsView
from .annotations import AnnotationsView
from .info import InfoView
from .outlets import OutletsView
from .quotes import QuotesView

VIEWS: list[type[InspectorView]] = [InfoView, ClaimsView, QuotesView, EntitiesView, HitsView, OutletsView, AnnotationsView]


def view_bindings() -> list[Binding]:
    """One key per view, in ``VIEWS`` order (1, 2, ...): it shows the inspector at
    that view and focuses its list, from anywhere on the main screen."""
    return [
        Binding(str(number), f"flow('reading.show_view', '{view.NAME}')", f"Inspector: {view.TITLE}", show=False, id=f"app.view_{view.NAME}")
        for number, view in enumerate(VIEWS, start=1)
    ]


__all__ = ["VIEWS", "InspectorView", "ViewContext", "view_bindings"]
