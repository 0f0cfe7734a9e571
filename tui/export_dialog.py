"""The export dialog (``x``): choose a format and where the file goes; enter writes, esc cancels."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from .bindings import HelpScoped

NAMES = {"md": "Markdown", "csv": "CSV"}


@dataclass(frozen=True)
class ExportChoice:
    format: str
    path: Path


class ExportScreen(HelpScoped, ModalScreen[ExportChoice | None]):
    """Dismissed with an :class:`ExportChoice`, or None when cancelled."""

    HELP_SCOPE = "export dialog"
    DEFAULT_CSS = """
    ExportScreen { align: center middle; }
    #export-box { width: 76; max-width: 100%; height: auto; max-height: 100%; border: round $accent; padding: 0 1; }
    #export-formats { height: auto; max-height: 6; margin: 1 0; }
    #export-path { margin-bottom: 1; }
    """
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", id="export.cancel"),
    ]

    def __init__(self, what: str, formats: list[tuple[str, str]], folder: Path, stem: str) -> None:
        """``formats``: (name, suffix) pairs, the first chosen; the file is ``folder/stem+suffix``."""
        super().__init__()
        self.what = what
        self.formats = formats
        self.folder = folder
        self.stem = stem
        self.format = formats[0][0]

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box"):
            yield Static(Text(f"Export {self.what}", style="bold"))
            yield OptionList(
                *(Option(Text(f"{NAMES.get(name, name)} ({suffix})"), id=name) for name, suffix in self.formats), id="export-formats"
            )
            yield Static(Text("File (an existing file is never replaced):", style="dim"))
            yield Input(str(self.folder / (self.stem + self.formats[0][1])), id="export-path")
            yield Static(Text("↑/↓ format · enter export · tab to the file name · esc cancel", style="dim"))

    def on_mount(self) -> None:
        formats = self.query_one("#export-formats", OptionList)
        formats.highlighted = 0
        formats.focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        chosen = event.option.id or self.format
        suffixes = dict(self.formats)
        field = self.query_one("#export-path", Input)
        old = suffixes[self.format]
        if field.value.endswith(old) and chosen != self.format:
            field.value = field.value[: -len(old)] + suffixes[chosen]
        self.format = chosen

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._done()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._done()

    def _done(self) -> None:
        value = self.query_one("#export-path", Input).value.strip()
        if not value:
            self.app.bell()
            return
        self.dismiss(ExportChoice(self.format, Path(value).expanduser()))
