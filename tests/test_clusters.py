"""Claim clusters, conflicts and outlets: the same statement about the same thing,
values that cannot both be true, and outlets counted as outlets.

Every sentence here is written for these tests (none is from the seeds or the dev set)."""

from __future__ import annotations

import json

import pytest

from search import Library
from search.analysis.claims import Claim, Fact
from search.analysis.clusters import ClusterIndex, cluster_claims
from search.analysis.facts import fact_label, figure_in
from search.analysis.ner import Entity
from search.views import Board, BoardClaim, BoardCluster, OutletRef, count_outlets
from .conftest import write


def article(sentences: list[tuple[str, dict[str, str], list[tuple[str, str, str | None, str | None]]]]):
    """Claims and entities of one article: each sentence with {name: type} and facts
    (key, value, first, last); names are found in the text, so offsets are real."""
    text, claims, entities = "", [], []
    for sentence, names, facts in sentences:
        start = len(text)
        text += sentence + " "
        for name, kind in names.items():
            at = sentence.index(name)
            entities.append(Entity(start + at, start + at + len(name), name, kind, name))
        claims.append(
            Claim(
                start=start, end=start + len(sentence), text=sentence, attributed_to=None, score=0.5,
                facts=tuple(Fact(*fact) for fact in facts), entities=tuple(sorted(n for n, k in names.items() if k != "DATE")),
            )
        )
    return claims, tuple(entities)


def cluster(articles: dict):
    claims = {a: c for a, (c, _) in articles.items()}
    entities = {a: e for a, (_, e) in articles.items()}
    index = ClusterIndex()
    assignment, clusters = cluster_claims(claims, entities, index)
    return assignment, clusters, index


def test_the_same_verb_and_noun_about_different_companies_do_not_join():
    # The old clustering joined these on "rose" + "sales" and flagged a conflict.
    articles = {
        "a": article([("Quarterly sales at Brindle Motors rose 5% to $2.1bn, the carmaker reported.", {"Brindle Motors": "ORG"}, [("rose sale", "5%", None, None)])]),
        "b": article([("Sales at the grocer Pellham rose 9% over the holiday weeks.", {"Pellham": "ORG"}, [("rose sale", "9%", None, None)])]),
        "c": article([("Mortgage lending in Freedonia rose 12% last spring, the central bank said.", {"Freedonia": "GPE"}, [("rose lend", "12%", None, None)])]),
    }
    assignment, clusters, _ = cluster(articles)
    assert len({assignment[("a", 0)], assignment[("b", 0)], assignment[("c", 0)]}) == 3
    assert not any(c.conflicts for c in clusters.values())


def test_a_named_treaty_signed_on_two_dates_conflicts_and_coarser_dates_agree():
    treaty = "Harbour Accord"
    articles = {
        "june": article([(f"The {treaty} was signed in June 2019 by both governments.", {treaty: "LAW"}, [("sign accord", "2019-06", "2019-06-01", "2019-06-30")])]),
        "day": article([(f"Ministers said the {treaty}, signed on June 3, 2019, still holds.", {treaty: "LAW"}, [("sign accord", "2019-06-03", "2019-06-03", "2019-06-03")])]),
        "year": article([(f"Under the {treaty}, signed in 2019, ships may dock freely.", {treaty: "LAW"}, [("sign accord", "2019", "2019-01-01", "2019-12-31")])]),
        # "the accord" here is the Harbour Accord this article names in another sentence.
        "december": article([
            ("Port officials cited the accord, signed in December 2019, as the basis for the new fees.", {}, [("sign accord", "2019-12", "2019-12-01", "2019-12-31")]),
            (f"The {treaty} covers fishing rights as well.", {treaty: "LAW"}, []),
        ]),
    }
    assignment, clusters, _ = cluster(articles)
    found = clusters[assignment[("june", 0)]]
    assert {a for a, _ in found.members} == {"june", "day", "year", "december"}
    (conflict,) = found.conflicts
    assert conflict.label == "accord signed"
    assert dict(conflict.values) == {"june": "2019-06", "day": "2019-06-03", "year": "2019", "december": "2019-12"}


