"""The newsdesk Textual app: article list, reader and inspector.

It talks to the engine only through ``search.Library``. Anything that may be
slow (indexing, searching, finding hits) runs in a thread worker and hands
its result back with ``call_from_thread``.
"""

from __future__ import annotations

import time
from functools import partial
from pathlib import Path
from typing import Iterable

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, ProgressBar, Static
from textual.worker import get_current_worker

from search import Library
from search.annotations import AnnotationFileError

from .article_list import ArticleList
from .config import Settings, display_location, load_settings
from .help import HelpScreen, binding_rows
from .annotate import AnnotateScreen, AnnotationForm, VerdictList
from .claims_board import ClaimsBoard
from .inspector import ENTITY_ORDER, ChoiceList, ClaimList, EntityList, HitList, Inspector, QuoteList
from .reader import ArticleView

RESULT_LIMIT = 200  # results listed for one search; the status line gives the total
SEARCH_DEBOUNCE = 0.12  # seconds of typing pause before a live search runs


class NewsdeskApp(App[None]):
    TITLE = "newsdesk"
    CSS_PATH = Path(__file__).parent / "newsdesk.tcss"  # absolute: subclasses may live anywhere
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    BINDINGS = [
        Binding("slash", "focus_search", "Search", id="app.search"),
        Binding("escape", "clear_search", "Clear", show=False, id="app.clear_search"),
        Binding("tab", "next_pane", "Next pane", show=False, priority=True, id="app.next_pane"),
        Binding("shift+tab", "previous_pane", "Prev pane", show=False, priority=True, id="app.previous_pane"),
        Binding("e", "next_mention", "Next mention", id="app.next_mention"),
        Binding("E", "previous_mention", "Prev mention", show=False, id="app.previous_mention"),
        Binding("f", "filter_entity", "Filter", id="app.filter_entity"),
        Binding("right_square_bracket", "next_claim", "Next claim", id="app.next_claim"),
        Binding("left_square_bracket", "previous_claim", "Prev claim", show=False, id="app.previous_claim"),
        Binding("c", "claims_board", "Claims board", id="app.claims_board"),
        Binding("a", "annotate", "Annotate", id="app.annotate"),
        Binding("u", "undo_delete", "Undo delete", show=False, id="app.undo_delete"),
        Binding("i", "toggle_inspector", "Inspector", id="app.toggle_inspector"),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, priority=True, id="app.command_palette"),
        Binding("q", "quit", "Quit", id="app.quit"),
    ]

    def __init__(self, library: Library, settings: Settings | None = None) -> None:
        super().__init__()
        self.library = library
        self.settings = settings or load_settings()
        self.query_text = ""
        self.open_article_id: str | None = None
        self.selected_entity: str | None = None  # highlighted in the Entities tab
        self.entity_filter: str | None = None  # the list shows only articles naming it
        self._filter_ids: set[str] = set()
        self.last_result = None
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)

    # -- layout -----------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Input(placeholder=self.library.search_placeholder(), id="search")
        with Horizontal(id="panes"):
            yield ArticleList(id="articles")
            yield ArticleView(id="reader")
            yield Inspector(id="inspector")
        with Horizontal(id="statusbar"):
            yield Static(id="status", markup=False)
            yield ProgressBar(id="index-progress", show_eta=False)
        yield Footer()

    def on_mount(self) -> None:
        if self.settings.theme:
            if self.settings.theme in self.available_themes:
                self.theme = self.settings.theme
            else:
                self.notify(f"Unknown theme {self.settings.theme!r} in {self.settings.path}; using the default.", severity="warning")
        self.query_one("#articles").border_title = "Articles"
        self.query_one("#reader").border_title = "Reader"
        articles = self.query_one(ArticleList)
        articles.show_articles(self.library.articles)
        articles.focus()
        if self.library.articles:
            self.open_article(self.library.articles[0].id)
        if self.library.problems:
            count = len(self.library.problems)
            self.notify(f"{count} file(s) or line(s) could not be loaded; see the Info tab.", severity="warning")
        if self.settings.problem:
            self.notify(self.settings.problem, severity="warning")
        if self.library.annotations.error:
            self.notify(
                f"Annotations file cannot be read and will not be overwritten: {self.library.annotations.error}",
                severity="error",
                timeout=30,
            )
        self._set_status(f"{len(self.library.articles)} articles · indexing…")
        self.build_index()

    # -- index --------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="index")
    def build_index(self) -> None:
        last = 0.0

        def progress(phase: str, done: int, total: int) -> None:
            nonlocal last
            now = time.monotonic()
            if now - last > 0.1 or done == total:  # throttle hand-offs to the UI thread
                last = now
                self.call_from_thread(self._show_index_progress, phase, done, total)

        try:
            report = self.library.ensure_index(progress=progress)
        except Exception as exc:  # keep the app usable for reading
            self.call_from_thread(self._index_failed, f"{type(exc).__name__}: {exc}")
            return
        self.call_from_thread(self._index_ready, report.summary())

    def _show_index_progress(self, phase: str, done: int, total: int) -> None:
        bar = self.query_one("#index-progress", ProgressBar)
        bar.display = True
        bar.update(total=total, progress=done)
        self._set_status(f"{len(self.library.articles)} articles · {phase} {done}/{total}")

    def _index_ready(self, summary: str) -> None:
        self.query_one("#index-progress", ProgressBar).display = False
        self._set_status(f"{len(self.library.articles)} articles · {summary}")
        if self.library.analysis_warning:
            self.notify(self.library.analysis_warning, severity="warning")
        if self.open_article_id:
            article_id = self.open_article_id
            claims = self.library.claims(article_id)
            self.query_one(ArticleView).set_entities(self.library.entities(article_id), [(c.start, c.end) for c in claims])
            self._show_analysis(article_id)
        if self.query_text:
            self.run_search(self.query_text, debounce=False)

    def _index_failed(self, message: str) -> None:
        self.query_one("#index-progress", ProgressBar).display = False
        self._set_status(f"search unavailable: {message}")
        self.notify(f"Indexing failed: {message}", severity="error")

    # -- search ---------------------------------------------------------------------
    @on(Input.Changed, "#search")
    def _query_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value.strip()
        if not self.query_text:
            self._show_all_articles()
        elif self.library.index_ready:
            self.run_search(self.query_text)

    @on(Input.Submitted, "#search")
    def _query_submitted(self, event: Input.Submitted) -> None:
        result = self.last_result
        if result is not None and not result.hits and result.suggestion:
            # Enter on a misspelled query takes the suggestion.
            self.query_one("#search", Input).value = result.suggestion
            return
        self.query_one(ArticleList).focus()

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, query: str, debounce: bool = True) -> None:
        worker = get_current_worker()
        if debounce:
            time.sleep(SEARCH_DEBOUNCE)
        if worker.is_cancelled:
            return
        result = self.library.search(query, limit=RESULT_LIMIT)
        counts = {hit.article_id: len(self.library.hit_spans(hit.article_id, query)) for hit in result.hits}
        if not worker.is_cancelled:
            self.call_from_thread(self._show_results, result, counts)

    def _show_results(self, result, counts: dict[str, int]) -> None:
        if result.query != self.query_text:
            return  # a newer query is on its way
        self.last_result = result
        articles = self.query_one(ArticleList)
        if result.error:
            self._set_status(f"query error: {result.error}")
            return
        hits = [hit for hit in result.hits if self._passes_filter(hit.article_id)]
        listed = [self.library.article(hit.article_id) for hit in hits]
        snippets = [(counts.get(hit.article_id, 0), hit.snippet.pieces if hit.snippet else ()) for hit in hits]
        articles.show_results(listed, snippets, keep=self.open_article_id)
        articles.border_title = self._list_title(f"Results ({len(hits)})")
        if result.hits:
            shown = f"{result.total} result{'s' if result.total != 1 else ''}"
            if result.total > len(result.hits):
                shown += f" (best {len(result.hits)} listed)"
            self._set_status(f"{shown} for {result.query!r}")
        elif result.suggestion:
            self._set_status(f"no results for {result.query!r} · did you mean {result.suggestion!r}? (enter to use it)")
        else:
            self._set_status(f"no results for {result.query!r}")
        if self.open_article_id:
            self.find_hits(self.open_article_id, self.query_text)

    def _show_all_articles(self) -> None:
        self.last_result = None
        articles = self.query_one(ArticleList)
        shown = [a for a in self.library.articles if self._passes_filter(a.id)]
        articles.show_articles(shown, keep=self.open_article_id)
        articles.border_title = self._list_title("Articles")
        if self.entity_filter:
            self._set_status(f"{len(shown)} of {len(self.library.articles)} articles name {self.entity_filter} · esc clears the filter")
        else:
            self._set_status(f"{len(self.library.articles)} articles")
        self.query_one(ArticleView).set_hits([])
        self.query_one(Inspector).show_hits(self._open_article(), [])

    def _passes_filter(self, article_id: str) -> bool:
        return self.entity_filter is None or article_id in self._filter_ids

    def _list_title(self, base: str) -> str:
        return f"{base} · {self.entity_filter}" if self.entity_filter else base

    def _refresh_list(self) -> None:
        if self.query_text and self.library.index_ready:
            self.run_search(self.query_text, debounce=False)
        else:
            self._show_all_articles()

    @work(thread=True, exclusive=True, group="hits")
    def find_hits(self, article_id: str, query: str) -> None:
        hits = self.library.hit_spans(article_id, query)
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self._show_hits, article_id, query, hits)

    def _show_hits(self, article_id: str, query: str, hits: list[tuple[int, int]]) -> None:
        if article_id != self.open_article_id or query != self.query_text:
            return
        self.query_one(ArticleView).set_hits(hits)
        self.query_one(Inspector).show_hits(self._open_article(), hits)

    # -- opening articles -----------------------------------------------------------
    def _open_article(self):
        return self.library.article(self.open_article_id) if self.open_article_id else None

    def open_article(self, article_id: str, focus_reader: bool = False) -> None:
        article = self.library.article(article_id)
        self.open_article_id = article_id
        entities = self.library.entities(article_id)
        claims = [(c.start, c.end) for c in self.library.claims(article_id)]
        reader = self.query_one(ArticleView)
        reader.show(article, entities=entities, claims=claims)
        if self.selected_entity:
            reader.set_mentions(self.selected_entity)  # keep following the entity across articles
        inspector = self.query_one(Inspector)
        self._show_analysis(article_id)
        inspector.show_hits(article, [])
        if self.query_text and self.library.index_ready:
            self.find_hits(article_id, self.query_text)
        if focus_reader:
            self.query_one(ArticleView).focus()

    @on(OptionList.OptionSelected, "#articles")
    def _article_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.open_article(event.option.id, focus_reader=True)

    def _show_analysis(self, article_id: str) -> None:
        """Fill the Claims, Quotes and Entities tabs for the article."""
        inspector = self.query_one(Inspector)
        inspector.show_entities(self.library.entities(article_id))
        self._show_annotations(article_id)

    def _show_annotations(self, article_id: str) -> None:
        """Annotation badges in the reader, the Claims and Quotes tabs, the list and Info."""
        marks = self.library.article_annotations(article_id)
        inspector = self.query_one(Inspector)
        inspector.show_quotes(self.library.quote_rows(article_id))
        inspector.show_claims(self.library.claim_rows(article_id))
        self.query_one(ArticleView).set_annotated(list(marks.verdicts))
        count = marks.count
        self.query_one(ArticleList).set_badge(article_id, f"{count}" if count else None)
        article = self.library.article(article_id)
        book = self.library.annotations
        rows = [("Annotations", f"{count} here, {len(book.annotations)} in {display_location(book.path)}")]
        if marks.orphans:
            rows.append(("Orphans", f"{marks.orphans} annotation(s) whose text is no longer in this article (kept in the file)"))
        if book.error:
            rows.append(("File error", book.error))
        problems = [str(p) for p in self.library.problems]
        inspector.show_article(article, self.library.display_path(article), problems, rows)

    @on(ChoiceList.Chosen)
    def _choice(self, event: ChoiceList.Chosen) -> None:
        reader = self.query_one(ArticleView)
        if event.kind == "hit":
            reader.go_to_hit(event.index)
        elif event.kind == "claim":
            reader.go_to_claim(event.index)
        elif event.kind == "quote" and self.open_article_id:
            quote = self.library.quotes(self.open_article_id)[event.index]
            reader.select(quote.start, quote.end)

    @on(ArticleView.ClaimChanged)
    def _claim_changed(self, event: ArticleView.ClaimChanged) -> None:
        self.query_one(Inspector).highlight_claim(event.index)
        if event.index is not None and self.open_article_id:
            claim = self.library.claim_rows(self.open_article_id)[event.index]
            text = f"claim {event.index + 1}/{event.total} · {claim.attributed_to or 'the outlet'} · {len(claim.corroborated_by)} other outlets"
            if claim.conflicts:
                text += " · ⚠ " + "; ".join(c.line for c in claim.conflicts)
            self._set_status(text)

    @on(EntityList.Chosen)
    def _entity_chosen(self, event: EntityList.Chosen) -> None:
        self.selected_entity = event.name
        reader = self.query_one(ArticleView)
        reader.set_mentions(event.name)
        if event.jump:
            reader.go_to_mention(0)

    @on(ArticleView.MentionChanged)
    def _mention_changed(self, event: ArticleView.MentionChanged) -> None:
        if event.name and event.index is not None:
            self._set_status(f"{event.name}: mention {event.index + 1}/{event.total} · e/E next/previous · f filters the list")
        elif event.name:
            self._set_status(f"{event.name}: {event.total} mention{'s' if event.total != 1 else ''} here · e/E to step · f filters the list")

    @on(ArticleView.HitChanged)
    def _hit_changed(self, event: ArticleView.HitChanged) -> None:
        self.query_one(Inspector).highlight_hit(event.index)
        if event.index is not None:
            self.query_one("#reader").border_subtitle = f"hit {event.index + 1}/{event.total}"
        else:
            self.query_one("#reader").border_subtitle = f"{event.total} hits · n/N" if event.total else ""

    # -- actions ------------------------------------------------------------------------
    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_clear_search(self) -> None:
        """esc: clear the search; with no search, clear the entity filter."""
        search = self.query_one("#search", Input)
        if search.value:
            search.value = ""
        elif self.entity_filter:
            self.entity_filter = None
            self._refresh_list()
        self.query_one(ArticleList).focus()

    def action_next_mention(self) -> None:
        self._step_mention(1)

    def action_previous_mention(self) -> None:
        self._step_mention(-1)

    def _step_mention(self, delta: int) -> None:
        if not self.query_one(ArticleView).step_mention(delta):
            self.bell()
            if not self.selected_entity:
                self._set_status("choose an entity in the inspector's Entities tab first")

    def action_next_claim(self) -> None:
        if not self.query_one(ArticleView).step_claim(1):
            self.bell()

    def action_previous_claim(self) -> None:
        if not self.query_one(ArticleView).step_claim(-1):
            self.bell()

    def action_claims_board(self) -> None:
        if isinstance(self.screen, ClaimsBoard):
            return
        if not self.library.analysed:
            self._set_status("the claims board is ready once analysis has finished")
            self.bell()
            return
        board = self.library.board()
        self.push_screen(ClaimsBoard(list(board.clusters), board.single_claims), self._board_closed)

    def _board_closed(self, chosen: tuple[str, int] | None) -> None:
        if chosen is None:
            return
        article_id, index = chosen
        self.open_article(article_id, focus_reader=True)
        self.query_one(Inspector).tabs.active = "tab-claims"
        self.query_one(ArticleView).go_to_claim(index)

    def action_annotate(self) -> None:
        """Annotate the claim or quote chosen in the reader (``]``/``[``, or the Claims/Quotes tabs)."""
        reader = self.query_one(ArticleView)
        selection = reader.selection
        if selection is None and self.open_article_id and reader.current_hit is not None:
            # No claim chosen, but a search hit is: annotate the sentence around it.
            hit_start, _ = reader.hits[reader.current_hit]
            selection = self.library.sentence_at(self.open_article_id, hit_start)
        if not self.open_article_id or selection is None:
            self.bell()
            self._set_status("choose a claim with ] or [ (or in the Claims/Quotes tab, or a hit with n), then press a")
            return
        article_id = self.open_article_id
        start, end = selection
        kind, speaker = "selection", None
        for claim in self.library.claims(article_id):
            if (claim.start, claim.end) == (start, end):
                kind, speaker = "claim", claim.attributed_to
        for quote in self.library.quotes(article_id):
            if (quote.start, quote.end) == (start, end):
                kind, speaker = "quote", quote.speaker
        existing = next((a for a, p in self.library.placed_annotations(article_id) if p and (p.start, p.end) == (start, end)), None)
        text = self.library.article(article_id).text[start:end]
        screen = AnnotateScreen(
            text, kind,
            verdict=existing.verdict if existing else None,
            note=existing.note if existing else "",
            tags=existing.tags if existing else (),
            speaker=existing.speaker if existing else speaker,
            existing=existing is not None,
            path=display_location(self.library.annotations.path),
        )
        self.push_screen(screen, partial(self._annotation_done, article_id, start, end, kind, existing))

    def _annotation_done(self, article_id, start, end, kind, existing, form: AnnotationForm | None) -> None:
        if form is None:
            return
        if form.delete and existing:
            self.library.delete_annotation(existing.id)
            self.notify("Annotation deleted; press u to undo.")
        elif existing:
            self.library.update_annotation(existing.id, verdict=form.verdict, note=form.note, tags=form.tags, speaker=form.speaker)
        else:
            self.library.annotate(article_id, start, end, kind, form.verdict, form.note, form.tags, form.speaker)
        self._after_annotation_change(article_id)

    def action_undo_delete(self) -> None:
        restored = self.library.undo_delete()
        if restored is None:
            self.bell()
            self._set_status("nothing to undo")
            return
        self.notify(f"Restored the {restored.verdict} annotation.")
        self._after_annotation_change(restored.article)

    def _after_annotation_change(self, article_id: str) -> None:
        if article_id == self.open_article_id:
            self._show_annotations(article_id)
        self.save_annotations()

    @work(thread=True, exclusive=True, group="annotations")
    def save_annotations(self) -> None:
        try:
            report = self.library.save_annotations()
        except (AnnotationFileError, OSError) as exc:
            self.call_from_thread(self._annotations_not_saved, str(exc))
            return
        self.call_from_thread(self._set_status, f"saved {report.saved} annotation(s) to {display_location(report.path)}")

    def _annotations_not_saved(self, message: str) -> None:
        self.notify(f"Annotations NOT saved: {message}", severity="error", timeout=30)
        self._set_status(f"annotations not saved: {message}")

    def action_filter_entity(self) -> None:
        if not self.selected_entity:
            self.bell()
            self._set_status("choose an entity in the inspector's Entities tab first, then press f")
            return
        self.entity_filter = self.selected_entity
        self._filter_ids = set(self.library.articles_mentioning(self.selected_entity))
        self._refresh_list()

    def _panes(self) -> list:
        panes = [self.query_one("#search", Input)]
        articles = self.query_one(ArticleList)
        if articles.display:
            panes.append(articles)
        panes.append(self.query_one(ArticleView))
        inspector = self.query_one(Inspector)
        if inspector.display:
            active = inspector.tabs.active_pane
            if active is not None:
                focusable = [w for w in active.query("*") if w.can_focus]
                panes.append(focusable[0] if focusable else inspector.query_one("Tabs"))
        return panes

    def _cycle_panes(self, step: int) -> None:
        if self.screen is not self.screen_stack[0]:
            # Modal screens (help, palette) keep Textual's own tab behaviour.
            (self.screen.focus_next if step > 0 else self.screen.focus_previous)()
            return
        panes = self._panes()
        current = self.focused
        index = next((i for i, pane in enumerate(panes) if current is not None and (current is pane or pane in current.ancestors)), -1)
        panes[(index + step) % len(panes)].focus()

    def action_next_pane(self) -> None:
        self._cycle_panes(1)

    def action_previous_pane(self) -> None:
        self._cycle_panes(-1)

    def action_toggle_inspector(self) -> None:
        # Wide terminals show the inspector unless closed; narrow ones hide it
        # unless opened, and then it takes the article list's place.
        if self.screen.has_class("-narrow"):
            self.screen.toggle_class("-inspector-open")
        else:
            self.screen.toggle_class("-inspector-closed")

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        reader = self.query_one(ArticleView)
        legend = [(kind, reader.entity_style(kind)) for kind in ENTITY_ORDER]
        self.push_screen(HelpScreen(binding_rows(self.binding_scopes(), self.settings.keymap), legend))

    def binding_scopes(self) -> Iterable[tuple[str, Iterable[Binding]]]:
        return [
            ("anywhere", self.BINDINGS),
            ("article list", ArticleList.BINDINGS),
            ("reader", ArticleView.BINDINGS),
            ("claims tab", ClaimList.BINDINGS),
            ("quotes tab", QuoteList.BINDINGS),
            ("entities tab", EntityList.BINDINGS),
            ("hits tab", HitList.BINDINGS),
            ("claims board", ClaimsBoard.BINDINGS),
            ("annotation dialog", [*AnnotateScreen.BINDINGS, *VerdictList.BINDINGS]),
            ("help", HelpScreen.BINDINGS),
        ]

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Search", "Focus the search box (/)", self.action_focus_search)
        yield SystemCommand("Clear search", "Show every article again (esc)", self.action_clear_search)
        yield SystemCommand("Toggle inspector", "Show or hide the inspector pane (i)", self.action_toggle_inspector)
        yield SystemCommand("Claims board", "Claims several outlets make, with conflicts (c)", self.action_claims_board)
        yield SystemCommand("Help", "Every key binding and the search syntax (?)", self.action_help)
        for article in self.library.articles:
            label = f"Open: {article.title}"
            detail = " · ".join(x for x in (article.date_text, article.source, article.id) if x)
            yield SystemCommand(label, detail, partial(self.open_article, article.id, True), discover=False)

    # -- status ----------------------------------------------------------------
    def _set_status(self, message: str) -> None:
        self.query_one("#status", Static).update(Text(message))
