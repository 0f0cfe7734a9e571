"""The annotations store never loses work (reliability issue, part B), refuses
hostile files quickly (part C), lists linearly, and exports through a registry
(structure issue: a new export format is one new module)."""

from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path

import pytest

from search import Library
from search.annotations import AnnotationFile, AnnotationFileError, anchoring, export, new_annotation, parse, store

from .conftest import write

TEXT = "Prices rose by 12% in 2024, the ministry said. Officials denied it. The war began in 2022."
ARTICLE = "002_0b0ccfb8523443b8"


def make(note="", start=0, end=46, **kw):
    return new_annotation("art", "hash", TEXT, start, end, kw.get("kind", "claim"), kw.get("speaker"), kw.get("verdict", "disputed"),
                          note, kw.get("tags", ()))


def saved_book(path: Path, count: int) -> AnnotationFile:
    book = AnnotationFile.open(path)
    for n in range(count):
        book.put(make(note=f"record {n}"))
    book.save()
    return book


# -- the export registry ------------------------------------------------------------------
def test_a_format_registered_in_a_test_is_offered_by_the_command_line(capsys, seeds_copy):
    from tui.cli import main

    lib = Library.load([seeds_copy])
    lib.annotate(ARTICLE, 0, 30, "claim", "disputed", tags=["a", "b"])
    lib.save_annotations()

    def tsv(source) -> str:
        return "".join(f"{row['id']}\t{row['verdict']}\t{row['placed']}\t{','.join(row['tags'])}\n" for row in source.rows)

    assert "tsv" not in export.formats()
    export.register("tsv", tsv, "tab-separated")
    try:
        assert main(["annotations", "export", "--format", "tsv", "--path", str(seeds_copy)]) == 0
        (line,) = capsys.readouterr().out.splitlines()
        assert line.split("\t")[1:] == ["disputed", "exact", "a,b"]
    finally:
        export.unregister("tsv")
    assert "tsv" not in export.formats()
    with pytest.raises(SystemExit):  # argparse refuses it again
        main(["annotations", "export", "--format", "tsv", "--path", str(seeds_copy)])


def test_the_bundled_formats_are_discovered_modules():
    assert set(export.formats()) >= {"claimreview", "csv", "yaml"}
    folder = Path(export.__file__).parent
    for name in ("claimreview", "csv", "yaml"):
        assert (folder / f"{name}.py").exists()
        assert "textual" not in (folder / f"{name}.py").read_text() and "whoosh" not in (folder / f"{name}.py").read_text()


def test_listing_places_each_annotation_once(monkeypatch, capsys, seeds_copy):
    """``annotations list`` was quadratic: every annotation re-placed all of its article's annotations."""
    from tui.cli import main

    lib = Library.load([seeds_copy])
    for n in range(300):
        lib.annotate(ARTICLE, n, n + 40, "claim", "disputed")
    lib.save_annotations()
    calls = []
    real = anchoring.place
    monkeypatch.setattr(anchoring, "place", lambda target, text: calls.append(1) or real(target, text))
    assert main(["annotations", "list", "--json", "--path", str(seeds_copy)]) == 0
    rows = json.loads(capsys.readouterr().out)["annotations"]
    assert len(rows) == 300 and {r["placed"] for r in rows} == {"exact"}
    assert len(calls) == 300


# -- B: quitting after a failed save ------------------------------------------------------
def test_a_failed_save_leaves_the_book_dirty_and_recovery_goes_to_the_data_folder(monkeypatch, tmp_path, isolated_home):
    folder = tmp_path / "shared"
    path = folder / "annotations.yaml"
    book = saved_book(path, 2)
    assert not book.dirty
    book.put(make(note="precious"))
    assert book.dirty
    real_write = store._atomic_write

    def read_only_folder(target, content):  # as on a read-only folder or a full disk, even for root
        if Path(target).parent == folder:
            raise PermissionError(13, "Permission denied", str(target))
        return real_write(target, content)

    monkeypatch.setattr(store, "_atomic_write", read_only_folder)
    with pytest.raises(OSError):
        book.save()
    assert book.dirty  # the app asks before quitting
    recovery = book.write_recovery()
    assert recovery.parent == isolated_home / "recovery" and recovery.exists()
    assert "precious" in {a.note for a in parse(recovery.read_text(encoding="utf-8")).values()}
    monkeypatch.setattr(store, "_atomic_write", real_write)
    assert AnnotationFile.open(path).recoveries == [recovery]  # the next session tells the user
    beside = AnnotationFile.open(path).write_recovery()
    assert beside.parent == folder and AnnotationFile.open(path).recoveries == sorted([recovery, beside], key=lambda p: p.name)


