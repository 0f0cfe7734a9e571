"""Markdown: a heading, a summary line and a table per section (the board: one per claim)."""

from __future__ import annotations

import re

NAME = "md"
SUFFIX = ".md"
DESCRIPTION = "Markdown tables"

_SPECIAL = re.compile(r"([\\`*\[\]<>|#]|(?<!\w)_|_(?!\w))")


def cell(value) -> str:
    """One table cell: article text is data, so Markdown's own characters are escaped."""
    return _SPECIAL.sub(lambda m: "\\" + m.group(0), " ".join(str(value).split()))


def render(report) -> str:
    lines = [f"# {cell(report.title)}", "", cell(report.summary), ""]
    for section in report.sections:
        if section.heading:
            lines += [f"## {cell(section.heading)}", ""]
        lines += [f"- ⚠ conflict: {cell(note)}" for note in section.notes]
        if section.notes:
            lines.append("")
        lines.append("| " + " | ".join(report.columns) + " |")
        lines.append("|" + "|".join(" --- " for _ in report.columns) + "|")
        for row in section.rows:
            lines.append("| " + " | ".join(_value(name, row.get(name, "")) for name in report.columns) + " |")
        lines.append("")
    return "\n".join(lines)


def _value(name: str, value) -> str:
    if name == "url" and value:
        return f"<{value}>" if not re.search(r"[\s<>|]", str(value)) else cell(value)
    return cell(value if value is not None else "")
