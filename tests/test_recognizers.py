"""Swapping the entity recogniser is one new module: a registered recogniser
(here a test double) is chosen by the pipeline, its optional capabilities are
used by name, and a model that fails late falls back to the next one."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from search import Library
from search.analysis import Analyser, AnalysisStore, analyse_articles
from search.analysis.ner import Entity, ModelUnavailable, load_gazetteer, register, registry
from search.sources import load_corpus

from .conftest import write

ROOT = Path(__file__).resolve().parent.parent
TEXT = 'Acme, in a long note on Friday, insisted "prices will fall". Acme sold 300 anvils in 2024, officials said.\n'


class TinyRecognizer:
    """Finds "Acme" and nothing else; parses a sentence's subject as its "Acme"."""

    name = "tiny"
    uses_model = False
    description = "tiny recognition"
    key = "tiny-1"
    calls: list[int] = []

    def __init__(self, gazetteer) -> None:
        self.gazetteer = gazetteer

    def recognise(self, texts):
        TinyRecognizer.calls.append(len(texts))
        for text in texts:
            yield [Entity(m.start(), m.end(), m.group(), "ORG", "Acme Corporation") for m in re.finditer(r"\bAcme\b", text)]

    def sentence_subject(self, sentence):
        match = re.search(r"\bAcme\b", sentence)
        return (match.start(), match.end()) if match else None


class LateFailingModel:
    """Builds, then cannot load its model when asked to prepare."""

    name = "late"
    uses_model = True
    description = "a late model"
    key = "late-1"

    def __init__(self, gazetteer) -> None:
        self.gazetteer = gazetteer

    def prepare(self) -> None:
        raise ModelUnavailable("late weights are missing")

    def recognise(self, texts):
        raise AssertionError("never used: prepare failed")


@pytest.fixture
def recognizers(monkeypatch):
    """The registry's list, restored after the test."""
    monkeypatch.setattr(registry, "RECOGNIZERS", list(registry.RECOGNIZERS))
    TinyRecognizer.calls = []
    return registry.RECOGNIZERS


def test_a_registered_recognizer_runs_the_pipeline(recognizers, tmp_path):
    register(TinyRecognizer)
    write(tmp_path / "c" / "a.txt", TEXT)
    lib = Library.load([tmp_path / "c"], index_root=tmp_path / "ix")
    lib.analyse()
    assert lib.analysis_warning is None
    assert {(e.text, e.canonical) for e in lib.entities("a")} == {("Acme", "Acme Corporation")}
    (quote,) = lib.quotes("a")
    # No attribution pattern fits; the recogniser's parse does (a capability, not a class).
    assert (quote.speaker, quote.verb) == ("Acme Corporation", "subject")
    assert any(c.attributed_to == "Acme Corporation" for c in lib.claims("a"))


def test_the_registered_recognizer_keys_the_cache(recognizers, tmp_path):
    register(TinyRecognizer)
    articles = list(load_corpus([write(tmp_path / "c" / "a.txt", TEXT)]).articles)
    analyser = Analyser(load_gazetteer())
    assert analyser.key.endswith("-tiny-1")
    store = AnalysisStore(tmp_path / "analysis.sqlite")
    first = analyse_articles(articles, analyser, store)
    second = analyse_articles(articles, Analyser(load_gazetteer()), store)
    assert first == second and TinyRecognizer.calls == [1]  # the second run read the cache
    store.close()


def test_a_model_that_fails_to_prepare_falls_back_to_the_next(recognizers, tmp_path):
    register(TinyRecognizer)
    register(LateFailingModel)
    write(tmp_path / "c" / "a.txt", TEXT)
    lib = Library.load([tmp_path / "c"], index_root=tmp_path / "ix")
    lib.analyse()
    assert lib.analysis_warning == "entity model unavailable: late weights are missing; using tiny recognition"
    assert [e.canonical for e in lib.entities("a")] == ["Acme Corporation", "Acme Corporation"]


def test_without_a_model_recognizers_with_one_are_skipped(recognizers):
    register(LateFailingModel)
    recognizer, warning = registry.make_recognizer(load_gazetteer(), prefer_model=False)
    assert (recognizer.name, warning) == ("rules", None)
    recognizer, warning = registry.make_recognizer(load_gazetteer())
    assert recognizer.name == "late" and warning is None  # it builds; only preparing it fails


def test_registering_a_name_again_replaces_it(recognizers):
    register(TinyRecognizer)
    register(TinyRecognizer, first=False)
    assert [kind.name for kind in recognizers] == ["spacy", "rules", "tiny"]


def test_recognition_and_lexicon_load_without_spacy():
    code = "import sys, search.analysis, search.analysis.ner.registry, search.lexicon; print('spacy' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "False", done.stderr


def test_an_unchanged_entities_file_is_parsed_once_per_process(tmp_path, monkeypatch):
    from search.analysis.ner import gazetteer as gz

    path = tmp_path / "entities.yaml"
    path.write_text("Acme Widgets:\n  type: ORG\n  aliases: [Acme]\n", encoding="utf-8")
    calls = []
    real = gz.load_yaml
    monkeypatch.setattr(gz, "load_yaml", lambda *a, **k: calls.append(1) or real(*a, **k))
    first = gz.load_gazetteer(path)
    assert gz.load_gazetteer(path).lookup("Acme") == first.lookup("Acme")
    parsed = len(calls)
    gz.load_gazetteer(path)
    assert len(calls) == parsed  # nothing parsed again
    path.write_text("Acme Widgets:\n  type: ORG\n  aliases: [Acme, AW]\n", encoding="utf-8")
    assert gz.load_gazetteer(path).lookup("AW") is not None  # a changed file is read again
