"""Quotes: the open article's direct quotes and who said them."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets.option_list import Option

from search.views import QuoteRow

from .base import ChoiceList, InspectorView, ViewContext, counted, shorten, up_down


class QuoteList(ChoiceList):
    KIND = "quote"
    HELP_SCOPE = "quotes tab"
    BINDINGS = up_down("quotes")

    def show_quotes(self, rows: list[QuoteRow]) -> None:
        options = []
        for number, quote in enumerate(rows):
            prompt = Text()
            if quote.verdict:
                prompt.append(f"✎ {quote.verdict}  ", style="bold reverse")
            if quote.speaker:
                prompt.append(quote.speaker, style="bold")
            else:
                prompt.append("unattributed", style="italic dim")
            if quote.verb and quote.verb not in ("subject",):
                prompt.append(f" ({quote.verb})", style="dim")
            if quote.unclosed:
                prompt.append("  ⚠ unclosed quotation mark", style="bold")
            prompt.append("\n“" + shorten(quote.text, 160) + "”")
            options.append(Option(prompt, id=f"quote-{number}"))
        if not options:
            options.append(Option(Text("No direct quotes in this article.", style="dim"), disabled=True))
        self.set_options(options)


class QuotesView(InspectorView):
    TITLE = "Quotes"
    NAME = "quotes"

    def compose(self) -> ComposeResult:
        yield QuoteList(id="quotes")

    def fill(self, context: ViewContext) -> str:
        rows = self._rows(context)
        self.query_one(QuoteList).show_quotes(rows)
        return counted(self.TITLE, len(rows))

    def label(self, context: ViewContext) -> str:
        return counted(self.TITLE, len(self._rows(context)))

    @staticmethod
    def _rows(context: ViewContext) -> list:
        return context.library.quote_rows(context.article.id) if context.article else []
