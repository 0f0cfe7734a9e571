"""Torture runs: what breaks under kills, races and hostile input. Prints a table.

    python bench/torture.py [SECTION ...] [--quick]

Sections: annotations. Each row: trials, failures (a crash, a hang, a file
accepted that should be refused), records lost, files left behind, worst time.
Slow on purpose (minutes); the fast checks of the same things are in tests/.
Everything is written to a throw-away folder and NEWSDESK_HOME.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


@dataclass
class Row:
    trial: str
    trials: int = 0
    failures: int = 0
    lost: int = 0
    left: int = 0
    worst: float = 0.0
    note: str = ""


def print_table(title: str, rows: list[Row]) -> None:
    print(f"\n{title}")
    print(f"{'trial':<38} {'trials':>6} {'fail':>5} {'lost':>5} {'left':>5} {'worst s':>8}  note")
    for row in rows:
        print(f"{row.trial:<38} {row.trials:>6} {row.failures:>5} {row.lost:>5} {row.left:>5} {row.worst:>8.2f}  {row.note}")


# -- annotations -------------------------------------------------------------------------------
WRITER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from search.annotations import AnnotationFile, new_annotation
    path, label, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    book = AnnotationFile.open(path)
    text = "x" * 5000
    for n in range(count):
        book.put(new_annotation("art", "h", text, 0, 4000, "claim", None, "false", note=f"{label}-{n}" + "n" * 2000))
        started = time.perf_counter()
        book.save()
        print(f"{label}-{n} {time.perf_counter() - started:.4f}", flush=True)
""")


def _notes(path: Path) -> set[str]:
    from search.annotations import parse

    return {a.note.rstrip("n") for a in parse(path.read_text(encoding="utf-8")).values()}


def _temps(folder: Path) -> int:
    return sum(1 for p in folder.iterdir() if p.name.endswith(".tmp"))


def annotations_kills(folder: Path, kills: int) -> Row:
    path = folder / "annotations.yaml"
    row = Row(f"kill -9 during saves ({kills})")
    acked: set[str] = set()
    temps_seen = 0
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for trial in range(kills):
        process = subprocess.Popen([sys.executable, "-c", WRITER, str(path), f"k{trial}", "1000000"], stdout=subprocess.PIPE,
                                   text=True, env=env)
        deadline = None  # set at the first acknowledged save: the kill lands among saves, not during start-up
        while deadline is None or time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            note, seconds = line.split()
            acked.add(note)
            row.worst = max(row.worst, float(seconds))
            deadline = deadline or time.monotonic() + random.uniform(0.0, 0.4)
        process.kill()
        for line in process.stdout:  # acknowledged before the kill landed
            acked.add(line.split()[0])
        process.wait()
        row.trials += 1
        try:
            present = _notes(path) if path.exists() else set()
        except Exception as exc:  # noqa: BLE001 - half a file
            row.failures += 1
            row.note = f"unreadable after a kill: {exc}"
            continue
        row.lost = len(acked - present)
        temps_seen = max(temps_seen, _temps(folder))
    from search.annotations import AnnotationFile

    report = AnnotationFile.open(path).save()
    row.left = _temps(folder)
    row.note = row.note or f"{len(acked)} saves acknowledged; temp files seen between kills: {temps_seen}, cleaned: {report.cleaned}"
    return row


def annotations_writers(folder: Path, writers: int = 4, saves: int = 25) -> Row:
    path = folder / "annotations.yaml"
    row = Row(f"{writers} concurrent writers x {saves} saves", trials=writers * saves)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    processes = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), f"w{n}", str(saves)], stdout=subprocess.PIPE, text=True, env=env)
        for n in range(writers)
    ]
    acked = set()
    for process in processes:
        out, _ = process.communicate(timeout=600)
        row.failures += process.returncode != 0
        for line in out.splitlines():
            note, seconds = line.split()
            acked.add(note)
            row.worst = max(row.worst, float(seconds))
    row.lost = len(acked - _notes(path))
    row.left = _temps(folder)
    return row


