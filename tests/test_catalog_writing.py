"""Correcting an article's metadata: catalog.yaml written in place, bad input refused,
nothing lost; and the list's sort and filters (search/listing.py)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from search import Library
from search.article import Article
from search.listing import Listing, outlet_counts, parse_bound
from search.sources.catalog import CatalogError, catalog_key, check_changes, write_entry

from .conftest import write

USER_CATALOG = """\
# Corrections kept by the desk. Do not reorder.
b.txt:
  title: Second file   # checked by hand
  source: Wire One
# the next one was wrong in the feed
a.txt:
  source: Wire Two
  url: https://example.org/a
"""


def files(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def test_a_correction_is_made_in_place_keeping_comments_other_entries_and_order(tmp_path):
    write(tmp_path / "catalog.yaml", USER_CATALOG)
    path, kept = write_entry(tmp_path, "a.txt", {"date": "2024-06-19", "source": "Wire Three"})
    assert kept and path == tmp_path / "catalog.yaml"
    text = path.read_text(encoding="utf-8")
    assert text == USER_CATALOG.replace("  source: Wire Two\n", "  source: Wire Three\n").replace(
        "  url: https://example.org/a\n", "  url: https://example.org/a\n  date: 2024-06-19\n"
    )
    assert files(tmp_path) == {"catalog.yaml"}  # no temporary file left behind


def test_a_title_that_needs_quoting_reads_back_as_typed(tmp_path):
    write(tmp_path / "catalog.yaml", USER_CATALOG)
    title = 'Kursk: "liberated" # or not'
    write_entry(tmp_path, "b.txt", {"title": title})
    text = (tmp_path / "catalog.yaml").read_text(encoding="utf-8")
    assert "# checked by hand" in text and "# Corrections kept by the desk" in text
    from search.errors import load_yaml

    assert load_yaml(text, dates=False)["b.txt"]["title"] == title


def test_a_new_entry_goes_at_the_end_and_a_missing_catalog_is_created(tmp_path):
    write_entry(tmp_path, "c.txt", {"source": "Wire Four", "date": None})
    assert (tmp_path / "catalog.yaml").read_text(encoding="utf-8") == "c.txt:\n  source: Wire Four\n"
    write(tmp_path / "catalog.yaml", USER_CATALOG)
    write_entry(tmp_path, "odd: name.txt", {"title": "Odd"})
    assert (tmp_path / "catalog.yaml").read_text(encoding="utf-8") == USER_CATALOG + '"odd: name.txt":\n  title: Odd\n'


def test_dropping_every_field_removes_the_entry_but_not_its_comments(tmp_path):
    write(tmp_path / "catalog.yaml", USER_CATALOG)
    write_entry(tmp_path, "b.txt", {"title": None, "source": None})
    text = (tmp_path / "catalog.yaml").read_text(encoding="utf-8")
    assert "b.txt" not in text and "Wire One" not in text
    assert "# checked by hand" not in text  # an end-of-line comment goes with its line
    assert text.startswith("# Corrections kept by the desk") and "a.txt:\n  source: Wire Two\n" in text


def test_a_layout_too_unusual_to_edit_in_place_is_rewritten_with_every_entry_kept(tmp_path):
    write(tmp_path / "catalog.yaml", "# header\nb.txt: {title: Flow style, source: Wire One}\na.txt:\n  source: Wire Two\n")
    _, kept = write_entry(tmp_path, "b.txt", {"date": "2025-01-02"})
    assert not kept
    from search.errors import load_yaml

    text = (tmp_path / "catalog.yaml").read_text(encoding="utf-8")
    assert text.startswith("# header\n")
    assert load_yaml(text, dates=False) == {
        "b.txt": {"title": "Flow style", "source": "Wire One", "date": "2025-01-02"},
        "a.txt": {"source": "Wire Two"},
    }


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"date": "27/04/2025"}, "is not a date in YYYY-MM-DD form"),
        ({"date": "2025-02-30"}, "is not a date in YYYY-MM-DD form"),
        ({"date": "2025-W17-1"}, "is not a date in YYYY-MM-DD form"),
        ({"title": "   "}, "the title cannot be empty"),
        ({"title": "\x1b[31m"}, "the title cannot be empty"),
        ({"url": "https://x"}, "cannot be set here"),
    ],
)
def test_bad_input_is_one_plain_sentence(changes, message):
    with pytest.raises(CatalogError) as caught:
        check_changes(changes)
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_check_changes_cleans_what_it_keeps():
    assert check_changes({"title": "  A\ttitle \x07 ", "source": "", "date": " 2025-04-27 "}) == {
        "title": "A title", "source": None, "date": "2025-04-27",
    }


@pytest.mark.parametrize(
    "content",
    [
        "a.txt: [broken\n",  # not YAML
        "- a list\n- not a mapping\n",  # not a mapping
        "a.txt: just a string\n",  # an entry that is not a mapping
        b"a.txt:\n  title: caf\xe9\n",  # not UTF-8
    ],
)
def test_an_unreadable_catalog_is_never_overwritten(tmp_path, content):
    catalog = write(tmp_path / "catalog.yaml", content)
    before = catalog.read_bytes()
    with pytest.raises(CatalogError) as caught:
        write_entry(tmp_path, "a.txt", {"title": "New"})
    assert "not changed" in str(caught.value)
    assert catalog.read_bytes() == before and files(tmp_path) == {"catalog.yaml"}


def test_the_key_is_the_file_name_or_for_json_lines_the_article_id(tmp_path):
    write(tmp_path / "one.txt", "Body of the first article.\n")
    write(tmp_path / "many.jsonl", json.dumps({"id": "rec-1", "title": "T", "body": "Body text here."}) + "\n")
    library = Library.load([tmp_path], prefer_model=False)
    by_id = {a.id: a for a in library.articles}
    assert catalog_key(by_id["one"]) == "one.txt"
    assert catalog_key(by_id["rec-1"]) == "rec-1"


def test_library_set_metadata_writes_reloads_and_the_index_follows(seeds_copy):
    before = (seeds_copy / "catalog.yaml").read_text(encoding="utf-8")
    library = Library.load([seeds_copy], prefer_model=False)
    library.ensure_index()
    target = "004_6decb479083189bf"
    before_ref = library.outlet(target)
    _, kept = library.set_metadata(target, {"title": "Zanzibar correction", "source": "Desk Wire", "date": "2025-01-05"})
    assert kept
    article = library.article(target)
    assert (article.title, article.source, article.date) == ("Zanzibar correction", "Desk Wire", dt.date(2025, 1, 5))
    # Where outlets are listed, the article is named as it is now (not as it was first named).
    assert before_ref.outlet != "Desk Wire"
    assert (library.outlet(target).outlet, library.outlet(target).date) == ("Desk Wire", "2025-01-05")
    after = (seeds_copy / "catalog.yaml").read_text(encoding="utf-8")
    assert after.startswith(before)  # the seeds' comments and entries are all still there
    library.ensure_index()  # analysis rewrites the changed article's document; the update finds the rest current
    assert [hit.article_id for hit in library.search("zanzibar").hits] == [target]
    assert [hit.article_id for hit in library.search('source:"desk wire"').hits] == [target]
    library.close()


def test_library_set_metadata_refuses_bad_input_and_the_bundled_seeds(seeds_copy):
    library = Library.load([seeds_copy], prefer_model=False)
    before = (seeds_copy / "catalog.yaml").read_bytes()
    with pytest.raises(CatalogError):
        library.set_metadata("004_6decb479083189bf", {"date": "next tuesday"})
    with pytest.raises(CatalogError):
        library.set_metadata("004_6decb479083189bf", {"title": ""})
    assert (seeds_copy / "catalog.yaml").read_bytes() == before
    seeds = Library.load(prefer_model=False)
    with pytest.raises(CatalogError, match="bundled seed"):
        seeds.set_metadata(seeds.articles[0].id, {"source": "Somebody"})


# -- the list's sort and filters ------------------------------------------------------------------
def article(article_id: str, source: str | None, date: str | None) -> Article:
    return Article(article_id, article_id.upper(), source, dt.date.fromisoformat(date) if date else None, None, Path("x"), "text")


ARTICLES = [
    article("b", "Wire B", "2025-04-02"),
    article("a", "wire a", "2025-04-10"),
    article("u", None, "2025-03-01"),
    article("n", "Wire B", None),
    article("c", "Wire B", "2025-04-20"),
]


def ids(items) -> list[str]:
    return [a.id for a in items]


def test_sorts_keep_undated_and_unknown_last_and_ties_in_the_given_order():
    listing = Listing()
    assert ids(listing.apply(ARTICLES)) == ["b", "a", "u", "n", "c"]
    listing = listing.next_sort()
    assert listing.sort == "newest" and ids(listing.apply(ARTICLES)) == ["c", "a", "b", "u", "n"]
    listing = listing.next_sort()
    assert listing.sort == "oldest" and ids(listing.apply(ARTICLES)) == ["u", "b", "a", "c", "n"]
    listing = listing.next_sort()
    assert listing.sort == "outlet" and ids(listing.apply(ARTICLES)) == ["a", "c", "b", "n", "u"]
    assert listing.next_sort().sort == "corpus"


def test_filters_by_outlet_unknown_outlet_and_date_range():
    assert ids(Listing(outlet="Wire B").apply(ARTICLES)) == ["b", "n", "c"]
    assert ids(Listing(outlet="").apply(ARTICLES)) == ["u"]
    april = Listing().with_dates(parse_bound("2025-04"), parse_bound("2025-04", end=True))
    assert ids(april.apply(ARTICLES)) == ["b", "a", "c"]  # undated left out once a range is set
    both = april.with_outlet("Wire B")
    assert ids(both.apply(ARTICLES)) == ["b", "c"]
    assert both.title_note(2) == "Wire B · 2025-04-01…2025-04-30 (2)"
    assert both.next_sort().title_note(2) == "Wire B · 2025-04-01…2025-04-30 (2) · ↓date"
    assert both.describe(2, 5) == "2 of 5 listed · outlet Wire B · 2025-04-01…2025-04-30 · as listed"
    # Pairs (an article and its snippet) are filtered and sorted by their article.
    pairs = [(a, a.id * 2) for a in ARTICLES]
    assert [s for _, s in Listing(sort="newest", outlet="Wire B").apply(pairs, lambda p: p[0])] == ["cc", "bb", "nn"]


def test_outlet_counts_name_unknown_outlets():
    assert [(c.label, c.count) for c in outlet_counts(ARTICLES)] == [("Wire B", 3), ("unknown outlet", 1), ("wire a", 1)]


def test_date_bounds_accept_days_months_and_years_and_explain_the_rest():
    assert parse_bound("2024") == dt.date(2024, 1, 1) and parse_bound("2024", end=True) == dt.date(2024, 12, 31)
    assert parse_bound("2024-02", end=True) == dt.date(2024, 2, 29) and parse_bound(" ") is None
    with pytest.raises(ValueError, match="not a date"):
        parse_bound("last week")
    with pytest.raises(ValueError, match="not a real date"):
        parse_bound("2025-13-01")
    with pytest.raises(ValueError, match="starts"):
        Listing().with_dates(dt.date(2025, 5, 1), dt.date(2025, 4, 1))
