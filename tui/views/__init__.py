"""The inspector's views, one module each. A new view is one module plus one entry here."""

from __future__ import annotations

from .base import InspectorView, ViewContext
from .claims import ClaimsView
from .entities import EntitiesView
from .hits import HitsView
from .info import InfoView
from .quotes import QuotesView

VIEWS: list[type[InspectorView]] = [InfoView, ClaimsView, QuotesView, EntitiesView, HitsView]

__all__ = ["VIEWS", "InspectorView", "ViewContext"]
