"""Torture runs: what breaks under kills, races and hostile input. Prints a table.

    python bench/torture.py [SECTION ...] [--quick]

Sections: annotations, corpus, index, search. Each row: trials, failures (a crash, a hang, a file
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


# -- corpus: fuzzed files of every format ------------------------------------------------------
def _fuzzed_bytes(rng: random.Random, suffix: str) -> bytes:
    seeds = {
        ".txt": b"date 2024-01-02\nThe minister said the bridge cost 5 million pounds.\n",
        ".md": b"---\ntitle: A\ndate: 2024-01-02\nsource: X\n---\nThe council said the road was closed.\n",
        ".jsonl": b'{"id": "a", "title": "T", "date": "2024-01-02", "body": "Officials said it rained."}\n',
    }
    data = bytearray(seeds[suffix])
    for _ in range(rng.randrange(1, 12)):
        action = rng.randrange(5)
        at = rng.randrange(len(data) + 1)
        if action == 0 and data:
            del data[at % len(data)]
        elif action == 1:
            data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 8)))
        elif action == 2:
            data[at:at] = rng.choice([b"\x1b]52;c;ZXZpbA==\x07", b"\x00", b"\xff\xfe", b"[" * 3000, b"&a [*a]", b"9" * 5000,
                                      b"\\ud800", b"---\n", b"date: 2025-13-45\n", b"\r\n"])
        elif action == 3:
            data = data * rng.randrange(1, 4)
        else:
            data[at:at] = b"\n"
    return bytes(data)


def corpus_fuzz(folder: Path, files: int) -> Row:
    from search import Library

    rng = random.Random(1)
    row = Row(f"{files} fuzzed corpus files, load + index + search")
    for n in range(files):
        suffix = (".txt", ".md", ".jsonl")[n % 3]
        (folder / f"f{n}{suffix}").write_bytes(_fuzzed_bytes(rng, suffix))
    started = time.perf_counter()
    try:
        lib = Library.load([folder], index_root=folder / ".ix", prefer_model=False)
        lib.ensure_index()
        lib.search("said")
        escape = any("\x1b" in str(p) for p in lib.problems) or any("\x1b" in a.id + a.title + a.text for a in lib.articles)
        row.failures += escape
        row.note = f"{len(lib.articles)} articles, {len(lib.problems)} problems reported"
        lib.close()
    except Exception as exc:  # noqa: BLE001 - a crash is what this counts
        row.failures += 1
        row.note = f"crashed: {type(exc).__name__}: {exc}"[:100]
    row.trials = files
    row.worst = time.perf_counter() - started
    return row


def run_corpus(quick: bool) -> list[Row]:
    with tempfile.TemporaryDirectory() as home, tempfile.TemporaryDirectory(prefix="torture-corpus-") as folder:
        os.environ["NEWSDESK_HOME"] = home
        return [corpus_fuzz(Path(folder), 60 if quick else 300)]


# -- index and cache: damage, concurrent rebuilds, an unwritable home ----------------------------
QUERIES = ["treaty", "kursk AND putin", '"sacred mission"', "liberat*", "source:tass", "date:2025-04-28", "kurks"]


def _seeds_copy(folder: Path) -> Path:
    import shutil

    target = folder / "seeds"
    shutil.copytree(ROOT / "seeds", target)
    return target


def index_garbles(folder: Path, trials: int) -> Row:
    from search import Library

    seeds = _seeds_copy(folder)
    lib = Library.load([seeds], index_root=folder / "ix", prefer_model=False)
    lib.ensure_index()
    expected = {q: [h.article_id for h in lib.search(q).hits] for q in QUERIES}
    lib.close()
    rng = random.Random(5)
    row = Row("random garbles of index segments")
    healed = 0
    first = None
    for _ in range(trials):
        index_dir = next(p for p in (folder / "ix").iterdir() if p.is_dir())
        for seg in index_dir.glob("*.seg"):
            data = bytearray(seg.read_bytes())
            at = rng.randrange(0, max(1, len(data) - 32))
            for i in range(at, min(len(data), at + rng.randrange(1, 32))):
                data[i] = rng.randrange(256)
            seg.write_bytes(bytes(data))
        started = time.perf_counter()
        try:
            again = Library.load([seeds], index_root=folder / "ix", prefer_model=False)
            again.ensure_index()
            wrong = []
            for q in QUERIES:
                result = again.search(q)
                if result.error is not None or [h.article_id for h in result.hits] != expected[q]:
                    wrong.append(f"{q!r}: {result.error or [h.article_id for h in result.hits]}")
            healed += again.index_damage is not None
            again.close()
            if wrong:
                row.failures += 1
                first = first or "; ".join(wrong)[:120]
        except Exception as exc:  # noqa: BLE001
            row.failures += 1
            first = first or f"crashed: {type(exc).__name__}: {exc}"[:120]
        row.trials += 1
        row.worst = max(row.worst, time.perf_counter() - started)
    row.note = f"{healed} healed at query time" + (f"; first failure: {first}" if first else "")
    return row


def cache_damage(folder: Path) -> Row:
    import shutil

    from search import Library

    seeds = _seeds_copy(folder)
    row = Row("analysis.sqlite truncated / garbled / folder")
    for damage in ("truncated", "garbled", "folder", "empty"):
        ix = folder / f"ix-{damage}"
        lib = Library.load([seeds], index_root=ix, prefer_model=False)
        lib.ensure_index()
        lib.close()
        cache = ix / "analysis.sqlite"
        for extra in ("-wal", "-shm"):
            cache.with_name(cache.name + extra).unlink(missing_ok=True)
        if damage == "truncated":
            cache.write_bytes(cache.read_bytes()[:500])
        elif damage == "garbled":
            cache.write_bytes(bytes(random.Random(2).randrange(256) for _ in range(cache.stat().st_size)))
        elif damage == "folder":
            cache.unlink()
            cache.mkdir()
        else:
            cache.write_bytes(b"")
        started = time.perf_counter()
        try:
            again = Library.load([seeds], index_root=ix, prefer_model=False)
            again.ensure_index()
            row.failures += not again.search("treaty").hits
            again.close()
        except Exception:  # noqa: BLE001
            row.failures += 1
        row.trials += 1
        row.worst = max(row.worst, time.perf_counter() - started)
        shutil.rmtree(ix, ignore_errors=True)
    return row


REBUILDER = textwrap.dedent("""
    import sys
    from search import Library
    lib = Library.load([sys.argv[1]], index_root=sys.argv[2], prefer_model=False)
    lib.ensure_index()
    print(",".join(h.article_id for h in lib.search("treaty").hits))
