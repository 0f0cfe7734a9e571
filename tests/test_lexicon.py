"""One lexicon: the word lists and stemmers live in search/lexicon.py only."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from search.analysis.dates import resolve
from search.lexicon import (
    ENTITY_LABELS,
    ENTITY_ORDER,
    ENTITY_TYPES,
    MONTH_NAMES,
    REPORTING_VERBS,
    WEEKDAY_NAMES,
    matching_stem,
    readable_stem,
)

ROOT = Path(__file__).resolve().parent.parent


def test_every_entity_type_is_shown_and_labelled():
    assert sorted(ENTITY_ORDER) == sorted(ENTITY_TYPES) == sorted(ENTITY_LABELS)


@pytest.mark.parametrize(
    "word, readable, matching",
    [
        ("treaties", "treaty", "treat"),
        ("signed", "sign", "sign"),
        ("prices", "price", "pric"),
        ("negotiations", "negotiation", "negoti"),
    ],
)
def test_the_two_stemmers_differ_on_purpose(word, readable, matching):
    # Fact keys are shown ("sign treaty") and stay words; cluster features are only compared.
    assert readable_stem(word) == readable
    assert matching_stem(word) == matching


def test_month_and_weekday_names_resolve():
    assert resolve("June 19, 2024", None).label == "2024-06-19"
    for number, name in enumerate(MONTH_NAMES, start=1):
        assert resolve(f"{name} 2024", None).first.month == number
    assert len(WEEKDAY_NAMES) == 7 and "said" in REPORTING_VERBS


def _sources() -> list[tuple[Path, str]]:
    return [(p, p.read_text(encoding="utf-8")) for folder in ("search", "tui") for p in sorted((ROOT / folder).rglob("*.py"))]


@pytest.mark.parametrize(
    "what, pattern",
    [
        ("month names", r"January\W+February"),
        ("weekday names", r"Monday\W+Tuesday"),
        ("reporting verbs", r"said\W+says\W+say\b"),
        ("a stemmer", r"def \w*stem\("),
        ("stop words", r"_STOP\w* = "),
        ("organisation words", r"_ORG_WORDS = "),
        ("entity type labels", r'"NORP": "Nationalities'),
    ],
)
def test_no_word_list_outside_the_lexicon(what, pattern):
    places = [p.relative_to(ROOT) for p, text in _sources() if re.search(pattern, text) and p.name != "lexicon.py"]
    assert places == [], f"{what} defined outside search/lexicon.py: {places}"
