"""The app's own key bindings ("anywhere" in help).

Every binding has an id, so ``keymap:`` in config.yaml can remap it. Most keys
belong to a flow: the action ``flow('reading.step_mention', 1)`` calls
``app.reading.step_mention(1)``, so the app routes keys without a method per
key. Keys of a widget or screen live with that widget (its ``BINDINGS``);
the inspector views' number keys come from ``tui/views``.
"""

from __future__ import annotations

from textual.binding import Binding

from .views import view_bindings


def _flow(key: str, target: str, description: str, binding_id: str, *args, show: bool = False) -> Binding:
    arguments = ", ".join([repr(target), *(repr(a) for a in args)])
    return Binding(key, f"flow({arguments})", description, show=show, id=binding_id)


APP_BINDINGS: list[Binding] = [
    Binding("slash", "focus_search", "Search", id="app.search"),
    _flow("escape", "searching.clear", "Clear", "app.clear_search"),
    Binding("tab", "flow('reading.cycle_panes', 1)", "Next pane", show=False, priority=True, id="app.next_pane"),
    Binding("shift+tab", "flow('reading.cycle_panes', -1)", "Prev pane", show=False, priority=True, id="app.previous_pane"),
    _flow("e", "reading.step_mention", "Next mention", "app.next_mention", 1),
    _flow("E", "reading.step_mention", "Prev mention", "app.previous_mention", -1),
    _flow("f", "reading.filter_entity", "Filter", "app.filter_entity"),
    _flow("right_square_bracket", "reading.step_claim", "Next claim", "app.next_claim", 1),
    _flow("left_square_bracket", "reading.step_claim", "Prev claim", "app.previous_claim", -1),
    _flow("c", "board.open", "Claims board", "app.claims_board", show=True),
    _flow("S", "stories.open_list", "Stories", "app.stories"),
    _flow("a", "annotating.start", "Annotate", "app.annotate", show=True),
    _flow("u", "annotating.undo_delete", "Undo delete", "app.undo_delete"),
    _flow("i", "reading.toggle_inspector", "Inspector", "app.toggle_inspector", show=True),
    *view_bindings(),
    _flow("minus", "reading.resize_reader", "Narrower reader", "app.narrower_reader", -1),
    _flow("plus,equals_sign", "reading.resize_reader", "Wider reader", "app.wider_reader", 1),
    _flow("R", "feeds.refresh", "Refresh feeds", "app.refresh_feeds"),
    _flow("p", "indexing.toggle_pause", "Pause/resume analysis", "app.pause_analysis"),
    _flow("y", "citing.copy", "Copy with citation", "app.copy_citation"),
    _flow("w", "citing.open_url", "Open in browser", "app.open_url"),
    _flow("x", "exporting.start", "Export results or board", "app.export"),
    _flow("o", "browsing.cycle_sort", "Sort list", "app.sort_list"),
    _flow("l", "browsing.filter", "Filter list", "app.filter_list"),
    _flow("L", "browsing.clear", "Clear list sort/filter", "app.clear_list"),
    _flow("m", "correcting.start", "Correct metadata", "app.edit_metadata"),
    Binding("question_mark", "help", "Help", id="app.help"),
    Binding("ctrl+p", "command_palette", "Commands", show=False, priority=True, id="app.command_palette"),
    Binding("q", "quit", "Quit", id="app.quit"),
]
