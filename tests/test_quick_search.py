"""`newsdesk search` answers from a current index alone: the same output, without
loading the corpus; anything changed on disk sends it back to a full load."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from search import api
from tui.cli import main

from .conftest import write


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "news"
    write(folder / "a.txt", "Quokkas smile at tourists.\n\nThe quokka colony on Rottnest grew by a tenth this year.")
    write(folder / "b.txt", "Wombats dig burrows.\n\nA wombat's burrow can be thirty metres long, rangers said.")
    return folder


def refuse_loading(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the corpus was loaded")

    monkeypatch.setattr(api.Library, "load", classmethod(refuse))


@pytest.mark.parametrize("query", ["quokka", "title:wombats", "burr*", "quokkas OR wombats", "kwokka", "author:x"])
@pytest.mark.parametrize("as_json", [False, True])
def test_a_current_index_answers_alone_with_the_same_output(capsys, monkeypatch, corpus, query, as_json):
    args = ["search", query, "--path", str(corpus)] + (["--json"] if as_json else [])
    first = run(capsys, *args)
    refuse_loading(monkeypatch)
    assert run(capsys, *args) == first


def test_a_changed_file_is_loaded_again(capsys, monkeypatch, corpus):
    run(capsys, "search", "quokka", "--path", str(corpus))
    write(corpus / "a.txt", "Numbats eat termites.\n\nThe numbat colony grew by a tenth this year, rangers said.")
    code, out, _ = run(capsys, "search", "numbat", "--json", "--path", str(corpus))
    assert code == 0 and [r["id"] for r in json.loads(out)["results"]] == ["a"]
    refuse_loading(monkeypatch)  # now current again
    assert json.loads(run(capsys, "search", "numbat", "--json", "--path", str(corpus))[1])["total"] == 1


def test_an_added_file_is_loaded_again(capsys, corpus):
    run(capsys, "search", "quokka", "--path", str(corpus))
    write(corpus / "c.txt", "Bilbies are nocturnal.\n\nThe bilby was seen again near the town.")
    code, out, _ = run(capsys, "search", "bilby", "--json", "--path", str(corpus))
    assert code == 0 and json.loads(out)["total"] == 1


def test_load_problems_are_said_the_same(capsys, monkeypatch, corpus):
    write(corpus / "bad.txt", b"\x00binary")
    first = run(capsys, "search", "quokka", "--path", str(corpus))
    assert "bad.txt: binary file" in first[2]
    refuse_loading(monkeypatch)
    assert run(capsys, "search", "quokka", "--path", str(corpus)) == first


def test_queries_that_need_the_library_load_it(capsys, monkeypatch, corpus):
    run(capsys, "search", "quokka", "--path", str(corpus))
    loaded = []
    real = api.Library.load.__func__

    def load(cls, *args, **kwargs):
        loaded.append(True)
        return real(cls, *args, **kwargs)

    monkeypatch.setattr(api.Library, "load", classmethod(load))
    run(capsys, "search", "verdict:disputed", "--path", str(corpus))
    run(capsys, "search", "quokka", "--entities", str(corpus / "missing.yaml"), "--path", str(corpus))
    assert len(loaded) == 2


def test_the_quick_path_loads_no_analysis_and_no_corpus_reader(corpus):
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent.parent))
    code = (
        "import sys; from tui.cli import main; main(['search', 'quokka', '--path', sys.argv[1]]);"
        "print(sorted(m for m in sys.modules if m.startswith(('search.analysis', 'search.sources', 'spacy'))), file=sys.stderr)"
    )
    subprocess.run([sys.executable, "-c", code, str(corpus)], env=env, capture_output=True, text=True, check=True)
    second = subprocess.run([sys.executable, "-c", code, str(corpus)], env=env, capture_output=True, text=True, check=True)
    assert second.stderr.strip().splitlines()[-1] == "[]"


def test_a_changed_entities_file_is_not_answered_quickly(capsys, corpus):
    from search import paths

    run(capsys, "search", "quokka", "--path", str(corpus))
    user = paths.user_entities_file()
    user.parent.mkdir(parents=True, exist_ok=True)
    user.write_text("Quokka Society: [not, a, mapping\n", encoding="utf-8")
    code, out, err = run(capsys, "search", "quokka", "--path", str(corpus))
    assert code == 2 and out == "" and err.startswith("error: ") and "entities.yaml" in err