def test_dates_of_different_precision_that_overlap_are_not_a_conflict():
    treaty = "Harbour Accord"
    articles = {
        "june": article([(f"The {treaty} was signed in June 2019 by both governments.", {treaty: "LAW"}, [("sign accord", "2019-06", "2019-06-01", "2019-06-30")])]),
        "day": article([(f"Ministers said the {treaty}, signed on June 3, 2019, still holds.", {treaty: "LAW"}, [("sign accord", "2019-06-03", "2019-06-03", "2019-06-03")])]),
        "year": article([(f"Under the {treaty}, signed in 2019, ships may dock freely.", {treaty: "LAW"}, [("sign accord", "2019", "2019-01-01", "2019-12-31")])]),
    }
    assignment, clusters, _ = cluster(articles)
    assert len({assignment[(a, 0)] for a in articles}) == 1
    assert not any(c.conflicts for c in clusters.values())


def test_a_sentence_with_two_values_of_one_fact_is_not_a_conflict_with_its_copy():
    sentence = "Coffee exports from Veloria rose 14% over the year but only 2% in the final quarter."
    facts = [("rose export", "14%", None, None), ("rose export", "2%", None, None)]
    articles = {"a": article([(sentence, {"Veloria": "GPE"}, facts)]), "b": article([(sentence, {"Veloria": "GPE"}, facts)])}
    assignment, clusters, _ = cluster(articles)
    assert assignment[("a", 0)] == assignment[("b", 0)]
    assert not clusters[assignment[("a", 0)]].conflicts


def test_figures_agree_at_the_precision_they_were_written_in():
    def stated(text, value):
        return figure_in(text, value)

    rounded, exact, other = stated("made $1.1bn", "1.1"), stated("made $1.13bn", "1.13"), stated("made $2.4bn", "2.4")
    assert rounded[1] == exact[1] == "$"
    assert rounded[2] <= exact[3] and exact[2] <= rounded[3]  # 1.05-1.15bn holds 1.13bn
    assert other[2] > rounded[3]
    assert figure_in("in 2004 it grew", "2004") is None  # a year, not a quantity
    assert figure_in("rose 12 per cent", "12")[1] == "%"


def test_near_identical_claims_with_different_figures_conflict():
    articles = {
        "a": article([("Tolland Mining said its copper output fell to 41,000 tonnes after the mine flooded.", {"Tolland Mining": "ORG"}, [("fell output", "41000", None, None)])]),
        "b": article([("Tolland Mining said copper output fell to 58,000 tonnes after the mine flooded.", {"Tolland Mining": "ORG"}, [("fell output", "58000", None, None)])]),
    }
    assignment, clusters, _ = cluster(articles)
    (conflict,) = clusters[assignment[("a", 0)]].conflicts
    assert conflict.label == "output fell" and dict(conflict.values) == {"a": "41,000", "b": "58,000"}


def test_fact_names_are_words_from_the_text():
    assert fact_label("sign treaty", "The pact was among the treaties signed that year; the treaty signed in May held.") == "treaties signed"
    assert fact_label("rose sale", "Sales rose sharply.") == "sales rose"
    assert fact_label("odd", "Nothing here.") == "odd"


def test_claims_that_share_no_name_are_never_compared(monkeypatch):
    # Blocking on names and rare words: no all-pairs comparison.
    articles = {
        f"a{n}": article([(f"Officials in Town{n}ville opened a bridge over the river on Monday.", {f"Town{n}ville": "GPE"}, [])])
        for n in range(60)
    }
    compared = []
    real = ClusterIndex._link
    monkeypatch.setattr(ClusterIndex, "_link", lambda self, a, b: compared.append(1) or real(self, a, b))
    assignment, clusters, _ = cluster(articles)
    assert compared == [] and len(clusters) == 60


