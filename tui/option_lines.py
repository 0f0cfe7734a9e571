"""Option lists whose highlight repaints two options, not the whole list.

Textual's ``OptionList`` repaints every visible line when the highlight moves
(``highlighted`` is a repainting reactive), so each j/k re-rendered a
screenful of options. Here moving the highlight repaints only the lines of the
option it left and of the option it reached; scrolling still repaints the
whole list, as it must.

Replacing one option's prompt (a badge, a hit count) is the same: Textual's
``replace_option_prompt`` drops every option's measured height and drawing,
so the next frame measured all of them again (32 ms for 2,225 articles, on
every article opened). ``replace_prompt`` measures the one option; only when
its height changes is everything laid out again.
"""

from __future__ import annotations

from textual.reactive import reactive
from textual.widgets.option_list import Option


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

    def _update_lines(self) -> None:
        # Options are measured at the width they are drawn in. Textual measures them
        # again on a resize, but not when the list's own scrollbar comes or goes (the
        # width left for options changes by its size): some other change dropping every
        # measurement used to hide that, as replacing any prompt did.
        width = self.scrollable_content_region.width
        if width != getattr(self, "_measured_width", None):
            self._measured_width = width
            if self._line_cache.lines:
                self._line_cache.clear()
                self._option_render_cache.clear()
                self.refresh()
        super()._update_lines()

    def replace_prompt(self, option_id: str, prompt) -> None:
        """Give option ``option_id`` a new prompt, drawing only its lines again when
        its height stays the same (``OptionDoesNotExist`` if there is no such option)."""
        index = self.get_option_index(option_id)
        old = self._options[index]
        new = Option(prompt, id=old.id, disabled=old.disabled)
        new._divider = old._divider
        cache = self._line_cache
        if index in cache.heights:
            # Measured as OptionList._update_lines measures every option.
            width = self.scrollable_content_region.width - self._get_left_gutter_width()
            padding = self.get_component_styles("option-list--option").padding
            height = self._get_visual(new).get_height(self.styles, width - padding.width) + new._divider
            if height != cache.heights[index]:
                self.replace_option_prompt(option_id, prompt)  # the lines below move: everything again
                return
        # A new option object: the drawings cached for the old one are not found again.
        self._options[index] = new
        del self._option_to_index[old]
        self._option_to_index[new] = index
        if new.id is not None:
            self._id_to_option[new.id] = new
        if index in cache.heights:
            self.refresh_lines(cache.index_to_line[index], cache.heights[index])
        else:  # not measured yet: it is when next drawn
            self.refresh()
