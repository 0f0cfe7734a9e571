"""The on-disk index: full build, incremental updates, repair of damaged indexes."""

from __future__ import annotations

import json

import pytest

from whoosh import index as whoosh_index

from search import Library
from search.index import MANIFEST, SCHEMA_VERSION, index_dir_for

from .conftest import SEEDS, write


def open_library(path, **kwargs):
    lib = Library.load([path], **kwargs)
    report = lib.ensure_index()
    return lib, report


@pytest.mark.usefixtures("seeds_analysed")  # the index is the subject: the analysis comes from the cache
def test_first_build_then_up_to_date(seeds_copy):
    lib, report = open_library(seeds_copy)
    assert report.rebuilt_because == "new index" and report.added == 5
    lib.close()
    lib, report = open_library(seeds_copy)
    assert report.rebuilt_because is None
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 0, 0, 5)
    assert "up to date" in report.summary()


@pytest.mark.usefixtures("seeds_analysed")  # the index is the subject: the analysis comes from the cache
def test_incremental_update_touches_only_changed_articles(seeds_copy):
    lib, _ = open_library(seeds_copy)
    lib.close()
    changed = seeds_copy / "002_0b0ccfb8523443b8.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nA zanzibar paragraph.", encoding="utf-8")
    (seeds_copy / "004_6decb479083189bf.txt").unlink()
    write(seeds_copy / "005_new.txt", "A new article about quokkas. It arrived late.")
    lib, report = open_library(seeds_copy)
    assert (report.added, report.updated, report.removed, report.unchanged) == (1, 1, 1, 3)
    assert [h.article_id for h in lib.search("zanzibar").hits] == ["002_0b0ccfb8523443b8"]
    assert [h.article_id for h in lib.search("quokkas").hits] == ["005_new"]
    assert lib.search("title:putin").hits == ()  # 004 was removed
    with whoosh_index.open_dir(str(report.path)).searcher() as searcher:
        assert searcher.doc_count() == 5


@pytest.mark.usefixtures("seeds_analysed")  # the index is the subject: the analysis comes from the cache
def test_metadata_change_reindexes_the_article(seeds_copy):
    lib, _ = open_library(seeds_copy)
    lib.close()
    write(seeds_copy / "catalog.yaml", "001_8e7b29ad4a414b1e.txt:\n  source: Example Wire\n")
    lib, report = open_library(seeds_copy)
    # 001 gained a source; 000 lost its catalogued one (003 infers the same "TASS").
    assert report.updated == 2
    assert [h.article_id for h in lib.search("source:example").hits] == ["001_8e7b29ad4a414b1e"]


@pytest.mark.usefixtures("seeds_analysed")  # the index is the subject: the analysis comes from the cache
def test_schema_version_change_rebuilds(seeds_copy):
    lib, report = open_library(seeds_copy)
    lib.close()
    manifest = report.path / MANIFEST
    manifest.write_text(json.dumps({"schema_version": 0, "complete": True}), encoding="utf-8")
    lib, report = open_library(seeds_copy)
    assert report.rebuilt_because == "index format changed, rebuilt"
    assert lib.search("kursk").total == 5


@pytest.mark.usefixtures("seeds_analysed")  # the index is the subject: the analysis comes from the cache
def test_half_written_index_is_rebuilt(seeds_copy):
    lib, report = open_library(seeds_copy)
    lib.close()
    manifest = report.path / MANIFEST
    manifest.write_text(json.dumps({"schema_version": SCHEMA_VERSION, "complete": False}), encoding="utf-8")
    lib, report = open_library(seeds_copy)
    assert report.rebuilt_because == "previous indexing did not finish, rebuilt"
    assert lib.search("kursk").total == 5


@pytest.mark.usefixtures("seeds_analysed")  # the index is the subject: the analysis comes from the cache
def test_corrupt_index_files_are_rebuilt_not_fatal(seeds_copy):
    lib, report = open_library(seeds_copy)
    lib.close()
    for path in report.path.iterdir():
        if path.name != MANIFEST:
            path.write_bytes(b"garbage")
    lib, report = open_library(seeds_copy)
    # Found at open by the checksums (before them: when Whoosh failed to read the files).
    assert report.rebuilt_because.startswith(("index was unreadable", "index was damaged"))
    assert lib.search("kursk").total == 5


