"""The report: rows built once from the read model, for every format."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

from ..citation import full_title
from ..sanitize import clean_field

RESULT_COLUMNS = ("rank", "date", "outlet", "title", "url", "article", "snippet")
BOARD_COLUMNS = ("date", "outlet", "claim", "url", "article", "score")
BOARD_SECTION_COLUMNS = ("cluster", "outlets", "conflicts")


@dataclass(frozen=True)
class Section:
    """A group of rows: the one list of results, or one claim of the board."""

    heading: str  # "" when the report is one list
    notes: tuple[str, ...]  # lines about the group (the board's conflicts)
    rows: tuple[dict, ...]  # keys: the report's ``section_columns`` then ``columns``


@dataclass(frozen=True)
class Report:
    kind: str  # "search" or "board"
    title: str
    summary: str  # one line: what is listed, how many
    columns: tuple[str, ...]
    sections: tuple[Section, ...]
    section_columns: tuple[str, ...] = ()  # keys a row takes from its section (the CSV repeats them; Markdown heads)

    @property
    def rows(self) -> list[dict]:
        return [row for section in self.sections for row in section.rows]

    @property
    def empty(self) -> bool:
        return not any(section.rows for section in self.sections)


def _one_line(value) -> str:
    return clean_field(value) or ""


def results_report(library, query: str, article_ids: Iterable[str], snippets: Mapping[str, str] | None = None,
                   total: int | None = None) -> Report:
    """The listed articles in their order, as the list shows them (``query`` "" when
    no search is active). ``snippets``: the text around the hits, by article id."""
    snippets = snippets or {}
    rows = []
    for rank, article_id in enumerate(article_ids, start=1):
        article = library.article(article_id)
        rows.append({
            "rank": rank, "date": article.date_text, "outlet": _one_line(article.source), "title": _one_line(full_title(article)),
            "url": _one_line(article.url), "article": article.id, "snippet": _one_line(snippets.get(article_id, "")),
        })
    count = len(rows)
    if query:
        title = f"Search results for {_one_line(query)!r}"
        summary = f"{count} result{'s' if count != 1 else ''} listed"
        if total is not None and total > count:
            summary += f" of {total}"
    else:
        title, summary = "Articles", f"{count} article{'s' if count != 1 else ''}"
    return Report("search", title, summary, RESULT_COLUMNS, (Section("", (), tuple(rows)),))


def board_report(library, clusters: Iterable, single_claims: int = 0) -> Report:
    """The claims board's clusters (``BoardCluster`` rows from ``Library.board()``) in the order given."""
    sections = []
    for cluster in clusters:
        conflicts = tuple(_one_line(c) for c in cluster.conflicts)
        shared = {"cluster": cluster.id, "outlets": cluster.outlets, "conflicts": "; ".join(conflicts)}
        rows = []
        for claim in cluster.claims:
            article = library.article(claim.article_id)
            rows.append({
                **shared, "date": claim.date, "outlet": _one_line(claim.outlet), "claim": " ".join(claim.text.split()),
                "url": _one_line(article.url), "article": claim.article_id, "score": round(claim.score, 2),
            })
        sections.append(Section(f"{cluster.outlets} outlets · score {cluster.score:.2f}", conflicts, tuple(rows)))
    count = len(sections)
    summary = f"{count} claim{'s' if count != 1 else ''} made by several outlets"
    if single_claims:
        summary += f"; {single_claims} single-outlet claims not listed"
    return Report("board", "Claims board", summary, BOARD_COLUMNS, tuple(sections), BOARD_SECTION_COLUMNS)
