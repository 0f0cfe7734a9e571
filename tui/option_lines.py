"""Option lists whose highlight repaints two options, not the whole list.

Textual's ``OptionList`` repaints every visible line when the highlight moves
(``highlighted`` is a repainting reactive), so each j/k re-rendered a
screenful of options. Here moving the highlight repaints only the lines of the
option it left and of the option it reached; scrolling still repaints the
whole list, as it must.
"""

from __future__ import annotations

from textual.reactive import reactive


class LineRefreshHighlight:
    """Mixin for ``OptionList`` subclasses (put it before ``OptionList``)."""

    highlighted: reactive[int | None] = reactive(None, repaint=False)

    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        super().watch_highlighted(new)  # scrolls to it and posts OptionHighlighted
        for index in (old, new):
            self._refresh_option(index)

    def _refresh_option(self, index: int | None) -> None:
        if index is None:
            return
        try:
            y, height = self._index_to_line[index], self._heights[index]
        except (KeyError, IndexError):  # not laid out yet: repaint everything
            self.refresh()
            return
        self.refresh_lines(y, height)
