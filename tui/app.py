"""The newsdesk Textual app: composes the panes, routes events to the flows, runs the index worker.

The work itself lives in focused modules: ``search_flow`` (search box, list,
hits), ``reading`` (opening articles, cursors, panes), ``annotation_flow``
(the dialog, saving, external edits, quitting), ``board_flow`` (the claims
board) and the inspector's views (``tui/views/``). Slow work runs in thread
workers that post messages (``tui/messages.py``); an exception in a worker or
a view becomes a notice with a pointer to the log file (``tui/guard.py``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from rich.text import Text
from textual import events, on
from textual.app import App, ComposeResult, SystemCommand
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Input, OptionList, ProgressBar, Static
from textual.worker import Worker, WorkerState

from search import Library

from . import heap, messages
from .annotation_flow import AnnotationFlow
from .article_list import ArticleList
from .bindings import binding_scopes
from .board_flow import BoardFlow
from .clipboard import CitingFlow
from .browse_flow import BrowseFlow
from .commands import palette_commands
from .config import Settings, load_settings, save_setting
from .export_flow import ExportFlow
from .feeds_flow import FeedsFlow
from .footer import Footer
from .frames import MainScreen
from .guard import report
from .help import HelpScreen, binding_rows
from .index_flow import IndexFlow
from .inspector import Inspector
from .metadata_flow import MetadataFlow
from .keys import APP_BINDINGS
from .reader import ArticleView
from .reading import ReadingFlow
from .search_box import SearchBox
from .search_flow import SearchFlow
from .story_flow import StoryFlow
from .views import ViewContext
from .views.base import ChoiceList
from .views.entities import ENTITY_ORDER, EntityList


@messages.route_messages
class NewsdeskApp(App[None]):
    TITLE = "newsdesk"
    CSS_PATH = Path(__file__).parent / "newsdesk.tcss"  # absolute: subclasses may live anywhere
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    BINDINGS = APP_BINDINGS

    def __init__(self, library: Library, settings: Settings | None = None) -> None:
        super().__init__()
        self.library = library
        self.settings = settings or load_settings()
        self.open_article_id: str | None = None
        self.searching = SearchFlow(self)
        self.reading = ReadingFlow(self)
        self.annotating = AnnotationFlow(self)
        self.board = BoardFlow(self)
        self.indexing = IndexFlow(self)
        self.feeds = FeedsFlow(self)
        self.exporting = ExportFlow(self)
        self.citing = CitingFlow(self)
        self.browsing = BrowseFlow(self)  # the list's sort and filters, the Outlets and Annotations views
        self.correcting = MetadataFlow(self)  # correcting an article's title, outlet or date
        self.stories = StoryFlow(self)
        self.collector = heap.IdleCollector()  # full garbage collections between keys, not on them
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)

    def get_default_screen(self) -> Screen:
        return MainScreen(id="_default")

    def compose(self) -> ComposeResult:
        yield SearchBox(placeholder=self.library.search_placeholder(), id="search")
        with Horizontal(id="panes"):
            yield ArticleList(id="articles")
            yield ArticleView(id="reader")
            yield Inspector(id="inspector")
        with Horizontal(id="statusbar"):
            yield Static(id="status", markup=False)
            yield ProgressBar(id="index-progress", show_eta=False)
        yield Footer(compact=True, show_command_palette=False)  # ctrl+p is in help; 80 columns keep i, ? and q

    def on_mount(self) -> None:
        if self.settings.theme:
            if self.settings.theme in self.available_themes:
                self.theme = self.settings.theme
            else:
                self.notify(f"Unknown theme {self.settings.theme!r} in {self.settings.path}; using the default.", severity="warning")
        self.reading.apply_reader_width()
        self.query_one("#articles").border_title = "Articles"
        self.query_one("#reader").border_title = "Reader"
        articles = self.query_one(ArticleList)
        articles.show_articles(self.library.articles)
        articles.focus()
        if self.library.articles:
            self.open_article(self.library.articles[0].id)
        skipped = self.skipped_files()
        if skipped:
            self.notify(f"{len(skipped)} file(s) or line(s) could not be loaded; see the Info tab.", severity="warning")
        if self.settings.problem:
            self.notify(self.settings.problem, severity="warning")
        if self.library.annotations.error:
            error = self.library.annotations.error
            self.notify(f"Annotations file cannot be read and will not be overwritten: {error}", severity="error", timeout=30)
        self.indexing.start()
        heap.settle()  # the corpus and the widgets are the app's long-lived heap
        self.collector.start(self)

    def watch_theme(self, theme: str) -> None:
        """A theme chosen in the app (the palette's "Change theme") is remembered."""
        self.remember("theme", theme)

    def remember(self, key: str, value: str | int) -> None:
        """Save a setting chosen in the app to config.yaml, unless it is already there."""
        if not self.is_mounted or getattr(self.settings, key, None) == value:
            return
        setattr(self.settings, key, value)
        problem = save_setting(self.settings.path, key, value)
        if problem:
            self.notify(problem, severity="warning")

    # -- shared state and helpers for the flows ----------------------------------------------
    @property
    def query_text(self) -> str:
        return self.searching.query_text

    @property
    def selected_entity(self) -> str | None:
        return self.reading.selected_entity

    def view_context(self, hits: list[tuple[int, int]] | None = None) -> ViewContext:
        article = self.library.article(self.open_article_id) if self.open_article_id else None
        return ViewContext(self.library, article, list(hits or []))

    def open_article(self, article_id: str, focus_reader: bool = False) -> None:
        self.reading.open_article(article_id, focus_reader)

    def skipped_files(self) -> list:
        """Load problems that kept a file (or a line of one) out; notes are not counted."""
        return [p for p in self.library.problems if not getattr(p, "note", False)]

    def corpus_status(self) -> str:
        """``5 articles``, and how many files were skipped, for the start of the status bar."""
        text = f"{len(self.library.articles)} articles"
        skipped = self.skipped_files()
        if skipped:
            what = "line" if any(p.line for p in skipped) else "file"
            text += f" · {len(skipped)} {what}{'s' if len(skipped) != 1 else ''} skipped (i for details)"
        return text

    def set_status(self, message: str) -> None:
        # On the main screen even while a dialog is open; nothing once the app is closing.
        if self.screen_stack:
            for status in self.screen_stack[0].query("#status").results(Static):
                # No layout: the line's size is the status bar's (one row, the width
                # left of the progress bar) whatever it says, and a layout of the whole
                # screen on every claim, hit or mention step is what it would cost.
                status.update(Text(message), layout=False)

    # -- routing: worker messages go to their flows (messages.route_messages); widget events here
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            report(self, event.worker.error, f"background work ({event.worker.group})")

    def on_app_focus(self, event: events.AppFocus) -> None:
        self.annotating.check_file()

    @on(Input.Changed, "#search")
    def _query_changed(self, event: Input.Changed) -> None:
        self.searching.query_changed(event.value)

    @on(Input.Submitted, "#search")
    def _query_submitted(self, event: Input.Submitted) -> None:
        self.searching.query_submitted()

    @on(OptionList.OptionSelected, "#articles")
    def _article_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.open_article(event.option.id, focus_reader=True)

    @on(ChoiceList.Chosen)
    def _choice(self, event: ChoiceList.Chosen) -> None:
        self.reading.choice(event)

    @on(EntityList.Chosen)
    def _entity_chosen(self, event: EntityList.Chosen) -> None:
        self.reading.entity_chosen(event.name, event.jump)

    @on(ArticleView.ClaimChanged)
    def _claim_changed(self, event: ArticleView.ClaimChanged) -> None:
        self.reading.claim_changed(event.index, event.total)

    @on(ArticleView.MentionChanged)
    def _mention_changed(self, event: ArticleView.MentionChanged) -> None:
        self.reading.mention_changed(event.name, event.index, event.total)

    @on(ArticleView.HitChanged)
    def _hit_changed(self, event: ArticleView.HitChanged) -> None:
        self.reading.hit_changed(event.index, event.total)

    # -- actions: most keys call a flow directly (tui/keys.py) ------------------------------------
    def action_flow(self, target: str, *args) -> None:
        """``flow('reading.step_mention', 1)`` calls ``self.reading.step_mention(1)``."""
        flow, method = target.split(".")
        getattr(getattr(self, flow), method)(*args)

    async def action_quit(self) -> None:
        self.annotating.quit()

    def exit(self, *args, **kwargs) -> None:
        self.indexing.cancel.set()  # analysis stops between batches; the next start resumes
        super().exit(*args, **kwargs)

    def on_unmount(self) -> None:
        """However the app ends (an error, a signal, a test's end: Textual then shuts
        down without ``exit``), analysis stops between batches, as on quitting,
        instead of running on to the end of the corpus before the process can end."""
        self.indexing.cancel.set()
        self.collector.stop()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            self.collector.key()
        await super().on_event(event)

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        reader = self.query_one(ArticleView)
        legend = [(kind, reader.entity_style(kind)) for kind in ENTITY_ORDER]
        self.push_screen(HelpScreen(binding_rows(binding_scopes(self), self.settings.keymap), legend))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield from palette_commands(self)