@pytest.mark.usefixtures("seeds_analysed")  # the index is the subject: the analysis comes from the cache
def test_damaged_manifest_is_rebuilt(seeds_copy):
    lib, report = open_library(seeds_copy)
    lib.close()
    (report.path / MANIFEST).write_text("{not json", encoding="utf-8")
    _, report = open_library(seeds_copy)
    assert report.rebuilt_because == "index manifest was damaged, rebuilt"


@pytest.mark.usefixtures("seeds_analysed")  # the index is the subject: the analysis comes from the cache
def test_locked_index_is_searched_read_only(seeds_copy):
    lib, report = open_library(seeds_copy)
    lib.close()
    write(seeds_copy / "005_new.txt", "Fresh text about quokkas.")
    ix = whoosh_index.open_dir(str(report.path))
    holder = ix.writer()  # another newsdesk holds the write lock
    try:
        lib, report = open_library(seeds_copy)
        assert report.read_only_because and "another newsdesk" in report.summary()
        assert lib.search("kursk").total == 5  # the existing index still answers
    finally:
        holder.cancel()


def test_index_dir_keyed_by_corpus_and_overridable(seeds_copy, tmp_path, isolated_home):
    default = index_dir_for([seeds_copy.resolve()])
    assert default.parent == isolated_home / "index"
    assert index_dir_for([tmp_path]) != default
    _, report = open_library(seeds_copy, index_root=tmp_path / "elsewhere")
    assert report.path.parent == tmp_path / "elsewhere"


def test_progress_reports_every_article(seeds_copy):
    lib = Library.load([seeds_copy])
    seen = []
    lib.ensure_index(progress=lambda phase, done, total: seen.append((phase, done, total)))
    assert seen[0] == ("analysing", 0, 5) and ("analysing", 5, 5) in seen
    assert [s for s in seen if s[0] == "indexing"] == [("indexing", n, 5) for n in range(1, 6)]


def test_search_before_index_is_ready_says_so(seeds_copy):
    lib = Library.load([seeds_copy])
    result = lib.search("kursk")
    assert result.error == "the index is not ready yet" and result.hits == ()
    assert lib.hit_spans("002_0b0ccfb8523443b8", "kursk") == []


def test_the_text_fields_are_indexed_without_whooshs_token_chain(tmp_path, monkeypatch):
    """Title, body and spell are indexed by one loop over the words (not
    Whoosh's generator chain, once per field); the spell field has the
    frequencies tokenising title and body would give."""
    from whoosh.analysis import LowercaseFilter, RegexTokenizer

    from search.article import Article
    from search.index import ensure_index

    text = "Rangers counted the quokkas. The Quokka colony grew; rangers were pleased."
    article = Article("q1", "Quokka census", None, None, None, tmp_path / "q1.txt", text)
    calls = []
    real = RegexTokenizer.__call__

    def counting(self, value, *args, **kwargs):
        if isinstance(value, str) and text in value:
            calls.append(kwargs.get("mode"))
        return real(self, value, *args, **kwargs)

    monkeypatch.setattr(RegexTokenizer, "__call__", counting)
    ix, _ = ensure_index(tmp_path / "ix", [article], {}, "key")
    monkeypatch.setattr(RegexTokenizer, "__call__", real)
    assert calls == []
    expected: dict[str, int] = {}
    for token in (RegexTokenizer() | LowercaseFilter())(f"{article.title}\n{text}"):
        expected[token.text] = expected.get(token.text, 0) + 1
    with ix.reader() as reader:
        found = {word.decode(): reader.frequency("spell", word) for word in reader.lexicon("spell")}
    assert found == expected


@pytest.mark.parametrize("text", [
    "The rangers' report* on the U.S. colony: 3.14 quokkas, a b c, and THE end.",
    "Ístanbul's naïve ﬁsherman met Straße officials in 東京 on 2004-05-06; x*y ** * .5",
    "to be or not to be", "", "   ", "A",
    "Reports reporting reported: report, reports and reporters re-report it.\n\nNew paragraph here.",
])
def test_fast_indexing_gives_the_terms_whooshs_analysers_give(text):
    """Positions (renumbered past stop words as StopFilter does), frequencies,
    weights (the title's boost too) and encoded values, term for term."""
    from whoosh import fields

    from search.index.schema import build_schema

    schema = build_schema()
    for name in ("title", "body", "spell"):
        field = schema[name]
        assert sorted(field.index(text)) == sorted(fields.TEXT.index(field, text)), name