def test_updating_one_article_gives_what_clustering_from_scratch_gives():
    treaty = "Harbour Accord"
    base = {
        "june": article([(f"The {treaty} was signed in June 2019 by both governments.", {treaty: "LAW"}, [("sign accord", "2019-06", "2019-06-01", "2019-06-30")])]),
        "year": article([(f"Under the {treaty}, signed in 2019, ships may dock freely.", {treaty: "LAW"}, [("sign accord", "2019", "2019-01-01", "2019-12-31")])]),
        "other": article([("The Quarry Festival drew 4,000 visitors to Ostby.", {"Quarry Festival": "EVENT", "Ostby": "GPE"}, [])]),
    }
    changed = article([(f"The {treaty} was signed in December 2019 after long talks.", {treaty: "LAW"}, [("sign accord", "2019-12", "2019-12-01", "2019-12-31")])])
    _, before, index = cluster(base)
    assert not any(c.conflicts for c in before.values())
    index.update({"year": changed[0]}, {"year": changed[1]})
    updated = index.result()
    fresh = cluster({**base, "year": changed})[:2]
    assert updated == fresh
    assert any(c.conflicts for c in updated[1].values())
    index.update({}, {}, removed=["year"])
    assignment, clusters = index.result()
    assert ("year", 0) not in assignment and not any(c.conflicts for c in clusters.values())


def test_outlets_are_counted_once_and_unknown_outlets_together():
    refs = [OutletRef("1", "BBC News", "", "BBC News"), OutletRef("2", "BBC News", "", "BBC News"),
            OutletRef("3", "“A title”", "", None), OutletRef("4", "“Another”", "", None), OutletRef("5", "Reuters", "", "Reuters")]
    assert count_outlets(refs) == (3, 5)
    claims = tuple(BoardClaim(r.article_id, 0, r.label, "", "x", 0.5, r.outlet) for r in refs[:2])
    assert BoardCluster("c", claims, ()).reach == "1 outlet (2 articles)"


def test_board_orders_surest_conflicts_first():
    one = (BoardClaim("a", 0, "X", "", "t", 0.9, "X"), BoardClaim("b", 0, "Y", "", "t", 0.9, "Y"))
    sure = BoardCluster("sure", one, ("accord signed: …",), 1.0)
    unsure = BoardCluster("unsure", one, ("output fell: …",), 0.3)
    plain = BoardCluster("plain", one, ())
    board = Board((plain, unsure, sure), 4)
    assert [c.id for c in board.ordered("conflicts")] == ["sure", "unsure", "plain"]
    assert "3 claims made in several articles (3 by several outlets), 2 with conflicts" in board.summary


def test_the_boards_order_and_line_are_worked_out_once(monkeypatch):
    # Opening the board reads them: nothing on that keystroke goes through every cluster again.
    one = (BoardClaim("a", 0, "X", "", "t", 0.9, "X"), BoardClaim("b", 0, "Y", "", "t", 0.9, "Y"))
    board = Board(tuple(BoardCluster(f"c{n}", one, ()) for n in range(5)), 2)
    first, line = board.ordered(), board.summary
    counted = []
    real = count_outlets
    monkeypatch.setattr("search.views.count_outlets", lambda claims: counted.append(1) or real(claims))
    assert board.ordered() is first and board.summary == line and counted == []


