"""A story comparison as text to paste: Markdown tables, or JSON.

A format is one function registered under its name (``@exporter("md")``);
``EXPORTERS`` lists them, and the command line and the app offer what is there.
"""

from __future__ import annotations

import json
from typing import Callable

from .model import StoryComparison

EXPORTERS: dict[str, Callable[[StoryComparison], str]] = {}


def exporter(name: str):
    def register(function: Callable[[StoryComparison], str]) -> Callable[[StoryComparison], str]:
        EXPORTERS[name] = function
        return function

    return register


def export(comparison: StoryComparison, name: str) -> str:
    try:
        return EXPORTERS[name](comparison)
    except KeyError:
        raise ValueError(f"unknown story format {name!r}: use {', '.join(sorted(EXPORTERS))}") from None


@exporter("json")
def to_json(comparison: StoryComparison) -> str:
    return json.dumps(comparison.to_dict(), ensure_ascii=False, indent=2) + "\n"


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell: one line, pipes escaped."""
    return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|")


def _marked(statement) -> str:
    """The sentence with its conflicting values in bold."""
    text, out, at = statement.text, [], 0
    for start, end in statement.marks:
        out += [text[at:start], f"**{text[start:end]}**"]
        at = end
    out.append(text[at:])
    return _cell("".join(out))


@exporter("md")
def to_markdown(comparison: StoryComparison) -> str:
    story = comparison.story
    first, last = story.dates
    lines = [f"# Story: {_cell(story.title)}", ""]
    when = f"{first} to {last}" if first and first != last else (first or "undated")
    lines.append(f"{len(story.members)} articles, {when}. Story id `{story.id}`.")
    if story.entities:
        lines.append(f"Shared names: {_cell(', '.join(story.entities))}.")
    lines += ["", "| Outlet | Date | Article | Title |", "| --- | --- | --- | --- |"]
    for m in story.members:
        lines.append(f"| {_cell(m.column)} | {m.date or 'undated'} | `{m.article_id}` | {_cell(m.title)} |")
    for note in comparison.notes:
        lines += ["", f"_{_cell(note)}_"]

    lines += ["", "## Conflicts", ""]
    if comparison.conflicts:
        lines += ["| Fact | Value | Outlets |", "| --- | --- | --- |"]
        for conflict in comparison.conflicts:
            for side in conflict.sides:
                lines.append(f"| {_cell(conflict.about)} | {_cell(side.value)} | {_cell(', '.join(side.columns))} |")
            for side in conflict.either:
                lines.append(f"| {_cell(conflict.about)} | {_cell(side.value)} (fits either) | {_cell(', '.join(side.columns))} |")
    else:
        lines.append("No fact is stated with values that exclude each other.")

    columns = [m.column for m in story.members]
    lines += ["", "## What each outlet states", "", "✓ reported · — not reported · **bold**: a disputed value", ""]
    lines.append("| Reported by | " + " | ".join(_cell(c) for c in columns) + " |")
    lines.append("| --- | " + " | ".join("---" for _ in columns) + " |")
    for row in comparison.rows:
        head = f"{row.reported_by}/{len(columns)}" + (" ⚠" if row.conflicts else "")
        cells = [" / ".join(_marked(s) for s in cell) if cell else "—" for cell in row.cells]
        lines.append(f"| {head} | " + " | ".join(cells) + " |")

    lines += ["", "## Quote wording", ""]
    if not comparison.drifts:
        lines.append("No statement is quoted by more than one outlet.")
    for n, drift in enumerate(comparison.drifts, start=1):
        who = f" — {_cell(drift.speaker)}" if drift.speaker else ""
        lines += [f"### Statement {n}{who}", "", "| Outlet | Words (**changed**, ++added++, ~~missing~~) | Same words as base | Note |", "| --- | --- | --- | --- |"]
        for i, r in enumerate(drift.renderings):
            words = []
            for s in r.segments:
                if s.kind == "same":
                    words.append(_cell(s.text))
                elif s.kind == "changed":
                    words.append(f"**{_cell(s.text)}**")
                elif s.kind == "added":
                    words.append(f"++{_cell(s.text)}++")
                else:
                    words.append(f"~~{_cell(s.base)}~~")
            notes = ["base" if i == drift.base else "", "quoted" if r.direct else "reported speech"]
            if r.paraphrase:
                notes.append(f"⚠ paraphrase presented as a direct quote? (best support {r.support:.0%})")
            lines.append(f"| {_cell(r.column)} | {' '.join(words)} | {r.similarity:.0%} | {'; '.join(x for x in notes if x)} |")
        lines.append("")

    lines += ["## Timeline", "", "| Date | What | Outlet: as written | Note |", "| --- | --- | --- | --- |"]
    for event in comparison.timeline:
        said = "; ".join(f"{_cell(m.column)}: “{_cell(m.expression)}” → {_cell(m.value)}" for m in event.mentions)
        values = " / ".join(event.values)
        note = f"⚠ {_cell(event.conflict.explanation)}" if event.conflict else ""
        lines.append(f"| {_cell(values)} | {_cell(event.about)} | {said} | {note} |")
    return "\n".join(lines) + "\n"
