"""Correcting an article's title, outlet or date (``m``): the dialog, then a thread
worker writes the correction to the folder's ``catalog.yaml``, re-reads the
corpus and updates the index, and posts :class:`~tui.messages.MetadataSaved`
(or ``MetadataNotSaved``); the list, the reader and the views then show the
new values."""

from __future__ import annotations

from functools import partial

from search.paths import SEEDS_DIR, display_location
from search.sanitize import safe_line
from search.sources.catalog import CATALOG_NAME, catalog_key

from .messages import MetadataNotSaved, MetadataSaved
from .metadata_dialog import MetadataDialog


class MetadataFlow:
    def __init__(self, app) -> None:
        self.app = app
        self.library = app.library
        self.running = False

    def start(self) -> None:
        app = self.app
        if app.screen is not app.screen_stack[0]:
            return
        if not app.open_article_id:
            app.bell()
            app.set_status("open an article first, then press m to correct its title, outlet or date")
            return
        if self.running or any(w.group == "index" and w.is_running for w in app.workers):
            app.notify("The index is still being updated; correct the metadata when it is ready.")
            return
        article = self.library.article(app.open_article_id)
        if article.path.parent.resolve() == SEEDS_DIR.resolve():
            app.notify("The bundled seed articles are not changed: copy the seeds folder, open the copy and correct it there.",
                       severity="warning", timeout=10, markup=False)
            return
        where = f"{display_location(article.path.parent / CATALOG_NAME)} under {catalog_key(article)}"
        app.push_screen(MetadataDialog(article, where), partial(self._chosen, article.id))

    def _chosen(self, article_id: str, changes: dict | None) -> None:
        if changes is None:
            return
        if not changes:
            self.app.set_status("nothing changed, nothing written")
            return
        self.running = True
        self.app.set_status("saving the correction and updating the index…")
        self.app.run_worker(lambda: self._save(article_id, changes), group="metadata", exclusive=True, thread=True, exit_on_error=False)

    def _save(self, article_id: str, changes: dict) -> None:
        try:
            path, kept = self.library.set_metadata(article_id, changes)
        except (ValueError, OSError) as exc:  # CatalogError is a ValueError: nothing was written
            self.app.post_message(MetadataNotSaved(str(exc)))
            return
        try:
            self.library.ensure_index()
        except Exception as exc:  # noqa: BLE001 - written and re-read; only the index lags
            self.app.post_message(MetadataSaved(article_id, display_location(path), kept, f"index not updated: {type(exc).__name__}: {exc}"))
            return
        self.app.post_message(MetadataSaved(article_id, display_location(path), kept))

    # -- on the UI thread ---------------------------------------------------------------------------
    def saved(self, message: MetadataSaved) -> None:
        self.running = False
        app = self.app
        app.searching.refresh_list()
        if app.open_article_id == message.article_id:
            app.open_article(message.article_id)
        article = self.library.article(message.article_id)
        text = f"saved to {message.location}: {article.title} · {article.source or 'unknown outlet'} · {article.date_text or 'undated'}"
        if not message.kept:
            text += " (the file was rewritten: its comments could not be kept)"
        app.set_status(safe_line(text))
        if message.problem:
            app.notify(safe_line(message.problem), severity="warning", markup=False)

    def not_saved(self, message: MetadataNotSaved) -> None:
        self.running = False
        self.app.set_status(safe_line(f"not saved: {message.reason}"))
        self.app.notify(safe_line(f"Correction NOT saved: {message.reason}"), severity="error", timeout=15, markup=False)
