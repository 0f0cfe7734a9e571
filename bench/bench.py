"""Benchmarks: corpus load, index build and update, search latency, first frame.

    python bench/bench.py [--corpus ../shared/corpora/bbc/bbc.jsonl] [--quick] [--targets-only]

Then the issue-10 targets that can be measured headlessly (cold open to the
first search against a plain Whoosh build in the same run, analysis in one
process against the pool, one changed article, warm ``newsdesk search``
against a plain Whoosh script, peak RSS) and a scaling table over corpora made
by repeating the corpus with new ids (1k, 2.2k, 5k, 19k; ``--quick`` skips 19k).

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


# -- issue 10 targets ---------------------------------------------------------------

def run_child(code: str, *args: str, home: Path | None = None) -> tuple[dict, float, float]:
    """Run ``code`` in a fresh interpreter: (the JSON it prints last, wall seconds, peak RSS in MB)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    if home is not None:
        env["NEWSDESK_HOME"] = str(home)
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code, *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = child.communicate()
    wall = time.perf_counter() - start
    peak = 0.0
    if child.returncode != 0:
        raise SystemExit(f"bench child failed:\n{err}")
    lines = [line for line in out.splitlines() if line.startswith("{")]
    return (json.loads(lines[-1]) if lines else {}), wall, peak


COLD_OPEN = textwrap.dedent(
    """
    import json, sys, time
    start = time.perf_counter()
    from search import Library
    lib = Library.load(sys.argv[1:])
    lib.ensure_text_index()
    result = lib.search("economy")
    first = time.perf_counter() - start
    p = []
    for q in ["economy", "tony blair", '"prime minister"', "econom*", "title:film", "oil NOT price"] * 5:
        t = time.perf_counter(); lib.search(q, limit=10, snippets=False); p.append((time.perf_counter() - t) * 1000)
    p.sort()
    # VmHWM is this program's own peak (ru_maxrss would count the forked bench before exec).
    status = open("/proc/self/status").read() if sys.platform.startswith("linux") else ""
    peak = next((int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmHWM")), 0.0)
    print(json.dumps({"first_search": first, "total": result.total, "p50": p[len(p) // 2], "p95": p[int(len(p) * 0.95)], "peak_mb": peak}))
    """
)

PLAIN_BUILD = textwrap.dedent(
    """
    import json, sys, time, tempfile, datetime as dt
    start = time.perf_counter()
    from whoosh import fields, index, qparser, scoring
    from whoosh.analysis import StandardAnalyzer, StemmingAnalyzer
    rows = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
    schema = fields.Schema(
        id=fields.ID(stored=True, unique=True), title=fields.TEXT(analyzer=StemmingAnalyzer(), field_boost=2.0),
        source=fields.TEXT(analyzer=StandardAnalyzer(stoplist=None)), date=fields.DATETIME(),
        body=fields.TEXT(analyzer=StemmingAnalyzer()),
    )
    ix = index.create_in(tempfile.mkdtemp(), schema)
    writer = ix.writer(limitmb=256)
    for n, row in enumerate(rows):
        writer.add_document(id=str(row.get("id", n)), title=str(row.get("title", "")), source=str(row.get("source", "")),
                            body=str(row.get("body") or row.get("text") or ""))
    writer.commit()
    with ix.searcher(weighting=scoring.BM25F()) as s:
        total = len(s.search(qparser.MultifieldParser(["title", "body"], schema).parse("economy"), limit=10))
    print(json.dumps({"first_search": time.perf_counter() - start, "dir": ix.storage.folder}))
    """
)

PLAIN_SEARCH = textwrap.dedent(
    """
    import sys
    from whoosh import index, qparser, scoring
    ix = index.open_dir(sys.argv[1])
    with ix.searcher(weighting=scoring.BM25F()) as s:
        q = qparser.MultifieldParser(["title", "body"], ix.schema).parse(sys.argv[2])
        for hit in s.search(q, limit=10):
            print(hit["id"], round(hit.score, 2))
    """
)

ANALYSE = textwrap.dedent(
    """
    import json, sys, time
    from search import Library
    lib = Library.load([sys.argv[1]])
    start = time.perf_counter()
    lib.analyse(workers=int(sys.argv[2]))
    print(json.dumps({"seconds": time.perf_counter() - start, "articles": len(lib.articles), "warning": lib.analysis_warning}))
    """
)


def repeated_corpus(corpus: Path, count: int, folder: Path, unique_text: bool = False) -> Path:
    """A JSONL corpus of ``count`` records made by repeating ``corpus`` with new ids
    (and, with ``unique_text``, a distinct last sentence so nothing is cached twice)."""
    rows = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    path = folder / f"corpus-{count}{'-u' if unique_text else ''}.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            row = dict(rows[n % len(rows)])
            row["id"] = f"r{n}"
            if unique_text or n >= len(rows):
                key = "body" if "body" in row else "text"
                row[key] = f"{row.get(key, '')} Copy {n}."
            out.write(json.dumps(row) + "\n")
    return path


