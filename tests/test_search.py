"""Query syntax, ranking, snippets, hit positions, "did you mean", and errors."""

from __future__ import annotations

import pytest

from search import Library

from .conftest import write

SEED = {
    "000": "000_ee807607f11d7e2c",
    "001": "001_8e7b29ad4a414b1e",
    "002": "002_0b0ccfb8523443b8",
    "003": "003_05f515925bae56c5",
    "004": "004_6decb479083189bf",
}


def ids(result):
    assert result.error is None, result.error
    return {hit.article_id[:3] for hit in result.hits}


@pytest.mark.parametrize(
    "query, expected",
    [
        ("kursk", {"000", "001", "002", "003", "004"}),
        ("gerasimov belgorod", set()),  # AND by default: no article has both
        ("zelenskyy AND advertisment1", {"001"}),
        ("belgorod OR tokyo", {"001", "003"}),
        ("kursk NOT putin", {"001"}),
        ('"sacred mission"', {"001", "003", "004"}),
        ('"mission sacred"', set()),
        ("treaties", {"000", "001", "002", "003", "004"}),
        ("liberat*", {"000", "001", "002", "003", "004"}),
        ("source:tass", {"003"}),
        ("source:ukrinform", {"000"}),
        ("title:putin", {"004"}),
        ("date:2025-04-27", {"001"}),
        ("date:[2025-04-27 TO 2025-04-28]", {"000", "001", "003", "004"}),
        ("date:[2025-04-28 TO]", {"000", "003", "004"}),
        ("kursk date:2025-04-27", {"001"}),
        ("(tokyo OR belgorod) AND kim", {"001", "003"}),
    ],
)
def test_query_syntax(library, query, expected):
    assert ids(library.search(query)) == expected


def test_stemming_matches_other_word_forms(library):
    assert ids(library.search("treaties")) == ids(library.search("treaty"))
    assert ids(library.search("confirms")) == ids(library.search("confirmed"))


def test_results_ranked_by_relevance(library):
    result = library.search("putin")
    scores = [hit.score for hit in result.hits]
    assert scores == sorted(scores, reverse=True)
    assert result.hits[0].article_id == SEED["004"]  # Putin is in its title and throughout
    assert [hit.rank for hit in result.hits] == list(range(len(result.hits)))


def test_snippet_marks_the_matched_words(library):
    result = library.search('"sacred mission"')
    snippet = result.hits[0].snippet
    matched = [text.lower() for text, is_match in snippet.pieces if is_match]
    assert matched and set(matched) <= {"sacred", "mission"}
    assert "sacred" in snippet.plain.lower()


def test_title_only_match_still_gets_a_snippet(library):
    (hit,) = library.search("title:thanks").hits
    assert hit.snippet.plain.startswith("President Putin Confirms")


def test_without_snippets(library):
    result = library.search("kursk", snippets=False)
    assert result.total == 5 and all(hit.snippet is None for hit in result.hits)


def test_limit_and_total(library):
    result = library.search("kursk", limit=2)
    assert len(result.hits) == 2 and result.total == 5


def test_hit_spans_point_into_the_article_text(library):
    article = library.article(SEED["002"])
    spans = library.hit_spans(article.id, "treaty OR kremlin")
    words = [article.text[s:e].lower() for s, e in spans]
    assert set(words) == {"treaty", "kremlin"}
    # Every occurrence of either word (any case, whole word) is marked, in text order.
    import re

    expected = [(m.start(), m.end()) for m in re.finditer(r"\b(?:treaty|kremlin)\b", article.text, re.IGNORECASE)]
    assert spans == expected


def test_hit_spans_leave_out_negated_words_and_expand_prefixes(library):
    article = library.article(SEED["000"])
    words = {article.text[s:e].lower() for s, e in library.hit_spans(article.id, "liberat* NOT putin")}
    assert words == {"liberate", "liberation"}


def test_did_you_mean(library):
    result = library.search("Kurks regoin")
    assert result.total == 0 and result.suggestion == "Kursk region"
    assert library.search(result.suggestion).total > 0
    assert library.search("kursk").suggestion is None


def test_no_suggestion_for_nonsense(library):
    result = library.search("qqqqzzzz")
    assert result.total == 0 and result.suggestion is None and result.error is None


