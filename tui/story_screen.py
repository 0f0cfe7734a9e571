"""Stories: the list of stories, and one story compared across its outlets.

The rows come from the read model (``Library.stories`` and
``Library.story_comparison``); these screens only lay them out. Every piece of
article text is a ``rich.text.Text``, never markup.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from search.sanitize import safe_line

from .bindings import HelpScoped
from .footer import Footer
from .views.base import shorten

MARK = "bold reverse red"  # a disputed value in a sentence
COLUMN_MIN = 34  # an outlet's column is at least this wide: 80 columns show two
MARKER_WIDTH = 6


def _when(story) -> str:
    first, last = story.dates
    if not first:
        return "undated"
    return first if first == last else f"{first} to {last}"


class StoriesScreen(HelpScoped, Screen[str | None]):
    """Every story in the corpus; enter opens one."""

    HELP_SCOPE = "stories"
    DEFAULT_CSS = """
    #stories-title { height: auto; padding: 0 1; }
    #stories { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape,q", "dismiss(None)", "Back", id="stories.close"),
        Binding("j", "cursor_down", "Down", show=False, id="stories.down"),
        Binding("k", "cursor_up", "Up", show=False, id="stories.up"),
    ]

    def __init__(self, stories) -> None:
        super().__init__()
        self.stories = list(stories)

    def compose(self) -> ComposeResult:
        title = Text("Stories", style="bold")
        title.append(f"  {len(self.stories)} groups of articles about one event · enter opens one", style="dim")
        yield Static(title, id="stories-title")
        yield OptionList(id="stories")
        yield Footer()

    def on_mount(self) -> None:
        options = []
        for number, story in enumerate(self.stories, start=1):
            prompt = Text(f"{number}. ", style="bold")
            prompt.append(safe_line(shorten(story.title, 150)), style="bold")
            prompt.append(f"\n   {len(story.members)} articles · {_when(story)} · ", style="dim")
            prompt.append(safe_line(", ".join(story.outlets)), style="italic")
            options.append(Option(prompt, id=story.id))
        if not options:
            options.append(Option(Text("No two articles report the same event in this corpus.", style="dim"), disabled=True))
        stories = self.query_one("#stories", OptionList)
        stories.set_options(options)
        stories.highlighted = 0 if self.stories else None
        stories.focus()

    def action_cursor_down(self) -> None:
        self.query_one("#stories", OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one("#stories", OptionList).action_cursor_up()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.dismiss(event.option.id)


class StoryScreen(HelpScoped, Screen[None]):
    """One story: what each outlet states (two outlets at a time in 80 columns), quote wording, timeline."""

    HELP_SCOPE = "story"
    DEFAULT_CSS = """
    #story-title { height: auto; padding: 0 1; }
    #story-tabs { height: 1fr; }
    #story-table { height: 1fr; }
    #story-detail { height: auto; max-height: 4; padding: 0 1; background: $boost; }
    """
    BINDINGS = [
        Binding("escape,q", "close", "Back", id="story.close"),
        Binding("h,left", "move(-1)", "Prev outlet", priority=True, id="story.previous_outlet"),
        Binding("l,right", "move(1)", "Next outlet", priority=True, id="story.next_outlet"),
        Binding("j", "row(1)", "Down", show=False, id="story.down"),
        Binding("k", "row(-1)", "Up", show=False, id="story.up"),
        Binding("a", "annotate", "Annotate", id="story.annotate"),
        Binding("x", "export", "Export", id="story.export"),
        Binding("1", "tab('story-statements')", "Statements", show=False, id="story.statements"),
        Binding("2", "tab('story-quotes')", "Quotes", show=False, id="story.quotes"),
        Binding("3", "tab('story-timeline')", "Timeline", show=False, id="story.timeline"),
    ]

    def __init__(self, comparison, flow) -> None:
        super().__init__()
        self.comparison = comparison
        self.flow = flow
        self.first = 0  # the first outlet shown

    @property
    def members(self):
        return self.comparison.story.members

    def compose(self) -> ComposeResult:
        yield Static(self._title(), id="story-title")
        with TabbedContent(id="story-tabs", initial="story-statements"):
            with TabPane("1 Statements", id="story-statements"):
                yield DataTable(id="story-table", cursor_type="cell", zebra_stripes=False)
            with TabPane("2 Quotes", id="story-quotes"):
                with VerticalScroll():
                    yield Static(self._quotes(), id="story-quote-text")
            with TabPane("3 Timeline", id="story-timeline"):
                with VerticalScroll():
                    yield Static(self._timeline(), id="story-timeline-text")
        yield Static(id="story-detail")
        yield Footer()

    def _title(self) -> Text:
        story = self.comparison.story
        title = Text(safe_line(shorten(story.title, 120)), style="bold")
        title.append(f"\n{len(story.members)} articles · {_when(story)} · ", style="dim")
        conflicts = len(self.comparison.conflicts)
        title.append(f"{conflicts} conflict{'s' if conflicts != 1 else ''}", style="bold red" if conflicts else "dim")
        for note in self.comparison.notes:
            title.append("\n" + safe_line(note), style="dim italic")
        return title

    # -- statements: the aligned table ---------------------------------------------------------
    def visible(self) -> int:
        width = self.size.width or self.app.size.width
        return max(1, min(len(self.members), (width - MARKER_WIDTH - 4) // COLUMN_MIN))

    def on_mount(self) -> None:
        self._fill()
        self.query_one("#story-table", DataTable).focus()

    def on_resize(self) -> None:
        self._fill()

    def _fill(self, row: int | None = None, column: int | None = None) -> None:
        table = self.query_one("#story-table", DataTable)
        shown = self.visible()
        self.first = max(0, min(self.first, len(self.members) - shown))
        width = max(12, ((self.size.width or self.app.size.width) - MARKER_WIDTH - 4) // shown - 3)
        old = table.cursor_coordinate
        table.clear(columns=True)
        table.add_column(Text("says"), width=MARKER_WIDTH, key="marker")
        total = len(self.members)
        for n in range(self.first, self.first + shown):
            label = Text(f"{'◀ ' if n == self.first and n > 0 else ''}", style="bold")
            label.append(safe_line(shorten(self.members[n].column, width - 10)), style="bold")
            label.append(f" {n + 1}/{total}", style="dim")
            if n == self.first + shown - 1 and n < total - 1:
                label.append(" ▶", style="bold")
            table.add_column(label, width=width, key=f"m{n}")
        for index, story_row in enumerate(self.comparison.rows):
            marker = Text(f"{story_row.reported_by}/{total}", style="bold" if story_row.kind == "all" else "")
            if story_row.conflicts:
                marker.append(" ⚠", style="bold red")
            cells = [marker]
            for n in range(self.first, self.first + shown):
                cells.append(self._cell(story_row.cells[n], bool(story_row.conflicts)))
            table.add_row(*cells, height=None, key=str(index))
        target_row = old.row if row is None else row
        target_column = old.column if column is None else column
        if self.comparison.rows:
            table.move_cursor(row=min(target_row, len(self.comparison.rows) - 1), column=max(1, min(target_column, shown)))
        self._describe()

    def _cell(self, statements, disputed: bool) -> Text:
        if not statements:
            return Text("— not reported", style="dim")
        text = Text()
        for n, statement in enumerate(statements):
            if n:
                text.append("\n")
            body = Text(safe_line(statement.text))
            for start, end in statement.marks:
                body.stylize(MARK, start, end)
            text.append_text(body)
        return text

    def current(self):
        """(row, member index, statements) under the cursor."""
        table = self.query_one("#story-table", DataTable)
        if not self.comparison.rows:
            return None, None, ()
        coordinate = table.cursor_coordinate
        row = self.comparison.rows[min(coordinate.row, len(self.comparison.rows) - 1)]
        if coordinate.column < 1:
            return row, None, ()
        member = self.first + coordinate.column - 1
        return row, member, row.cells[member] if member < len(self.members) else ()

    def _describe(self) -> None:
        row, member, statements = self.current()
        detail = Text()
        if row is not None:
            if row.conflicts:
                for conflict in row.conflicts:
                    detail.append("⚠ " + safe_line(conflict.explanation) + "\n", style="bold red")
            kind = {"all": "every outlet reports this", "some": f"{row.reported_by} of {len(self.members)} outlets report this",
                    "one": "only one outlet reports this"}[row.kind]
            absent = [m.column for m, cell in zip(self.members, row.cells) if not cell]
            detail.append(kind, style="bold")
            if absent and row.kind != "one":
                detail.append(" · not in: " + safe_line(", ".join(absent)), style="dim")
            if member is not None:
                detail.append(" · " + safe_line(self.members[member].column), style="italic")
                detail.append(" · enter opens it there · a annotates" if statements else " · says nothing of this", style="dim")
        self.query_one("#story-detail", Static).update(detail)

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        self._describe()

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        _, _, statements = self.current()
        if not statements:
            self.app.bell()
            return
        statement = statements[0]
        self.flow.open_sentence(statement.article_id, statement.start, statement.end)

    def action_move(self, delta: int) -> None:
        table = self.query_one("#story-table", DataTable)
        if self.query_one("#story-tabs", TabbedContent).active != "story-statements" or not self.comparison.rows:
            return
        shown = self.visible()
        column = table.cursor_coordinate.column + delta
        if 1 <= column <= shown:
            table.move_cursor(column=column)
            return
        first = self.first + delta
        if first < 0 or first + shown > len(self.members):
            self.app.bell()
            return
        self.first = first
        self._fill(column=1 if delta < 0 else shown)

    def action_row(self, delta: int) -> None:
        table = self.query_one("#story-table", DataTable)
        (table.action_cursor_down if delta > 0 else table.action_cursor_up)()

    def action_annotate(self) -> None:
        _, _, statements = self.current()
        if not statements:
            self.app.bell()
            return
        statement = statements[0]
        self.flow.annotate(statement.article_id, statement.start, statement.end)

    def action_export(self) -> None:
        self.flow.export(self.comparison.story.id)

    def action_tab(self, tab: str) -> None:
        self.query_one("#story-tabs", TabbedContent).active = tab

    def action_close(self) -> None:
        self.flow.closed_story()
        self.dismiss(None)

    # -- quote wording and timeline -------------------------------------------------------------------
    def _quotes(self) -> Text:
        text = Text()
        if not self.comparison.drifts:
            return Text("No statement is quoted by more than one outlet.", style="dim")
        text.append("same words · ", style="dim")
        text.append("changed", style="bold yellow")
        text.append(" [base's words] · ", style="dim")
        text.append("added", style="bold green")
        text.append(" · ", style="dim")
        text.append("missing", style="strike red")
        text.append(" · ⚠ paraphrase presented as a direct quote?\n", style="dim")
        for number, drift in enumerate(self.comparison.drifts, start=1):
            text.append(f"\nStatement {number}", style="bold")
            if drift.speaker:
                text.append(" — " + safe_line(drift.speaker), style="bold")
            text.append(f" · {drift.outlets} outlets, {drift.direct_outlets} quoting\n", style="dim")
            for index, rendering in enumerate(drift.renderings):
                text.append(safe_line(rendering.column), style="bold italic")
                how = "base" if index == drift.base else f"{rendering.similarity:.0%} same words"
                text.append(f" ({how}{'' if rendering.direct else ', reported speech'})", style="dim")
                if rendering.paraphrase:
                    text.append(f" ⚠ paraphrase as quote? best support {rendering.support:.0%}", style="bold red")
                text.append("\n  “" if rendering.direct else "\n  ")
                for segment in rendering.segments:
                    if segment.kind == "same":
                        text.append(safe_line(segment.text))
                    elif segment.kind == "changed":
                        text.append(safe_line(segment.text), style="bold yellow")
                        text.append(" [" + safe_line(segment.base) + "]", style="dim")
                    elif segment.kind == "added":
                        text.append(safe_line(segment.text), style="bold green")
                    else:
                        text.append(safe_line(segment.base), style="strike red")
                    text.append(" ")
                text.append("”\n" if rendering.direct else "\n")
        return text

    def _timeline(self) -> Text:
        text = Text()
        if not self.comparison.timeline:
            return Text("The articles state no date that could be resolved.", style="dim")
        for event in self.comparison.timeline:
            text.append(f"{event.first}  ", style="bold")
            text.append(safe_line(event.about), style="bold")
            if event.conflict:
                text.append("  ⚠ disputed", style="bold red")
            text.append("\n")
            for mention in event.mentions:
                text.append(f"    {safe_line(mention.column)}: ", style="italic")
                text.append("“" + safe_line(mention.expression) + "”")
                text.append(f" → {mention.value}\n", style="dim")
            if event.conflict:
                text.append("    ⚠ " + safe_line(event.conflict.explanation) + "\n", style="red")
        return text