def _bomb(levels: int) -> str:
    lines = ["version: 1", "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for n in range(1, levels):
        lines.append(f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]")
    return "\n".join(lines + ["annotations: []", ""])


RECORD = """\
- id: a-{n:012d}
  article: art{article}
  content_hash: h
  kind: claim
  target:
    exact: Prices rose by 12% in 2024, the ministry said.
    prefix: ''
    suffix: ' Officials denied it.'
    start: 0
    end: 46
  speaker: the ministry
  verdict: disputed
  note: {note}
  tags:
  - economy
  - figures
  author: bench
  created: '2025-01-01T00:00:00Z'
  updated: '2025-01-01T00:00:00Z'
"""


def _valid_file(records: int, articles: int = 500) -> str:
    note = "checked against the ministry's own release " * 12
    return "version: 1\nannotations:\n" + "".join(RECORD.format(n=n, article=n % articles, note=note.strip()) for n in range(records))


HOSTILE = {
    "alias bomb (9 levels)": _bomb(9),
    "alias bomb (10 levels)": _bomb(10),
    "recursive alias": "version: 1\nannotations: &x [*x]\n",
    "nested 100,000 deep": "version: 1\nannotations: " + "[" * 100_000 + "]" * 100_000 + "\n",
    "python object tag": "version: 1\nannotations:\n- !!python/object/apply:os.system [echo hi]\n",
    "wrong type: annotations mapping": "version: 1\nannotations: {a: 1}\n",
    "wrong type: version list": "version: [1]\nannotations: []\n",
    "wrong type: target string": "version: 1\nannotations:\n- {id: x, article: a, target: t, verdict: false}\n",
    "wrong type: tags number": "version: 1\nannotations:\n- {id: x, article: a, target: {exact: t, start: 0, end: 1}, verdict: false, tags: 5}\n",
    "impossible date": "version: 1\nannotations:\n- {id: x, article: a, target: {exact: t, start: 0, end: 1}, verdict: false, created: 2025-13-45}\n",
    "5,000-digit integer": "version: 1\nannotations:\n- {id: x, article: a, target: {exact: t, start: " + "9" * 5000 + ", end: 1}, verdict: false}\n",
    "not UTF-8": b"version: 1\nannotations:\n- {id: x, note: caf\xe9}\n",
    "duplicate ids": "version: 1\nannotations:\n" + "- {id: x, article: a, target: {exact: t, start: 0, end: 1}, verdict: 'false'}\n" * 2,
}


def annotations_hostile(folder: Path) -> Row:
    from search.annotations import AnnotationFile, AnnotationFileError, new_annotation

    row = Row("hostile files (bombs, tags, wrong types)")
    failed = []
    for name, content in HOSTILE.items():
        path = folder / f"hostile-{row.trials}.yaml"
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        before = path.read_bytes()
        row.trials += 1
        started = time.perf_counter()
        try:
            book = AnnotationFile.open(path)
            refused = book.error is not None
            book.put(new_annotation("art", "h", "text here", 0, 4, "claim", None, "false"))
            try:
                book.save()
            except AnnotationFileError:
                pass
        except Exception as exc:  # noqa: BLE001 - a crash is what is counted
            refused = False
            name += f" ({type(exc).__name__})"
        row.worst = max(row.worst, time.perf_counter() - started)
        if not refused or path.read_bytes() != before:
            row.failures += 1
            failed.append(name)
        for recovery in folder.glob(f"{path.stem}.recovery-*.yaml"):
            recovery.unlink()
    row.note = "failed: " + ", ".join(failed) if failed else "every one refused, none overwritten"
    return row


def annotations_big(folder: Path, megabytes: int) -> Row:
    from search.annotations import AnnotationFile

    text = _valid_file(1)
    per_record = len(text) - len("version: 1\nannotations:\n")
    records = megabytes * 1_000_000 // per_record
    path = folder / "big.yaml"
    path.write_text(_valid_file(records), encoding="utf-8")
    row = Row(f"valid {path.stat().st_size / 1e6:.0f} MB file ({records:,} records)", trials=1)
    started = time.perf_counter()
    book = AnnotationFile.open(path)
    opened = time.perf_counter() - started
    row.failures += book.error is not None or len(book.annotations) != records
    started = time.perf_counter()
    book.update(next(iter(book.annotations)), note="changed one")
    book.save()
    saved = time.perf_counter() - started
    row.lost = records - len(AnnotationFile.open(path).annotations)
    row.worst = max(opened, saved)
    row.note = f"open {opened:.1f} s, save one change {saved:.1f} s"
    return row


def annotations_listing(folder: Path) -> Row:
    from search.annotations import new_annotation
    from search.annotations.export import annotation_rows

    class Article:
        id = "art"
        text = "Prices rose by 12% in 2024, the ministry said. Officials denied it. " * 200

    row = Row("annotations list, N records on one article")
    times = []
    for count in (1000, 2000, 4000):
        annotations = [new_annotation("art", "h", Article.text, n, n + 40, "claim", None, "false") for n in range(count)]
        started = time.perf_counter()
        annotation_rows(annotations, {"art": Article})
        times.append(time.perf_counter() - started)
        row.trials += 1
    row.worst = max(times)
    row.note = "1,000 / 2,000 / 4,000: " + " / ".join(f"{t:.2f} s" for t in times)
    return row


def run_annotations(quick: bool) -> list[Row]:
    rows = []
    with tempfile.TemporaryDirectory() as home:
        os.environ["NEWSDESK_HOME"] = home
        for name, trial in (
            ("kills", lambda f: annotations_kills(f, 20 if quick else 200)),
            ("writers", annotations_writers),
            ("hostile", annotations_hostile),
            ("big", lambda f: annotations_big(f, 5 if quick else 50)),
            ("listing", annotations_listing),
        ):
            with tempfile.TemporaryDirectory(prefix=f"torture-{name}-") as folder:
                rows.append(trial(Path(folder)))
                print_table("annotations (so far)", rows[-1:])
    return rows


SECTIONS = {"annotations": run_annotations}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sections", nargs="*", choices=[*SECTIONS, []], help="default: all")
    parser.add_argument("--quick", action="store_true", help="fewer trials and smaller files")
    args = parser.parse_args()
    for section in args.sections or list(SECTIONS):
        print_table(section, SECTIONS[section](args.quick))


if __name__ == "__main__":
    main()
