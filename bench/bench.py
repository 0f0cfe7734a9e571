"""Benchmarks: corpus load, index build and update, search latency, first frame.

    python bench/bench.py [--corpus ../shared/corpora/bbc/bbc.jsonl]

Prints numbers; it asserts nothing (speed is measured here, never in tests).
Everything is written to a throw-away NEWSDESK_HOME.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "bbc" / "bbc.jsonl"

QUERIES = [
    # single words
    "economy", "election", "film", "music", "football", "government", "profit", "internet", "chelsea", "oil",
    "minister", "court", "technology", "album", "growth", "shares", "mobile", "labour", "award", "injury",
    # conjunctions and negation
    "bank rates", "tony blair", "world cup", "games console", "box office", "interest rates", "prime minister",
    "oil NOT price", "music OR film", "chelsea AND arsenal", "phone AND mobile NOT apple", "china OR india",
    # phrases
    '"prime minister"', '"interest rates"', '"world cup"', '"box office"', '"general election"', '"high street"',
    # prefixes
    "econom*", "elect*", "technolog*", "music*", "invest*",
    # fields
    "title:blair", "title:profit", "title:film", "source:bbc", "title:game economy", "title:deal AND shares",
]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def search_latency(library, snippets: bool, rounds: int = 3) -> tuple[float, float, float]:
    library.search("warm up", snippets=snippets)
    samples = []
    for _ in range(rounds):
        for query in QUERIES:
            _, seconds = timed(lambda: library.search(query, limit=10, snippets=snippets))
            samples.append(seconds * 1000)
    return statistics.median(samples), percentile(samples, 0.95), max(samples)


FIRST_FRAME = textwrap.dedent(
    """
    import sys, time
    start = time.perf_counter()
    from search import Library
    from tui.app import NewsdeskApp

    class FirstFrame(NewsdeskApp):
        def on_mount(self):
            # Textual calls NewsdeskApp.on_mount itself too: handlers run for each class.
            self.call_after_refresh(self.first_frame)

        def first_frame(self):
            print(f"{(time.perf_counter() - start) * 1000:.0f}")
            self.exit()

    FirstFrame(Library.load(sys.argv[1:])).run(headless=True, size=(120, 40))
    """
)


def first_frame(corpus: Path, runs: int = 5) -> tuple[float, float]:
    """(in-process ms to first frame, whole-process wall ms), medians of ``runs``."""
    inner, outer = [], []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", FIRST_FRAME, str(corpus)], cwd=ROOT, capture_output=True, text=True, timeout=120)
        outer.append((time.perf_counter() - start) * 1000)
        if done.returncode != 0:
            raise SystemExit(f"first-frame run failed:\n{done.stderr}")
        inner.append(float(done.stdout.strip().splitlines()[-1]))
    return statistics.median(inner), statistics.median(outer)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    if not args.corpus.exists():
        raise SystemExit(f"corpus not found: {args.corpus}")

    home = Path(tempfile.mkdtemp(prefix="newsdesk-bench-"))
    os.environ["NEWSDESK_HOME"] = str(home)
    try:
        from search import Library

        library, load_s = timed(lambda: Library.load([args.corpus]))
        count = len(library.articles)
        print(f"corpus            {args.corpus.name}: {count} articles, {sum(len(a.text) for a in library.articles) / 1e6:.1f} M chars")
        print(f"load corpus       {load_s * 1000:8.0f} ms")
        phases: dict[str, float] = {}
        started = time.perf_counter()

        def progress(phase: str, done: int, total: int) -> None:
            phases.setdefault(phase, time.perf_counter())

        report, build_s = timed(lambda: library.ensure_index(progress=progress))
        analyse_s = phases.get("indexing", started) - phases.get("analysing", started)
        recogniser = "rules" if library.analysis_warning else "spaCy"
        print(f"analysis          {analyse_s * 1000:8.0f} ms  ({count / analyse_s:.0f} articles/s: entities ({recogniser}), quotes, claims, clusters; cold cache)")
        print(f"index build       {(build_s - analyse_s) * 1000:8.0f} ms  ({count / (build_s - analyse_s):.0f} articles/s; {report.summary()})")
        library.close()

        library = Library.load([args.corpus])
        report, noop_s = timed(library.ensure_index)
        print(f"index check       {noop_s * 1000:8.0f} ms  (nothing changed: {report.summary()})")

        p50, p95, worst = search_latency(library, snippets=False)
        print(f"search, no snippets   p50 {p50:6.2f} ms  p95 {p95:6.2f} ms  max {worst:6.2f} ms  ({len(QUERIES)} queries x 3)")
        p50, p95, worst = search_latency(library, snippets=True)
        print(f"search, 10 snippets   p50 {p50:6.2f} ms  p95 {p95:6.2f} ms  max {worst:6.2f} ms")
        library.close()

        # Incremental update: one article changed, as when a file is edited.
        with tempfile.TemporaryDirectory() as folder:
            copy = Path(folder) / args.corpus.name
            shutil.copy(args.corpus, copy)
            library = Library.load([copy])
            library.ensure_index()
            library.close()
            lines = copy.read_text(encoding="utf-8").splitlines()
            record = json.loads(lines[0])
            record["body"] += " An added sentence."
            lines[0] = json.dumps(record)
            copy.write_text("\n".join(lines) + "\n", encoding="utf-8")
            library = Library.load([copy])
            report, update_s = timed(library.ensure_index)
            print(f"index update      {update_s * 1000:8.0f} ms  ({report.summary()})")
            library.close()

        library = Library.load([args.corpus])
        library.ensure_index()  # warm index for the app
        library.close()
        inner, outer = first_frame(args.corpus)
        print(f"first frame       {inner:8.0f} ms in process, {outer:.0f} ms whole process (warm index, {count} articles)")
        inner, outer = first_frame(ROOT / "seeds")
        print(f"first frame       {inner:8.0f} ms in process, {outer:.0f} ms whole process (bundled seeds)")
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
