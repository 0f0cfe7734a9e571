"""The loaded-articles cache (search/sources/_cache.py): an unchanged file is taken from it,
exactly as it was read; a changed file or catalog, other code, or a damaged cache means
the files are read again; a small corpus writes nothing."""

from __future__ import annotations

import json
import os

import pytest

from search import Library
from search.sources import _cache, load_corpus
from search.sources.jsonl import JsonLinesSource

from .conftest import write


def _corpus(folder):
    lines = [json.dumps({"id": f"a{n}", "title": f"Title {n}", "source": "Outlet", "date": "2024-05-0%d" % (n % 9 + 1),
                         "url": f"https://example.org/{n}", "body": f"Body {n}.\nAdvertisement\nMore text {n}."})
             for n in range(12)]
    lines.insert(3, "{not json")
    write(folder / "news.jsonl", "\n".join(lines) + "\n")
    write(folder / "old.txt", "date 2023-01-02\nCaf\xe9 society returns.".encode("cp1252"))
    return folder


def _seen(corpus):
    articles = [(a.id, a.title, a.source, a.date, a.url, a.path, a.text, a.boilerplate, a.line, a.content_hash)
                for a in corpus.articles]
    return articles, [(str(p.path), p.message, p.line, p.note) for p in corpus.problems]


@pytest.fixture
def small_threshold(monkeypatch):
    monkeypatch.setattr(_cache, "CACHE_FROM", 1)


def test_an_unchanged_corpus_comes_from_the_cache_exactly_as_read(tmp_path, small_threshold, monkeypatch):
    folder, cache = _corpus(tmp_path / "c"), tmp_path / "cache" / "corpus.marshal"
    first = load_corpus([folder], cache=cache)
    assert cache.exists() and len(first.articles) == 13
    assert any("malformed JSON" in p.message for p in first.problems) and any(p.note for p in first.problems)

    def refuse(self, file):
        raise AssertionError("read from the file, not the cache")

    monkeypatch.setattr(JsonLinesSource, "load", refuse)
    second = load_corpus([folder], cache=cache)
    assert _seen(second) == _seen(first)


def test_a_changed_file_or_catalog_is_read_again(tmp_path, small_threshold):
    folder, cache = _corpus(tmp_path / "c"), tmp_path / "corpus.marshal"
    load_corpus([folder], cache=cache)
    news = folder / "news.jsonl"
    news.write_text(news.read_text(encoding="utf-8").replace("Title 5", "Title five"), encoding="utf-8")
    assert "Title five" in {a.title for a in load_corpus([folder], cache=cache).articles}
    write(folder / "catalog.yaml", "a7:\n  title: Corrected in the catalog\n")
    assert "Corrected in the catalog" in {a.title for a in load_corpus([folder], cache=cache).articles}
    (folder / "old.txt").unlink()
    assert len(load_corpus([folder], cache=cache).articles) == 12


