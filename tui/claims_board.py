"""The claims board: every claim that several outlets make, with conflicts.

Rows are prepared by the app from the engine (``BoardCluster``), so this
screen only lays them out, sorts them and reports the claim chosen.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from search.views import BoardClaim, BoardCluster  # noqa: F401 - the rows this screen lays out

from .bindings import HelpScoped
from .views.base import shorten

SORTS = ("outlets", "conflicts", "score")
MAX_CLUSTERS = 500  # keeps the board quick on large corpora; the title gives the total


class ClaimsBoard(HelpScoped, Screen[tuple[str, int] | None]):
    HELP_SCOPE = "claims board"
    BINDINGS = [
        Binding("escape,q", "dismiss(None)", "Back", id="board.close"),
        Binding("s", "cycle_sort", "Sort", id="board.sort"),
        Binding("x", "app.flow('exporting.start')", "Export", id="board.export"),
        Binding("j", "cursor_down", "Down", show=False, id="board.down"),
        Binding("k", "cursor_up", "Up", show=False, id="board.up"),
        Binding("o", "open_story", "Story", id="board.open_story"),
    ]

    def __init__(self, clusters: list[BoardCluster], single_claims: int) -> None:
        super().__init__()
        self.clusters = clusters
        self.single_claims = single_claims
        self.sort = SORTS[0]

    def compose(self) -> ComposeResult:
        yield Static(id="board-title", markup=False)
        yield OptionList(id="board")
        yield Footer()

    def on_mount(self) -> None:
        self._fill()
        self.query_one("#board", OptionList).focus()

    def ordered(self) -> list[BoardCluster]:
        if self.sort == "conflicts":
            key = lambda c: (not c.conflicts, -c.outlets, -c.score)  # noqa: E731
        elif self.sort == "score":
            key = lambda c: (-c.score, -c.outlets)  # noqa: E731
        else:
            key = lambda c: (-c.outlets, not c.conflicts, -c.score)  # noqa: E731
        return sorted(self.clusters, key=key)

    def _fill(self) -> None:
        clusters = self.ordered()
        shown = clusters[:MAX_CLUSTERS]
        conflicted = sum(1 for c in self.clusters if c.conflicts)
        title = Text("Claims board", style="bold")
        title.append(
            f"  {len(self.clusters)} claims made by several outlets, {conflicted} with conflicts · "
            f"{self.single_claims} single-outlet claims not listed · sorted by {self.sort} (s to change)",
            style="dim",
        )
        if len(clusters) > len(shown):
            title.append(f" · first {len(shown)} shown", style="dim")
        self.query_one("#board-title", Static).update(title)
        options: list[Option] = []
        for cluster in shown:
            head = Text(f"{cluster.outlets} outlets", style="bold")
            for conflict in cluster.conflicts:
                head.append(f"  ⚠ conflict: {conflict}", style="bold")
            head.append(f"  score {cluster.score:.2f}", style="dim")
            options.append(Option(head, id=f"cluster:{cluster.id}", disabled=True))
            for claim in cluster.claims:
                row = Text("  ")
                row.append(f"{claim.date} · {claim.outlet}", style="italic")
                row.append("\n  " + shorten(claim.text, 200))
                options.append(Option(row, id=f"claim:{claim.article_id}:{claim.index}"))
        if not options:
            options.append(Option(Text("No claim is made by more than one outlet in this corpus.", style="dim"), disabled=True))
        board = self.query_one("#board", OptionList)
        board.set_options(options)
        enabled = [i for i, option in enumerate(options) if not option.disabled]
        board.highlighted = enabled[0] if enabled else None

    def action_cycle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self._fill()

    def action_cursor_down(self) -> None:
        self.query_one("#board", OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one("#board", OptionList).action_cursor_up()

    def action_open_story(self) -> None:
        """The story of the highlighted claim's cluster (tui/story_flow.py)."""
        board = self.query_one("#board", OptionList)
        option = board.get_option_at_index(board.highlighted) if board.highlighted is not None else None
        if option is None or not (option.id or "").startswith("claim:"):
            self.app.bell()
            return
        article_id, index = option.id.removeprefix("claim:").rsplit(":", 1)
        self.app.stories.open_for_claim(article_id, int(index))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id.startswith("claim:"):
            article_id, index = option_id.removeprefix("claim:").rsplit(":", 1)
            self.dismiss((article_id, int(index)))
