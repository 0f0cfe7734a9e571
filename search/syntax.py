"""The search syntax, written once.

The help screen, the command line's epilog, the search box's placeholder and
the README's table are all made from :data:`SYNTAX` (a test checks the README),
and the query parser accepts exactly the fields named in :data:`FIELDS`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SyntaxRow:
    examples: tuple[str, ...]  # queries as typed
    meaning: str
    fields: tuple[str, ...] = ()  # the field names the row documents


SYNTAX: tuple[SyntaxRow, ...] = (
    SyntaxRow(("kursk treaty",), "articles with both words (stemmed: treaty also finds treaties)"),
    SyntaxRow(("kursk OR belgorod", "kursk NOT putin", "(a OR b) AND c"), "boolean combinations"),
    SyntaxRow(('"sacred mission"',), "the exact phrase"),
    SyntaxRow(("liberat*",), "words starting with liberat"),
    SyntaxRow(("source:tass", "title:putin", "body:treaty"), "words in the outlet's name, the title or the text", ("source", "title", "body")),
    SyntaxRow(
        ("date:2025-04-28", "date:[2025-04-27 TO 2025-04-28]", "date:[2025-04-28 TO]"),
        "a day, a range (either end may be left out)",
        ("date",),
    ),
    SyntaxRow(('entity:"Kim Jong Un"',), "articles naming an entity in any of its spellings", ("entity",)),
    SyntaxRow(
        ("person:putin", "org:kcna", "gpe:kyiv", "loc:alps", "norp:french", "law:charter", "event:olympics"),
        "entities of one type",
        ("person", "org", "gpe", "loc", "norp", "law", "event"),
    ),
    SyntaxRow(("verdict:disputed", "tag:casualties"), "articles you annotated so (combine with any other query)", ("verdict", "tag")),
)

# Every field a query may name, in the order the syntax lists them.
FIELDS: tuple[str, ...] = tuple(name for row in SYNTAX for name in row.fields)
# Fields answered from the annotations file rather than the index.
ANNOTATION_FIELDS = ("verdict", "tag")


def help_rows() -> list[tuple[str, str]]:
    """(examples, meaning) for the help screen."""
    return [("  ".join(row.examples), row.meaning) for row in SYNTAX]


def epilog() -> str:
    """One paragraph for ``newsdesk search --help``."""
    return "query syntax: " + "; ".join(f"{', '.join(row.examples)} ({row.meaning})" for row in SYNTAX)


def markdown_table() -> str:
    """The README's table."""
    lines = ["| Query | Finds |", "| --- | --- |"]
    for row in SYNTAX:
        lines.append(f"| {', '.join(f'`{e}`' for e in row.examples)} | {row.meaning} |")
    return "\n".join(lines)


def placeholder(outlet: str | None = None, date: str | None = None, word: str | None = None) -> str:
    """The search box's hint, with examples from the open corpus where it offers them."""
    parts = ["words", '"phrases"', "prefix*"]
    if outlet:
        parts.append(f"source:{outlet}")
    if word:
        parts.append(f"title:{word}")
    if date:
        parts.append(f"date:{date}")
    return "/ search: " + ", ".join(parts)
