"""The search box (tui/search_box.py): typing repaints the box, never lays the screen out
again, and a long query still scrolls to keep the cursor in view."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Input, Static

from tui.search_box import SearchBox


class BoxApp(App):
    def __init__(self, box_class) -> None:
        super().__init__()
        self.box_class = box_class

    def compose(self) -> ComposeResult:
        yield self.box_class(id="box")
        yield Static("below")


async def _layouts_while_typing(box_class, monkeypatch) -> tuple[int, Input]:
    layouts = []
    real = Screen._refresh_layout

    def counting(self, *args, **kwargs):
        layouts.append(1)
        return real(self, *args, **kwargs)

    app = BoxApp(box_class)
    async with app.run_test(size=(30, 5)) as pilot:
        await pilot.pause()
        monkeypatch.setattr(Screen, "_refresh_layout", counting)
        await pilot.press(*"a long query, longer than the box is wide")
        await pilot.pause()
        monkeypatch.setattr(Screen, "_refresh_layout", real)
        box = app.query_one("#box", Input)
        return len(layouts), box, box.value, box.scroll_offset.x, box.cursor_position


async def test_typing_in_the_search_box_lays_nothing_out(monkeypatch):
    plain, _, _, plain_scrolled, _ = await _layouts_while_typing(Input, monkeypatch)
    assert plain > 0  # Textual's Input lays the screen out as its text grows
    ours, box, value, scrolled, cursor = await _layouts_while_typing(SearchBox, monkeypatch)
    assert ours == 0
    assert value == "a long query, longer than the box is wide" and cursor == len(value)
    assert scrolled == plain_scrolled > 0  # it scrolled as Input does, to keep the cursor in view
