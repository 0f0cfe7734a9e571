"""The search box: an ``Input`` whose typing does not lay the whole screen out again.

Textual's ``Input`` keeps the width of its text as its virtual size, a reactive that
asks for a layout of the whole screen when it changes: every character typed in the
search box reflowed every pane (about 14 ms of each live-search keystroke on BBC, in
``bench/bench_keys.py``). The box's own size does not depend on its text (it is one
line as wide as the screen), so here a change of text repaints the box and nothing
else; the box still scrolls to keep the cursor in view, from the virtual size it keeps.
"""

from __future__ import annotations

from textual.widgets import Input


class SearchBox(Input):
    _typing = False

    def _watch_value(self, value: str) -> None:
        self._typing = True
        try:
            super()._watch_value(value)
        finally:
            self._typing = False

    def refresh(self, *regions, repaint: bool = True, layout: bool = False, recompose: bool = False):
        if layout and self._typing and not self.styles.auto_dimensions:
            layout, repaint = False, True  # its size is the same whatever it says
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)
