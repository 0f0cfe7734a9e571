"""The claims board: every claim that several articles make, with conflicts.

Rows are prepared once by the read model (``Library.board``: a ``Board`` of
``BoardCluster`` rows, the same rows ``newsdesk board`` prints), so this screen
only lays them out in the board's order and reports the claim chosen.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from search.views import SORTS, Board, BoardCluster

from .bindings import HelpScoped
from .footer import Footer
from .views.base import shorten

PAGE = 25  # clusters laid out at first and per "more" (m): opening the board stays quick on any corpus
# Claims listed under a cluster, one outlet's first before any outlet's second; the rest are
# counted (the story view, o, shows them all). A story many outlets ran would otherwise list
# hundreds of near-copies, and laying them out made the board's first opening scale with them.
CLAIMS_SHOWN = 8


class ClaimsBoard(HelpScoped, Screen[tuple[str, int] | None]):
    HELP_SCOPE = "claims board"
    BINDINGS = [
        Binding("escape,q", "dismiss(None)", "Back", id="board.close"),
        Binding("s", "cycle_sort", "Sort", id="board.sort"),
        Binding("x", "app.flow('exporting.start')", "Export", id="board.export"),
        Binding("m", "more", "More", id="board.more"),
        Binding("j", "cursor_down", "Down", show=False, id="board.down"),
        Binding("k", "cursor_up", "Up", show=False, id="board.up"),
        Binding("o", "open_story", "Story", id="board.open_story"),
    ]

    def __init__(self, board: Board) -> None:
        super().__init__()
        self.board = board
        self.single_claims = board.single_claims
        self.sort = SORTS[0]
        self.limit = PAGE

    def compose(self) -> ComposeResult:
        yield Static(id="board-title", markup=False)
        yield OptionList(id="board")
        yield Footer()

    def on_mount(self) -> None:
        self._fill()
        self.query_one("#board", OptionList).focus()

    def ordered(self) -> tuple[BoardCluster, ...]:
        return self.board.ordered(self.sort)

    def _fill(self) -> None:
        clusters = self.ordered()
        shown = clusters[: self.limit]
        title = Text("Claims board", style="bold")
        title.append(f"  {self.board.summary} · sorted by {self.sort} (s to change)", style="dim")
        if len(clusters) > len(shown):
            title.append(f" · first {len(shown)} shown (m for more)", style="dim")
        self.query_one("#board-title", Static).update(title)
        options: list[Option] = []
        for cluster in shown:
            head = Text(cluster.reach, style="bold")
            for conflict in cluster.conflicts:
                head.append(f"  ⚠ conflict: {conflict}", style="bold")
            head.append(f"  score {cluster.score:.2f}", style="dim")
            options.append(Option(head, id=f"cluster:{cluster.id}", disabled=True))
            for claim in _listed(cluster.claims):
                row = Text("  ")
                row.append(f"{claim.date} · {claim.outlet}", style="italic")
                row.append("\n  " + shorten(claim.text, 160))
                options.append(Option(row, id=f"claim:{claim.article_id}:{claim.index}"))
            hidden = len(cluster.claims) - CLAIMS_SHOWN
            if hidden > 0:
                more = f"  … and {hidden} more claim{'s' if hidden != 1 else ''} in this cluster (o on one of them: the story)"
                options.append(Option(Text(more, style="dim"), disabled=True))
        if not options:
            options.append(Option(Text("No claim is made in more than one article of this corpus.", style="dim"), disabled=True))
        board = self.query_one("#board", OptionList)
        board.set_options(options)
        enabled = [i for i, option in enumerate(options) if not option.disabled]
        board.highlighted = enabled[0] if enabled else None

    def action_cycle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.limit = PAGE
        self._fill()

    def action_more(self) -> None:
        """Lay out the next clusters, keeping the highlighted claim."""
        if self.limit >= len(self.board.clusters):
            self.app.bell()
            return
        board = self.query_one("#board", OptionList)
        highlighted = board.highlighted
        self.limit += PAGE
        self._fill()
        if highlighted is not None:
            board.highlighted = highlighted

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


def _listed(claims):
    """The first ``CLAIMS_SHOWN`` claims, each outlet's first before any outlet's second."""
    seen: dict[str, int] = {}
    rank = []
    for order, claim in enumerate(claims):
        rank.append((seen.get(claim.counted_as, 0), order, claim))
        seen[claim.counted_as] = seen.get(claim.counted_as, 0) + 1
    return [claim for *_, claim in sorted(rank, key=lambda r: r[:2])[:CLAIMS_SHOWN]]
