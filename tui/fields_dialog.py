"""A small dialog of labelled text fields: enter or ctrl+s applies, esc cancels.

What the fields hold is checked before the dialog closes (:meth:`FieldsDialog.check`):
bad input gets one line at the bottom, in bold, and the dialog stays open with
what was typed. It scrolls when the terminal is short (80×24): the title and the
hint stay docked, and the focused field is scrolled into view.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static


def form_bindings(scope: str) -> list[Binding]:
    """ctrl+s and esc for one dialog, with ids under ``scope`` (each dialog's own, for help and keymaps)."""
    return [
        Binding("ctrl+s", "apply", "Apply", priority=True, id=f"{scope}.apply"),
        Binding("escape", "dismiss(None)", "Cancel", priority=True, id=f"{scope}.cancel"),
    ]


class FieldsDialog(ModalScreen[Any]):
    DEFAULT_CSS = """
    FieldsDialog {
        align: center middle;
    }
    FieldsDialog > VerticalScroll {
        width: 80%;
        min-width: 60;
        max-width: 90;
        height: auto;
        max-height: 100%;
        scrollbar-size-vertical: 1;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    FieldsDialog .fields-title {
        dock: top;
        text-style: bold;
    }
    FieldsDialog .fields-hint {
        dock: bottom;
    }
    FieldsDialog .fields-note {
        margin: 1 0 0 0;
        color: $text-muted;
    }
    """

    TITLE_TEXT = ""
    HINT = "enter or ctrl+s applies · esc cancels · tab next field"

    def __init__(self, fields: list[tuple[str, str, str, str]], note: str = "") -> None:
        """``fields``: (id, label, value, placeholder) for each field, in order."""
        super().__init__()
        self.fields = fields
        self.note = note

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Text(self.TITLE_TEXT), classes="fields-title")
            yield Static(Text(self.HINT, style="dim"), classes="fields-hint", id="fields-hint")
            if self.note:
                yield Static(Text(self.note), classes="fields-note")
            for field_id, label, value, placeholder in self.fields:
                yield Label(label)
                yield Input(value, placeholder=placeholder, id=field_id)

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    def values(self) -> dict[str, str]:
        return {field.id: field.value for field in self.query(Input) if field.id}

    def check(self, values: dict[str, str]) -> Any:
        """What the dialog returns for ``values``; raise ValueError (one sentence) to refuse them."""
        return values

    def show_problem(self, problem: str) -> None:
        hint = self.query_one("#fields-hint", Static)
        line = Text("⚠ " + " ".join(problem.split()), style="bold")
        line.append(" · esc cancels", style="dim")
        hint.update(line)

    def action_apply(self) -> None:
        try:
            result = self.check(self.values())
        except ValueError as exc:
            self.show_problem(str(exc))
            return
        self.dismiss(result)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_apply()
