"""Field queries (issue 11): entity names in any spelling, hits of field queries,
and one plain sentence for every query that is refused or finds nothing."""

from __future__ import annotations

import pytest

from search import Library, default_paths


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> Library:
    import os

    home = tmp_path_factory.mktemp("fields-home")
    before = os.environ.get("NEWSDESK_HOME")
    os.environ["NEWSDESK_HOME"] = str(home)
    try:
        library = Library.load(default_paths())
        library.ensure_index()
    finally:
        if before is None:
            del os.environ["NEWSDESK_HOME"]
        else:
            os.environ["NEWSDESK_HOME"] = before
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
