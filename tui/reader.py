"""The reader pane: one article, wrapped, with entities, search hits and boilerplate marked.

Like toolong, it draws only the lines on screen (``render_line``), so a very
long article costs no more to scroll than a short one. Every screen line keeps
the text offset it starts at, so "go to offset" is a binary search.

Wrapping is done once per article and width; styling is a stack of span
layers (entities, boilerplate, annotations, the selection, mentions, hits),
and each drawn line is cached with the spans that styled it. Pressing
``n``/``e``/``]`` only swaps a span's style, so only the lines it touches are
styled again, and scrolling reuses the cached lines.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.actions import SkipAction
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from search import ENTITY_TYPES, Article, Entity

from .bindings import HelpScoped
from .wrap import wrap_offsets


@dataclass(frozen=True)
class _Line:
    start: int | None  # offset into article.text; None for the title, metadata and blank lines
    end: int
    header: str = ""  # for header lines: their plain text
    kind: str = ""  # for header lines: "title", "meta" or "" (blank)


@dataclass
class _Layer:
    """Styled spans (start, end, style name), sorted by start, drawn in their original order."""

    spans: list[tuple[int, int, int, str]]  # (start, end, original position, component class)
    starts: list[int]
    longest: int

    @classmethod
    def of(cls, spans: list[tuple[int, int, str]]) -> "_Layer":
        ordered = sorted(((start, end, order, style) for order, (start, end, style) in enumerate(spans) if end > start))
        return cls(ordered, [span[0] for span in ordered], max((e - s for s, e, _, _ in ordered), default=0))

    def within(self, start: int, end: int) -> list[tuple[int, int, int, str]]:
        """Spans overlapping [start, end), in their original order."""
        low = bisect.bisect_left(self.starts, start - self.longest)
        high = bisect.bisect_left(self.starts, end)
        return sorted((s for s in self.spans[low:high] if s[1] > start), key=lambda span: span[2])


MARK_GUTTER = 2  # columns at the right of the reader for ✎ (an annotation starts on this line)

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


class ArticleView(HelpScoped, ScrollView, can_focus=True):
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
        "article-view--annotation-mark",
        "article-view--boilerplate",
        *ENTITY_CLASSES.values(),
    }

    HELP_SCOPE = "reader"
    BINDINGS = [
        Binding("j,down", "scroll_down", "Down", show=False, id="reader.down"),
        Binding("k,up", "scroll_up", "Up", show=False, id="reader.up"),
        Binding("g,home", "scroll_home", "Top", show=False, id="reader.top"),
        Binding("G,end", "scroll_end", "Bottom", show=False, id="reader.bottom"),
        Binding("space,pagedown", "page_down", "Page down", show=False, id="reader.page_down"),
        Binding("b,pageup", "page_up", "Page up", show=False, id="reader.page_up"),
        Binding("n", "next_hit", "Next hit", show=False, id="reader.next_hit"),  # the border says "n/N" when there are hits
        Binding("N", "previous_hit", "Prev hit", show=False, id="reader.previous_hit"),
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
        # Wrapping is kept per width for the open article; styling is kept per
        # screen line with the spans that styled it, so a change (the next hit,
        # another mention) redraws only the lines whose spans changed.
        self._wrapped: dict[int, tuple[list[_Line], list[int], int]] = {}
        self._layers: list[_Layer] = []
        self._styles: dict[str, Style] = {}
        self._strips: dict[int, tuple[tuple, Strip]] = {}
        # The spans over each body line, kept until the layers change: scrolling
        # then only looks up what each line needs instead of searching the layers.
        self._signatures: dict[int, tuple] = {}
        self._frame: tuple[Style, int] | None = None  # (base style, width) for the lines of one render pass

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
        self._wrapped.clear()
        self._rewrap()
        self.scroll_to(y=0, animate=False, immediate=True)  # in the frame that shows the article, not the one after
        self.post_message(self.HitChanged(None, len(self.hits)))
        self.post_message(self.MentionChanged(None, None, 0))

    def set_hits(self, hits: list[tuple[int, int]]) -> None:
        self._hits.reset(hits)
        self._restyle()
        self.post_message(self.HitChanged(None, len(self.hits)))

    def set_entities(self, entities: tuple[Entity, ...], claims: list[tuple[int, int]] | None = None) -> None:
        """Analysis arrived: redraw in place, keeping the scroll position."""
        self.entities = entities
        self._claims.reset(claims)
        self._restyle()

    def set_annotated(self, spans: list[tuple[int, int]]) -> None:
        self.annotated = sorted(spans)
        self._restyle()

    def select(self, start: int, end: int) -> None:
        """Mark one span (a quote or claim chosen in the inspector) and scroll to it."""
        self.selection = (start, end)
        self._restyle()
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
        self._restyle()
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
        self._restyle()
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
        if not 0 <= y < len(self._lines):
            return ""
        line = self._lines[y]
        return line.header if line.start is None else self.article.text[line.start:line.end]

    # -- actions ----------------------------------------------------------------
    def action_scroll_down(self) -> None:
        self._scroll_lines(1)

    def action_scroll_up(self) -> None:
        self._scroll_lines(-1)

    def _scroll_lines(self, delta: int) -> None:
        """j/k: one line, drawn in the next frame. (Textual's default animates a
        line over about 20 ms: the key's frame still showed the old position, and
        each frame of the animation drew the whole pane again.)"""
        if not self.allow_vertical_scroll:
            raise SkipAction()
        self.scroll_to(y=self.scroll_target_y + delta, animate=False, immediate=True)

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
            self._rewrap()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._strips.clear()
        self.refresh()

    def _content_width(self) -> int:
        """The wrapping width: the pane less a two-column gutter for the ✎ marks."""
        return max(10, (self.scrollable_content_region.width or self.size.width) - MARK_GUTTER)

    def _marked(self, line: _Line) -> bool:
        """Whether an annotated span starts on this body line (it gets a ✎ in the gutter)."""
        index = bisect.bisect_left(self.annotated, (line.start, -1))
        return index < len(self.annotated) and self.annotated[index][0] < max(line.end, line.start + 1)

    def _offset_at_top(self) -> int:
        top = int(self.scroll_offset.y)
        for line in self._lines[top:]:
            if line.start is not None:
                return line.start
        return 0

    def _rewrap(self) -> None:
        """Lay the article out at the current width (wrapped once per width, then reused)."""
        width = self._content_width()
        self._laid_out_width = width
        if width not in self._wrapped:
            self._wrapped[width] = self._wrap(width)
        self._lines, self._starts, self._first_body_line = self._wrapped[width]
        self._strips.clear()
        self.virtual_size = Size(width, len(self._lines))
        self._restyle()

    def _wrap(self, width: int) -> tuple[list[_Line], list[int], int]:
        article = self.article
        if article is None:
            return [_Line(None, 0, "No article open.", "empty")], [], 0
        lines: list[_Line] = []
        for start, end in wrap_offsets(article.title, width):
            lines.append(_Line(None, 0, article.title[start:end], "title"))
        meta = " · ".join(x for x in (article.date_text or "undated", article.source or "source unknown", article.id) if x)
        for start, end in wrap_offsets(meta, width):
            lines.append(_Line(None, 0, meta[start:end], "meta"))
        lines.append(_Line(None, 0))
        first_body = len(lines)
        starts: list[int] = []
        paragraph_start = 0
        for paragraph in article.text.split("\n"):
            for start, end in wrap_offsets(paragraph, width):
                lines.append(_Line(paragraph_start + start, paragraph_start + end))
                starts.append(paragraph_start + start)
            paragraph_start += len(paragraph) + 1
        return lines, starts, first_body

    def _restyle(self) -> None:
        """The spans to draw changed: rebuild the layers; lines redraw when next shown."""
        # Text(...) never parses markup: article text is data. Later layers
        # win: entities, then boilerplate, then mentions and hits on top.
        article = self.article
        layers: list[list[tuple[int, int, str]]] = []
        if article is not None:
            layers.append([(e.start, e.end, ENTITY_CLASSES[e.type]) for e in self.entities])
            layers.append([(start, end, "article-view--boilerplate") for start, end in article.boilerplate])
            layers.append([(start, end, "article-view--annotated") for start, end in self.annotated])
            if self.selection:
                layers.append([(*self.selection, "article-view--selection")])
            for cursor, name in ((self._mentions, "article-view--mention"), (self._hits, "article-view--hit")):
                layers.append([
                    (start, end, "article-view--current-hit" if index == cursor.current else name)
                    for index, (start, end) in enumerate(cursor.spans)
                ])
        self._layers = [_Layer.of(spans) for spans in layers]
        self._signatures.clear()
        self.refresh()

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.get_component_rich_style(name)
        return style

    def _signature(self, line: _Line) -> tuple:
        """Everything that styles one body line: the spans over it, clipped to it."""
        return tuple(
            (number, max(start, line.start), min(end, line.end), name)
            for number, layer in enumerate(self._layers)
            for start, end, _, name in layer.within(line.start, line.end)
        )

    def _styled(self, line: _Line, signature: tuple | None = None) -> Text:
        if line.start is None:
            if line.kind == "empty":
                return Text(line.header, style="dim")
            return Text(line.header, style=self._style(f"article-view--{line.kind}") if line.kind else "")
        text = Text(self.article.text[line.start:line.end])
        for _, start, end, name in self._signature(line) if signature is None else signature:
            text.stylize(self._style(name), start - line.start, end - line.start)
        return text

    def entity_style(self, kind: str) -> Style:
        """The style entities of ``kind`` are drawn in (for the help's legend)."""
        return self.get_component_rich_style(ENTITY_CLASSES[kind])

    def render_lines(self, crop):
        # The style and width every line of this pass is drawn with, looked up once
        # (``rich_style`` walks the ancestors: per line it was most of a scroll's cost).
        self._frame = (self.rich_style, self.scrollable_content_region.width or self.size.width)
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def _line_signature(self, index: int, line: _Line) -> tuple:
        signature = self._signatures.get(index)
        if signature is None:
            signature = self._signatures[index] = (self._signature(line), self._marked(line))
        return signature

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        base, width = self._frame or (self.rich_style, self.scrollable_content_region.width or self.size.width)
        if index >= len(self._lines):
            return Strip.blank(width, base)
        line = self._lines[index]
        spans, marked = self._line_signature(index, line) if line.start is not None else ((), False)
        signature = (base, spans, marked)
        cached = self._strips.get(index)
        if cached is not None and cached[0] == signature:
            strip = cached[1]
        else:
            text = self._styled(line, spans if line.start is not None else None)
            segments = [Segment(seg.text, base + seg.style if seg.style else base) for seg in text.render(self.app.console) if seg.text != "\n"]
            strip = Strip(segments, text.cell_len)
            if marked:
                gutter = self._content_width()
                strip = strip.crop_extend(0, gutter, base)
                strip = Strip([*strip, Segment(" ✎", base + self._style("article-view--annotation-mark"))], gutter + MARK_GUTTER)
            self._strips[index] = (signature, strip)
        return strip.crop_extend(scroll_x, scroll_x + width, base)

    def offset_style(self, offset: int) -> Style | None:
        """Style applied at a text offset (used by tests to see what is marked)."""
        line = self.line_of_offset(offset)
        if not self._starts or line >= len(self._lines):
            return None
        entry = self._lines[line]
        relative = offset - (entry.start or 0)
        return self._styled(entry).get_style_at_offset(self.app.console, relative)