def test_a_large_build_is_split_across_processes_with_the_same_results(tmp_path, monkeypatch):
    """Past ``PARALLEL_FROM`` articles, worker processes write segments beside
    this one's; searches answer as from one process's index."""
    from search.article import Article
    from search.index import build, ensure_index

    words = ["quokka", "treaty", "harbour", "election", "rangers", "budget", "ferry", "orchard"]
    articles = [
        Article(f"a{n}", f"Report {n} on the {words[n % 8]}", None, None, None, tmp_path / f"a{n}.txt",
                f"The {words[n % 8]} and the {words[(n * 3) % 8]} were discussed. " * (1 + n % 4) + f"Number {n} closes.")
        for n in range(24)
    ]
    one, _ = ensure_index(tmp_path / "one", articles, {}, "key")
    monkeypatch.setattr(build, "PARALLEL_FROM", 2)
    monkeypatch.setattr(build, "_processes", lambda count: 3)
    many, report = ensure_index(tmp_path / "many", articles, {}, "key")
    assert report.added == 24 and len(many._segments()) == 3 and len(one._segments()) == 1
    from search.index import QueryEngine, make_searcher

    by_id = {a.id: a for a in articles}
    for query in ["quokka", "treaty OR harbour", '"the ferry"', "elect*", "title:report", "number NOT orchard"]:
        with make_searcher(one) as a, make_searcher(many) as b:
            first = QueryEngine(one.schema).search(a, query, by_id, None, snippets=False)
            second = QueryEngine(many.schema).search(b, query, by_id, None, snippets=False)
        assert first.total == second.total > 0, query
        assert sorted((h.article_id, round(h.score, 6)) for h in first.hits) == sorted((h.article_id, round(h.score, 6)) for h in second.hits)
    # And the index opens as a current one next time.
    again, report = ensure_index(tmp_path / "many", articles, {}, "key")
    assert report.rebuilt_because is None and report.unchanged == 24



def test_a_worker_that_fails_has_its_share_indexed_here(tmp_path, monkeypatch):
    """A share whose worker fails is written by this process as a segment of its
    own; every article is found as from a one-process index."""
    from concurrent.futures import Future, ProcessPoolExecutor

    from search.article import Article
    from search.index import QueryEngine, build, ensure_index, make_searcher

    articles = [Article(f"a{n}", f"Report {n}", None, None, None, tmp_path / f"a{n}.txt",
                        f"The quokka count {n} was {'high' if n % 2 else 'low'}.") for n in range(12)]

    def failing(self, *args, **kwargs):
        future = Future()
        future.set_exception(RuntimeError("worker died"))
        return future

    monkeypatch.setattr(ProcessPoolExecutor, "submit", failing)
    monkeypatch.setattr(build, "PARALLEL_FROM", 2)
    monkeypatch.setattr(build, "_processes", lambda count: 3)
    many, report = ensure_index(tmp_path / "many", articles, {}, "key")
    assert report.added == 12 and len(many._segments()) == 3
    by_id = {a.id: a for a in articles}
    with make_searcher(many) as searcher:
        result = QueryEngine(many.schema).search(searcher, "quokka", by_id, 50, snippets=False)
    assert sorted(hit.article_id for hit in result.hits) == sorted(by_id)

def test_word_spans_are_the_spans_the_fields_analysers_give():
    # hit_spans finds a query's words in one pass (schema.word_spans); it must find
    # exactly what the title/body StemmingAnalyzer and the spell field's analyser find.
    import random

    from search.index.schema import build_schema, word_spans, words
    from search.sources import load_corpus

    schema = build_schema()
    tricky = ("The U.S. economy grew 3.5% in Q1; running, runs and ran. A naïve café's owner said "
              "it's \u201cgood\u201d. I, a, an, the: stop words. Economies, economic, economist! e.g. x y z")
    texts = [tricky] + [article.text for article in load_corpus([SEEDS]).articles]
    rng = random.Random(7)
    for text in texts:
        vocabulary = sorted(set(words(text)))
        for _ in range(20):
            picked = rng.sample(vocabulary, min(len(vocabulary), rng.randint(1, 6)))
            stems = {token.text for word in picked for token in schema["body"].analyzer(word, mode="query")}
            lowered = set(rng.sample(vocabulary, min(len(vocabulary), rng.randint(0, 4))))
            expected = set()
            for fieldname, terms in (("body", stems), ("title", stems), ("spell", lowered)):
                expected.update((t.startchar, t.endchar) for t in schema[fieldname].analyzer(text, chars=True, mode="query")
                                if t.text in terms)
            assert set(word_spans(text, stems, lowered)) == expected


