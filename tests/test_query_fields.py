"""Field queries (issue 11): entity names in any spelling, hits of field queries,
and one plain sentence for every query that is refused or finds nothing."""

from __future__ import annotations

import pytest

from search import Library, default_paths

from .conftest import home_at


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> Library:
    with home_at(tmp_path_factory.mktemp("fields-home")):
        library = Library.load(default_paths())
        library.ensure_index()
    yield library
    library.close()


def ids(result) -> set[str]:
    assert result.error is None, result.error
    return {hit.article_id for hit in result.hits}


@pytest.mark.parametrize(
    "spelling, canonical",
    [
        ("org:kcna", 'org:"Korean Central News Agency"'),
        ("entity:KCNA", 'org:"Korean Central News Agency"'),
        ("entity:DPRK", 'entity:"North Korea"'),
        ("gpe:dprk", 'gpe:"North Korea"'),
        ('entity:"Kim Jong-un"', 'entity:"Kim Jong Un"'),
    ],
)
def test_entity_queries_find_every_spelling(seeds, spelling, canonical):
    expected = ids(seeds.search(canonical))
    assert expected
    assert ids(seeds.search(spelling)) == expected


def test_an_alias_of_another_type_does_not_widen_a_typed_field(seeds):
    # DPRK is a place (GPE), so person:dprk finds nothing rather than every article naming North Korea.
    assert not ids(seeds.search("person:dprk"))


@pytest.mark.parametrize("query", ['entity:"Kim Jong Un"', "person:putin", "org:kcna", "entity:DPRK"])
def test_hits_of_an_entity_query_are_its_mentions(seeds, query):
    result = seeds.search(query)
    assert result.hits
    for hit in result.hits:
        spans = seeds.hits_in(hit.article_id, query)
        assert spans, (query, hit.article_id)
        mentions = {(e.start, e.end) for e in seeds.entities(hit.article_id)}
        assert set(spans) <= mentions


def test_hits_of_a_title_query_are_the_title_words(seeds):
    result = seeds.search("title:putin")
    assert result.hits
    for hit in result.hits:
        text = seeds.article(hit.article_id).text
        spans = seeds.hits_in(hit.article_id, "title:putin")
        assert spans and {text[s:e].lower() for s, e in spans} == {"putin"}


@pytest.mark.parametrize(
    "query, says",
    [
        ("date:[2025-04-27 TO 2025-04-28", "dates are written YYYY-MM-DD"),
        ("date:2025-13-45", "dates are written YYYY-MM-DD"),
        ("AND", "go between words"),
        ("OR", "go between words"),
        ("NOT", "go between words"),
        ("loc:", "loc: needs something to look for"),
        ("norp:", "norp: needs something to look for"),
        ("event:", "event: needs something to look for"),
        ("verdict:", "verdict: needs something to look for"),
        ("NOT kursk", "add a word to look for"),
        ('""', "nothing to search for"),
    ],
)
def test_every_rejected_query_gets_one_plain_sentence(seeds, query, says):
    result = seeds.search(query)
    assert not result.hits
    assert result.error and says in result.error
    assert "\n" not in result.error and "int()" not in result.error and "literal" not in result.error


def test_a_field_with_a_value_is_not_refused(seeds):
    assert seeds.search("event:war").error is None
    assert seeds.search("kursk AND").error is None