# -- B: a file deleted or emptied outside --------------------------------------------------
@pytest.mark.parametrize("how", ["deleted", "emptied"])
def test_a_file_deleted_or_emptied_outside_loses_nothing(tmp_path, how):
    path = tmp_path / "annotations.yaml"
    saved_book(path, 30)
    session = AnnotationFile.open(path)
    if how == "deleted":
        path.unlink()
    else:
        path.write_text("", encoding="utf-8")
    assert session.changed_on_disk()
    assert session.reload() == 0 and len(session.annotations) == 30  # not "delete them all"
    session.put(make(note="new"))
    report = session.save()
    assert len(parse(path.read_text(encoding="utf-8"))) == 31
    assert (report.vanished, report.restored, report.saved) == (how, 30, 31)


def test_a_deliberately_emptied_list_is_still_honoured(tmp_path):
    path = tmp_path / "annotations.yaml"
    session = saved_book(path, 3)
    path.write_text("version: 1\nannotations: []\n", encoding="utf-8")  # an explicit edit, not a vanished file
    session.put(make(note="new"))
    report = session.save()
    assert [a.note for a in parse(path.read_text(encoding="utf-8")).values()] == ["new"] and report.vanished is None


# -- B: merge per field, comments and unknown keys -------------------------------------------
def test_changes_to_different_fields_of_one_record_both_survive(tmp_path):
    path = tmp_path / "annotations.yaml"
    mine = AnnotationFile.open(path)
    first = make(note="first")
    mine.put(first)
    mine.save()
    theirs = AnnotationFile.open(path)
    theirs.update(first.id, verdict="false")
    theirs.save()
    mine.update(first.id, note="my note")
    report = mine.save()
    (merged,) = parse(path.read_text(encoding="utf-8")).values()
    assert (merged.verdict, merged.note) == ("false", "my note") and report.merged_from_disk == 1
    assert (mine.annotations[first.id].verdict, mine.annotations[first.id].note) == ("false", "my note")


HAND_WRITTEN = """\
# Team fact-check file. Reviewed weekly.
# Ask Bob before deleting anything.
version: 1
project: elections-2024
annotations:
# about the ministry's figure
- id: a-keep
  article: art
  content_hash: hash
  kind: claim
  target:
    exact: Prices rose
    prefix: ''
    suffix: ' by'
    start: 0
    end: 11
  speaker: null
  verdict: disputed  # pending a second source
  note: untouched
  tags: []
  author: alice
  created: '2024-06-01T10:00:00Z'
  updated: '2024-06-01T10:00:00Z'
  reviewer: bob
# the denial
- id: a-edit
  article: art
  content_hash: hash
  kind: claim
  target: {exact: Officials denied it., prefix: '', suffix: '', start: 47, end: 67, checked: yes}
  speaker: null
  verdict: unverified
  # second opinion requested
  note: old note
  tags: []
  author: alice
  created: '2024-06-01T10:00:00Z'
  updated: '2024-06-01T10:00:00Z'
  reviewer: carol
# trailing remark
"""


def test_comments_and_keys_written_by_hand_are_kept(tmp_path):
    path = write(tmp_path / "annotations.yaml", HAND_WRITTEN)
    book = AnnotationFile.open(path)
    assert book.error is None and book.annotations["a-keep"].extra == {"reviewer": "bob"}
    book.update("a-edit", note="new note")
    book.put(make(note="added"))
    book.save()
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Team fact-check file. Reviewed weekly.\n# Ask Bob before deleting anything.\nversion: 1\n")
    assert "project: elections-2024\n" in text
    # The untouched record is byte for byte what was written, inline comment included.
    keep = HAND_WRITTEN[HAND_WRITTEN.index("# about"):HAND_WRITTEN.index("# the denial")]
    assert keep in text
    # The changed record keeps its comments and its own keys.
    assert "# the denial\n" in text and "# second opinion requested\n" in text and "# trailing remark" in text
    records = parse(text)
    assert records["a-edit"].note == "new note" and records["a-edit"].extra == {"reviewer": "carol"}
    assert records["a-edit"].target.extra == {"checked": True}
    assert [a.note for a in records.values()] == ["untouched", "new note", "added"]
    # Hand-added keys also survive a merge with another writer's change.
    other = AnnotationFile.open(path)
    other.update("a-keep", verdict="false")
    other.save()
    book.update("a-keep", note="mine")
    book.save()
    merged = parse(path.read_text(encoding="utf-8"))["a-keep"]
    assert (merged.verdict, merged.note, merged.extra) == ("false", "mine", {"reviewer": "bob"})


def test_a_file_without_layout_keeps_at_least_its_header(tmp_path):
    path = write(tmp_path / "annotations.yaml", "# mine\n\n{version: 1, annotations: [], owner: me}\n")
    book = AnnotationFile.open(path)
    book.put(make(note="x"))
    book.save()
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# mine\n") and "owner: me" in text and len(parse(text)) == 1