""")


def concurrent_rebuilds(folder: Path, rounds: int) -> Row:
    import shutil

    seeds = _seeds_copy(folder)
    row = Row("4 processes rebuilding a deleted index")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    expected = None
    for _ in range(rounds):
        for p in (folder / "ix").glob("*"):
            if p.is_dir():
                shutil.rmtree(p)
        started = time.perf_counter()
        procs = [subprocess.Popen([sys.executable, "-c", REBUILDER, str(seeds), str(folder / "ix")], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True, env=env) for _ in range(4)]
        outputs = [p.communicate(timeout=300) for p in procs]
        row.worst = max(row.worst, time.perf_counter() - started)
        for proc, (out, _err) in zip(procs, outputs):
            expected = expected or out
            row.failures += proc.returncode != 0 or out != expected
            row.trials += 1
    return row


def unwritable_home(folder: Path) -> Row:
    from search import Library

    seeds = _seeds_copy(folder)
    blocker = folder / "blocker"
    blocker.write_text("a file where the cache folder should be")
    row = Row("cache folder unwritable (a file in its way)")
    started = time.perf_counter()
    try:
        lib = Library.load([seeds], index_root=blocker / "ix", prefer_model=False)
        report = lib.ensure_index()
        row.failures += not lib.search("treaty").hits
        row.note = report.summary()[:90]
    except Exception as exc:  # noqa: BLE001
        row.failures += 1
        row.note = f"crashed: {type(exc).__name__}"
    row.trials = 1
    row.worst = time.perf_counter() - started
    return row


def run_index(quick: bool) -> list[Row]:
    rows = []
    with tempfile.TemporaryDirectory() as home:
        os.environ["NEWSDESK_HOME"] = home
        for name, trial in (
            ("garbles", lambda f: index_garbles(f, 20 if quick else 100)),
            ("cache", cache_damage),
            ("rebuilds", lambda f: concurrent_rebuilds(f, 2 if quick else 10)),
            ("unwritable", unwritable_home),
        ):
            with tempfile.TemporaryDirectory(prefix=f"torture-{name}-") as folder:
                rows.append(trial(Path(folder)))
                print_table("index (so far)", rows[-1:])
    return rows


# -- search abuse on the BBC corpus ----------------------------------------------------------------
BBC = ROOT.parent / "shared" / "corpora" / "bbc" / "bbc.jsonl"


def search_abuse(folder: Path) -> list[Row]:
    import re

    from search import Library

    if not BBC.is_file():
        return [Row("search abuse", note=f"skipped: {BBC} not found")]
    lib = Library.load([BBC], index_root=folder / "ix", prefer_model=False)
    lib.ensure_index()
    rng = random.Random(1)
    words = sorted({w.lower() for a in lib.articles[:300] for w in re.findall(r"[A-Za-z]{5,}", a.text)})
    queries = {
        "300 OR'd prefixes": " OR ".join(w[:3] + "*" for w in rng.sample(words, 300)),
        "40 OR'd prefixes": " OR ".join(w[:3] + "*" for w in rng.sample(words, 40)),
        "**": "**",
        "*a*": "*a*",
        "a 10,000-character word": "a" * 10_000,
        "title:[a TO z]": "title:[a TO z]",
        "title:[ba TO bo]": "title:[ba TO bo]",
        "economy~2": "economy~2",
        "90 OR'd words": " OR ".join(rng.sample(words, 90)),
        "the": "the",
    }
    rows = []
    for name, query in queries.items():
        row = Row(f"search: {name}", trials=1)
        started = time.perf_counter()
        result = lib.search(query, limit=200)
        for hit in result.hits[:10]:
            lib.hit_spans(hit.article_id, query)
        row.worst = time.perf_counter() - started
        row.failures += row.worst > 2.0 or result.total > len(lib.articles)
        row.note = (f"refused: {result.error}" if result.error else f"{result.total} results")[:90]
        rows.append(row)
    lib.close()
    return rows


def run_search(quick: bool) -> list[Row]:
    with tempfile.TemporaryDirectory() as home, tempfile.TemporaryDirectory(prefix="torture-search-") as folder:
        os.environ["NEWSDESK_HOME"] = home
        return search_abuse(Path(folder))


SECTIONS = {"annotations": run_annotations, "corpus": run_corpus, "index": run_index, "search": run_search}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sections", nargs="*", choices=[*SECTIONS, []], help="default: all")
    parser.add_argument("--quick", action="store_true", help="fewer trials and smaller files")
    args = parser.parse_args()
    for section in args.sections or list(SECTIONS):
        print_table(section, SECTIONS[section](args.quick))


if __name__ == "__main__":
    main()
