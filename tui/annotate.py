"""The annotation dialog: a verdict (one key each), a note, tags and the claimant."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from search.annotations import VERDICTS

from .bindings import HelpScoped
from .views.base import shorten

VERDICT_KEYS = {str(number): verdict for number, verdict in enumerate(VERDICTS, start=1)}


@dataclass(frozen=True)
class AnnotationForm:
    """What the dialog returns: the fields, or ``delete`` for the existing annotation."""

    verdict: str
    note: str
    tags: tuple[str, ...]
    speaker: str | None
    delete: bool = False


class VerdictList(OptionList):
    BINDINGS = [
        *(Binding(key, f"choose('{verdict}')", verdict, show=False, id=f"annotate.{verdict}") for key, verdict in VERDICT_KEYS.items()),
        Binding("j", "cursor_down", "Down", show=False, id="annotate.down"),
        Binding("k", "cursor_up", "Up", show=False, id="annotate.up"),
    ]

    def action_choose(self, verdict: str) -> None:
        self.highlighted = VERDICTS.index(verdict)


class AnnotateScreen(HelpScoped, ModalScreen[AnnotationForm | None]):
    HELP_SCOPE = "annotation dialog"
    HELP_PARTS = (VerdictList,)
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, id="annotate.save"),
        Binding("escape", "dismiss(None)", "Cancel", priority=True, id="annotate.cancel"),
        Binding("ctrl+d", "delete", "Delete", priority=True, id="annotate.delete"),
    ]

    def __init__(self, excerpt: str, kind: str, verdict: str | None = None, note: str = "", tags=(), speaker: str | None = None,
                 existing: bool = False, path: str = "") -> None:
        super().__init__()
        self.excerpt = excerpt
        self.kind = kind
        self.initial = (verdict, note, tuple(tags), speaker)
        self.existing = existing
        self.path = path
        self._confirming = False  # ctrl+d pressed once

    def compose(self) -> ComposeResult:
        verdict, note, tags, speaker = self.initial
        # It scrolls when the terminal is short (80x24): focusing a field scrolls it
        # into view, and the title and the keys hint stay docked at the top and bottom.
        with VerticalScroll(id="annotate-box"):
            title = Text(f"{'Edit annotation' if self.existing else 'Annotate'} · {self.kind}", style="bold")
            yield Static(title, id="annotate-title")
            yield Static(self._hint(), id="annotate-hint")
            yield Static(Text("“" + shorten(self.excerpt, 400) + "”", style="italic"), id="annotate-excerpt")
            yield Label("Verdict (1–6)")
            options = [Option(Text(f"{key}  {name}"), id=name) for key, name in VERDICT_KEYS.items()]
            verdicts = VerdictList(*options, id="annotate-verdict")
            yield verdicts
            yield Label("Note")
            yield Input(note, placeholder="why, and the evidence", id="annotate-note")
            yield Label("Tags (comma separated)")
            yield Input(", ".join(tags), placeholder="casualties, dates", id="annotate-tags")
            yield Label("Claimant")
            yield Input(speaker or "", placeholder="who makes the claim", id="annotate-speaker")

    def _hint(self) -> Text:
        return Text("ctrl+s save · esc cancel" + (" · ctrl+d delete" if self.existing else "") + f" · saved to {self.path}", style="dim")

    def on_mount(self) -> None:
        verdicts = self.query_one(VerdictList)
        verdict = self.initial[0]
        verdicts.highlighted = VERDICTS.index(verdict) if verdict in VERDICTS else VERDICTS.index("unverified")
        verdicts.focus()

    def _form(self, delete: bool = False) -> AnnotationForm:
        verdicts = self.query_one(VerdictList)
        verdict = VERDICTS[verdicts.highlighted or 0]
        tags = tuple(t.strip() for t in self.query_one("#annotate-tags", Input).value.split(",") if t.strip())
        speaker = self.query_one("#annotate-speaker", Input).value.strip() or None
        return AnnotationForm(verdict, self.query_one("#annotate-note", Input).value, tags, speaker, delete)

    def action_save(self) -> None:
        self.dismiss(self._form())

    def action_delete(self) -> None:
        """ctrl+d asks first: a second ctrl+d deletes (u in the app undoes it)."""
        if not self.existing:
            return
        if not self._confirming:
            self._confirming = True
            hint = self.query_one("#annotate-hint", Static)
            hint.update(Text("Delete this annotation? ctrl+d again deletes it (u undoes) · any other key keeps it", style="bold"))
            return
        self.dismiss(self._form(delete=True))

    def on_key(self, event) -> None:
        if self._confirming and event.key != "ctrl+d":
            self._confirming = False
            self.query_one("#annotate-hint", Static).update(self._hint())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()
