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
