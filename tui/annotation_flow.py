"""Annotating: the dialog, saving in a worker, undo, edits made outside the app, and quitting safely."""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path

from search import paths
from search.annotations import AnnotationFileError, dump
from search.paths import display_location
from search.sanitize import safe_line

from .annotate import AnnotateScreen, AnnotationForm
from .article_list import ArticleList
from .inspector import Inspector
from .messages import AnnotationsNotSaved, AnnotationsSaved
from .quit_dialog import CANCEL, RECOVER, SAVE, QuitDialog
from .reader import ArticleView
from .views.base import ANNOTATIONS


class AnnotationFlow:
    def __init__(self, app) -> None:
        self.app = app
        self.library = app.library
        self.last_failure: str | None = None  # why the last save failed
        self._quit_after_save = False

    @property
    def book(self):
        return self.library.annotations

    def show_marks(self, article_id: str) -> None:
        """Annotation badges in the reader and the article list."""
        marks = self.library.article_annotations(article_id)
        self.app.query_one(ArticleView).set_annotated(list(marks.verdicts))
        self.app.query_one(ArticleList).set_badge(article_id, f"{marks.count}" if marks.count else None)

    def start(self) -> None:
        """Annotate the claim or quote chosen in the reader (``]``/``[``, or the Claims/Quotes tabs)."""
        app, library = self.app, self.library
        reader = app.query_one(ArticleView)
        article_id = app.open_article_id
        selection = reader.selection
        if selection is None and article_id and reader.current_hit is not None:
            # No claim chosen, but a search hit is: annotate the sentence around it.
            hit_start, _ = reader.hits[reader.current_hit]
            selection = library.sentence_at(article_id, hit_start)
        if not article_id or selection is None:
            app.bell()
            app.set_status("choose a claim with ] or [ (or in the Claims/Quotes tab, or a hit with n), then press a")
            return
        self.annotate_span(article_id, *selection)

    def annotate_span(self, article_id: str, start: int, end: int) -> None:
        """The dialog for text[start:end] of an article (a claim, a quote or any sentence), from any screen."""
        app, library = self.app, self.library
        kind, speaker = "selection", None
        for claim in library.claims(article_id):
            if (claim.start, claim.end) == (start, end):
                kind, speaker = "claim", claim.attributed_to
        for quote in library.quotes(article_id):
            if (quote.start, quote.end) == (start, end):
                kind, speaker = "quote", quote.speaker
        existing = next((a for a, p in library.placed_annotations(article_id) if p and (p.start, p.end) == (start, end)), None)
        screen = AnnotateScreen(
            library.article(article_id).text[start:end], kind,
            verdict=existing.verdict if existing else None,
            note=existing.note if existing else "",
            tags=existing.tags if existing else (),
            speaker=existing.speaker if existing else speaker,
            existing=existing is not None,
            path=display_location(self.book.path),
        )
        app.push_screen(screen, partial(self._done, article_id, start, end, kind, existing))

    def _done(self, article_id, start, end, kind, existing, form: AnnotationForm | None) -> None:
        if form is None:
            return
        library = self.library
        if form.delete and existing:
            library.delete_annotation(existing.id)
            self.app.notify("Annotation deleted; press u to undo.")
        elif existing:
            library.update_annotation(existing.id, verdict=form.verdict, note=form.note, tags=form.tags, speaker=form.speaker)
        else:
            library.annotate(article_id, start, end, kind, form.verdict, form.note, form.tags, form.speaker)
        self.changed(article_id)

    def undo_delete(self) -> None:
        restored = self.library.undo_delete()
        if restored is None:
            self.app.bell()
            self.app.set_status("nothing to undo")
            return
        self.app.notify(f"Restored the {restored.verdict} annotation.")
        self.changed(restored.article)

    def changed(self, article_id: str) -> None:
        if article_id == self.app.open_article_id:
            self.refresh(article_id)
        self.save()

    def refresh(self, article_id: str) -> None:
        self.app.query_one(Inspector).update(ANNOTATIONS, self.app.view_context(self.app.query_one(ArticleView).hits))
        self.show_marks(article_id)

    # -- saving ------------------------------------------------------------------------------------
    def save(self) -> None:
        self.app.run_worker(self._save, group="annotations", exclusive=True, thread=True, exit_on_error=False)

    def _save(self) -> None:
        try:
            report = self.library.save_annotations()
        except (AnnotationFileError, OSError) as exc:
            self.app.post_message(AnnotationsNotSaved(str(exc)))
            return
        self.app.post_message(AnnotationsSaved(report.saved, display_location(report.path)))

    def saved(self, message: AnnotationsSaved) -> None:
        self.last_failure = None
        self.app.set_status(f"saved {message.saved} annotation(s) to {message.location}")
        if self._quit_after_save:
            self.app.exit()

    def not_saved(self, message: AnnotationsNotSaved) -> None:
        self._quit_after_save = False
        self.last_failure = message.reason
        self.app.notify(safe_line(f"Annotations NOT saved: {message.reason}"), severity="error", timeout=30)
        self.app.set_status(f"annotations not saved: {message.reason}")

    # -- edits made outside the app ---------------------------------------------------------------------
    def check_file(self) -> None:
        """Take in an edit made to the annotations file outside the app (an editor, git, a sync client)."""
        book = self.book
        if book.error or not book.changed_on_disk():
            return
        try:
            merged = book.reload()
        except AnnotationFileError as exc:
            self.app.notify(safe_line(f"The annotations file changed on disk and cannot be read: {exc}"), severity="error", timeout=30)
            return
        self.app.notify(safe_line(f"Annotations reloaded from {display_location(book.path)} ({merged} changed outside the app)."))
        if self.app.open_article_id:
            self.refresh(self.app.open_article_id)

    def write_recovery(self) -> Path:
        """Beside the annotations file; when that folder refuses, in the data folder."""
        try:
            return self.book.write_recovery()
        except OSError:
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            target = paths.data_dir() / f"{self.book.path.stem}.recovery-{stamp}.yaml"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(dump(self.book.annotations.values()), encoding="utf-8")
            return target

    # -- quitting -------------------------------------------------------------------------------------------
    def quit(self) -> None:
        """Quit, unless annotations are unsaved: then ask."""
        if not self.book.dirty:
            self.app.exit()
            return
        if any(w.group == "annotations" and w.is_running for w in self.app.workers):
            self._quit_after_save = True  # a save is under way: quit when it lands
            return
        self.app.push_screen(QuitDialog(self.last_failure), self._quit_chosen)

    def _quit_chosen(self, choice: str | None) -> None:
        if choice == SAVE:
            self._quit_after_save = True
            self.save()
        elif choice == RECOVER:
            try:
                recovery = self.write_recovery()
            except OSError as exc:
                self.app.notify(safe_line(f"No recovery file could be written either: {exc}"), severity="error", timeout=30)
                return
            self.app.exit(message=safe_line(f"Unsaved annotations kept in {recovery}"))
        elif choice in (CANCEL, None):
            self.app.set_status("not quitting: annotations are still unsaved")
