"""Regression tests for crashes users hit on ordinary corpora (reliability issue, part A).

Each test names the crash it keeps out; each failed on the main branch before its fix."""

from __future__ import annotations

import json
import sqlite3
import sys

import pytest
from textual.app import App, ComposeResult

from search import Library
from search.analysis.claims import Claim
from search.analysis.clusters import cluster_claims
from search.analysis.ner import Entity
from tui.inspector import EntityList

from .conftest import write


# -- A1: one canonical name under two entity types ---------------------------------


class _EntityApp(App):
    def compose(self) -> ComposeResult:
        yield EntityList(id="entities")


async def test_entity_list_takes_one_name_under_two_types():
    entities = (
        Entity(0, 5, "India", "GPE", "India"),
        Entity(10, 16, "Indian", "NORP", "India"),
        Entity(25, 30, "India", "GPE", "India"),
    )
    app = _EntityApp()
    async with app.run_test() as pilot:
        listing = app.query_one(EntityList)
        listing.show_entities(entities)  # raised DuplicateIds before
        await pilot.pause()
        ids = [o.id for o in listing.options if o.id and o.id.startswith("entity:")]
        assert len(ids) == len(set(ids)) == 2
        listing.highlighted = next(i for i, o in enumerate(listing.options) if o.id and o.id.startswith("entity:"))
        assert listing.highlighted_name == "India"


# -- A2: cluster ids collide; a cached clustering that disagrees with itself ------------


def _claim(text: str, start: int = 0) -> Claim:
    return Claim(start, start + len(text), text, None, 0.5)


def test_cluster_ids_are_unique_by_construction():
    # Many one-claim clusters: 8 hex digits of a hash collided at about 142k claims.
    claims = {f"a{n}": [_claim(f"unique{n} words{n}", 0), _claim(f"other{n} thing{n}", 40)] for n in range(3000)}
    assignment, clusters = cluster_claims(claims)
    assert len(assignment) == 6000
    assert sum(len(c.members) for c in clusters.values()) == 6000
    assert set(assignment.values()) == set(clusters)


