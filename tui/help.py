"""The help screen (``?``): every binding, where it applies, and the query syntax."""

from __future__ import annotations

from typing import Iterable

from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.keys import format_key
from textual.screen import ModalScreen
from textual.widgets import Static

from search import syntax

from .bindings import HelpScoped

ENTITY_NAMES = {
    "PERSON": "person", "ORG": "organisation", "GPE": "country, city, region", "LOC": "other place",
    "NORP": "nationality, group", "LAW": "treaty, law", "EVENT": "event", "DATE": "date",
}

QUERY_SYNTAX = syntax.help_rows()


def binding_rows(scopes: Iterable[tuple[str, Iterable[Binding]]], keymap: dict[str, str]) -> list[tuple[str, str, str, str]]:
    """(where, keys, description, id) for each binding, with the user's keymap applied."""
    rows = []
    for scope, bindings in scopes:
        for binding in bindings:
            if not isinstance(binding, Binding) or not binding.id:
                continue
            keys = keymap.get(binding.id, binding.key)
            shown = ", ".join(_key_label(k.strip()) for k in keys.split(","))
            rows.append((scope, shown, binding.description or binding.action, binding.id))
    return rows


def _key_label(key: str) -> str:
    """How a key is written on the keyboard: "]" for right_square_bracket, "?" for question_mark."""
    return format_key(key)


class HelpScreen(HelpScoped, ModalScreen[None]):
    HELP_SCOPE = "help"
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close help", id="help.close"),
        Binding("j,down", "scroll('down')", "Down", show=False, id="help.down"),
        Binding("k,up", "scroll('up')", "Up", show=False, id="help.up"),
        Binding("space,pagedown", "scroll('page_down')", "Page down", show=False, id="help.page_down"),
        Binding("b,pageup", "scroll('page_up')", "Page up", show=False, id="help.page_up"),
        Binding("g,home", "scroll('home')", "Top", show=False, id="help.top"),
        Binding("G,end", "scroll('end')", "Bottom", show=False, id="help.bottom"),
    ]

    def __init__(self, rows: list[tuple[str, str, str, str]], legend: Iterable[tuple[str, Style]] = ()) -> None:
        super().__init__()
        self.rows = rows
        self.legend = list(legend)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(self._keys_table(), id="help-keys")
            yield Static(self._syntax_table(), id="help-syntax")
            if self.legend:
                yield Static(self._legend_table(), id="help-legend")
            yield Static(
                Text(
                    "Inspector views: 1-5 (Info, Claims, Quotes, Entities, Hits) from anywhere, ←/→ inside it. "
                    "Remap any key in config.yaml (keymap: {binding-id: key}); the path is shown "
                    "in the Info tab. esc closes this help.",
                    style="dim",
                )
            )

    def _keys_table(self) -> Table:
        # The description never shrinks to "…": where and the id wrap first (at 80x24 too).
        table = Table(title="Keys", title_justify="left", expand=True, box=None, padding=(0, 1))
        table.add_column("Where", style="dim", overflow="fold", ratio=2)
        table.add_column("Key", style="bold", no_wrap=True)
        table.add_column("Does", min_width=14, ratio=3)
        table.add_column("Id", style="dim", overflow="fold", ratio=3)
        for scope, keys, description, binding_id in self.rows:
            table.add_row(scope, keys, description, binding_id)
        return table

    def _syntax_table(self) -> Table:
        table = Table(title="Search syntax", title_justify="left", expand=True, box=None, padding=(0, 1))
        table.add_column("Query", style="bold", no_wrap=True)
        table.add_column("Finds")
        for query, meaning in QUERY_SYNTAX:
            table.add_row(Text(query), meaning)
        return table

    def _legend_table(self) -> Table:
        table = Table(title="Entity colours", title_justify="left", expand=True, box=None, padding=(0, 1))
        table.add_column("Type", no_wrap=True)
        table.add_column("Shown as", no_wrap=True)
        table.add_column("Search with")
        for kind, style in self.legend:
            cue = " ".join(name for name in ("bold", "italic", "underline", "reverse") if getattr(style, name))
            field = "—" if kind == "DATE" else f"{kind.lower()}:name"
            table.add_row(Text(ENTITY_NAMES[kind], style=style), cue or "colour", field)
        return table

    def action_scroll(self, direction: str) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        move = {
            "down": body.scroll_down, "up": body.scroll_up, "page_down": body.scroll_page_down,
            "page_up": body.scroll_page_up, "home": body.scroll_home, "end": body.scroll_end,
        }[direction]
        move(animate=False)
