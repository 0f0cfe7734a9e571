"""Annotations: round trips, re-anchoring, orphans, bad files, concurrent and interrupted saves."""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from search import Library
from search.annotations import (
    AnnotationFile,
    AnnotationFileError,
    Target,
    dump,
    new_annotation,
    parse,
    place,
)

from .conftest import write

ARTICLE = "002_0b0ccfb8523443b8"
TEXT = "Prices rose by 12% in 2024, the ministry said. Officials denied it. The war began in 2022."


def make(text=TEXT, start=0, end=46, **kw):
    defaults = dict(kind="claim", speaker="the ministry", verdict="disputed", note="", tags=())
    defaults.update(kw)
    return new_annotation("art", "hash", text, start, end, defaults.pop("kind"), defaults.pop("speaker"), defaults.pop("verdict"),
                          defaults.pop("note"), defaults.pop("tags"))


yaml_tricky = st.sampled_from(["yes", "no", "null", "~", "- item", "key: value", "#comment", "'quoted'", '"dq"', "  lead", "trail  ",
                               "multi\nline", "tab\there", "[a, b]", "{x: 1}", "*alias", "&anchor", "!tag", "%", "@", "`", "0x1F", "1e3",
                               "2024-06-19", "…ünïcödé “quotes” 漢字 🙂", "\\", ""])
text_values = st.one_of(st.text(max_size=60), yaml_tricky)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(note=text_values, tags=st.lists(text_values, max_size=5), speaker=st.one_of(st.none(), text_values))
def test_round_trip_of_arbitrary_notes_tags_and_speakers(note, tags, speaker):
    annotation = make(note=note, tags=tags, speaker=speaker)
    (loaded,) = parse(dump([annotation])).values()
    assert loaded == annotation


