"""Entities: the open article's people, organisations, places, ... grouped by type."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from search import Entity
from search.lexicon import ENTITY_LABELS as TYPE_LABELS
from search.lexicon import ENTITY_ORDER

from ..bindings import HelpScoped
from ..option_lines import LineRefreshHighlight
from .base import ANALYSIS, ARTICLE, InspectorView, ViewContext, counted, up_down



class EntityList(HelpScoped, LineRefreshHighlight, OptionList):
    """The article's entities by type; options are ids "entity:<type>:<canonical>".

    One canonical name can appear under two types ("India" as a place and as a
    nationality), so the type is part of the id."""

    HELP_SCOPE = "entities tab"
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


class EntitiesView(InspectorView):
    TITLE = "Entities"
    NAME = "entities"
    REFRESH_ON = frozenset({ARTICLE, ANALYSIS})

    def compose(self) -> ComposeResult:
        yield EntityList(id="entities")

    def fill(self, context: ViewContext) -> str:
        entities = self._entities(context)
        self.query_one(EntityList).show_entities(entities)
        return counted(self.TITLE, len({e.canonical for e in entities}))

    def label(self, context: ViewContext) -> str:
        return counted(self.TITLE, len({e.canonical for e in self._entities(context)}))

    @staticmethod
    def _entities(context: ViewContext) -> tuple:
        return context.library.entities(context.article.id) if context.article else ()
