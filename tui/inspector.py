"""The inspector pane: tabs about the open article.

Its metadata (Info), its claims with the outlets that corroborate or
contradict them (Claims), its direct quotes with speakers (Quotes), its
entities grouped by type (Entities) and its search hits (Hits).
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from search import Article, Entity
from search.lexicon import ENTITY_LABELS as TYPE_LABELS
from search.lexicon import ENTITY_ORDER
from search.views import ClaimRow, QuoteRow

CONTEXT_CHARS = 36


def up_down(scope: str) -> list[Binding]:
    """j/k for a list, with ids under ``scope`` so they can be remapped per list."""
    return [
        Binding("j", "cursor_down", "Down", show=False, id=f"{scope}.down"),
        Binding("k", "cursor_up", "Up", show=False, id=f"{scope}.up"),
    ]


class ChoiceList(OptionList):
    """A list whose entries stand for spans in the reader; enter chooses one."""

    KIND = ""

    class Chosen(Message):
        def __init__(self, kind: str, index: int) -> None:
            super().__init__()
            self.kind = kind
            self.index = index

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Chosen(self.KIND, event.option_index))


class HitList(ChoiceList):
    KIND = "hit"
    BINDINGS = up_down("hits")


class QuoteList(ChoiceList):
    KIND = "quote"
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


class ClaimList(ChoiceList):
    KIND = "claim"
    BINDINGS = up_down("claims")

    def show_claims(self, rows: list[ClaimRow]) -> None:
        options = []
        for number, claim in enumerate(rows):
            prompt = Text()
            if claim.verdict:
                prompt.append(f"✎ {claim.verdict}  ", style="bold reverse")
            prompt.append(shorten(claim.text, 170))
            detail = Text("\n")
            detail.append(claim.attributed_to or "the outlet itself", style="italic")
            others = len(claim.corroborated_by)
            detail.append(f" · {others} other outlet{'s' if others != 1 else ''}", style="dim")
            if claim.conflicts:
                detail.append(f"  ⚠ conflict: {'; '.join(c.line for c in claim.conflicts)}", style="bold")
            detail.append(f" · score {claim.score:.2f}", style="dim")
            prompt.append_text(detail)
            options.append(Option(prompt, id=f"claim-{number}"))
        if not options:
            options.append(Option(Text("No claims found in this article.", style="dim"), disabled=True))
        self.set_options(options)


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class EntityList(OptionList):
    """The article's entities by type; options are ids "entity:<type>:<canonical>".

    One canonical name can appear under two types ("India" as a place and as a
    nationality), so the type is part of the id."""

    BINDINGS = up_down("entities")

    class Chosen(Message):
        """An entity was highlighted (``jump`` False) or chosen with enter (``jump`` True)."""

        def __init__(self, name: str, jump: bool) -> None:
            super().__init__()
            self.name = name
            self.jump = jump

    def show_entities(self, entities: tuple[Entity, ...]) -> None:
        counts: dict[str, dict[str, int]] = {kind: {} for kind in ENTITY_ORDER}
        for entity in entities:
            names = counts[entity.type]
            names[entity.canonical] = names.get(entity.canonical, 0) + 1
        options: list[Option] = []
        for kind in ENTITY_ORDER:
            if not counts[kind]:
                continue
            header = Text(f"{TYPE_LABELS[kind]} ({len(counts[kind])})", style="bold")
            options.append(Option(header, id=f"type:{kind}", disabled=True))
            for name, count in sorted(counts[kind].items(), key=lambda item: (-item[1], item[0])):
                prompt = Text("  ")
                prompt.append(name)
                prompt.append(f"  ×{count}", style="dim")
                options.append(Option(prompt, id=f"entity:{kind}:{name}"))
        if not options:
            options.append(Option(Text("No entities found (yet).", style="dim"), disabled=True))
        self.set_options(options)

    @property
    def highlighted_name(self) -> str | None:
        option = self.highlighted_option
        if option is None or not option.id or not option.id.startswith("entity:"):
            return None
        return option.id.removeprefix("entity:").split(":", 1)[1]

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if self.highlighted_name:
            self.post_message(self.Chosen(self.highlighted_name, jump=False))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.highlighted_name:
            self.post_message(self.Chosen(self.highlighted_name, jump=True))


class Inspector(Vertical):
    def compose(self) -> ComposeResult:
        with TabbedContent(id="inspector-tabs"):
            with TabPane("Info", id="tab-info"):
                yield Static(id="info", markup=False)
            with TabPane("Claims", id="tab-claims"):
                yield ClaimList(id="claims")
            with TabPane("Quotes", id="tab-quotes"):
                yield QuoteList(id="quotes")
            with TabPane("Entities", id="tab-entities"):
                yield EntityList(id="entities")
            with TabPane("Hits", id="tab-hits"):
                yield HitList(id="hits")

    def show_quotes(self, rows) -> None:
        self.query_one(QuoteList).show_quotes(rows)
        self.tabs.get_tab("tab-quotes").label = f"Quotes ({len(rows)})" if rows else "Quotes"

    def show_claims(self, rows) -> None:
        self.query_one(ClaimList).show_claims(rows)
        conflicted = sum(1 for row in rows if row.conflicts)
        label = f"Claims ({len(rows)})" if rows else "Claims"
        self.tabs.get_tab("tab-claims").label = label + (f" ⚠{conflicted}" if conflicted else "")

    def highlight_claim(self, index: int | None) -> None:
        claims = self.query_one(ClaimList)
        if index is not None and index < claims.option_count:
            claims.highlighted = index

    def show_entities(self, entities: tuple[Entity, ...]) -> None:
        self.query_one(EntityList).show_entities(entities)
        names = {e.canonical for e in entities}
        self.tabs.get_tab("tab-entities").label = f"Entities ({len(names)})" if names else "Entities"

    @property
    def tabs(self) -> TabbedContent:
        return self.query_one("#inspector-tabs", TabbedContent)

    def show_article(self, article: Article | None, file: str, problems: list[str], annotations: list[tuple[str, str]] = ()) -> None:
        info = self.query_one("#info", Static)
        if article is None:
            info.update(Text("No article open."))
            return
        table = Table.grid(padding=(0, 1))
        table.add_column(style="dim", no_wrap=True)
        table.add_column(overflow="fold")
        table.add_row("Title", Text(article.title))
        table.add_row("Source", Text(article.source or "unknown"))
        table.add_row("Date", Text(article.date_text or "unknown"))
        if article.url:
            table.add_row("URL", Text(article.url))
        table.add_row("Id", Text(article.id))
        table.add_row("File", Text(file))
        table.add_row("Length", Text(f"{len(article.text):,} characters, {len(article.text.split()):,} words"))
        lines = len(article.boilerplate)
        table.add_row("Boilerplate", Text(f"{lines} line{'s' if lines != 1 else ''} (dimmed in the reader)"))
        table.add_row("Hash", Text(article.content_hash[:16]))
        for label, value in annotations:
            table.add_row(label, Text(value))
        if problems:
            table.add_row("", "")
            table.add_row(Text("Load problems", style="bold"), Text(f"{len(problems)} file(s) or line(s) skipped"))
            for problem in problems:
                table.add_row("", Text(problem))
        info.update(table)

    def show_hits(self, article: Article | None, hits: list[tuple[int, int]]) -> None:
        hit_list = self.query_one(HitList)
        options = []
        if article is not None:
            for number, (start, end) in enumerate(hits, start=1):
                options.append(Option(_hit_prompt(article.text, start, end, number), id=f"hit-{number - 1}"))
        hit_list.set_options(options)
        pane = self.tabs.get_tab("tab-hits")
        pane.label = f"Hits ({len(hits)})" if hits else "Hits"

    def highlight_hit(self, index: int | None) -> None:
        hit_list = self.query_one(HitList)
        if index is not None and index < hit_list.option_count:
            hit_list.highlighted = index


def _hit_prompt(text: str, start: int, end: int, number: int) -> Text:
    before = " ".join(text[max(0, start - CONTEXT_CHARS):start].split())
    after = " ".join(text[end:end + CONTEXT_CHARS].split())
    prompt = Text(f"{number:>3} ", style="dim")
    prompt.append("…" + before + " ", style="dim")
    prompt.append(text[start:end], style="reverse")
    prompt.append(" " + after + "…", style="dim")
    return prompt