def test_file_format_is_versioned_ordered_and_readable(tmp_path):
    book = AnnotationFile.open(tmp_path / "annotations.yaml")
    first, second = make(note="first"), make(start=47, end=67, note="second", kind="quote")
    book.put(first)
    book.put(second)
    book.save()
    text = (tmp_path / "annotations.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["version"] == 1
    assert [r["note"] for r in data["annotations"]] == ["first", "second"]
    assert list(data["annotations"][0]) == [
        "id", "article", "content_hash", "kind", "target", "speaker", "verdict", "note", "tags", "author", "created", "updated"
    ]
    assert list(data["annotations"][0]["target"]) == ["exact", "prefix", "suffix", "start", "end"]
    # Adding one more changes the file only by appending lines: small diffs for git.
    book.put(make(start=68, end=89, note="third"))
    book.save()
    assert (tmp_path / "annotations.yaml").read_text(encoding="utf-8").startswith(text.rstrip("\n"))


def test_anchor_survives_insertions_and_deletions_before_it():
    target = Target.of(TEXT, 47, 67)  # "Officials denied it."
    inserted = "BREAKING: " + TEXT
    placed = place(target, inserted)
    assert (placed.how, inserted[placed.start:placed.end]) == ("moved", "Officials denied it.")
    deleted = TEXT.replace("Prices rose by 12% in 2024, ", "")
    placed = place(target, deleted)
    assert deleted[placed.start:placed.end] == "Officials denied it."
    assert place(target, TEXT).how == "exact"


def test_anchor_finds_lightly_edited_text():
    target = Target.of(TEXT, 0, 46)
    edited = TEXT.replace("Prices rose by 12%", "Prices rose by 13%")
    placed = place(target, edited)
    assert placed.how == "fuzzy" and edited[placed.start:placed.end].startswith("Prices rose by 13%")


def test_anchor_uses_context_to_choose_between_repeats():
    text = "He said no. Later, asked again, he said no. Finally he said no."
    target = Target.of(text, text.index("he said no", 20), text.index("he said no", 20) + 10)
    shifted = "Intro. " + text
    placed = place(target, shifted)
    assert placed.start == shifted.index("he said no", 27)


def test_orphan_is_kept_and_listed(seeds_copy, tmp_path):
    lib = Library.load([seeds_copy])
    article = lib.article(ARTICLE)
    start = article.text.index("Ukraine launched an offensive")
    annotation = lib.annotate(ARTICLE, start, start + 60, "claim", "false", note="check this")
    lib.save_annotations()
    path = seeds_copy / "002_0b0ccfb8523443b8.txt"
    path.write_text(article.text.replace(article.text[start:start + 120], "A rewritten paragraph. "), encoding="utf-8")
    lib = Library.load([seeds_copy])
    (orphan, why) = lib.orphans()[0]
    assert orphan.id == annotation.id and "no longer found" in why
    assert lib.placed_annotations(ARTICLE) == [(orphan, None)]
    lib.save_annotations()
    assert annotation.id in (seeds_copy / "annotations.yaml").read_text(encoding="utf-8")  # still in the file


def test_malformed_file_is_never_overwritten_and_work_goes_to_recovery(tmp_path):
    path = write(tmp_path / "annotations.yaml", "version: 1\nannotations:\n  - id: a-1\n    note: [unclosed\n")
    before = path.read_bytes()
    book = AnnotationFile.open(path)
    assert "line 5, column 1" in book.error or "line 4" in book.error
    book.put(make(note="precious"))
    with pytest.raises(AnnotationFileError) as error:
        book.save()
    assert path.read_bytes() == before
    recovery = next(tmp_path.glob("annotations.recovery-*.yaml"))
    assert "precious" in recovery.read_text(encoding="utf-8") and str(recovery) in str(error.value)


@pytest.mark.parametrize(
    "content, message",
    [
        ("- just a list\n", "expected 'version: 1'"),
        ("version: 9\nannotations: []\n", "format version 9"),
        ("version: 1\nannotations:\n  - id: x\n", "record 1 (id 'x'): missing or bad field"),
        ("version: 1\nannotations:\n  - {id: x, article: a, target: {exact: t, start: 0, end: 1}, verdict: maybe}\n", "verdict 'maybe'"),
    ],
)
def test_bad_records_are_named(tmp_path, content, message):
    path = write(tmp_path / "a.yaml", content)
    book = AnnotationFile.open(path)
    assert message in book.error


def test_external_edit_is_merged_before_saving(tmp_path):
    path = tmp_path / "annotations.yaml"
    mine = AnnotationFile.open(path)
    first = make(note="first")
    mine.put(first)
    mine.save()
    theirs = AnnotationFile.open(path)  # another person or another newsdesk
    theirs.update(first.id, note="edited by hand")
    theirs.put(make(note="theirs"))
    theirs.save()
    assert mine.changed_on_disk()
    mine.put(make(note="mine"))
    report = mine.save()
    notes = sorted(a.note for a in parse(path.read_text(encoding="utf-8")).values())
    assert notes == ["edited by hand", "mine", "theirs"] and report.merged_from_disk == 2


def test_delete_then_undo(seeds_copy):
    lib = Library.load([seeds_copy])
    annotation = lib.annotate(ARTICLE, 0, 20, "selection", "opinion")
    lib.delete_annotation(annotation.id)
    assert lib.annotations.for_article(ARTICLE) == []
    assert lib.undo_delete() == annotation
    assert lib.annotations.for_article(ARTICLE) == [annotation]


def test_placements_are_reused_until_the_annotations_change(seeds_copy, monkeypatch):
    import search.api

    lib = Library.load([seeds_copy])
    first = lib.annotate(ARTICLE, 0, 20, "selection", "opinion")
    calls = []
    real = search.api.place
    monkeypatch.setattr(search.api, "place", lambda *a, **k: calls.append(1) or real(*a, **k))
    for _ in range(4):  # what opening an article asks: info, claims, quotes, marks
        assert lib.article_annotations(ARTICLE).verdicts == {(0, 20): "opinion"}
    assert len(calls) == 1
    lib.update_annotation(first.id, verdict="false")
    assert lib.article_annotations(ARTICLE).verdicts == {(0, 20): "false"}
    lib.annotate(ARTICLE, 30, 40, "selection", "supported")
    assert lib.article_annotations(ARTICLE).count == 2
    lib.delete_annotation(first.id)
    assert lib.article_annotations(ARTICLE).verdicts == {(30, 40): "supported"}


def test_bad_edits_are_refused(seeds_copy):
    lib = Library.load([seeds_copy])
    with pytest.raises(ValueError):
        lib.annotate(ARTICLE, 0, 20, "claim", "probably")
    with pytest.raises(ValueError):
        lib.annotate(ARTICLE, 50, 10, "claim", "false")
    annotation = lib.annotate(ARTICLE, 0, 20, "claim", "false")
    with pytest.raises(ValueError):
        lib.update_annotation(annotation.id, verdict="meh")


def _writer(path: str, label: str, count: int) -> None:
    book = AnnotationFile.open(Path(path))
    for n in range(count):
        book.put(make(note=f"{label}-{n}"))
        book.save()


def test_two_writers_at_once_lose_nothing(tmp_path):
    path = tmp_path / "annotations.yaml"
    context = multiprocessing.get_context("spawn")
    writers = [context.Process(target=_writer, args=(str(path), label, 15)) for label in ("left", "right")]
    for process in writers:
        process.start()
    for process in writers:
        process.join(60)
        assert process.exitcode == 0
    notes = {a.note for a in parse(path.read_text(encoding="utf-8")).values()}
    assert notes == {f"{label}-{n}" for label in ("left", "right") for n in range(15)}


KILL_LOOP = """
import sys
from pathlib import Path
from search.annotations import AnnotationFile, new_annotation
book = AnnotationFile.open(Path(sys.argv[1]))
n = 0
print("ready", flush=True)
while True:
    n += 1
    book.put(new_annotation("art", "h", "x" * 5000, 0, 4000, "claim", None, "false", note="n" * 2000 + str(n)))
    book.save()
"""


def test_killed_during_save_leaves_a_whole_file(tmp_path):
    path = tmp_path / "annotations.yaml"
    root = Path(__file__).resolve().parent.parent
    for attempt in range(5):
        process = subprocess.Popen([sys.executable, "-c", KILL_LOOP, str(path)], cwd=root, stdout=subprocess.PIPE, text=True)
        assert process.stdout.readline().strip() == "ready"
        deadline = time.monotonic() + 60
        while not path.exists() and time.monotonic() < deadline:  # the first save has landed (no race with a slow start)
            time.sleep(0.01)
        time.sleep(0.05 + 0.1 * attempt)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        annotations = parse(path.read_text(encoding="utf-8"))  # never half a file
        assert annotations and all(a.note.startswith("n" * 2000) for a in annotations.values())


@pytest.mark.usefixtures("seeds_analysed")  # the analysis comes from the cache; the model is not the subject
def test_annotation_searches_filter_the_article_list(seeds_copy):
    lib = Library.load([seeds_copy])
    lib.ensure_index()
    lib.annotate(ARTICLE, 0, 30, "claim", "disputed", tags=["casualties"])
    lib.annotate("004_6decb479083189bf", 0, 30, "claim", "supported", tags=["Casualties", "treaty"])
    assert {h.article_id for h in lib.search("verdict:disputed").hits} == {ARTICLE}
    assert {h.article_id for h in lib.search("tag:casualties").hits} == {ARTICLE, "004_6decb479083189bf"}
    assert {h.article_id for h in lib.search("tag:casualties title:putin").hits} == {"004_6decb479083189bf"}
    assert lib.search('tag:"treaty" verdict:supported').total == 1
    assert "unknown verdict" in lib.search("verdict:maybe").error
    # With words and a limit, only annotated articles come back (the filter once sat
    # inside Whoosh's time-limit collector, which never applied it).
    everywhere = {h.article_id for h in lib.search("korea", limit=5).hits}
    assert len(everywhere) > 1 and ARTICLE in everywhere
    filtered = lib.search("verdict:disputed korea", limit=5)
    assert {h.article_id for h in filtered.hits} == {ARTICLE} and filtered.total == 1
    assert lib.search("verdict:unverified korea").total == 0


def annotated_seeds(seeds_copy):
    lib = Library.load([seeds_copy])
    text = lib.article(ARTICLE).text
    start = text.index("According to KCNA, the deployment")
    lib.annotate(ARTICLE, start, start + 60, "claim", "disputed", note='Other outlets say "June 2024".', tags=["treaty", "dates"],
                 speaker="Korean Central News Agency")
    lib.save_annotations()
    return lib


def test_cli_list_and_json(capsys, seeds_copy):
    from tui.cli import main

    annotated_seeds(seeds_copy)
    assert main(["annotations", "list", "--path", str(seeds_copy)]) == 0
    out = capsys.readouterr().out
    assert "1 annotation in" in out and "disputed" in out and "According to KCNA" in out
    assert main(["annotations", "list", "--json", "--path", str(seeds_copy)]) == 0
    data = json.loads(capsys.readouterr().out)
    (row,) = data["annotations"]
    assert row["verdict"] == "disputed" and row["tags"] == ["treaty", "dates"] and row["placed"] == "exact"


def test_cli_export_formats(capsys, seeds_copy):
    from tui.cli import main

    annotated_seeds(seeds_copy)
    # The reviewer is who the user names (--author or config.yaml), never the login name (issue 11).
    assert main(["annotations", "export", "--format", "claimreview", "--author", "Jane Doe", "--path", str(seeds_copy)]) == 0
    (review,) = json.loads(capsys.readouterr().out)
    assert review["@type"] == "ClaimReview" and review["@context"] == "https://schema.org"
    assert review["reviewRating"]["alternateName"] == "disputed"
    assert review["claimReviewed"].startswith("According to KCNA")
    assert review["itemReviewed"]["author"]["name"] == "Korean Central News Agency"
    assert review["itemReviewed"]["appearance"]["headline"].startswith("According to the North Korean")
    assert review["author"]["name"] == "Jane Doe" and review["datePublished"]
    assert main(["annotations", "export", "--format", "csv", "--path", str(seeds_copy)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows[0]["verdict"] == "disputed" and rows[0]["tags"] == "treaty;dates"
    assert main(["annotations", "export", "--format", "yaml", "--path", str(seeds_copy)]) == 0
    assert len(parse(capsys.readouterr().out)) == 1


def test_cli_reports_a_malformed_file(capsys, tmp_path):
    from tui.cli import main

    bad = write(tmp_path / "bad.yaml", "version: 1\nannotations: [\n")
    assert main(["annotations", "list", "--annotations", str(bad)]) == 2
    assert "line 3, column 1" in capsys.readouterr().err