@pytest.mark.parametrize(
    "query, message",
    [
        ("author:smith", "unknown field 'author'"),
        ('"unclosed phrase', "unclosed quotation mark"),
        ("(kursk OR putin", "unbalanced parentheses"),
        ("date:[yesterday TO tomorrow]", "dates are written YYYY-MM-DD"),
    ],
)
def test_bad_queries_get_one_line_messages(library, query, message):
    result = library.search(query)
    assert result.hits == () and message in result.error and "\n" not in result.error


def test_words_with_colons_inside_phrases_are_not_fields(library):
    assert library.search('"report: states"').error is None


def test_empty_query_returns_nothing(library):
    result = library.search("   ")
    assert result.hits == () and result.error is None


def test_a_prefix_is_searched_once_not_once_per_default_field():
    from whoosh import query as wq

    from search.index.query import QueryEngine
    from search.index.schema import build_schema

    parsed = QueryEngine(build_schema()).parse("econom* growth")
    prefixes = [leaf for leaf in parsed.leaves() if isinstance(leaf, wq.Prefix)]
    assert prefixes == [wq.Prefix("spell", "econom")]


def _spelling_library(folder, texts):
    for name, text in texts.items():
        write(folder / f"{name}.txt", f"date 2024-01-01\n{text}")
    library = Library.load([folder], prefer_model=False)
    library.ensure_text_index()
    return library


def test_did_you_mean_takes_the_closest_spelling_then_the_most_frequent(tmp_path):
    library = _spelling_library(tmp_path, {
        "a": "The harbour master spoke. Harbour fees rose. The harbour froze.",
        "b": "A harbor in the south. Arbour day.",
        "c": "The parliament voted on the budget.",
    })
    assert library.suggest("harbeur") == "harbour"  # one edit from harbour and harbor: the more frequent
    assert library.suggest("parlaiment") == "parliament"  # a transposition is one edit
    assert library.suggest("Parliment budgte") == "Parliament budget"
    assert library.suggest("zzzzqqqq") is None


def test_did_you_mean_sees_words_indexed_after_it_first_ran(tmp_path):
    library = _spelling_library(tmp_path, {"a": "Wombats dig burrows at night."})
    assert library.suggest("quokkas") is None
    write(tmp_path / "b.txt", "date 2024-01-02\nQuokkas smile for the camera.")
    library.reload()
    library.ensure_text_index()
    assert library.suggest("quokkos") == "quokkas"


def test_a_did_you_mean_cancelled_while_it_compares_words_gives_up_at_once(tmp_path, monkeypatch):
    # A newer keystroke cancels it: it stops within a few hundred words, not at the end
    # of the word list (a "did you mean" still running held the next search up).
    import threading

    from search.index import query

    library = _spelling_library(tmp_path, {"a": " ".join(f"word{n}x" for n in range(3000))})
    cancel = threading.Event()
    compared = []
    real = query.edit_distance

    def distance(a, b, limit=None):
        compared.append(a)
        cancel.set()  # the next keystroke arrives while the first word is compared
        return real(a, b, limit=limit)

    monkeypatch.setattr(query, "edit_distance", distance)
    assert library.suggest("wordx", cancel=cancel) is None
    assert 0 < len(compared) <= 256
    monkeypatch.setattr(query, "edit_distance", real)
    assert library.suggest("wordx") is not None


@pytest.mark.parametrize("query", ["kursk", "liberat*", "treaty NOT putin", 'entity:"Kim Jong Un"', "person:putin troops",
                                   "author:smith", "verdict:false", ""])
def test_hit_counts_are_the_hits_in_each_article(library, query):
    ids = [article.id for article in library.articles]
    assert library.hit_counts(ids, query) == {article_id: len(library.hits_in(article_id, query)) for article_id in ids}


def test_hit_counts_stop_when_cancelled(library):
    import threading

    cancel = threading.Event()
    cancel.set()
    assert library.hit_counts([a.id for a in library.articles], "kursk", cancel=cancel) is None


def test_snippets_for_only_the_best_hits(library):
    every = library.search("troops", limit=5, snippets=True)
    some = library.search("troops", limit=5, snippets=2)
    assert [h.article_id for h in some.hits] == [h.article_id for h in every.hits] and len(some.hits) > 2
    assert [h.snippet for h in some.hits[:2]] == [h.snippet for h in every.hits[:2]]
    assert all(h.snippet is not None for h in every.hits) and all(h.snippet is None for h in some.hits[2:])