@pytest.mark.parametrize(
    "damage",
    [
        lambda good: good[: len(good) // 2],  # truncated
        lambda good: "[]",  # wrong shape
        lambda good: json.dumps({k: v for k, v in list(json.loads(good).items())[1:]}),  # lost one cluster
        lambda good: json.dumps({"x": {"members": [["a", 0]], "conflicts": []}, "y": {"members": [["a", 0]], "conflicts": []}}),
    ],
)
def test_damaged_cluster_cache_is_rebuilt_not_fatal(tmp_path, damage):
    corpus = tmp_path / "c"
    write(corpus / "a.txt", "date 2024-01-02\nThe minister said the bridge cost 5 million pounds in 2023.\n")
    write(corpus / "b.txt", "date 2024-01-03\nOfficials said the bridge cost 7 million pounds in 2023.\n")
    index = tmp_path / "ix"
    lib = Library.load([corpus], index_root=index, prefer_model=False)
    lib.analyse()
    before = {a.id: [c.cluster for c in lib.claims(a.id)] for a in lib.articles}
    assert any(before.values())
    db = sqlite3.connect(index / "analysis.sqlite")
    (key, good), = db.execute("SELECT key, data FROM corpus").fetchall()
    db.execute("UPDATE corpus SET data = ? WHERE key = ?", (damage(good), key))
    db.commit()
    db.close()
    again = Library.load([corpus], index_root=index, prefer_model=False)
    again.analyse()  # raised KeyError / JSONDecodeError before
    assert {a.id: [c.cluster for c in again.claims(a.id)] for a in again.articles} == before


# -- A3: one bad file makes the whole corpus unusable ------------------------------------


def _hostile_corpus(root):
    write(root / "good.txt", "date 2024-01-02\nThe minister said the bridge cost 5 million pounds.\n")
    write(root / "baddate.md", "---\ndate: 2025-13-45\n---\nThe council said the road was closed.\n")
    write(root / "badtitle.md", "---\ntitle: 0000-00-00\n---\nThe mayor said the park will open.\n")
    write(root / "bigint.md", "---\nn: " + "9" * 5000 + "\n---\nText of the big integer file.\n")
    (root / "deep").mkdir()
    write(root / "deep" / "catalog.yaml", "a: " + "[" * 3000 + "]" * 3000 + "\n")
    write(root / "deep" / "x.txt", "The deep folder's article said hello.\n")
    lines = [
        '{"id": "s1", "body": "lone \\ud800 surrogate said here"}',
        "[" * 50000 + "]" * 50000,
        '{"id": "big", "body": "x", "n": ' + "9" * 5000 + "}",
        '{"id": "s2", "body": "fine text said here"}',
    ]
    write(root / "feed.jsonl", "\n".join(lines) + "\n")
    if sys.platform != "darwin":  # macOS refuses non-UTF-8 names outright
        (root / "bad\udcff\udcfename.txt").write_text("A file with a bad name said something.\n", encoding="utf-8")


def test_bad_files_are_their_own_problem(tmp_path):
    corpus = tmp_path / "c"
    _hostile_corpus(corpus)
    lib = Library.load([corpus], index_root=tmp_path / "ix", prefer_model=False)
    lib.ensure_index()
    ids = {a.id for a in lib.articles}
    assert {"good", "baddate", "badtitle", "x", "s1", "s2"} <= ids
    assert not {"big", "bigint"} & ids
    problems = [str(p) for p in lib.problems]
    assert any("baddate.md" in p and "2025-13-45" in p and "date left unknown" in p for p in problems)
    assert any("catalog.yaml" in p and "nested too deeply" in p for p in problems)
    assert any("feed.jsonl:2" in p and "nested too deeply" in p for p in problems)
    assert any("feed.jsonl:3" in p for p in problems) and any("bigint.md" in p for p in problems)
    assert lib.article("badtitle").title == "0000-00-00"
    assert "\ufffd" in lib.article("s1").text
    found = {h.article_id for h in lib.search("said").hits}
    assert {"good", "baddate", "badtitle", "x", "s1", "s2"} <= found
    if sys.platform != "darwin":
        assert any("name" in i and "\ufffd" in i for i in found)


def test_cli_commands_survive_a_hostile_corpus(tmp_path, capsys):
    from tui.cli import main

    corpus = tmp_path / "c"
    _hostile_corpus(corpus)
    for args in (["index", str(corpus)], ["search", "said", "--path", str(corpus)], ["analyze", "--json", str(corpus)]):
        assert main([*args, "--index-dir", str(tmp_path / "ix")]) == 0, args
        capsys.readouterr()


def test_an_article_that_fails_analysis_is_its_own_problem(tmp_path, monkeypatch):
    from search import analysis

    corpus = tmp_path / "c"
    write(corpus / "a.txt", "The minister said the bridge cost 5 million pounds.\n")
    write(corpus / "boom.txt", "This article makes the analyser explode, officials said.\n")
    real = analysis.find_claims

    def exploding(text, *args, **kwargs):
        if "explode" in text:
            raise RuntimeError("analyser bug")
        return real(text, *args, **kwargs)

    monkeypatch.setattr(analysis, "find_claims", exploding)
    lib = Library.load([corpus], index_root=tmp_path / "ix", prefer_model=False)
    lib.ensure_index()
    assert lib.claims("a") and not lib.claims("boom")
    assert any("boom.txt" in str(p) and "analysis failed" in str(p) and "analyser bug" in str(p) for p in lib.problems)
    assert [h.article_id for h in lib.search("explode").hits] == ["boom"]


def test_long_articles_go_to_the_model_in_pieces(monkeypatch):
    from search.analysis.ner import load_gazetteer
    from search.analysis.ner import spacy_model as ents

    try:
        recognizer = ents.SpacyRecognizer(load_gazetteer())
        recognizer.prepare()
    except ents.ModelUnavailable as exc:
        pytest.skip(f"entity model unavailable: {exc}")
    paragraph = "The minister, John Smith, visited London on Monday. Officials in Paris disagreed.\n\n"
    text = paragraph * 60  # ~5,000 characters
    monkeypatch.setattr(ents._model(), "max_length", 1200)  # the model refuses anything longer (E088)
    monkeypatch.setattr(ents, "MODEL_PIECE", 1000)
    pieces = ents.split_pieces(text, 1000)
    assert "".join(p for _, p in pieces) == text and all(len(p) <= 1000 for _, p in pieces)
    assert all(text.startswith(p, o) for o, p in pieces)
    (found,) = list(recognizer.recognise([text]))
    assert all(text[e.start:e.end] == e.text for e in found)
    londons = [e for e in found if e.text == "London"]
    assert len(londons) == 60 and all(e.type == "GPE" for e in londons)


# -- A4: a damaged index or cache heals instead of crashing -----------------------------------


def _seed_library(tmp_path, seeds_copy):
    lib = Library.load([seeds_copy], index_root=tmp_path / "ix", prefer_model=False)
    lib.ensure_index()
    return lib


QUERIES = ["treaty", "kursk AND putin", '"sacred mission"', "liberat*", "source:tass", "date:2025-04-28", "kurks"]


def test_garbled_index_segments_are_rebuilt_at_query_time(tmp_path, seeds_copy):
    import random

    lib = _seed_library(tmp_path, seeds_copy)
    expected = {q: [h.article_id for h in lib.search(q).hits] for q in QUERIES}
    lib.close()
    index_dir = next(p for p in (tmp_path / "ix").iterdir() if p.is_dir())
    rng = random.Random(7)
    for trial in range(12):
        for seg in index_dir.glob("*.seg"):
            data = bytearray(seg.read_bytes())
            start = rng.randrange(len(data) // 4, len(data) - 64)
            for i in range(start, start + 48):
                data[i] = rng.randrange(256)
            seg.write_bytes(bytes(data))
        again = Library.load([seeds_copy], index_root=tmp_path / "ix", prefer_model=False)
        again.ensure_index()  # either the open finds the damage or a query does
        for q in QUERIES:
            result = again.search(q)
            assert result.error is None, (trial, q, result.error)
            assert [h.article_id for h in result.hits] == expected[q], (trial, q)
            again.hit_spans(again.articles[0].id, q)
        again.close()


@pytest.mark.parametrize("damage", ["truncated", "garbled", "directory"])
def test_damaged_analysis_cache_is_started_afresh(tmp_path, seeds_copy, damage):
    lib = _seed_library(tmp_path, seeds_copy)
    claims = {a.id: len(lib.claims(a.id)) for a in lib.articles}
    lib.close()
    cache = tmp_path / "ix" / "analysis.sqlite"
    for extra in ("-wal", "-shm"):
        cache.with_name(cache.name + extra).unlink(missing_ok=True)
    if damage == "truncated":
        cache.write_bytes(cache.read_bytes()[:700])
    elif damage == "garbled":
        data = bytearray(cache.read_bytes())
        data[0:4096] = bytes((i * 7) % 256 for i in range(4096))
        cache.write_bytes(bytes(data))
    else:
        cache.unlink()
        cache.mkdir()
        (cache / "inside").write_text("x")
    again = Library.load([seeds_copy], index_root=tmp_path / "ix", prefer_model=False)
    again.ensure_index()
    assert {a.id: len(again.claims(a.id)) for a in again.articles} == claims
    assert again.search("treaty").hits


def test_index_path_taken_by_a_file(tmp_path, seeds_copy):
    from search.index import index_dir_for

    lib = Library.load([seeds_copy], index_root=tmp_path / "ix", prefer_model=False)
    path = index_dir_for(lib.roots, tmp_path / "ix")
    write(path, "not a folder")
    lib.ensure_index()
    assert lib.search("treaty").hits


def test_unwritable_cache_folder_still_opens_and_searches(tmp_path, seeds_copy):
    blocker = write(tmp_path / "blocker", "a file where the cache folder should be")
    lib = Library.load([seeds_copy], index_root=blocker / "ix", prefer_model=False)
    report = lib.ensure_index()
    assert "temporary" in report.summary()
    assert lib.search("treaty").hits and lib.claims(lib.articles[0].id)


def _rebuild_in_process(args):
    seeds, index_root = args
    lib = Library.load([seeds], index_root=index_root, prefer_model=False)
    lib.ensure_index()
    hits = [h.article_id for h in lib.search("treaty").hits]
    lib.close()
    return hits


def test_concurrent_rebuilds_of_a_deleted_index(tmp_path, seeds_copy):
    import multiprocessing
    import shutil

    first = _rebuild_in_process((seeds_copy, tmp_path / "ix"))
    for _ in range(2):
        for p in (tmp_path / "ix").iterdir():
            if p.is_dir():
                shutil.rmtree(p)
        with multiprocessing.get_context("fork").Pool(4) as pool:
            results = pool.map(_rebuild_in_process, [(seeds_copy, tmp_path / "ix")] * 4)
        assert results == [first] * 4


def test_a_query_that_hits_damaged_files_rebuilds_and_answers(tmp_path, seeds_copy, monkeypatch):
    """The garbles above hit a query's blocks only now and then; this double
    makes the first read fail the way a damaged segment does (zlib.error)."""
    import zlib

    from search.index.query import QueryEngine

    lib = _seed_library(tmp_path, seeds_copy)
    expected = [h.article_id for h in lib.search("treaty").hits]
    real = QueryEngine.search
    failures = iter([zlib.error("Error -3 while decompressing data: invalid block type")])

    def damaged_once(self, *args, **kwargs):
        for exc in failures:
            raise exc
        return real(self, *args, **kwargs)

    monkeypatch.setattr(QueryEngine, "search", damaged_once)
    result = lib.search("treaty")
    assert result.error is None and [h.article_id for h in result.hits] == expected
    assert lib.index_damage and "rebuilt" in lib.index_damage

    def always_damaged(self, *args, **kwargs):
        raise zlib.error("still broken")

    monkeypatch.setattr(QueryEngine, "search", always_damaged)
    result = lib.search("treaty")
    assert result.error and "damaged" in result.error or "failed" in result.error


# -- C: searches that used to run for minutes are refused at once, or time-boxed --------------


@pytest.mark.parametrize(
    "query, message",
    [
        ("**", "too broad"),
        ("*a*", "too broad"),
        ("k*", "too broad"),
        ("a" * 10_000, "characters long"),
        ("x" * 300, "too long"),
        (" OR ".join(f"word{n}" for n in range(150)), "at most 100"),
    ],
    ids=["double-star", "infix", "one-letter-prefix", "10k-chars", "300-char-word", "150-terms"],
)
def test_abusive_queries_are_refused_with_one_line(library, query, message):
    result = library.search(query)
    assert result.error and message in result.error and "\n" not in result.error
    assert library.hit_spans(library.articles[0].id, query) == []


def test_prefixes_that_expand_to_too_many_words_are_refused(library, monkeypatch):
    from search.index import query

    assert library.search("ku* OR ru* OR tr*").hits
    monkeypatch.setattr(query, "MAX_EXPANSION", 3)  # the seeds' vocabulary is small; BBC's is not
    result = library.search("ku* OR ru* OR tr*")
    assert result.error and "too many words" in result.error
    assert library.search("kursk").hits


def test_totals_are_counted_not_estimated(library):
    # Whoosh's estimate sums term frequencies; a word range made it exceed the corpus.
    result = library.search("title:[a TO z]", limit=1)
    assert result.error is None and 0 < result.total <= len(library.articles)
    assert result.total == len(library.search("title:[a TO z]", limit=None).hits)


def test_a_superseded_search_is_cancelled(library):
    import threading

    cancel = threading.Event()
    cancel.set()
    assert library.search("kursk", cancel=cancel).error == "cancelled"
    assert library.search("kursk", cancel=threading.Event()).hits


# -- D: names from outside never carry escape sequences ---------------------------------------


def test_escape_sequences_in_file_names_never_reach_ids_or_problems(tmp_path):
    evil = "x\x1b]0;evil\x07\x1b]52;c;ZXZpbA==\x07"
    write(tmp_path / f"{evil}.jsonl", '{"body": "Officials said it rained."}\n{"oops\n')
    write(tmp_path / f"{evil}.txt", "The minister said it rained.\n")
    lib = Library.load([tmp_path], prefer_model=False)
    assert len(lib.articles) == 2 and lib.problems
    for text in [a.id for a in lib.articles] + [a.title for a in lib.articles] + [str(p) for p in lib.problems]:
        assert "\x1b" not in text and "\x07" not in text


def test_a_garbled_byte_that_whoosh_cannot_see_is_found_by_the_checksums(tmp_path, seeds_copy):
    """A fifth of random garbles used to give wrong results with no error at all."""
    lib = _seed_library(tmp_path, seeds_copy)
    lib.close()
    index_dir = next(p for p in (tmp_path / "ix").iterdir() if p.is_dir())
    seg = next(index_dir.glob("*.seg"))
    data = bytearray(seg.read_bytes())
    data[len(data) // 2] ^= 0xFF  # same size, one byte different
    seg.write_bytes(bytes(data))
    again = Library.load([seeds_copy], index_root=tmp_path / "ix", prefer_model=False)
    report = again.ensure_index()
    assert report.rebuilt_because and "damaged" in report.rebuilt_because
    assert again.search("treaty").hits
    # Untouched, the next open trusts the index again.
    again.close()
    third = Library.load([seeds_copy], index_root=tmp_path / "ix", prefer_model=False)
    assert third.ensure_index().rebuilt_because is None


def test_escape_sequences_in_annotation_notes_reach_no_output(tmp_path, capsys):
    from tui.cli import main

    corpus = tmp_path / "c"
    write(corpus / "a.txt", "The minister said the bridge cost 5 million pounds.\n")
    lib = Library.load([corpus], index_root=tmp_path / "ix", prefer_model=False)
    lib.annotate("a", 4, 12, "claim", "false", note="bad\x1b]52;c;ZXZpbA==\x07 note\x1b[31m", tags=["t\x1b]0;x\x07ag"])
    lib.save_annotations()
    raw = (corpus / "annotations.yaml").read_text(encoding="utf-8")
    (corpus / "annotations.yaml").write_text(raw.replace("bad note", "bad\\e]0;evil\\a note"), encoding="utf-8")
    for args in (["annotations", "list"], ["annotations", "list", "--json"], ["annotations", "export", "--format", "csv"],
                 ["annotations", "export", "--format", "claimreview"]):
        assert main([*args, "--path", str(corpus), "--index-dir", str(tmp_path / "ix")]) == 0
        out, err = capsys.readouterr()
        assert "\x1b" not in out + err and "\x07" not in out + err, args


def test_reload_picks_up_new_files_and_keeps_annotations(tmp_path):
    corpus = tmp_path / "c"
    write(corpus / "a.txt", "The minister said the bridge cost 5 million pounds.\n")
    lib = Library.load([corpus], index_root=tmp_path / "ix", prefer_model=False)
    lib.ensure_index()
    lib.annotate("a", 4, 12, "claim", "false")
    write(corpus / "b.txt", "A new article about quokkas arrived later.\n")
    assert not lib.search("quokkas").hits
    lib.reload()
    lib.ensure_index()
    assert [h.article_id for h in lib.search("quokkas").hits] == ["b"]
    assert len(lib.annotations.annotations) == 1 and lib.article("a")


def test_entity_fields_landing_after_the_text_index_do_not_duplicate_results(isolated_home):
    # Whoosh's Searcher.refresh() reused stale segment readers: every rewritten
    # document was found twice once analysis had added its entity fields.
    lib = Library.load()
    lib.ensure_text_index()
    before = [h.article_id for h in lib.search("treaty").hits]
    lib.analyse()
    after = [h.article_id for h in lib.search("treaty").hits]
    assert sorted(after) == sorted(before) and len(after) == len(set(after))
    assert lib.search('entity:"Kim Jong Un"').hits