def _write_corpus(folder, rows):
    folder.mkdir()
    (folder / "wire.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def one_outlet(tmp_path_factory):
    folder = tmp_path_factory.mktemp("one") / "corpus"
    # A name both recognisers find (the model does not take "Harlow Shipping" for one): claims link through names.
    body = "Harlow Shipping Ltd said on Tuesday that its new terminal at Marrick Bay would open next spring after years of delay."
    rows = [
        {"id": "w1", "title": "Terminal to open next spring", "date": "2025-03-04", "source": "Coastal Wire", "body": body},
        {"id": "w2", "title": "Harlow confirms Marrick plans", "date": "2025-03-05", "source": "Coastal Wire", "body": body},
        {"id": "w3", "title": "Bay terminal opening set for the spring", "date": "2025-03-05", "source": "", "body": body},
    ]
    _write_corpus(folder, rows)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NEWSDESK_HOME", str(tmp_path_factory.mktemp("home")))
        library = Library.load([folder], prefer_model=False)
        library.analyse()
        yield library, folder


def test_articles_of_one_outlet_count_as_one_and_unknown_outlets_show_their_title(one_outlet):
    library, _ = one_outlet
    (cluster,) = library.board().clusters
    assert cluster.reach == "2 outlets (3 articles)"  # Coastal Wire, and the unknown outlet
    labels = {c.article_id: c.outlet for c in cluster.claims}
    assert labels["w3"] == "“Bay terminal opening set for the spring”" and "w3" not in labels["w3"]
    assert library.outlet("w3").counted_as == "unknown outlet"
    assert library.board() is library.board()  # built once, then read


def test_cli_board_prints_the_same_rows(one_outlet, capsys):
    from tui.cli import main

    library, folder = one_outlet
    assert main(["board", str(folder)]) == 0
    out = capsys.readouterr().out
    assert library.board().summary in out and "2 outlets (3 articles)" in out
    assert main(["board", str(folder), "--json"]) == 0
    (record,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert record["outlets"] == 2 and record["articles"] == 3
    assert {c["id"]: c["outlet"] for c in record["claims"]}["w3"] is None


def test_seeds_flag_the_treaty_date_conflict_and_nothing_else(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSDESK_HOME", str(tmp_path))
    library = Library.load()
    library.analyse()
    conflicted = [c for c in library.board().clusters if c.conflicts]
    assert len(conflicted) == 1
    (line,) = conflicted[0].conflicts
    assert line.startswith("treaty signed: ") and "2024-06" in line and "2024-12" in line
    assert "_" not in line  # outlets by name or title, never a file id


def test_a_chain_of_resemblances_is_not_one_statement(monkeypatch):
    # Links set by hand: a~b~c~d in a chain, and both claims of article e resemble a, b and c.
    articles = {name: article([(f"Officials at Quillon Dock met on Monday to discuss item {name}.", {"Quillon Dock": "ORG"}, [])])
                for name in "abcd"}
    articles["e"] = article([
        ("Officials at Quillon Dock met on Monday to discuss the first item.", {"Quillon Dock": "ORG"}, []),
        ("Officials at Quillon Dock met on Monday to discuss the second item.", {"Quillon Dock": "ORG"}, []),
    ])
    monkeypatch.setattr(ClusterIndex, "_link", lambda self, a, b: None)
    index = ClusterIndex()
    index.update({a: c for a, (c, _) in articles.items()}, {a: e for a, (_, e) in articles.items()})
    links = {("a", "b"): 0.9, ("b", "c"): 0.8, ("c", "d"): 0.7}
    links |= {(x, "e0"): 0.95 for x in "abc"} | {(x, "e1"): 0.94 for x in "abc"}
    ref = {name: (name, 0) for name in "abcd"} | {"e0": ("e", 0), "e1": ("e", 1)}
    for (x, y), strength in links.items():
        index.links[ref[x]][ref[y]] = index.links[ref[y]][ref[x]] = strength
    assignment, clusters = index.result()
    groups = sorted(sorted(c.members) for c in clusters.values())
    # One claim of e joins a, b and c; the other cannot (same article); d resembles only c.
    assert groups == [[("a", 0), ("b", 0), ("c", 0), ("e", 0)], [("d", 0)], [("e", 1)]]


def _hosting(screen):
    """A bare app that shows ``screen``: the board without a library behind it."""
    from textual.app import App

    class Host(App):
        def on_mount(self) -> None:
            self.push_screen(screen)

    return Host()


async def test_the_board_lays_out_a_page_and_more_on_m():
    from textual.widgets import OptionList

    from tui.claims_board import PAGE, ClaimsBoard

    clusters = tuple(
        BoardCluster(f"c{n}", (BoardClaim(f"a{n}", 0, "Wire A", "", f"Claim {n} made twice.", 0.5, "Wire A"),
                               BoardClaim(f"b{n}", 0, "Wire B", "", f"Claim {n} made twice.", 0.5, "Wire B")), ())
        for n in range(PAGE * 2 + 5)
    )
    board = ClaimsBoard(Board(clusters, 0))
    async with _hosting(board).run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        listed = board.query_one("#board", OptionList)
        assert listed.option_count == PAGE * 3  # a head and two claims per cluster
        await pilot.press("m")
        await pilot.press("m")
        await pilot.pause()
        assert listed.option_count == len(clusters) * 3
        await pilot.press("m")  # nothing more: a bell, nothing lost
        assert listed.option_count == len(clusters) * 3


async def test_a_cluster_lists_its_first_claims_by_outlet_and_counts_the_rest():
    from textual.widgets import OptionList

    from tui.claims_board import CLAIMS_SHOWN, ClaimsBoard

    outlets = ["Wire A"] * 10 + ["Wire B"] * 6 + ["Wire C"]
    claims = tuple(BoardClaim(f"a{n}", 0, name, "", f"The ferry ran late {n}.", 0.5, name) for n, name in enumerate(outlets))
    board = ClaimsBoard(Board((BoardCluster("big", claims, ()),), 0))
    async with _hosting(board).run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        listed = board.query_one("#board", OptionList)
        options = [listed.get_option_at_index(i) for i in range(listed.option_count)]
        shown = [o.id for o in options if (o.id or "").startswith("claim:")]
        assert len(shown) == CLAIMS_SHOWN
        # Each outlet's first claim comes before any outlet's second.
        assert shown[:3] == ["claim:a0:0", "claim:a10:0", "claim:a16:0"]
        assert f"and {len(claims) - CLAIMS_SHOWN} more claims" in str(options[-1].prompt) and options[-1].disabled

def test_a_name_one_recogniser_missed_and_another_form_of_a_word_still_link():
    # "Tarsk" is a name in one article and a plain word in the other (its recogniser
    # missed it); "liberation" and "liberated" are one word for comparing.
    articles = {
        "a": article([("Governor Ilse Marrow announced the liberation of Tarsk province after the siege.",
                       {"Ilse Marrow": "PERSON", "Tarsk": "GPE"}, [])]),
        "b": article([("Ilse Marrow said that Tarsk province was liberated after the siege.", {"Ilse Marrow": "PERSON"}, [])]),
        "c": article([("Ilse Marrow opened a school in the capital.", {"Ilse Marrow": "PERSON"}, [])]),
        "d": article([("The siege of the port lasted a winter.", {}, [])]),
        "e": article([("Farmers in the valley announced a strike.", {}, [])]),
    }
    assignment, _, _ = cluster(articles)
    assert assignment[("a", 0)] == assignment[("b", 0)]
    assert assignment[("c", 0)] != assignment[("a", 0)]


# -- a warm library: analyses read when asked for, the cluster index kept on disk -------------

def _shown(library):
    """Everything the front ends show of each article's analysis, and the board."""
    rows = {a.id: (library.claim_rows(a.id), library.quote_rows(a.id), library.entities(a.id)) for a in library.articles}
    return rows, library.board().clusters, library.board().single_claims


def test_a_warm_library_reads_each_analysis_when_asked_and_shows_the_same_rows(seeds_copy, isolated_home, monkeypatch):
    from dataclasses import replace

    from search.analysis import AnalysisStore, analyse_articles, lazy

    first = Library.load([seeds_copy], prefer_model=False)
    first.analyse()
    expected = _shown(first)
    assert any(c.cluster for a in first.articles for c in first.claims(a.id))
    monkeypatch.setattr(lazy, "RECENT", 2)
    warm = Library.load([seeds_copy], prefer_model=False)
    warm.analyse()
    analyses = warm._analyses
    assert isinstance(analyses, lazy.LazyAnalyses)
    assert not analyses._recent  # nothing decoded at start: the board and mentions come from the summary
    assert _shown(warm) == expected
    assert len(analyses._recent) <= 2  # only the last few read stay decoded
    # The same analyses as decoding the whole cache at once, each claim in the cluster that holds it.
    store = AnalysisStore(isolated_home / "analysis.sqlite")
    eager = analyse_articles(list(warm.articles), warm._analyser, store)
    store.close()
    for article in warm.articles:
        assert warm.entities(article.id) == eager[article.id].entities
        assert warm.quotes(article.id) == eager[article.id].quotes
        claims = warm.claims(article.id)
        assert [replace(c, cluster=None) for c in claims] == list(eager[article.id].claims)
        assert all((article.id, i) in warm.cluster(c.cluster).members for i, c in enumerate(claims))
    name = next(e.canonical for a in warm.articles for e in warm.entities(a.id) if e.type == "GPE")
    assert warm.articles_mentioning(name) == first.articles_mentioning(name)
    assert warm.articles_mentioning(name) == [a.id for a in warm.articles if name in {e.canonical for e in eager[a.id].entities}]


def test_a_kept_cluster_index_updated_with_a_change_equals_one_kept_in_memory():
    from search.analysis import AnalysisStore, kept

    treaty = "Harbour Accord"
    base = {
        "june": article([(f"The {treaty} was signed in June 2019 by both governments.", {treaty: "LAW"}, [("sign accord", "2019-06", "2019-06-01", "2019-06-30")])]),
        "year": article([(f"Under the {treaty}, signed in 2019, ships may dock freely.", {treaty: "LAW"}, [("sign accord", "2019", "2019-01-01", "2019-12-31")])]),
        "other": article([("The Quarry Festival drew 4,000 visitors to Ostby.", {"Quarry Festival": "EVENT", "Ostby": "GPE"}, [])]),
        "far": article([("Ostby council raised parking fees by 5% in March.", {"Ostby": "GPE"}, [])]),
    }
    changed = article([(f"The {treaty} was signed in December 2019 after long talks.", {treaty: "LAW"}, [("sign accord", "2019-12", "2019-12-01", "2019-12-31")])])
    _, before, memory = cluster(base)
    store = AnalysisStore(None)
    kept.save_full(store, "slot", memory, {a: "v1" for a in base}, "key", "clusters-1", before)
    state, note = kept.load_state(store, "slot", "key")
    assert note is None and state["total"] == 4
    clustered = {a: "v1" for a in base} | {"year": "v2"}
    saved = kept.update_kept(store, "slot", state, before, "clusters-2", {"year": changed[0]}, {"year": changed[1]}, [], clustered)
    memory.update({"year": changed[0]}, {"year": changed[1]})
    assert saved == memory.result() == cluster({**base, "year": changed})[:2]
    assert any(c.conflicts for c in saved[1].values())
    # Kept as updated: taking the article out again matches too.
    state, _ = kept.load_state(store, "slot", "key")
    again = kept.update_kept(store, "slot", state, saved[1], "clusters-3", {}, {}, ["year"], {a: "v1" for a in base if a != "year"})
    memory.update({}, {}, removed=["year"])
    assert again == memory.result()
    assert not any(c.conflicts for c in again[1].values())


def _change_one(folder):
    path = sorted(folder.glob("*.txt"))[0]
    path.write_text(path.read_text(encoding="utf-8") + "\n\nThe Harbour Accord was signed in March 2019, officials in Ostby said.\n", encoding="utf-8")


def test_the_first_change_after_a_warm_start_re_clusters_only_what_changed(seeds_copy, monkeypatch):
    import search.api as api

    Library.load([seeds_copy], prefer_model=False).analyse()
    _change_one(seeds_copy)
    scratch = []
    real = api.cluster_claims
    monkeypatch.setattr(api, "cluster_claims", lambda *args: scratch.append(1) or real(*args))
    warm = Library.load([seeds_copy], prefer_model=False)
    warm.analyse()
    assert not scratch  # updated from the index kept in the cache
    rebuilt = real({a.id: list(warm.claims(a.id)) for a in warm.articles}, {a.id: warm.entities(a.id) for a in warm.articles})
    assert {c.id: c for c in warm.clusters()} == rebuilt[1]
    assert warm.analysis_warning is None


@pytest.mark.parametrize("table", ["cluster_index", "cluster_claims", "cluster_rows"])  # state, claims, clusters
def test_a_damaged_saved_cluster_index_is_rebuilt_and_said_so(seeds_copy, isolated_home, table):
    import sqlite3

    Library.load([seeds_copy], prefer_model=False).analyse()
    with sqlite3.connect(isolated_home / "analysis.sqlite") as db:
        rows = db.execute(f"SELECT rowid, data FROM {table}").fetchall()
        assert rows
        db.executemany(f"UPDATE {table} SET data = ? WHERE rowid = ?", [(data[: len(data) // 2], rowid) for rowid, data in rows])
    _change_one(seeds_copy)
    warm = Library.load([seeds_copy], prefer_model=False)
    warm.analyse()
    assert "cluster index" in warm.analysis_warning and "clustered again" in warm.analysis_warning
    rebuilt = cluster_claims({a.id: list(warm.claims(a.id)) for a in warm.articles}, {a.id: warm.entities(a.id) for a in warm.articles})
    assert {c.id: c for c in warm.clusters()} == rebuilt[1]
    # Saved again whole: the next change is incremental and says nothing.
    _change_one(seeds_copy)
    again = Library.load([seeds_copy], prefer_model=False)
    again.analyse()
    assert again.analysis_warning is None


def test_the_board_after_changes_equals_the_board_built_from_scratch(seeds_copy):
    from search.views import SORTS

    library = Library.load([seeds_copy], prefer_model=False)
    library.analyse()

    def seen(board):  # the rows (in the order they were made: not shown), and what the board shows
        rows = {c.id: c for c in board.clusters}
        return rows, len(rows), board.single_claims, board.summary, {sort: board.ordered(sort) for sort in SORTS}

    seen(library.board())  # every order worked out: each is updated by the change, not sorted again
    txt = sorted(seeds_copy.glob("*.txt"))
    changes = [
        lambda: _change_one(seeds_copy),  # new claims, new and changed clusters
        lambda: write(seeds_copy / "catalog.yaml", f"{txt[1].name}:\n  title: A new title\n  source: Ostby Post\n"),  # rows' outlet only
        lambda: txt[2].unlink(),  # an article gone
    ]
    for change in changes:
        change()
        library.reload()
        library.analyse()
        updated = seen(library.board())
        library._board, library._board_rows, library._board_singles, library._board_articles = None, {}, {}, None
        assert updated == seen(library.board())


def test_a_board_redone_in_full_drops_the_rows_of_clusters_gone(seeds_copy):
    from search.views import SORTS, Board

    library = Library.load([seeds_copy], prefer_model=False)
    library.analyse()
    before = library.board()
    for sort in SORTS:
        before.ordered(sort)
    gone = before.clusters[0].id
    # Clusters whose change from the board's is not known (no lineage): every row is looked at.
    library._clusters = {cid: c for cid, c in library._clusters.items() if cid != gone}
    library._lineage = None
    after = library.board()
    assert gone not in {c.id for c in after.clusters}
    scratch = Board(after.clusters, after.single_claims)
    for sort in SORTS:
        assert [c.id for c in after.ordered(sort)] == [c.id for c in scratch.ordered(sort)]
    assert after.summary == scratch.summary


def test_the_claims_cluster_ids_kept_up_to_date_in_place_match_the_clusters(seeds_copy):
    from search.analysis.clusters import cluster_id_for

    library = Library.load([seeds_copy], prefer_model=False)
    library.analyse()
    held = library._assignment[1]
    for change in (lambda: _change_one(seeds_copy), lambda: sorted(seeds_copy.glob("*.txt"))[2].unlink()):
        change()
        library.reload()
        library.analyse()
        assert library._assignment[1] is held  # brought up to date, not worked out again
        assert held == {ref: c.id for c in library.clusters() for ref in c.members}
        for article in library.articles:
            ids = [claim.cluster for claim in library.claims(article.id)]
            assert ids == [held.get((article.id, i)) or cluster_id_for((article.id, i)) for i in range(len(ids))]



def test_a_corpus_back_to_texts_clustered_before_is_re_clustered_from_the_kept_index_so_the_next_change_reads_no_cluster_back(seeds_copy, isolated_home, monkeypatch):
    """Texts edited, then put back as they were when clustered from scratch: the clusters
    cached for them are not taken while the kept index describes the edited texts. The
    start re-clusters from the index what differs, and the next change then starts from
    the clusters in hand, not from every kept cluster read back."""
    from search.analysis import kept

    first = sorted(seeds_copy.glob("*.txt"))[0]
    original = first.read_text(encoding="utf-8")
    Library.load([seeds_copy], prefer_model=False).analyse()  # from scratch: cached under these texts
    _change_one(seeds_copy)
    Library.load([seeds_copy], prefer_model=False).analyse()  # the kept index now describes the edit
    first.write_text(original, encoding="utf-8")
    library = Library.load([seeds_copy], prefer_model=False)
    library.analyse()
    reads = []
    real = kept.load_clusters
    monkeypatch.setattr(kept, "load_clusters", lambda *args: reads.append(1) or real(*args))
    _change_one(seeds_copy)
    library.reload()
    library.analyse()
    assert reads == [] and library.analysis_warning is None
    assert library._assignment[1] == {ref: c.id for c in library.clusters() for ref in c.members}
    fresh = Library.load([seeds_copy], prefer_model=False)
    fresh.analyse()
    assert sorted(c.members for c in fresh.clusters()) == sorted(c.members for c in library.clusters())


def test_what_each_article_was_when_clustered_is_kept_per_article_and_read_only_when_not_held(seeds_copy, isolated_home, monkeypatch):
    import sqlite3

    from search.analysis import kept

    Library.load([seeds_copy], prefer_model=False).analyse()
    reads = []
    real = kept.load_clustered
    monkeypatch.setattr(kept, "load_clustered", lambda *args: reads.append(1) or real(*args))
    _change_one(seeds_copy)
    library = Library.load([seeds_copy], prefer_model=False)
    library.analyse()
    assert reads == [1]  # another process kept it: read
    sorted(seeds_copy.glob("*.txt"))[2].unlink()
    library.reload()
    library.analyse()
    assert reads == [1] and library.analysis_warning is None  # this process kept it: held
    with sqlite3.connect(isolated_home / "analysis.sqlite") as db:
        seen = dict(db.execute("SELECT article, data FROM cluster_seen"))
        assert seen == {a.id: library._analysed_as(a.id, library._analyser.key) for a in library.articles}
        db.execute("DELETE FROM cluster_seen WHERE rowid IN (SELECT rowid FROM cluster_seen LIMIT 1)")
    _change_one(seeds_copy)
    damaged = Library.load([seeds_copy], prefer_model=False)
    damaged.analyse()
    assert "cluster index" in damaged.analysis_warning and "damaged" in damaged.analysis_warning
