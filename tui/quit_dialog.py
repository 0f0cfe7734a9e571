"""Asked on quit when annotations could not be saved: save again, quit keeping a recovery file, or stay."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from search.sanitize import safe_line

from .bindings import HelpScoped

SAVE, RECOVER, CANCEL = "save", "recover", "cancel"


class QuitDialog(HelpScoped, ModalScreen[str]):
    """Dismissed with ``SAVE``, ``RECOVER`` or ``CANCEL``."""

    HELP_SCOPE = "quit dialog"
    BINDINGS = [
        Binding("s", "dismiss('save')", "Save again", id="quit.save"),
        Binding("r", "dismiss('recover')", "Quit anyway", id="quit.recover"),
        Binding("escape,c", "dismiss('cancel')", "Cancel", id="quit.cancel"),
    ]

    def __init__(self, reason: str | None) -> None:
        super().__init__()
        self.reason = reason

    def compose(self) -> ComposeResult:
        with Vertical(id="quit-box"):
            yield Static(Text("Your annotation changes are not saved.", style="bold"))
            if self.reason:
                yield Static(Text(safe_line(self.reason), style="dim"))
            yield OptionList(
                Option(Text("s  save again, then quit"), id=SAVE),
                Option(Text("r  quit anyway and keep a recovery file"), id=RECOVER),
                Option(Text("esc  cancel: back to the app"), id=CANCEL),
                id="quit-choices",
            )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)
