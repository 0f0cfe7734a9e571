"""The dialog that corrects an article's title, outlet or date (``m``).

It returns only the fields the user changed; nothing is written when the
title is empty or the date does not parse (one line says why, the dialog stays
open). An empty outlet or date drops the correction: the file's own value, or
the inferred one, applies again.
"""

from __future__ import annotations

from search import Article
from search.sources.catalog import check_changes

from .bindings import HelpScoped
from .fields_dialog import FieldsDialog, form_bindings

# Dialog field id -> the catalog's field name.
FIELDS = {"meta-title": "title", "meta-source": "source", "meta-date": "date"}


class MetadataDialog(HelpScoped, FieldsDialog):
    HELP_SCOPE = "metadata dialog"
    BINDINGS = form_bindings("metadata")
    TITLE_TEXT = "Correct title, outlet or date"

    def __init__(self, article: Article, where: str) -> None:
        self.article = article
        super().__init__(
            [
                ("meta-title", "Title", article.title, "the headline"),
                ("meta-source", "Outlet", article.source or "", "who published it (empty: as the file says)"),
                ("meta-date", "Date (YYYY-MM-DD)", article.date_text, "e.g. 2025-04-27 (empty: as the file says)"),
            ],
            note=f"{article.id} · saved to {where}",
        )

    def current(self) -> dict[str, str]:
        return {"title": self.article.title, "source": self.article.source or "", "date": self.article.date_text}

    def check(self, values: dict[str, str]) -> dict[str, str | None]:
        """The changed fields, checked (``CatalogError``, a ValueError, for bad input)."""
        before = self.current()
        typed = {FIELDS[field_id]: value for field_id, value in values.items() if field_id in FIELDS}
        changed = {name: value for name, value in typed.items() if " ".join(value.split()) != before[name]}
        return check_changes(changed)
