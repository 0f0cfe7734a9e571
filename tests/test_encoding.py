"""A file in Latin-1 or Windows-1252 is decoded and loaded with a note, not skipped (issue 11)."""

from __future__ import annotations

from search.sources import load_corpus

from .conftest import write


def test_latin1_and_cp1252_files_load_with_a_note(tmp_path):
    write(tmp_path / "good.txt", "A good article. It loads.")
    write(tmp_path / "latin1.txt", "Caf\u00e9 au lait in S\u00e3o Paulo. It loads.".encode("latin-1"))
    write(tmp_path / "cp1252.txt", "\u201cWe will fight,\u201d he said \u2013 in Kyiv. It loads.".encode("cp1252"))
    corpus = load_corpus([tmp_path])
    texts = {a.id: a.text for a in corpus.articles}
    assert set(texts) == {"good", "latin1", "cp1252"}
    assert "Café au lait in São Paulo" in texts["latin1"]
    assert "“We will fight,” he said – in Kyiv" in texts["cp1252"]
    notes = {p.path.name: p for p in corpus.problems}
    assert set(notes) == {"latin1.txt", "cp1252.txt"}
    assert all(p.note and "skipped" not in p.message and "Windows-1252" in p.message for p in notes.values())


def test_utf8_files_get_no_note(tmp_path):
    write(tmp_path / "utf8.txt", "Café au lait. It loads.")
    assert not load_corpus([tmp_path]).problems
