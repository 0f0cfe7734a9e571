"""The search syntax is written once (search/syntax.py) and every place that shows it reads it."""

from __future__ import annotations

from pathlib import Path

import pytest

from search import syntax
from search.index.query import QUERY_FIELDS

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_table_is_the_syntax_table():
    assert syntax.markdown_table() in README.read_text(encoding="utf-8")


def test_help_and_cli_show_every_example():
    from tui.cli.search import parser as _search_parser
    from tui.help import QUERY_SYNTAX

    epilog = _search_parser().epilog
    shown = " ".join(example for example, _ in QUERY_SYNTAX)
    for row in syntax.SYNTAX:
        for example in row.examples:
            assert example in epilog and example in shown


def test_the_parser_accepts_exactly_the_documented_fields():
    assert set(QUERY_FIELDS) == set(syntax.FIELDS)
    assert {"verdict", "tag"} <= set(syntax.FIELDS)


@pytest.mark.parametrize("field", [f for f in syntax.FIELDS if f not in syntax.ANNOTATION_FIELDS])
def test_every_documented_field_parses(library, field):
    value = "2025-04-28" if field == "date" else "putin"
    result = library.search(f"{field}:{value}")
    assert result.error is None, result.error


def test_placeholder_comes_from_the_open_corpus(tmp_path):
    from search import Library

    from .conftest import write

    write(tmp_path / "a.md", "---\nsource: Daily Planet\ndate: 2031-02-03\n---\nMetropolis news.\n")
    write(tmp_path / "b.md", "---\nsource: Daily Planet\ndate: 2031-01-01\n---\nMore news.\n")
    write(tmp_path / "c.md", "---\nsource: Gotham Gazette\ndate: 2030-01-01\n---\nOther news.\n")
    hint = Library.load([tmp_path], prefer_model=False).search_placeholder()
    assert "source:daily" in hint and "date:2031-02-03" in hint and "tass" not in hint
