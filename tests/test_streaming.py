"""Text first, analysis streaming in behind: search answers before analysis is
done, analysis can be cancelled and resumes, the worker pool isolates an
article that crashes its process."""

from __future__ import annotations

import multiprocessing
import os
import threading

import pytest

from search import Library
from search import analysis as pipeline
from search.analysis.ner import registry
from search.analysis.ner.rules import RuleRecognizer

from .conftest import write

GATE = threading.Event()  # the slow recogniser waits for this
CALLS: list[int] = []  # how many texts each recognise call was given
WAITING = threading.Event()  # set once a call is waiting at the gate (a batch is under way)


class GatedRecognizer:
    """The rules, but each call waits for ``GATE`` (a slow model)."""

    name = "gated"
    uses_model = False
    description = "a gated test recogniser"

    def __init__(self, gazetteer) -> None:
        self.rules = RuleRecognizer(gazetteer)

    @property
    def key(self) -> str:
        return f"gated-{self.rules.key}"

    def recognise(self, texts):
        WAITING.set()
        assert GATE.wait(20), "the test never opened the gate"
        CALLS.append(len(texts))
        return self.rules.recognise(texts)


class CrashingRecognizer(GatedRecognizer):
    """Kills its worker process on an article that says CRASH-ME."""

    name = "crashing"

    @property
    def key(self) -> str:
        return f"crashing-{self.rules.key}"

    def recognise(self, texts):
        if any("CRASH-ME" in t for t in texts):
            if multiprocessing.parent_process() is None:
                raise RuntimeError("would have crashed a worker")  # never kill the test runner
            os._exit(3)
        return self.rules.recognise(texts)


@pytest.fixture
def recogniser():
    added = []

    def use(kind):
        registry.register(kind)
        added.append(kind.name)

    GATE.clear()
    WAITING.clear()
    CALLS.clear()
    yield use
    GATE.set()
    for name in added:
        registry.unregister(name)


def corpus(folder, count: int, extra: dict[str, str] | None = None):
    for n in range(count):
        write(folder / f"a{n:03d}.txt", f"Report {n} from Berlin\n\nPresident Putin visited Paris on day {n}, officials said.\n")
    for name, text in (extra or {}).items():
        write(folder / name, text)
    return folder


def test_search_answers_before_analysis_finishes(tmp_path, recogniser):
    recogniser(GatedRecognizer)
    lib = Library.load([corpus(tmp_path / "c", 6)])
    lib.ensure_text_index()
    assert lib.search("putin").total == 6  # the text is searchable now
    assert lib.analysis_progress() == (0, 6)
    assert lib.analysis_status() == "entities: 0% analysed; entity: queries may miss articles"
    thread = lib.analyse_in_background()
    assert lib.search('entity:Putin').total == 0  # analysis is still waiting
    GATE.set()
    thread.join(20)
    assert not thread.is_alive()
    assert lib.search('entity:Putin').total == 6  # entity fields landed in the index
    assert lib.analysis_progress() == (6, 6) and lib.analysis_status() is None
    lib.close()
    # A later open finds the entity fields in the index without analysing.
    again = Library.load([tmp_path / "c"])
    again.ensure_text_index()
    assert again.analysis_status() is None and again.search('entity:Putin').total == 6


def test_cancelled_analysis_keeps_its_work_and_resumes(tmp_path, recogniser):
    recogniser(GatedRecognizer)
    GATE.set()
    folder = corpus(tmp_path / "c", pipeline.BATCH * 2 + 5)
    total = pipeline.BATCH * 2 + 5
    lib = Library.load([folder])
    lib.ensure_text_index()
    cancel = threading.Event()
    lib.analyse(progress=lambda phase, done, all_: cancel.set() if done >= pipeline.BATCH else None, cancel=cancel, workers=1)
    done, _ = lib.analysis_progress()
    assert done == pipeline.BATCH  # stopped after the first batch
    assert lib.search('entity:Putin').total == pipeline.BATCH
    lib.close()

    again = Library.load([folder])
    report = again.ensure_text_index()  # the index opens as it was left
    assert report.rebuilt_because is None
    assert again.analysis_status().startswith(f"entities: {pipeline.BATCH * 100 // total}% analysed")
    CALLS.clear()
    again.analyse(workers=1)
    assert sum(CALLS) == total - pipeline.BATCH  # only what was missing
    assert again.analysis_status() is None
    assert again.search('entity:Putin').total == total


def test_the_pool_analyses_and_isolates_an_article_that_crashes_its_worker(tmp_path, recogniser, monkeypatch):
    recogniser(CrashingRecognizer)
    GATE.set()
    monkeypatch.setattr(pipeline, "POOL_MIN", 1)
    monkeypatch.setattr(pipeline, "BATCH", 4)
    folder = corpus(tmp_path / "c", 9, {"boom.txt": "Boom\n\nThis one says CRASH-ME, officials said.\n"})
    lib = Library.load([folder])
    lib.analyse(workers=2)
    problems = [str(p) for p in lib.problems]
    assert any("boom.txt" in p and "analysis process crashed" in p for p in problems), problems
    assert len(problems) == 1
    assert all(lib.entities(f"a{n:03d}") for n in range(9))  # the rest went on
    lib.ensure_index()
    assert lib.search('entity:Putin').total == 9
    assert lib.search("boom").total == 1  # its text is searchable


def test_load_warnings_are_not_called_skipped(tmp_path):
    write(tmp_path / "a.md", "---\ntitle: A\ndate: 2025-13-45\n---\nQuokkas smile.\n")
    write(tmp_path / "b.txt", b"\x00binary")
    lib = Library.load([tmp_path])
    assert [a.id for a in lib.articles] == ["a"]
    assert lib.problem_counts() == {"warning": 1, "skipped": 1}
    assert lib.problem_summary() == "load problems: 1 file(s) or line(s) skipped, 1 warning(s) about loaded articles"
