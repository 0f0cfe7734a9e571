"""Reading: opening an article, following the reader's cursors, the inspector's choices and the panes."""

from __future__ import annotations

from textual.widgets import Input

from .article_list import ArticleList
from .frames import hold_frames
from .inspector import Inspector
from .reader import ArticleView
from .views.base import ANALYSIS, ARTICLE, ChoiceList
from .views.claims import ClaimsView
from .views.hits import HitsView


READER_WIDTH = 5  # the reader's share of the panes, against 2 for the list and 3 for the inspector
READER_WIDTHS = range(2, 13)  # what - and + can choose from


class ReadingFlow:
    def __init__(self, app) -> None:
        self.app = app
        self.library = app.library
        self.selected_entity: str | None = None  # highlighted in the Entities tab
        self._opened = False  # an article has been opened

    @property
    def reader(self) -> ArticleView:
        return self.app.query_one(ArticleView)

    @property
    def inspector(self) -> Inspector:
        return self.app.query_one(Inspector)

    def open_article(self, article_id: str, focus_reader: bool = False) -> None:
        app = self.app
        article = self.library.article(article_id)
        if self._opened:  # (the article opened as the app starts is in its first frame, never held)
            hold_frames(app)  # drawn once, when the reader, the inspector and the focus have all moved
        self._opened = True
        app.open_article_id = article_id
        claims = [(c.start, c.end) for c in self.library.claims(article_id)]
        self.reader.show(article, entities=self.library.entities(article_id), claims=claims)
        if self.selected_entity:
            self.reader.set_mentions(self.selected_entity)  # keep following the entity across articles
        app.annotating.check_file()
        self.inspector.update(ARTICLE, app.view_context())
        app.annotating.show_marks(article_id)
        app.searching.find_hits(article_id)
        if focus_reader:
            self.reader.focus()

    def analysis_arrived(self) -> None:
        """Indexing finished: entities and claims reach the reader and the inspector."""
        article_id = self.app.open_article_id
        if article_id:
            claims = self.library.claims(article_id)
            self.reader.set_entities(self.library.entities(article_id), [(c.start, c.end) for c in claims])
            self.inspector.update(ANALYSIS, self.app.view_context(self.reader.hits))
            self.app.annotating.show_marks(article_id)

    # -- the inspector's lists and the reader's cursors ----------------------------------------
    def choice(self, event: ChoiceList.Chosen) -> None:
        if event.kind == "hit":
            self.reader.go_to_hit(event.index)
        elif event.kind == "claim":
            self.reader.go_to_claim(event.index)
        elif event.kind == "quote" and self.app.open_article_id:
            quote = self.library.quotes(self.app.open_article_id)[event.index]
            self.reader.select(quote.start, quote.end)
        elif event.kind in ("outlet", "annotation"):
            self.app.browsing.choice(event)

    def claim_changed(self, index: int | None, total: int) -> None:
        self.inspector.highlight(ClaimsView, index)
        if index is not None and self.app.open_article_id:
            claim = self.library.claim_row(self.app.open_article_id, index)
            text = f"claim {index + 1}/{total} · {claim.attributed_to or 'the outlet'} · {claim.corroboration}"
            if claim.conflicts:
                text += " · ⚠ " + "; ".join(c.line for c in claim.conflicts)
            self.app.set_status(text)

    def entity_chosen(self, name: str, jump: bool) -> None:
        self.selected_entity = name
        self.reader.set_mentions(name)
        if jump:
            self.reader.go_to_mention(0)

    def mention_changed(self, name: str | None, index: int | None, total: int) -> None:
        if name and index is not None:
            self.app.set_status(f"{name}: mention {index + 1}/{total} · e/E next/previous · f filters the list")
        elif name:
            self.app.set_status(f"{name}: {total} mention{'s' if total != 1 else ''} here · e/E to step · f filters the list")

    def hit_changed(self, index: int | None, total: int) -> None:
        self.inspector.highlight(HitsView, index)
        if index is not None:
            self.reader.border_subtitle = f"hit {index + 1}/{total}"
        else:
            self.reader.border_subtitle = f"{total} hits · n/N" if total else ""

    def step_mention(self, delta: int) -> None:
        if not self.reader.step_mention(delta):
            self.app.bell()
            if not self.selected_entity:
                self.app.set_status("choose an entity in the inspector's Entities tab first")

    def step_claim(self, delta: int) -> None:
        if not self.reader.step_claim(delta):
            self.app.bell()

    def filter_entity(self) -> None:
        if not self.selected_entity:
            self.app.bell()
            self.app.set_status("choose an entity in the inspector's Entities tab first, then press f")
            return
        self.app.searching.filter_by(self.selected_entity)

    # -- panes ----------------------------------------------------------------------------------
    def _panes(self) -> list:
        panes = [self.app.query_one("#search", Input)]
        articles = self.app.query_one(ArticleList)
        if articles.display:
            panes.append(articles)
        panes.append(self.reader)
        inspector = self.inspector
        if inspector.display:
            active = inspector.tabs.active_pane
            if active is not None:
                focusable = [w for w in active.query("*") if w.can_focus]
                panes.append(focusable[0] if focusable else inspector.query_one("Tabs"))
        return panes

    def cycle_panes(self, step: int) -> None:
        app = self.app
        if app.screen is not app.screen_stack[0]:
            # Modal screens (help, palette) keep Textual's own tab behaviour.
            (app.screen.focus_next if step > 0 else app.screen.focus_previous)()
            return
        panes = self._panes()
        current = app.focused
        index = next((i for i, pane in enumerate(panes) if current is not None and (current is pane or pane in current.ancestors)), -1)
        panes[(index + step) % len(panes)].focus()

    def show_view(self, name: str) -> None:
        """Show the inspector (taking the list's place in narrow terminals) at view ``name``."""
        screen = self.app.screen
        if screen is not self.app.screen_stack[0]:
            return
        if screen.has_class("-narrow"):
            screen.add_class("-inspector-open")
        else:
            screen.remove_class("-inspector-closed")
        self.inspector.show(name)

    @property
    def reader_width(self) -> int:
        chosen = self.app.settings.reader_width
        return min(max(chosen, READER_WIDTHS[0]), READER_WIDTHS[-1]) if chosen else READER_WIDTH

    def apply_reader_width(self) -> None:
        self.reader.styles.width = f"{self.reader_width}fr"

    def resize_reader(self, delta: int) -> None:
        """-/+: narrower or wider reader; the choice is saved to config.yaml."""
        width = self.reader_width + delta
        if width not in READER_WIDTHS:
            self.app.bell()
            return
        self.app.remember("reader_width", width)
        self.apply_reader_width()
        self.app.set_status(f"reader width {width} (list 2, inspector 3) · - narrower, + wider · saved")

    def toggle_inspector(self) -> None:
        # Wide terminals show the inspector unless closed; narrow ones hide it
        # unless opened, and then it takes the article list's place.
        screen = self.app.screen
        if screen.has_class("-narrow"):
            screen.toggle_class("-inspector-open")
        else:
            screen.toggle_class("-inspector-closed")