def targets(corpus: Path, quick: bool) -> None:
    work = Path(tempfile.mkdtemp(prefix="newsdesk-targets-"))
    try:
        print("\nissue 10 targets (same run, this machine)")
        # Cold open -> first search answered, against a plain Whoosh build of the same text fields.
        ours, wall, _ = run_child(COLD_OPEN, str(corpus), home=work / "cold")
        peak = ours["peak_mb"]
        plain, plain_wall, _ = run_child(PLAIN_BUILD, str(corpus))
        print(f"  cold open -> first search    {ours['first_search']:7.2f} s   plain Whoosh build+search {plain['first_search']:6.2f} s"
              f"   ratio {ours['first_search'] / plain['first_search']:4.2f}x (target <= 1.5x)  peak RSS {peak:.0f} MB")
        # Analysis throughput: one process against the pool, side by side, cold caches.
        sample = repeated_corpus(corpus, 200 if quick else 400, work, unique_text=True)
        one, _, _ = run_child(ANALYSE, str(sample), "1", home=work / "a1")
        cores = os.cpu_count() or 1
        many, _, peak_pool = run_child(ANALYSE, str(sample), str(cores), home=work / "a2")
        rate1, rate2 = one["articles"] / one["seconds"], many["articles"] / many["seconds"]
        print(f"  analysis, 1 process          {rate1:7.1f} articles/s   pool of {cores}: {rate2:.1f} articles/s"
              f"   speed-up {rate2 / rate1:4.2f}x (target >= 1.8x on 2 cores){'  [' + one['warning'] + ']' if one['warning'] else ''}")
        # One changed article in a warm corpus: text searchable again, and fully re-analysed.
        copy = work / corpus.name
        shutil.copy(corpus, copy)
        copy.chmod(0o644)
        os.environ["NEWSDESK_HOME"] = str(work / "warm")
        from search import Library

        library = Library.load([copy])
        library.ensure_index()
        library.close()
        lines = copy.read_text(encoding="utf-8").splitlines()
        record = json.loads(lines[0])
        key = "body" if "body" in record else "text"
        record[key] += " An added sentence."
        lines[0] = json.dumps(record)
        copy.write_text("\n".join(lines) + "\n", encoding="utf-8")
        library, load_s = timed(lambda: Library.load([copy]))
        _, text_s = timed(library.ensure_text_index)
        _, full_s = timed(library.ensure_index)
        print(f"  one changed article, warm    {load_s + text_s:7.2f} s to searchable (load {load_s:.2f} s + text index {text_s:.2f} s);"
              f" {full_s:.2f} s more to analysed and clustered (target <= 0.5 s)")
        library.close()
        # Warm `newsdesk search`, whole process, against a plain Whoosh open-and-search script.
        cli = "import sys; from tui.cli import main; sys.exit(main(sys.argv[1:]))"
        ours_s, plain_s = [], []
        for _ in range(5):
            _, wall, _ = run_child(cli, "search", "economy", "--path", str(copy), home=work / "warm")
            ours_s.append(wall)
            _, wall, _ = run_child(PLAIN_SEARCH, plain["dir"], "economy")
            plain_s.append(wall)
        a, b = statistics.median(ours_s), statistics.median(plain_s)
        print(f"  warm newsdesk search         {a * 1000:7.0f} ms   plain Whoosh script {b * 1000:.0f} ms   ratio {a / b:4.2f}x (target <= 1.5x)")

        # Scaling: text-first open, search latency, peak RSS (and analysis, up to BBC's size).
        print("\nscaling (corpus repeated with new ids)")
        print(f"  {'articles':>8}  {'open->search':>12}  {'plain build':>11}  {'search p50':>10}  {'p95':>7}  {'peak RSS':>8}")
        for size in (1000, 2225, 5000) + (() if quick else (19043,)):
            scaled = repeated_corpus(corpus, size, work)
            ours, _, _ = run_child(COLD_OPEN, str(scaled), home=work / f"s{size}")
            peak = ours["peak_mb"]
            plain, _, _ = run_child(PLAIN_BUILD, str(scaled))
            print(f"  {size:>8}  {ours['first_search']:10.2f} s  {plain['first_search']:9.2f} s  {ours['p50']:7.2f} ms  {ours['p95']:4.1f} ms  {peak:5.0f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


# -- claim clusters and the claims board (issue 9/10) ---------------------------------

BOARD_OPEN = textwrap.dedent(
    """
    import asyncio, json, sys, time
    from search import Library
    from tui.app import NewsdeskApp
    from tui.claims_board import ClaimsBoard

    library = Library.load(sys.argv[1:])
    library.ensure_text_index()
    library.analyse()

    async def main():
        app = NewsdeskApp(library)
        async with app.run_test(size=(140, 40)) as pilot:
            await pilot.pause()
            times = []
            for _ in range(5):
                start = time.perf_counter()
                await pilot.press("c")
                while not isinstance(app.screen, ClaimsBoard):
                    await asyncio.sleep(0.001)
                await pilot.pause()
                times.append(time.perf_counter() - start)
                await pilot.press("escape")
                await pilot.pause()
        print(json.dumps({"open": sorted(times)}))

    asyncio.run(main())
    """
)


def clusters_and_board(corpus: Path, quick: bool) -> None:
    """Clustering from scratch, re-clustering after one changed article, building
    the board's rows, and opening the board in the app; then clustering and the
    board's rows at 19k articles (BBC's cached analyses repeated under new ids)."""
    from search import Library
    from search.analysis import clusters as clustering

    work = Path(tempfile.mkdtemp(prefix="newsdesk-clusters-"))
    # An analysis cache already made (the bench's own, or $NEWSDESK_HOME) saves the cold analysis.
    home = Path(os.environ.get("NEWSDESK_HOME") or work / "home")
    os.environ["NEWSDESK_HOME"] = str(home)
    try:
        print("\nclaim clusters and the claims board")
        copy = work / corpus.name
        shutil.copy(corpus, copy)
        copy.chmod(0o644)
        library = Library.load([copy])
        library.ensure_index()
        analyses = dict(library._analyses)  # noqa: SLF001 - the bench times the engine's parts
        claims = {a: list(x.claims) for a, x in analyses.items()}
        entities = {a: x.entities for a, x in analyses.items()}
        index = clustering.ClusterIndex()
        (_, clusters), full_s = timed(lambda: clustering.cluster_claims(claims, entities, index))
        count = sum(len(c) for c in claims.values())
        print(f"  cluster from scratch         {full_s:7.2f} s   ({len(analyses)} articles, {count} claims, "
              f"{sum(1 for c in clusters.values() if len(c.articles) > 1)} clusters of several articles)")
        changed = next(iter(analyses))
        _, one_s = timed(lambda: (index.update({changed: claims[changed]}, {changed: entities[changed]}), index.result()))
        print(f"  re-cluster one article       {one_s * 1000:7.0f} ms  (the index kept in memory, as the app keeps it)")
        recluster = library._recluster  # noqa: SLF001 - timed on its own
        spent: list[float] = []

        def timed_recluster(*args):
            value, seconds = timed(lambda: recluster(*args))
            spent.append(seconds)
            return value

        library._recluster = timed_recluster  # noqa: SLF001
        library.board()
        # The first change after clusters were read from the cache re-clusters from scratch (the
        # index is not kept on disk); after that, the index kept in memory re-clusters only what changed.
        for attempt in range(2):
            kept = library._cluster_index is not None  # noqa: SLF001
            what = "only what changed: the index is in memory" if kept else "from scratch: the clusters were read from the cache"
            lines = copy.read_text(encoding="utf-8").splitlines()
            record = json.loads(lines[0])
            key = "body" if "body" in record else "text"
            record[key] += f" An added sentence about the Marrick Bay terminal, which opened in 2031 (run {time.time():.0f}, {attempt})."
            lines[0] = json.dumps(record)
            copy.write_text("\n".join(lines) + "\n", encoding="utf-8")
            spent.clear()
            _, reload_s = timed(library.reload)
            _, analyse_s = timed(library.analyse)
            print(f"  one changed article, app     {reload_s + analyse_s:7.2f} s   (reload {reload_s:.2f} s + analyse {analyse_s:.2f} s,"
                  f" of which re-clustering {sum(spent) * 1000:.0f} ms: {what})")
        board, build_s = timed(library.board)
        _, again_s = timed(library.board)
        print(f"  board rows                   {build_s * 1000:7.0f} ms to build after a change, {again_s * 1000:.2f} ms when unchanged;"
              f" {board.summary}")
        library.close()
        result, _, _ = run_child(BOARD_OPEN, str(copy), home=home)
        times = result["open"]
        print(f"  open the board (c), app      {statistics.median(times) * 1000:7.0f} ms median, {max(times) * 1000:.0f} ms worst of {len(times)}"
              f" ({len(analyses)} articles)")

        if not quick:
            size = 19043
            ids = sorted(analyses)
            big = {f"r{n}": analyses[ids[n % len(ids)]] for n in range(size)}
            big_claims = {a: list(x.claims) for a, x in big.items()}
            big_entities = {a: x.entities for a, x in big.items()}
            big_index = clustering.ClusterIndex()
            (_, big_clusters), big_s = timed(lambda: clustering.cluster_claims(big_claims, big_entities, big_index))
            _, big_one = timed(lambda: (big_index.update({"r0": big_claims["r0"]}, {"r0": big_entities["r0"]}), big_index.result()))
            print(f"  at {size} articles           cluster from scratch {big_s:.2f} s; re-cluster one article {big_one * 1000:.0f} ms"
                  f" ({sum(len(c) for c in big_claims.values())} claims)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--quick", action="store_true", help="smaller analysis sample, no 19k row")
    parser.add_argument("--targets-only", action="store_true", help="only the issue-10 targets and the scaling table")
    parser.add_argument("--clusters-only", action="store_true", help="only claim clustering and the claims board")
    args = parser.parse_args()
    if not args.corpus.exists():
        raise SystemExit(f"corpus not found: {args.corpus}")
    if args.clusters_only:
        clusters_and_board(args.corpus, args.quick)
        return
    if args.targets_only:
        targets(args.corpus, args.quick)
        return

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
        targets(args.corpus, args.quick)
        clusters_and_board(args.corpus, args.quick)
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