# -- B: bytes, symlinks, modes, stale temp files ----------------------------------------------
def test_a_byte_that_is_not_utf8_refuses_the_file(tmp_path):
    path = write(tmp_path / "annotations.yaml", b"version: 1\nannotations:\n- id: x\n  note: caf\xe9\n")
    before = path.read_bytes()
    book = AnnotationFile.open(path)
    assert "line 4, column 12" in book.error and "not UTF-8" in book.error
    book.put(make(note="precious"))
    with pytest.raises(AnnotationFileError):
        book.save()
    assert path.read_bytes() == before


def test_saving_keeps_a_symlink_and_the_file_mode(tmp_path):
    real = tmp_path / "shared" / "annotations.yaml"
    saved_book(real, 1)
    os.chmod(real, 0o664)
    link = tmp_path / "annotations.yaml"
    link.symlink_to(real)
    book = AnnotationFile.open(link)
    book.put(make(note="via the link"))
    book.save()
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert len(parse(real.read_text(encoding="utf-8"))) == 2
    assert stat.S_IMODE(os.stat(real).st_mode) == 0o664


def test_a_new_file_gets_the_usual_mode(tmp_path):
    mask = os.umask(0o022)
    os.umask(mask)
    path = tmp_path / "annotations.yaml"
    saved_book(path, 1)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o666 & ~mask  # not 0600 as a temp file would have


def test_temp_files_left_by_a_killed_save_are_cleaned(tmp_path):
    path = tmp_path / "annotations.yaml"
    book = saved_book(path, 1)
    stale = [write(tmp_path / f".annotations.yaml.{tag}.tmp", "half a fi") for tag in ("k1ll3d", "x_9zq")]
    unrelated = write(tmp_path / "notes.tmp", "mine")
    book.put(make(note="two"))
    report = book.save()
    assert report.cleaned == 2 and not any(p.exists() for p in stale) and unrelated.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["annotations.yaml", "annotations.yaml.lock", "notes.tmp"]


# -- C: hostile files ---------------------------------------------------------------------------
BOMB = "version: 1\na: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join(['*' + chr(97 + n)] * 10)}]\n" for n in range(9)
) + "annotations: []\n"


def test_an_alias_bomb_is_refused_quickly_and_never_overwritten(tmp_path):
    path = write(tmp_path / "annotations.yaml", BOMB)
    assert len(BOMB) < 1000
    started = time.perf_counter()
    book = AnnotationFile.open(path)
    assert time.perf_counter() - started < 30  # a guard against a hang, not a benchmark (it takes milliseconds)
    assert "size limit" in book.error and "line" in book.error
    book.put(make(note="precious"))
    with pytest.raises(AnnotationFileError):
        book.save()
    assert path.read_text(encoding="utf-8") == BOMB


@pytest.mark.parametrize(
    "content, message",
    [
        ("version: 1\nannotations: {a: 1}\n", "expected 'version: 1'"),
        ("version: [1]\nannotations: []\n", "format version [1]"),
        ("version: 1\nannotations:\n- {id: x, article: a, target: text, verdict: false}\n", "missing or bad field"),
        ("version: 1\nannotations:\n- {id: x, article: a, target: {exact: t, start: 0, end: 1}, verdict: false, created: 2025-13-45}\n",
         "month must be in 1..12"),
        ("version: 1\nannotations:\n- {id: x, article: a, target: {exact: t, start: " + "9" * 5000 + ", end: 1}, verdict: false}\n",
         "integer string conversion"),
        ("version: 1\nannotations:\n- !!python/object:os.system {}\n", "line 3"),
        ("version: 1\nannotations: " + "[" * 1000 + "]" * 1000 + "\n", "nested"),
    ],
    ids=["mapping", "version", "target", "date", "huge-int", "python-tag", "deep"],
)
def test_hostile_files_are_refused_with_a_message(tmp_path, content, message):
    path = write(tmp_path / "annotations.yaml", content)
    book = AnnotationFile.open(path)
    assert book.error and message in book.error



def test_the_alias_budget_counts_what_aliases_add_not_the_file_size(monkeypatch, tmp_path):
    """A valid file bigger than the budget (50 MB of records is over two million
    nodes) loads; the same budget still refuses a bomb. Shown with a tiny budget."""
    import yaml

    from search import errors

    monkeypatch.setattr(errors, "YAML_EXPANSION_BUDGET", 200)
    path = tmp_path / "annotations.yaml"
    saved_book(path, 40)  # about 1,000 nodes written out in full
    errors.check_expansion(yaml.compose(path.read_text(encoding="utf-8")))
    assert len(AnnotationFile.open(path).annotations) == 40
    bomb = "version: 1\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b]\n"
    with pytest.raises(yaml.YAMLError, match="size limit"):
        errors.check_expansion(yaml.compose(bomb))