def test_writing_a_segment_asks_for_missing_lengths_once_per_field(tmp_path, monkeypatch):
    """Whoosh looks for a field's lengths file again for every posting of a field
    that stores none (``id``, ``analysis``, ``spell``); the writer asks once per
    field, and every length it reports is the reader's own."""
    from whoosh.filedb.filestore import FileStorage

    from search.article import Article
    from search.index import ensure_index
    from whoosh.codec.whoosh3 import W3Codec

    from search.index._writer import _Lengths

    articles = [Article(f"a{n}", f"Title {n}", None, None, None, tmp_path / f"a{n}.txt",
                        f"Quokkas number {n}. Rangers counted {n} quokkas and {n} wombats in the park.")
                for n in range(30)]
    looked: list[str] = []
    real = FileStorage.file_exists

    def counting(self, name):
        looked.append(name)
        return real(self, name)

    monkeypatch.setattr(FileStorage, "file_exists", counting)
    ix, _ = ensure_index(tmp_path / "ix", articles, {}, "key")
    monkeypatch.setattr(FileStorage, "file_exists", real)
    lengths_files = [name for name in looked if name.endswith("_len" + W3Codec.COLUMN_EXT)]
    assert lengths_files and len(lengths_files) <= 2 * len(ix.schema.names()), lengths_files
    with ix.reader() as reader:
        segment_reader = reader.leaf_readers()[0][0] if hasattr(reader, "leaf_readers") else reader
        perdoc = segment_reader._perdoc  # noqa: SLF001
        wrapped = _Lengths(perdoc)
        for docnum in range(reader.doc_count_all()):
            for name in ix.schema.names():
                assert wrapped.doc_field_length(docnum, name) == perdoc.doc_field_length(docnum, name)
        with pytest.raises(IndexError):
            wrapped.doc_field_length(reader.doc_count_all() + 5, "spell")


def test_checksums_are_reused_only_for_files_unchanged_since(tmp_path, monkeypatch):
    import os
    import zlib

    from search.index import integrity

    (tmp_path / "MAIN_a.seg").write_bytes(b"first segment")
    (tmp_path / "_MAIN_1.toc").write_bytes(b"table")
    first = integrity.record(tmp_path, set())
    read = []
    real = integrity._crc
    monkeypatch.setattr(integrity, "_crc", lambda path: read.append(path.name) or real(path))
    assert integrity.record(tmp_path, set()) == first and read == []  # nothing changed: nothing read
    # Garbled in place, same size, modification time put back: read again all the same.
    segment = tmp_path / "MAIN_a.seg"
    before = segment.stat()
    segment.write_bytes(b"FIRST SEGMENT")
    os.utime(segment, ns=(before.st_atime_ns, before.st_mtime_ns))
    (tmp_path / "MAIN_b.seg").write_bytes(b"a new segment")
    again = integrity.record(tmp_path, set())
    assert sorted(read) == ["MAIN_a.seg", "MAIN_b.seg"]
    assert again["MAIN_a.seg"] == [before.st_size, before.st_mtime_ns, zlib.crc32(b"FIRST SEGMENT")]
    assert again["_MAIN_1.toc"] == first["_MAIN_1.toc"]


@pytest.mark.usefixtures("seeds_analysed")  # the index is the subject: the analysis comes from the cache
def test_fingerprints_written_here_are_not_read_back_but_another_commit_is(seeds_copy, monkeypatch):
    from search.index import _known, build

    lib, report = open_library(seeds_copy)
    ix = whoosh_index.open_dir(str(report.path))
    known = _known.recall(ix)
    assert known is not None and known[1] == build._stored_fingerprints(ix)
    changed = seeds_copy / "002_0b0ccfb8523443b8.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nA zanzibar paragraph.", encoding="utf-8")
    reads = []
    real = build._stored_fingerprints
    monkeypatch.setattr(build, "_stored_fingerprints", lambda ix: reads.append(1) or real(ix))
    lib.reload()
    assert lib.ensure_text_index().updated == 1 and reads == []
    lib.analyse()  # its entity fields, written by this process too
    assert _known.recall(ix)[1] == real(ix) and reads == []
    # Another process writes a commit: what this one wrote before is not trusted.
    other = ix.writer()
    other.update_document(id="002_0b0ccfb8523443b8", fingerprint="stale", analysis="", body="zanzibar")
    other.commit()
    build._write_manifest(report.path, complete=True)  # as another newsdesk does after its commit
    assert _known.recall(ix) is None
    lib.reload()
    report = lib.ensure_text_index()
    assert reads == [1] and report.updated == 1  # read from the index, and the stale document rewritten
    assert _known.recall(ix)[1] == real(ix)
    lib.close()