def test_a_same_size_rewrite_with_a_new_time_is_read_again(tmp_path, small_threshold):
    folder, cache = _corpus(tmp_path / "c"), tmp_path / "corpus.marshal"
    load_corpus([folder], cache=cache)
    news = folder / "news.jsonl"
    news.write_text(news.read_text(encoding="utf-8").replace("Title 5", "Title X"), encoding="utf-8")
    stat = news.stat()
    os.utime(news, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert "Title X" in {a.title for a in load_corpus([folder], cache=cache).articles}


@pytest.mark.parametrize("damage", [b"", b"garbage", b"\xe9\x00\x01" * 100, None])
def test_a_damaged_or_foreign_cache_is_a_miss_and_is_written_anew(tmp_path, small_threshold, monkeypatch, damage):
    folder, cache = _corpus(tmp_path / "c"), tmp_path / "corpus.marshal"
    expected = _seen(load_corpus([folder], cache=cache))
    if damage is None:  # written by other code: not used
        monkeypatch.setattr(_cache, "_code_version", lambda: "other code")
    else:
        cache.write_bytes(damage)
    assert _seen(load_corpus([folder], cache=cache)) == expected
    assert _cache.LoadCache(cache).entries  # rewritten, usable again


def test_a_small_corpus_writes_no_cache(tmp_path):
    folder, cache = _corpus(tmp_path / "c"), tmp_path / "corpus.marshal"
    load_corpus([folder], cache=cache)
    assert not cache.exists()


def test_the_library_keeps_its_cache_in_the_cache_folder(tmp_path, small_threshold, monkeypatch):
    monkeypatch.setenv("NEWSDESK_HOME", str(tmp_path / "home"))
    folder = _corpus(tmp_path / "c")
    library = Library.load([folder], prefer_model=False)
    assert len(library.articles) == 13
    assert list((tmp_path / "home" / "corpus").glob("*.marshal"))


def test_loading_again_in_process_reads_only_the_lines_that_changed(tmp_path, monkeypatch):
    """``load_corpus(..., earlier=corpus)``: an unchanged line gives the same article (not
    parsed again), a changed one is read anew, a malformed line and a bad date are
    reported again, and a catalog entry changed since still applies."""
    from search.sources import _base

    folder = _corpus(tmp_path / "c")
    news = folder / "news.jsonl"
    lines = news.read_text(encoding="utf-8").splitlines()
    lines[5] = json.dumps({"id": "dated", "date": "not a date", "body": "A line with a bad date."})
    news.write_text("\n".join(lines) + "\n", encoding="utf-8")
    first = load_corpus([folder])
    built = []
    real = _base.make_article
    monkeypatch.setattr(_base, "make_article", lambda *args, **kw: built.append(args[1]) or real(*args, **kw))
    lines[0] = lines[0].replace("Title 0", "Title zero")
    news.write_text("\n".join(lines) + "\n", encoding="utf-8")
    second = load_corpus([folder], earlier=first)
    assert built == ["a0"]  # only the changed line
    old, new = first.by_id(), second.by_id()
    assert new["a0"].title == "Title zero"
    assert all(new[a] is old[a] for a in old if a != "a0")
    assert _seen(second)[1] == _seen(first)[1]  # the malformed line and the bad date, reported again
    fresh = load_corpus([folder])
    assert _seen(second) == _seen(fresh)
    write(folder / "catalog.yaml", "a7:\n  title: Corrected in the catalog\n")
    built.clear()
    third = load_corpus([folder], earlier=second)
    # Of news.jsonl only a7 (old.txt is a whole file: read again, its catalog changed).
    assert sorted(built) == ["a7", "old"] and third.by_id()["a7"].title == "Corrected in the catalog"
    assert _seen(third) == _seen(load_corpus([folder]))


def test_an_unchanged_file_is_taken_whole_from_the_earlier_load(tmp_path, monkeypatch):
    folder = _corpus(tmp_path / "c")
    first = load_corpus([folder])

    def refuse(self, file):
        raise AssertionError("read from the file, not the earlier load")

    monkeypatch.setattr(JsonLinesSource, "load", refuse)
    second = load_corpus([folder], earlier=first)
    assert _seen(second) == _seen(first)
    assert [a.id for a in second.articles] == [a.id for a in first.articles]


def test_a_reload_marshals_only_the_changed_chunk_and_the_cache_stays_true(tmp_path, small_threshold, monkeypatch):
    import marshal

    monkeypatch.setattr(_cache, "CHUNK", 2)
    folder, cache = _corpus(tmp_path / "c"), tmp_path / "corpus.marshal"
    first = load_corpus([folder], cache=cache)
    news = folder / "news.jsonl"
    news.write_text(news.read_text(encoding="utf-8").replace("Title 5", "Title five"), encoding="utf-8")
    dumped = []
    real = marshal.dumps
    monkeypatch.setattr(marshal, "dumps", lambda value: dumped.append(value) or real(value))
    second = load_corpus([folder], cache=cache, earlier=first)
    rows = [value for value in dumped if isinstance(value, list)]
    assert [[row[0] for row in chunk] for chunk in rows] == [["a4", "a5"]]  # one chunk of two articles
    monkeypatch.setattr(marshal, "dumps", real)
    assert _seen(load_corpus([folder], cache=cache)) == _seen(second) == _seen(load_corpus([folder]))


def test_a_reload_writes_only_new_chunks_a_lost_chunk_is_a_miss_and_stale_ones_go(tmp_path, small_threshold, monkeypatch):
    monkeypatch.setattr(_cache, "CHUNK", 2)
    folder, cache = _corpus(tmp_path / "c"), tmp_path / "corpus.marshal"
    chunks = tmp_path / "corpus.marshal.chunks"
    first = load_corpus([folder], cache=cache)
    before = {p.name: p.stat().st_mtime_ns for p in chunks.iterdir()}
    news = folder / "news.jsonl"
    news.write_text(news.read_text(encoding="utf-8").replace("Title 5", "Title five"), encoding="utf-8")
    second = load_corpus([folder], cache=cache, earlier=first)
    after = {p.name: p.stat().st_mtime_ns for p in chunks.iterdir()}
    assert len(set(after) - set(before)) == 1 and len(set(before) - set(after)) == 1  # one chunk new, its old one gone
    assert all(after[name] == before[name] for name in set(after) & set(before))  # the others not written again
    assert _seen(load_corpus([folder], cache=cache)) == _seen(second)
    for chunk in chunks.iterdir():
        chunk.unlink()
    assert _seen(load_corpus([folder], cache=cache)) == _seen(second)  # read from the files again


# -- a changed JSON Lines file, loaded again from the cache (no earlier load in the process) --

def _lines(count=30):
    """Small articles a0..: one with a bad date (a warning), one malformed line and one
    without an id (its id, ``news-<line>``, comes from its line number)."""
    lines = [json.dumps({"id": f"a{n}", "title": f"Title {n}", "date": "2024-05-0%d" % (n % 9 + 1),
                         "body": f"Body {n}.\nAdvertisement\nMore text {n}."}) for n in range(count)]
    lines[7] = json.dumps({"id": "dated", "date": "not a date", "body": "A line with a bad date."})
    lines.insert(3, "{not json")
    lines.insert(count - 5, json.dumps({"title": "No id", "body": "An article whose id is its line."}))
    return lines


@pytest.fixture
def built(monkeypatch):
    """The ids of the articles built (not reused), in order."""
    from search.sources import _base

    made = []
    real = _base.make_article
    monkeypatch.setattr(_base, "make_article", lambda *args, **kw: made.append(args[1]) or real(*args, **kw))
    return made


def _edit(lines, change):
    lines = list(lines)
    no_id = lines.index(next(line for line in lines if '"No id"' in line))
    if change == "edited":
        lines[10] = lines[10].replace("Body 9.", "Body nine.")
        return lines, ["a9"]
    if change == "removed":  # the lines after it move up: only the one whose id is its line number is built again
        del lines[10]
        return lines, [f"news-{no_id}"]
    if change == "inserted":
        lines.insert(0, json.dumps({"id": "new", "body": "A new first article."}))
        return lines, ["new", f"news-{no_id + 2}"]
    if change == "reordered":  # two lines swapped, the bad date among them: reused on their new lines
        lines[8], lines[20] = lines[20], lines[8]
        return lines, []
    if change == "appended":
        return lines + [json.dumps({"id": "new", "body": "A new last article."})], ["new"]
    raise AssertionError(change)


@pytest.mark.parametrize("via", ["cache", "earlier"])
@pytest.mark.parametrize("change", ["edited", "removed", "inserted", "reordered", "appended"])
def test_a_changed_jsonl_reuses_its_unchanged_lines_from_the_cache(tmp_path, small_threshold, monkeypatch, built, change, via):
    """A fresh load (no earlier load in the process) of a JSON Lines file changed since the
    cache was written builds only the lines that changed, and gives what a load without
    the cache gives: every field of every article, and every problem on its line. So
    does a load in the same process (``earlier``)."""
    monkeypatch.setattr(_cache, "CHUNK", 4)
    folder, cache = tmp_path / "c", tmp_path / "corpus.marshal"
    news = write(folder / "news.jsonl", "\n".join(_lines()) + "\n")
    first = load_corpus([folder], cache=cache)
    lines, expected = _edit(_lines(), change)
    news.write_text("\n".join(lines) + "\n", encoding="utf-8")
    built.clear()
    loaded = load_corpus([folder], cache=cache, earlier=first if via == "earlier" else None)
    assert built == expected
    fresh = load_corpus([folder])
    assert _seen(loaded) == _seen(fresh)
    dated = [p for p in loaded.problems if "date left unknown" in p.message]
    assert [p.line for p in dated] == [lines.index(next(line for line in lines if '"dated"' in line)) + 1]
    built.clear()
    assert _seen(load_corpus([folder], cache=cache)) == _seen(fresh) and built == []  # what it saved is true


def test_the_first_reload_after_a_start_from_the_cache_reads_only_the_changed_line(tmp_path, small_threshold, built):
    folder, cache = tmp_path / "c", tmp_path / "corpus.marshal"
    news = write(folder / "news.jsonl", "\n".join(_lines()) + "\n")
    load_corpus([folder], cache=cache)
    started = load_corpus([folder], cache=cache)  # taken whole from the cache
    lines, expected = _edit(_lines(), "edited")
    news.write_text("\n".join(lines) + "\n", encoding="utf-8")
    built.clear()
    reloaded = load_corpus([folder], cache=cache, earlier=started)
    assert built == expected
    old, new = started.by_id(), reloaded.by_id()
    assert all(new[a] is old[a] for a in old if a != "a9")
    assert _seen(reloaded) == _seen(load_corpus([folder]))


@pytest.mark.parametrize("earlier", [False, True])
def test_a_changed_catalog_means_every_line_of_a_cached_file_is_read_again(tmp_path, small_threshold, built, earlier):
    """What the cache holds does not say which catalog entries its articles were built
    with, only the catalog's stat: with that changed, no line is reused from it."""
    folder, cache = tmp_path / "c", tmp_path / "corpus.marshal"
    news = write(folder / "news.jsonl", "\n".join(_lines()) + "\n")
    load_corpus([folder], cache=cache)
    started = load_corpus([folder], cache=cache)
    lines, _ = _edit(_lines(), "edited")
    news.write_text("\n".join(lines) + "\n", encoding="utf-8")
    write(folder / "catalog.yaml", "a6:\n  title: Corrected in the catalog\n")
    built.clear()
    loaded = load_corpus([folder], cache=cache, earlier=started if earlier else None)
    assert len(built) == len(loaded.articles) == 31
    assert loaded.by_id()["a6"].title == "Corrected in the catalog"
    assert _seen(loaded) == _seen(load_corpus([folder]))


@pytest.mark.parametrize("damage", ["keys", "owners", "chunks"])
def test_damaged_line_keys_in_the_cache_mean_the_lines_are_read_again(tmp_path, small_threshold, built, damage):
    import marshal

    folder, cache = tmp_path / "c", tmp_path / "corpus.marshal"
    news = write(folder / "news.jsonl", "\n".join(_lines()) + "\n")
    load_corpus([folder], cache=cache)
    data = marshal.loads(cache.read_bytes())
    (entry,) = data["files"].values()
    if damage == "keys":
        entry[3] = entry[3][:-1]
    elif damage == "owners":
        entry[4] = [(0, 999)]
    else:
        for chunk in (tmp_path / "corpus.marshal.chunks").iterdir():
            chunk.unlink()
    cache.write_bytes(marshal.dumps(data))
    lines, _ = _edit(_lines(), "edited")
    news.write_text("\n".join(lines) + "\n", encoding="utf-8")
    built.clear()
    loaded = load_corpus([folder], cache=cache)
    assert len(built) == 31
    assert _seen(loaded) == _seen(load_corpus([folder]))
