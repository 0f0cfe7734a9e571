"""The dialog that filters the article list by outlet and dates (``l``)."""

from __future__ import annotations

from search.listing import UNKNOWN_OUTLET, UNKNOWN_OUTLET_LABEL, Listing, OutletCount, parse_bound

from .bindings import HelpScoped
from .fields_dialog import FieldsDialog, form_bindings


class FilterDialog(HelpScoped, FieldsDialog):
    HELP_SCOPE = "filter dialog"
    BINDINGS = form_bindings("filter")
    TITLE_TEXT = "Filter the article list"

    def __init__(self, listing: Listing, outlets: list[OutletCount]) -> None:
        self.listing = listing
        self.outlets = outlets
        outlet = "" if listing.outlet is None else (listing.outlet or UNKNOWN_OUTLET_LABEL)
        super().__init__(
            [
                ("filter-outlet", "Outlet", outlet, "any outlet (the Outlets view lists them)"),
                ("filter-since", "From", listing.since.isoformat() if listing.since else "", "YYYY-MM-DD, YYYY-MM or YYYY"),
                ("filter-until", "To", listing.until.isoformat() if listing.until else "", "YYYY-MM-DD, YYYY-MM or YYYY"),
            ],
            note="Empty fields do not filter. The filter applies to search results too; L clears it.",
        )

    def check(self, values: dict[str, str]) -> Listing:
        typed = " ".join(values["filter-outlet"].split())
        outlet = None
        if typed:
            found = [o.outlet for o in self.outlets if o.label.casefold() == typed.casefold()]
            if not found:
                raise ValueError(f"no outlet is named {typed!r} in this corpus (the Outlets view lists them)")
            outlet = found[0] if len(found) == 1 else next((o for o in found if o == typed), found[0])
            outlet = UNKNOWN_OUTLET if outlet == UNKNOWN_OUTLET else outlet
        since = parse_bound(values["filter-since"])
        until = parse_bound(values["filter-until"], end=True)
        return self.listing.with_outlet(outlet).with_dates(since, until)
