"""Hits: where the search's words occur in the open article, with some context."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets.option_list import Option

from .base import ARTICLE, HITS, ChoiceList, InspectorView, ViewContext, counted, up_down

CONTEXT_CHARS = 36


class HitList(ChoiceList):
    KIND = "hit"
    HELP_SCOPE = "hits tab"
    BINDINGS = up_down("hits")


class HitsView(InspectorView):
    TITLE = "Hits"
    NAME = "hits"
    REFRESH_ON = frozenset({ARTICLE, HITS})

    def compose(self) -> ComposeResult:
        yield HitList(id="hits")

    def fill(self, context: ViewContext) -> str:
        options = []
        if context.article is not None:
            text = context.article.text
            for number, (start, end) in enumerate(context.hits, start=1):
                options.append(Option(_hit_prompt(text, start, end, number), id=f"hit-{number - 1}"))
        self.query_one(HitList).set_options(options)
        return self.label(context)

    def label(self, context: ViewContext) -> str:
        return counted(self.TITLE, len(context.hits) if context.article is not None else 0)

    def highlight(self, index: int | None) -> None:
        self.query_one(HitList).highlight_index(index)


def _hit_prompt(text: str, start: int, end: int, number: int) -> Text:
    before = " ".join(text[max(0, start - CONTEXT_CHARS):start].split())
    after = " ".join(text[end:end + CONTEXT_CHARS].split())
    prompt = Text(f"{number:>3} ", style="dim")
    prompt.append("…" + before + " ", style="dim")
    prompt.append(text[start:end], style="reverse")
    prompt.append(" " + after + "…", style="dim")
    return prompt
