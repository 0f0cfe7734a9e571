"""The reader pane: one article, wrapped, with search hits and boilerplate marked.

Like toolong, it draws only the lines on screen (``render_line``), so a very
long article costs no more to scroll than a short one. Every screen line keeps
the text offset it starts at, so "go to offset" is a binary search.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from search import Article

from .wrap import wrap_offsets


@dataclass(frozen=True)
class _Line:
    text: Text
    start: int | None  # offset into article.text, None for title/metadata lines


class ArticleView(ScrollView, can_focus=True):
    """Shows one article; ``n``/``N`` step through the search hits in it."""

    COMPONENT_CLASSES = {
        "article-view--title",
        "article-view--meta",
        "article-view--hit",
        "article-view--current-hit",
        "article-view--boilerplate",
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

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article: Article | None = None
        self.hits: list[tuple[int, int]] = []
        self.current_hit: int | None = None
        self._lines: list[_Line] = []
        self._starts: list[int] = []  # start offsets of body lines, for bisect
        self._first_body_line = 0
        self._laid_out_width = 0

    # -- public API -----------------------------------------------------------
    def show(self, article: Article | None, hits: list[tuple[int, int]] | None = None) -> None:
        self.article = article
        self.hits = sorted(hits or [])
        self.current_hit = None
        self._layout()
        self.scroll_to(y=0, animate=False)
        self.post_message(self.HitChanged(None, len(self.hits)))

    def set_hits(self, hits: list[tuple[int, int]]) -> None:
        self.hits = sorted(hits)
        self.current_hit = None
        self._layout()
        self.post_message(self.HitChanged(None, len(self.hits)))

    def go_to_hit(self, index: int) -> None:
        if not self.hits:
            return
        self.current_hit = index % len(self.hits)
        self._layout()
        self.scroll_to_offset(self.hits[self.current_hit][0])
        self.post_message(self.HitChanged(self.current_hit, len(self.hits)))

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
        if not self.hits:
            self.app.bell()
            return
        if self.current_hit is None:
            top = self._offset_at_top()
            following = [i for i, (start, _) in enumerate(self.hits) if start >= top]
            self.go_to_hit(following[0] if following else 0)
        else:
            self.go_to_hit(self.current_hit + 1)

    def action_previous_hit(self) -> None:
        if not self.hits:
            self.app.bell()
            return
        self.go_to_hit((self.current_hit if self.current_hit is not None else 0) - 1)

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
        # Text(...) never parses markup: article text is data.
        body = Text(article.text)
        boilerplate = self.get_component_rich_style("article-view--boilerplate")
        for start, end in article.boilerplate:
            body.stylize(boilerplate, start, end)
        hit = self.get_component_rich_style("article-view--hit")
        current = self.get_component_rich_style("article-view--current-hit")
        for index, (start, end) in enumerate(self.hits):
            body.stylize(current if index == self.current_hit else hit, start, end)
        return body

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
