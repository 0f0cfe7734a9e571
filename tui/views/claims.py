"""Claims: the open article's claims, who makes them, which outlets agree and where they conflict."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets.option_list import Option

from search.views import ClaimRow

from .base import ChoiceList, InspectorView, ViewContext, counted, shorten, up_down


class ClaimList(ChoiceList):
    KIND = "claim"
    HELP_SCOPE = "claims tab"
    BINDINGS = up_down("claims")

    def show_claims(self, rows: list[ClaimRow]) -> None:
        options = []
        for number, claim in enumerate(rows):
            prompt = Text()
            if claim.verdict:
                prompt.append(f"✎ {claim.verdict}  ", style="bold reverse")
            prompt.append(shorten(claim.text, 170))
            detail = Text("\n")
            detail.append(f"{claim.kind} · ", style="dim")
            detail.append(claim.attributed_to or "the outlet itself", style="italic")
            detail.append(f" · {claim.corroboration}", style="dim")
            if claim.conflicts:
                detail.append(f"  ⚠ conflict: {'; '.join(c.line for c in claim.conflicts)}", style="bold")
            detail.append(f" · score {claim.score:.2f}", style="dim")
            prompt.append_text(detail)
            options.append(Option(prompt, id=f"claim-{number}"))
        if not options:
            options.append(Option(Text("No claims found in this article.", style="dim"), disabled=True))
        self.set_options(options)


class ClaimsView(InspectorView):
    TITLE = "Claims"
    NAME = "claims"

    def compose(self) -> ComposeResult:
        yield ClaimList(id="claims")

    def fill(self, context: ViewContext) -> str:
        rows = self._rows(context)
        self.query_one(ClaimList).show_claims(rows)
        return self._counted(rows)

    def label(self, context: ViewContext) -> str:
        return self._counted(self._rows(context))

    @staticmethod
    def _rows(context: ViewContext) -> list[ClaimRow]:
        return context.library.claim_rows(context.article.id) if context.article else []

    def _counted(self, rows: list[ClaimRow]) -> str:
        conflicted = sum(1 for row in rows if row.conflicts)
        return counted(self.TITLE, len(rows)) + (f" ⚠{conflicted}" if conflicted else "")

    def highlight(self, index: int | None) -> None:
        self.query_one(ClaimList).highlight_index(index)
