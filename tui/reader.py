"""The reader pane: one article, wrapped, with entities, search hits and boilerplate marked.

Like toolong, it draws only the lines on screen (``render_line``), so a very
long article costs no more to scroll than a short one. Every screen line keeps
the text offset it starts at, so "go to offset" is a binary search.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from search import ENTITY_TYPES, Article, Entity

from .wrap import wrap_offsets


@dataclass(frozen=True)
class _Line:
    text: Text
    start: int | None  # offset into article.text, None for title/metadata lines


ENTITY_CLASSES = {kind: f"article-view--{kind.lower()}" for kind in ENTITY_TYPES}


@dataclass
class SpanCursor:
    """Marked spans (search hits, or mentions of one entity) and which is current."""

    spans: list[tuple[int, int]] = field(default_factory=list)
    current: int | None = None

    def reset(self, spans: list[tuple[int, int]] | None = None) -> None:
        self.spans = sorted(spans or [])
        self.current = None

    def step(self, delta: int, from_offset: int) -> int | None:
        """Move to the next (+1) or previous (-1) span; the first move starts from ``from_offset``."""
        if not self.spans:
            return None
        if self.current is None:
            if delta > 0:
                following = [i for i, (start, _) in enumerate(self.spans) if start >= from_offset]
                self.current = following[0] if following else 0
            else:
                self.current = len(self.spans) - 1
        else:
            self.current = (self.current + delta) % len(self.spans)
        return self.current


class ArticleView(ScrollView, can_focus=True):
    """Shows one article; ``n``/``N`` step through search hits, ``e``/``E`` through
    the mentions of the chosen entity."""

    COMPONENT_CLASSES = {
        "article-view--title",
        "article-view--meta",
        "article-view--hit",
        "article-view--current-hit",
        "article-view--mention",
        "article-view--selection",
        "article-view--annotated",
        "article-view--boilerplate",
        *ENTITY_CLASSES.values(),
    }

    BINDINGS = [
        Binding("j,down", "scroll_down", "Down", show=False, id="reader.down"),
        Binding("k,up", "scroll_up", "Up", show=False, id="reader.up"),
        Binding("g,home", "scroll_home", "Top", show=False, id="reader.top"),
        Binding("G,end", "scroll_end", "Bottom", show=False, id="reader.bottom"),
        Binding("space,pagedown", "page_down", "Page down", show=False, id="reader.page_down"),
        Binding("b,pageup", "page_up", "Page up", show=False, id="reader.page_up"),
        Binding("n", "next_hit", "Next hit", id="reader.next_hit"),
        Binding("N", "previous_hit", "Prev hit", id="reader.previous_hit"),
    ]

    class HitChanged(Message):
        """The current search hit changed (``index`` is None when there is none)."""

        def __init__(self, index: int | None, total: int) -> None:
            super().__init__()
            self.index = index
            self.total = total

    class ClaimChanged(Message):
        """The current claim changed (``]``/``[``)."""

        def __init__(self, index: int | None, total: int) -> None:
            super().__init__()
            self.index = index
            self.total = total

    class MentionChanged(Message):
        """The current mention of the chosen entity changed."""

        def __init__(self, name: str | None, index: int | None, total: int) -> None:
            super().__init__()
            self.name = name
            self.index = index
            self.total = total

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article: Article | None = None
        self.entities: tuple[Entity, ...] = ()
        self.mention_name: str | None = None
        self._hits = SpanCursor()
        self._mentions = SpanCursor()
        self._claims = SpanCursor()  # only the current claim is drawn
        self.selection: tuple[int, int] | None = None  # a chosen quote or claim
        self.annotated: list[tuple[int, int]] = []  # spans that carry an annotation
        self._lines: list[_Line] = []
        self._starts: list[int] = []  # start offsets of body lines, for bisect
        self._first_body_line = 0
        self._laid_out_width = 0

    # -- public API -----------------------------------------------------------
    @property
    def hits(self) -> list[tuple[int, int]]:
        return self._hits.spans

    @property
    def current_hit(self) -> int | None:
        return self._hits.current

    @property
    def mentions(self) -> list[tuple[int, int]]:
        return self._mentions.spans

    @property
    def current_mention(self) -> int | None:
        return self._mentions.current

    @property
    def current_claim(self) -> int | None:
        return self._claims.current

    def show(
        self,
        article: Article | None,
        hits: list[tuple[int, int]] | None = None,
        entities: tuple[Entity, ...] = (),
        claims: list[tuple[int, int]] | None = None,
    ) -> None:
        self.article = article
        self.entities = entities
        self.selection = None
        self._claims.reset(claims)
        self._hits.reset(hits)
        self.mention_name = None
        self._mentions.reset()
        self._layout()
        self.scroll_to(y=0, animate=False)
        self.post_message(self.HitChanged(None, len(self.hits)))
        self.post_message(self.MentionChanged(None, None, 0))

    def set_hits(self, hits: list[tuple[int, int]]) -> None:
        self._hits.reset(hits)
        self._layout()
        self.post_message(self.HitChanged(None, len(self.hits)))

    def set_entities(self, entities: tuple[Entity, ...], claims: list[tuple[int, int]] | None = None) -> None:
        """Analysis arrived: redraw in place, keeping the scroll position."""
        self.entities = entities
        self._claims.reset(claims)
        self._layout()

    def set_annotated(self, spans: list[tuple[int, int]]) -> None:
        self.annotated = sorted(spans)
        self._layout()

    def select(self, start: int, end: int) -> None:
        """Mark one span (a quote or claim chosen in the inspector) and scroll to it."""
        self.selection = (start, end)
        self._layout()
        self.scroll_to_offset(start)

    def step_claim(self, delta: int) -> bool:
        """Next (+1) or previous (-1) claim; False when the article has none."""
        return self._step(self._claims, delta, self.go_to_claim)

    def go_to_claim(self, index: int) -> None:
        if self._claims.spans:
            self.selection = self._claims.spans[index % len(self._claims.spans)]
        if self._move(self._claims, index):
            self.post_message(self.ClaimChanged(self._claims.current, len(self._claims.spans)))

    def set_mentions(self, name: str | None) -> None:
        """Mark every mention of the entity with canonical ``name`` (None clears)."""
        self.mention_name = name
        self._mentions.reset([(e.start, e.end) for e in self.entities if name is not None and e.canonical == name])
        self._layout()
        self.post_message(self.MentionChanged(name, None, len(self.mentions)))

    def go_to_hit(self, index: int) -> None:
        if self._move(self._hits, index):
            self.post_message(self.HitChanged(self.current_hit, len(self.hits)))

    def go_to_mention(self, index: int) -> None:
        if self._move(self._mentions, index):
            self.post_message(self.MentionChanged(self.mention_name, self.current_mention, len(self.mentions)))

    def step_mention(self, delta: int) -> bool:
        """Next (+1) or previous (-1) mention; False when there is nothing to step to."""
        return self._step(self._mentions, delta, self.go_to_mention)

    def _step(self, cursor: SpanCursor, delta: int, go) -> bool:
        index = cursor.step(delta, self._offset_at_top())
        if index is None:
            return False
        go(index)
        return True

    def _move(self, cursor: SpanCursor, index: int) -> bool:
        """Make span ``index`` of ``cursor`` current, redraw and scroll to it."""
        if not cursor.spans:
            return False
        cursor.current = index % len(cursor.spans)
        self._layout()
        self.scroll_to_offset(cursor.spans[cursor.current][0])
        return True

    def scroll_to_offset(self, offset: int) -> None:
        """Scroll so the line holding text ``offset`` sits a third of the way down."""
        line = self.line_of_offset(offset)
        self.scroll_to(y=max(0, line - self.size.height // 3), animate=False)

    def line_of_offset(self, offset: int) -> int:
        if not self._starts:
            return 0
        index = max(0, bisect.bisect_right(self._starts, offset) - 1)
        return self._first_body_line + index

    @property
    def line_count(self) -> int:
        return len(self._lines)

    def line_text(self, y: int) -> str:
        """Plain text of screen line ``y`` of the laid-out article (for tests and copy)."""
        return self._lines[y].text.plain if 0 <= y < len(self._lines) else ""

    # -- actions ----------------------------------------------------------------
    def action_next_hit(self) -> None:
        self._step_hit(1)

    def action_previous_hit(self) -> None:
        self._step_hit(-1)

    def _step_hit(self, delta: int) -> None:
        if not self._step(self._hits, delta, self.go_to_hit):
            self.app.bell()

    # -- layout and drawing -----------------------------------------------------------
    def on_resize(self) -> None:
        if self._content_width() != self._laid_out_width:
            self._layout()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._layout()

    def _content_width(self) -> int:
        return max(10, self.scrollable_content_region.width or self.size.width)

    def _offset_at_top(self) -> int:
        top = int(self.scroll_offset.y)
        for line in self._lines[top:]:
            if line.start is not None:
                return line.start
        return 0

    def _layout(self) -> None:
        width = self._content_width()
        self._laid_out_width = width
        self._lines = []
        self._starts = []
        article = self.article
        if article is None:
            self._lines.append(_Line(Text("No article open.", style="dim"), None))
            self.virtual_size = Size(width, 1)
            self.refresh()
            return
        title_style = self.get_component_rich_style("article-view--title")
        meta_style = self.get_component_rich_style("article-view--meta")
        for start, end in wrap_offsets(article.title, width):
            self._lines.append(_Line(Text(article.title[start:end], style=title_style), None))
        meta = " · ".join(x for x in (article.date_text or "undated", article.source or "source unknown", article.id) if x)
        for start, end in wrap_offsets(meta, width):
            self._lines.append(_Line(Text(meta[start:end], style=meta_style), None))
        self._lines.append(_Line(Text(""), None))
        self._first_body_line = len(self._lines)
        body = self._styled_body(article)
        paragraph_start = 0
        for paragraph in article.text.split("\n"):
            offsets = wrap_offsets(paragraph, width)
            pieces = body[paragraph_start:paragraph_start + len(paragraph)].divide(
                [end for _, end in offsets[:-1]]
            ) if paragraph else [Text("")]
            for (start, _), piece in zip(offsets, pieces):
                self._lines.append(_Line(piece, paragraph_start + start))
                self._starts.append(paragraph_start + start)
            paragraph_start += len(paragraph) + 1
        self.virtual_size = Size(width, len(self._lines))
        self.refresh()

    def _styled_body(self, article: Article) -> Text:
        # Text(...) never parses markup: article text is data. Later layers
        # win: entities, then boilerplate, then mentions and hits on top.
        body = Text(article.text)
        styles = {kind: self.get_component_rich_style(name) for kind, name in ENTITY_CLASSES.items()}
        for entity in self.entities:
            body.stylize(styles[entity.type], entity.start, entity.end)
        boilerplate = self.get_component_rich_style("article-view--boilerplate")
        for start, end in article.boilerplate:
            body.stylize(boilerplate, start, end)
        annotated = self.get_component_rich_style("article-view--annotated")
        for start, end in self.annotated:
            body.stylize(annotated, start, end)
        if self.selection:
            body.stylize(self.get_component_rich_style("article-view--selection"), *self.selection)
        current = self.get_component_rich_style("article-view--current-hit")
        for cursor, style_name in ((self._mentions, "article-view--mention"), (self._hits, "article-view--hit")):
            style = self.get_component_rich_style(style_name)
            for index, (start, end) in enumerate(cursor.spans):
                body.stylize(current if index == cursor.current else style, start, end)
        return body

    def entity_style(self, kind: str) -> Style:
        """The style entities of ``kind`` are drawn in (for the help's legend)."""
        return self.get_component_rich_style(ENTITY_CLASSES[kind])

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width or self.size.width
        base = self.rich_style
        if index >= len(self._lines):
            return Strip.blank(width, base)
        line = self._lines[index].text
        segments = [Segment(seg.text, base + seg.style if seg.style else base) for seg in line.render(self.app.console) if seg.text != "\n"]
        return Strip(segments, line.cell_len).crop_extend(scroll_x, scroll_x + width, base)

    def offset_style(self, offset: int) -> Style | None:
        """Style applied at a text offset (used by tests to see what is marked)."""
        line = self.line_of_offset(offset)
        if not self._starts or line >= len(self._lines):
            return None
        entry = self._lines[line]
        relative = offset - (entry.start or 0)
        return entry.text.get_style_at_offset(self.app.console, relative)