@pytest.mark.usefixtures("seeds_analysed")  # the index is the subject: the analysis comes from the cache
def test_the_next_process_takes_the_fingerprints_from_the_file_beside_the_index_unless_it_is_stale_or_damaged(seeds_copy, monkeypatch):
    from search.index import _known, build

    lib, report = open_library(seeds_copy)
    lib.close()
    ix = whoosh_index.open_dir(str(report.path))
    truth = build._stored_fingerprints(ix)
    assert (report.path / _known.FILE).exists()
    reads = []
    real = build._stored_fingerprints
    monkeypatch.setattr(build, "_stored_fingerprints", lambda ix: reads.append(1) or real(ix))

    def next_process():  # what a new process knows: only the files
        monkeypatch.setattr(_known, "_written", {})
        lib, report = open_library(seeds_copy)
        lib.close()
        return report

    again = next_process()
    assert reads == [] and again.rebuilt_because is None and again.unchanged == len(truth)
    assert _known.recall(ix)[1] == truth
    # Another writer's commit: the file names the commit before it, and is not trusted.
    other = ix.writer()
    other.update_document(id="002_0b0ccfb8523443b8", fingerprint="stale", analysis="", body="zanzibar")
    other.commit()
    build._write_manifest(report.path, complete=True)
    again = next_process()
    assert reads == [1] and again.updated == 1 and again.rebuilt_because is None
    # A damaged file is ignored: the index is read, not rebuilt.
    (report.path / _known.FILE).write_bytes(b"\x00garbage")
    again = next_process()
    assert reads == [1, 1] and again.rebuilt_because is None and again.unchanged == len(truth)
    # The index's checksums leave the file out: rewriting it never makes the index look damaged.
    assert _known.FILE not in (build.read_manifest(report.path) or {}).get("files", {})


def test_one_article_changed_at_a_time_leaves_the_other_segments_unmerged_until_there_are_many(tmp_path):
    """A change to one article is a one-document commit: it does not merge the
    segments already written (a merge costs per distinct term, on the path of
    every edit) until there are ``MOST_SEGMENTS``; a segment whose documents were
    all replaced is dropped. Searches find every article as they are now."""
    from dataclasses import replace

    from search.article import Article
    from search.index import QueryEngine, _writer, ensure_index, make_searcher

    articles = [Article(f"a{n}", f"Report {n}", None, None, None, tmp_path / f"a{n}.txt",
                        f"The quokka count {n} was {'high' if n % 2 else 'low'}.") for n in range(80)]
    ix, _ = ensure_index(tmp_path / "ix", articles, {}, "key")
    first = {s.segment_id() for s in ix._segments()}
    for step in range(_writer.MOST_SEGMENTS + 4):
        n = step % 3  # the same few articles again and again: their one-document segments empty out
        articles[n] = replace(articles[n], text=f"The wombat count {n} was edited at step {step}.")
        ix, report = ensure_index(tmp_path / "ix", articles, {}, "key")
        assert report.updated == 1
        segments = ix._segments()
        assert len(segments) <= _writer.MOST_SEGMENTS
        assert all(s.doc_count() > 0 for s in segments)
        assert first <= {s.segment_id() for s in segments}  # never merged: the edits' segments empty out first
        if step < 3:  # one segment per edit beside it
            assert len(segments) == step + 2
    by_id = {a.id: a for a in articles}
    with make_searcher(ix) as searcher:
        engine = QueryEngine(ix.schema)
        assert sorted(h.article_id for h in engine.search(searcher, "wombat", by_id, None, snippets=False).hits) == ["a0", "a1", "a2"]
        assert len(engine.search(searcher, "quokka", by_id, None, snippets=False).hits) == 77
