"""Benchmarks: corpus load, index build and update, search latency, first frame.

    python bench/bench.py [--corpus ../shared/corpora/bbc/bbc.jsonl] [--quick] [--targets-only]
    python bench/bench.py --memory [--baseline /work/main] [--quick]

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
import contextlib
import json
import os
import shutil
import sqlite3
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
            # The wall clock too: the parent measures from the interpreter's start to
            # here, not to the process's end (quitting waits for the app's workers).
            print(f"{time.time():.6f}")
            print(f"{(time.perf_counter() - start) * 1000:.0f}", flush=True)
            self.exit()

    FirstFrame(Library.load(sys.argv[1:])).run(headless=True, size=(120, 40))
    """
)


def first_frame(corpus: Path, runs: int = 5) -> tuple[float, float]:
    """(in-process ms to first frame, whole-process wall ms from starting the interpreter
    to its first frame), medians of ``runs``."""
    inner, outer = [], []
    for _ in range(runs):
        start = time.time()
        done = subprocess.run([sys.executable, "-c", FIRST_FRAME, str(corpus)], cwd=ROOT, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise SystemExit(f"first-frame run failed:\n{done.stderr}")
        shown_at, in_process = done.stdout.strip().splitlines()[-2:]
        outer.append((float(shown_at) - start) * 1000)
        inner.append(float(in_process))
    return statistics.median(inner), statistics.median(outer)


def reader_keys(corpus: Path, presses: int = 60, size: tuple[int, int] = (120, 40)) -> dict[str, tuple[float, float]]:
    """Keypress -> next frame in the app's reader (Pilot, headless, this process):
    {"j": (p50 ms, p95 ms), "k": ...} over ``presses`` presses each, scrolling the
    corpus's longest article down with j and back up with k."""
    import asyncio

    from search import Library
    from tui.app import NewsdeskApp
    from tui.reader import ArticleView

    async def run() -> dict[str, tuple[float, float]]:
        library = Library.load([corpus])
        app = NewsdeskApp(library)
        samples: dict[str, list[float]] = {"j": [], "k": []}
        async with app.run_test(size=size) as pilot:
            for _ in range(30000):
                if library.index_ready and app.indexing.state != "indexing":
                    break
                await pilot.pause(0.02)
            if app.indexing.state == "analysing":  # analysis would compete for the CPU: pause it (p)
                await pilot.press("p")
                for _ in range(30000):
                    if app.indexing.state in ("paused", "done", "failed"):
                        break
                    await pilot.pause(0.02)
            longest = max(library.articles, key=lambda a: len(a.text))
            app.open_article(longest.id, focus_reader=True)
            await pilot.pause()
            reader = app.query_one(ArticleView)
            await pilot.pause()
            for key in ("j", "k"):
                for _ in range(min(presses, max(1, reader.line_count - reader.size.height))):
                    start = time.perf_counter()
                    await pilot.press(key)
                    samples[key].append((time.perf_counter() - start) * 1000)
        return {key: (statistics.median(v), percentile(v, 0.95)) for key, v in samples.items() if v}

    return asyncio.run(run())


# -- issue 10 targets ---------------------------------------------------------------

# Runs the command given and prints the peak RSS of the largest process under it
# (itself excepted) that was waited for, from getrusage(RUSAGE_CHILDREN): measured
# from this small process, not the bench, because a child's ru_maxrss also counts
# the image it was forked from. Workers of a forkserver pool are not counted (the
# forkserver is never waited for): for analysis it is the parent's peak.
PEAK = textwrap.dedent(
    """
    import resource, subprocess, sys
    code = subprocess.run(sys.argv[1:]).returncode
    print(f"PEAK-KB {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}", file=sys.stderr)
    sys.exit(code)
    """
)


def run_child(code: str, *args: str, home: Path | None = None, peak: bool = True, root: Path = ROOT) -> tuple[dict, float, float]:
    """Run ``code`` in a fresh interpreter: (the JSON it prints last, wall seconds,
    peak RSS in MB of its largest process: itself or a worker it started; 0 with
    ``peak=False``, which times the interpreter alone, without the measuring wrapper).
    ``root``: the newsdesk tree the child imports (``--baseline`` runs another)."""
    env = dict(os.environ, PYTHONPATH=str(root))
    if home is not None:
        env["NEWSDESK_HOME"] = str(home)
    start = time.perf_counter()
    child = subprocess.Popen(
        ([sys.executable, "-c", PEAK] if peak else []) + [sys.executable, "-c", code, *args], cwd=root, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    out, err = child.communicate()
    wall = time.perf_counter() - start
    if child.returncode != 0:
        raise SystemExit(f"bench child failed:\n{err}")
    peak_mb = next((int(line.split()[1]) / 1024 for line in reversed(err.splitlines()) if line.startswith("PEAK-KB ")), 0.0)
    lines = [line for line in out.splitlines() if line.startswith("{")]
    return (json.loads(lines[-1]) if lines else {}), wall, peak_mb


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
    print(json.dumps({"first_search": first, "total": result.total, "p50": p[len(p) // 2], "p95": p[int(len(p) * 0.95)]}))
    """
)

# A warm library: the text index current and every analysis cached; loading
# them (and the claim clusters) is what a warm app holds in memory.
WARM = textwrap.dedent(
    """
    import json, sys, time
    start = time.perf_counter()
    from search import Library
    lib = Library.load(sys.argv[1:])
    lib.ensure_text_index()
    searchable = time.perf_counter() - start
    lib.analyse(workers=1)
    analysed = time.perf_counter() - start
    p = []
    for q in ["economy", "tony blair", '"prime minister"', "econom*", "title:film", "oil NOT price"] * 5:
        t = time.perf_counter(); lib.search(q, limit=10, snippets=True); p.append((time.perf_counter() - t) * 1000)
    p.sort()
    print(json.dumps({"searchable": searchable, "analysed": analysed, "p50": p[len(p) // 2], "p95": p[int(len(p) * 0.95)],
                      "complete": lib.analysis_status() is None}))
    """
)

PLAIN_BUILD = textwrap.dedent(
    """
    import json, os, sys, time, tempfile, datetime as dt
    start = time.perf_counter()
    from whoosh import fields, index, qparser, scoring
    from whoosh.analysis import StandardAnalyzer, StemmingAnalyzer
    rows = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
    schema = fields.Schema(
        id=fields.ID(stored=True, unique=True), title=fields.TEXT(analyzer=StemmingAnalyzer(), field_boost=2.0),
        source=fields.TEXT(analyzer=StandardAnalyzer(stoplist=None)), date=fields.DATETIME(),
        body=fields.TEXT(analyzer=StemmingAnalyzer()),
    )
    folder = sys.argv[2] if len(sys.argv) > 2 else tempfile.mkdtemp()
    os.makedirs(folder, exist_ok=True)
    ix = index.create_in(folder, schema)
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
    (and, with ``unique_text``, a distinct last sentence so nothing is cached;
    without, repeated texts find their analyses in the cache)."""
    rows = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    path = folder / f"corpus-{count}{'-u' if unique_text else ''}.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            row = dict(rows[n % len(rows)])
            row["id"] = f"r{n}"
            if unique_text:
                key = "body" if "body" in row else "text"
                row[key] = f"{row.get(key, '')} Copy {n}."
            out.write(json.dumps(row) + "\n")
    return path


def load_average() -> str:
    try:
        return "load average " + " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:  # pragma: no cover - not available here
        return "load average unknown"


def cold_row(corpus: Path, work: Path, label: str, baseline: Path | None) -> dict:
    """Cold open -> first search answered, against a plain Whoosh build of the
    same text fields, run one after the other (and, with ``baseline``, the
    baseline tree's cold open between them); prints one line (two with a baseline)."""
    ours, _, peak = run_child(COLD_OPEN, str(corpus), home=work / f"cold-{label}")
    plain, _, _ = run_child(PLAIN_BUILD, str(corpus), str(work / f"plain-{label}"))
    print(f"  cold open -> first search    {ours['first_search']:7.2f} s   plain Whoosh build+search {plain['first_search']:6.2f} s"
          f"   ratio {ours['first_search'] / plain['first_search']:4.2f}x (target <= 1.5x)  peak RSS {peak:.0f} MB  [{label}; {load_average()}]",
          flush=True)
    if baseline:
        base, _, base_peak = run_child(COLD_OPEN, str(corpus), home=work / f"cold-{label}-base", root=baseline)
        print(f"    baseline {str(baseline):15} {base['first_search']:7.2f} s   ratio {base['first_search'] / plain['first_search']:4.2f}x"
              f"  peak RSS {base_peak:.0f} MB")
    return {"ours": ours, "plain": plain, "peak": peak}


def analysis_rates(corpus: Path, work: Path, quick: bool, baseline: Path | None) -> float:
    """Analysis throughput: one process against the pool, side by side, cold caches
    (with ``baseline``, the baseline tree's pair after). Returns the pool's rate."""
    sample = repeated_corpus(corpus, 200 if quick else 400, work, unique_text=True)
    cores = os.cpu_count() or 1
    rates = {}
    for name, root in [("", ROOT)] + ([("baseline ", baseline)] if baseline else []):
        one, _, _ = run_child(ANALYSE, str(sample), "1", home=work / f"a1{name.strip()}", root=root)
        many, _, peak_pool = run_child(ANALYSE, str(sample), str(cores), home=work / f"a2{name.strip()}", root=root)
        rate1, rate2 = one["articles"] / one["seconds"], many["articles"] / many["seconds"]
        rates[name] = rate2
        print(f"  {name}analysis, 1 process {'' if name else '         '}{rate1:7.1f} articles/s   pool of {cores}: {rate2:.1f} articles/s"
              f"   speed-up {rate2 / rate1:4.2f}x (target >= 1.8x on {cores} cores)  peak RSS {peak_pool:.0f} MB  [{load_average()}]"
              f"{'  [' + one['warning'] + ']' if one['warning'] else ''}")
    return rates[""]


def targets(corpus: Path, quick: bool, sizes: tuple[int, ...] | None = None, baseline: Path | None = None) -> None:
    work = Path(tempfile.mkdtemp(prefix="newsdesk-targets-"))
    try:
        print("\nissue 10 targets (same run, this machine)")
        plain = cold_row(corpus, work, corpus.name, baseline)["plain"]  # its index serves the warm search below
        rate2 = analysis_rates(corpus, work, quick, baseline)
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
            _, wall, _ = run_child(cli, "search", "economy", "--path", str(copy), home=work / "warm", peak=False)
            ours_s.append(wall)
            _, wall, _ = run_child(PLAIN_SEARCH, plain["dir"], "economy", peak=False)
            plain_s.append(wall)
        a, b = statistics.median(ours_s), statistics.median(plain_s)
        print(f"  warm newsdesk search         {a * 1000:7.0f} ms   plain Whoosh script {b * 1000:.0f} ms   ratio {a / b:4.2f}x (target <= 1.5x)")

        scaling(copy, work, rate2, quick, sizes)
    finally:
        shutil.rmtree(work, ignore_errors=True)


# -- claim clusters and the claims board (issue 9/10) ---------------------------------


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
        print(f"  re-cluster one article       {one_s * 1000:7.0f} ms  (a whole index in memory)")
        recluster = library._recluster  # noqa: SLF001 - timed on its own
        spent: list[float] = []

        def timed_recluster(*args):
            value, seconds = timed(lambda: recluster(*args))
            spent.append(seconds)
            return value

        library._recluster = timed_recluster  # noqa: SLF001
        library.board()
        # Every change re-clusters only what changed, from the cluster index kept in the analysis
        # cache (search/analysis/kept.py), the first one after a warm start included.
        for attempt in range(2):
            what = "only what changed, from the index kept in the cache"
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
        result, _, _ = run_child(APP_BOARD, str(copy), home=home)  # the same script --memory runs
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


SCALING_SIZES = (1000, 2225, 5000, 19043)


def scaling(corpus: Path, work: Path, pool_rate: float | None, quick: bool, sizes: tuple[int, ...] | None = None,
            baseline: Path | None = None) -> None:
    """Build time, analysis time, search p50/p95 and peak RSS at 1k, 2.2k, 5k and 19k
    articles (or ``sizes``): ``corpus`` repeated with new ids (texts repeat, so the
    analyses the targets above cached serve the warm columns; without that cache,
    as with ``--scaling-only``, the warm columns are left out). ``pool_rate``
    (articles/s) gives the analysis column's estimate; None measures it on a sample."""
    sizes = sizes or (SCALING_SIZES[:-1] if quick else SCALING_SIZES)
    cache = work / "warm" / "analysis.sqlite"
    warm_known = cache.exists()
    if pool_rate is None:
        print("\nanalysis rate for the estimates (a sample, the pool)")
        pool_rate = analysis_rates(corpus, work, True, None)
    print("\nscaling (corpus repeated with new ids; RSS: the largest process, from getrusage in a wrapper)")
    print(f"  {'articles':>8} | {'cold: text index':>16} {'plain':>6} {'ratio':>5} {'search p50/p95':>16} {'peak RSS':>8} |"
          f" {'analysis (est.)':>15}" + (f" | {'warm: analysed':>14} {'search p50/p95':>16} {'peak RSS':>8}" if warm_known else ""))
    for size in sizes:
        scaled = repeated_corpus(corpus, size, work)
        home = work / f"s{size}"
        home.mkdir(exist_ok=True)
        ours, _, peak = run_child(COLD_OPEN, str(scaled), home=home)
        plain, _, _ = run_child(PLAIN_BUILD, str(scaled), str(work / f"plain-{size}"))
        cold = f"{ours['first_search']:13.2f} s {plain['first_search']:5.2f}s {ours['first_search'] / plain['first_search']:4.2f}x" \
               f" {ours['p50']:6.1f}/{ours['p95']:5.1f} ms {peak:5.0f} MB"
        estimate = f"~{size / pool_rate:6.0f} s (est.)"
        row = f"  {size:>8} | {cold} | {estimate}"
        if baseline:
            print(f"{row}   [{load_average()}]", flush=True)
            base, _, base_peak = run_child(COLD_OPEN, str(scaled), home=work / f"s{size}-base", root=baseline)
            print(f"  {'':>8}   baseline {baseline}: cold {base['first_search']:.2f} s, {base['first_search'] / plain['first_search']:.2f}x"
                  f" the plain build above, peak RSS {base_peak:.0f} MB", flush=True)
            row = f"  {size:>8}   (warm)"
        if warm_known:
            # Warm: the same index, every analysis in the cache the targets filled.
            with sqlite3.connect(cache) as source, sqlite3.connect(home / "analysis.sqlite") as target:
                source.backup(target)
            warm, _, warm_peak = run_child(WARM, str(scaled), home=home)
            row += f" | {warm['analysed']:12.2f} s {warm['p50']:6.1f}/{warm['p95']:5.1f} ms {warm_peak:5.0f} MB"
            if not warm["complete"]:
                row += " (analysis incomplete)"
        if warm_known or not baseline:
            print(f"{row}   [{load_average()}]", flush=True)
    print("  cold: a fresh NEWSDESK_HOME, corpus load + text-first index + first search (search p50/p95 without snippets);")
    print(f"  analysis (est.): articles / the pool's rate measured here ({pool_rate:.1f} articles/s), an estimate: not run at these sizes;")
    if warm_known:
        print("  warm: load + current index + every analysis from the cache + claim clusters (search p50/p95 with snippets).")
    else:
        print("  warm columns: not measured (they need the analysis cache the full --targets-only run fills).")


# -- issue 10: the warm app's memory, the board at 19k, one changed article end to end ----------

# Everything a warm start computes (the corpus, the current index, every analysis from
# the cache, the clusters, the board's rows), then the RSS it holds now and its peak.
WARM_MEMORY = textwrap.dedent(
    """
    import gc, json, resource, sys, time
    start = time.perf_counter()
    from search import Library
    lib = Library.load(sys.argv[1:])
    lib.ensure_text_index()
    lib.analyse(workers=1)
    board = lib.board()
    ready = time.perf_counter() - start
    gc.collect()
    rss = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmRSS")) / 1024
    print(json.dumps({"ready": ready, "rss": rss, "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "spacy": "spacy" in sys.modules, "clusters": len(board.clusters), "complete": lib.analysis_status() is None}))
    """
)

# The warm app (Pilot, headless): RSS once its start-up work is done, then keypress (c)
# -> the claims board shown, five times.
APP_BOARD = textwrap.dedent(
    """
    import asyncio, gc, json, sys, time
    from search import Library
    from tui.app import NewsdeskApp
    from tui.claims_board import ClaimsBoard

    library = Library.load(sys.argv[1:])

    async def main():
        app = NewsdeskApp(library)
        async with app.run_test(size=(140, 40)) as pilot:
            for _ in range(60000):
                if library.index_ready and getattr(app.indexing, "state", "done") in ("done", "failed", "paused"):
                    break
                await pilot.pause(0.02)
            await pilot.pause()
            gc.collect()
            rss = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmRSS")) / 1024
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
        print(json.dumps({"rss": rss, "open": sorted(times), "spacy": "spacy" in sys.modules}))

    asyncio.run(main())
    """
)

# One article changed in a warm corpus, a fresh process (a user edits a file and reopens):
# load, the text index updated, the article analysed (model load timed apart), re-clustered.
ONE_CHANGE = textwrap.dedent(
    """
    import json, sys, time
    start = time.perf_counter()
    from search import Library
    lib = Library.load(sys.argv[1:])
    loaded = time.perf_counter()
    lib.ensure_text_index()
    searchable = time.perf_counter()
    recluster, spent = lib._recluster, []
    def timed(*args):
        t = time.perf_counter(); value = recluster(*args); spent.append(time.perf_counter() - t); return value
    lib._recluster = timed
    model = time.perf_counter(); lib._analyser.prepare(); model = time.perf_counter() - model
    t = time.perf_counter()
    lib.analyse(workers=1)
    analysed = time.perf_counter() - t
    results = lib.search("economy")
    print(json.dumps({"load": loaded - start, "text": searchable - loaded, "model": model, "analyse": analysed,
                      "cluster": sum(spent), "total": time.perf_counter() - start, "complete": lib.analysis_status() is None}))
    """
)


# The same in a warm library already open, the model loaded (as in the app after its first
# change): the file edited, then reload + text index + analyse, three times.
APP_CHANGE = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    from search import Library

    def _edit_first(corpus, stamp):  # as bench._edit_first (not imported: bench puts its own tree first on sys.path)
        lines = corpus.read_text(encoding="utf-8").splitlines()
        record = json.loads(lines[0])
        key = "body" if "body" in record else "text"
        record[key] += f" The Marrick Bay terminal opened in 2031, officials said ({stamp})."
        lines[0] = json.dumps(record)
        corpus.write_text(chr(10).join(lines) + chr(10), encoding="utf-8")

    lib = Library.load(sys.argv[1:2])
    lib.ensure_text_index(); lib.analyse(workers=1); lib._analyser.prepare()
    recluster, spent, runs = lib._recluster, [], []
    def timed(*args):
        t = time.perf_counter(); value = recluster(*args); spent.append(time.perf_counter() - t); return value
    lib._recluster = timed
    for n in range(3):
        _edit_first(Path(sys.argv[1]), f"app {n} {time.time()}")
        spent.clear()
        t = time.perf_counter(); lib.reload(); lib.ensure_text_index(); searchable = time.perf_counter() - t
        t = time.perf_counter(); lib.analyse(workers=1); analysed = time.perf_counter() - t
        runs.append({"searchable": searchable, "analysed": analysed, "cluster": sum(spent)})
    print(json.dumps({"runs": runs}))
    """
)


def _edit_first(corpus: Path, stamp: str) -> None:
    lines = corpus.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[0])
    key = "body" if "body" in record else "text"
    record[key] += f" The Marrick Bay terminal opened in 2031, officials said ({stamp})."
    lines[0] = json.dumps(record)
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")


def memory(corpus: Path, quick: bool, baseline: Path | None, sizes: str = "bbc,19k") -> None:
    """Warm RSS, the board's opening and one changed article at 2.2k and 19k articles,
    for this tree and (``--baseline``) another checkout, side by side in the same run.
    The analysis cache comes from $NEWSDESK_HOME/analysis.sqlite when there is one
    (else the corpus is analysed cold first, which takes minutes)."""
    import platform

    work = Path(tempfile.mkdtemp(prefix="newsdesk-memory-"))
    trees = [("this tree", ROOT)] + ([("baseline", baseline.resolve())] if baseline else [])
    source = Path(os.environ.get("NEWSDESK_HOME") or work / "source") / "analysis.sqlite"
    try:
        if not source.exists():
            print(f"analysing {corpus.name} cold once for a warm cache (minutes) ...", flush=True)
            run_child(ANALYSE, str(corpus), str(os.cpu_count() or 1), home=source.parent)
        print(f"\nwarm memory, the claims board, one changed article ({platform.node()}; load: {os.getloadavg()[0]:.2f})")
        print(f"  {'tree':<10} {'articles':>8} | {'warm RSS':>8} {'peak':>6} {'ready':>7} {'spaCy':>5} | {'app RSS':>7} {'board open':>13} |"
              f" {'one change (none): searchable':>29} {'model':>6} {'analysed (none)':>15} {'clustered':>9} | in the app: searchable+analysed(clustered) x3")
        chosen = [("bbc", None), ("19k", 19043)]
        for label, size in [(label, size) for label, size in chosen if label in sizes.split(",") and not (quick and size)]:
            for name, tree in trees:
                folder = work / f"{name.replace(' ', '-')}-{label}"
                folder.mkdir()
                scaled = repeated_corpus(corpus, size, folder) if size else Path(shutil.copy(corpus, folder / corpus.name))
                scaled.chmod(0o644)
                home = folder / "home"
                home.mkdir()
                with sqlite3.connect(source) as src, sqlite3.connect(home / "analysis.sqlite") as dst:
                    src.backup(dst)
                    # Analyses only: each tree clusters on its first open (and keeps what it keeps).
                    for table in ("corpus", "cluster_index"):
                        with contextlib.suppress(sqlite3.Error):
                            dst.execute(f"DELETE FROM {table}")
                # First open: the index built, clusters worked out (and kept); not measured.
                _run_tree(WARM_MEMORY, tree, scaled, home)
                warm = _run_tree(WARM_MEMORY, tree, scaled, home)
                app = _run_tree(APP_BOARD, tree, scaled, home)
                same = _run_tree(ONE_CHANGE, tree, scaled, home)  # nothing changed: what any warm start costs
                _edit_first(scaled, "1")
                change = _run_tree(ONE_CHANGE, tree, scaled, home)
                in_app = _run_tree(APP_CHANGE, tree, scaled, home)["runs"]
                count = size or sum(1 for line in scaled.read_text(encoding="utf-8").splitlines() if line.strip())
                opened = app["open"]
                print(f"  {name:<10} {count:>8} | {warm['rss']:6.0f}MB {warm['peak']:4.0f}MB {warm['ready']:6.2f}s {str(warm['spacy']):>5} |"
                      f" {app['rss']:5.0f}MB {statistics.median(opened) * 1000:6.0f}/{max(opened) * 1000:.0f} ms |"
                      f" {change['load'] + change['text']:7.2f} ({same['load'] + same['text']:.2f}) s {change['model']:5.2f}s"
                      f" {change['analyse']:5.2f} ({same['analyse']:.2f})s {change['cluster']:8.2f}s |"
                      f" {' '.join(_app_run(r) for r in in_app)}",
                      flush=True)
        print("  targets: warm RSS <= 250 MB at 2,225 and <= 400 MB at 19,043; board open (median/worst, keypress -> shown) <= 300 ms at 19k;")
        print("  one changed article <= 0.5 s to searchable, re-analysed and re-clustered. warm RSS: the engine alone after a warm start")
        print("  (load, index, analyses, clusters, board rows); app RSS: the app once its start-up work is done. one change: a fresh")
        print("  process after one article was edited, in brackets the same with nothing edited (what any warm start costs: the")
        print("  change's own cost is the difference); 'analysed' includes 'clustered', and the model's load is timed apart;")
        print("  in the app: a warm library already open with the model loaded, one article edited three times in a row.")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _app_run(run: dict) -> str:
    return f"{run['searchable']:.2f}+{run['analysed']:.2f}({run['cluster']:.2f})s"


def _run_tree(code: str, tree: Path, corpus: Path, home: Path, *args: str) -> dict:
    env = dict(os.environ, PYTHONPATH=str(tree), NEWSDESK_HOME=str(home))
    done = subprocess.run([sys.executable, "-c", code, str(corpus), *args], cwd=tree, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"bench child failed ({tree}):\n{done.stderr[-3000:]}")
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    return json.loads(lines[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--quick", action="store_true", help="smaller analysis sample, no 19k row")
    parser.add_argument("--targets-only", action="store_true", help="only the issue-10 targets and the scaling table")
    parser.add_argument("--clusters-only", action="store_true", help="only claim clustering and the claims board")
    parser.add_argument("--reader", action="store_true", help="only j/k in the reader (keypress -> next frame, Pilot)")
    parser.add_argument("--scaling-only", action="store_true",
                        help="only the scaling table's cold columns (and the analysis estimate), e.g. with --scaling-sizes 19043")
    parser.add_argument("--scaling-sizes", type=int, nargs="+", metavar="N", help="corpus sizes for the scaling table (default 1000 2225 5000 19043)")
    parser.add_argument("--pool-rate", type=float, help="with --scaling-only: articles/s for the analysis estimate instead of measuring it")
    parser.add_argument("--baseline", type=Path, metavar="TREE",
                        help="another newsdesk tree (e.g. /work/main) measured side by side in the same run: the cold opens and the analysis pair, or with --memory everything it measures")
    parser.add_argument("--memory", action="store_true",
                        help="only warm RSS, the claims board's opening and one changed article, at 2.2k and 19k articles")
    parser.add_argument("--sizes", default="bbc,19k", help="with --memory: which corpora (bbc, 19k; comma-separated)")
    args = parser.parse_args()
    if not args.corpus.exists():
        raise SystemExit(f"corpus not found: {args.corpus}")
    if args.clusters_only:
        clusters_and_board(args.corpus, args.quick)
        return
    if args.memory:
        memory(args.corpus, args.quick, args.baseline, args.sizes)
        return
    if args.reader:
        home = Path(tempfile.mkdtemp(prefix="newsdesk-bench-"))
        os.environ["NEWSDESK_HOME"] = str(home)
        try:
            for key, (p50, p95) in reader_keys(args.corpus).items():
                print(f"reader {key}   p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  (keypress -> next frame, Pilot, longest article; target p95 <= 16 ms)")
        finally:
            shutil.rmtree(home, ignore_errors=True)
        return
    sizes = tuple(args.scaling_sizes) if args.scaling_sizes else None
    if args.scaling_only:
        work = Path(tempfile.mkdtemp(prefix="newsdesk-scaling-"))
        try:
            scaling(args.corpus, work, args.pool_rate, args.quick, sizes, args.baseline)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return
    if args.targets_only:
        targets(args.corpus, args.quick, sizes, args.baseline)
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
        for key, (p50, p95) in reader_keys(args.corpus).items():
            print(f"reader {key}          p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  (keypress -> next frame, Pilot, longest article; target p95 <= 16 ms)")
        targets(args.corpus, args.quick, sizes, args.baseline)
        clusters_and_board(args.corpus, args.quick)
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
