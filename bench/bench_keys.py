"""Keystrokes in the app: keypress -> new frame, against issue 10's targets.

    python bench/bench_keys.py [--baseline /work/main] [--sizes 2225,5000,19043] [--home DIR]

Measures, in the app driven by Pilot (headless, 120x40) on a warm
NEWSDESK_HOME (indexes built and every article analysed, prepared once):

- j/k in the article list and in the reader (the corpus's longest article);
- enter on the list: open an article;
- live search: one typed character -> its results listed (debounce included), typing
  on at once, and again pausing 0.4 s after each key's results (what runs once typing
  pauses, the rest's snippets and a "did you mean", is then under way when the next key comes);
- first frame, whole process (a fresh interpreter, warm index).

A keypress's time runs from sending the key until the frame that shows its
effect is composed: the key and every message it causes are handled (Pilot),
anything it starts in a worker has arrived (for search: the results of the
query as typed so far), and the screen's compositor has drawn what changed.
The screen's 60 fps update timer is not waited for.

Corpora: ``--corpus`` (BBC, 2,225 articles) and larger ones made by repeating
it with new ids (``bench.py``'s ``repeated_corpus``): identical texts find
their analyses in the cache, so warming them is cheap.

``--baseline DIR`` measures a second checkout (e.g. main) in the same run,
interleaved with this one, each in its own process with ``PYTHONPATH`` set to
its root, and prints both against the targets. ``--profile`` writes cProfile
output around the timed presses of this checkout. Prints numbers; asserts
nothing. ``uptime`` is printed with them: the machine is shared.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "bbc" / "bbc.jsonl"
DEFAULT_HOME = Path(tempfile.gettempdir()) / "newsdesk-bench-keys"
SIZE = (120, 40)

# Typed one character at a time into the search box.
TYPED = ["economy", "tony blair", "film awards", "oil price"]

CHARS = {"enter": "\r", "space": " "}

TARGETS = {  # metric -> (p95 target in ms, what)
    "list j/k": (16, "keypress -> new frame, j/k in the list"),
    "reader j/k": (16, "keypress -> new frame, j/k in the reader"),
    "open (enter)": (50, "open an article from the list"),
    "search key": (200, "live-search keystroke -> results shown (incl. debounce)"),
    "search, paused": (200, "the same, typing pausing 0.4 s after each key's results (the did-you-mean and the rest's snippets run)"),
    "first frame": (1000, "first frame warm, whole process (median of runs)"),
}


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


# -- the child: one checkout, one corpus ----------------------------------------------------------

def _uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""


async def _measure(corpus: Path, presses: int, profile: Path | None) -> dict[str, list[float]]:
    from search import Library
    from textual import events
    from textual.widgets import Input

    from tui.app import NewsdeskApp
    from tui.article_list import ArticleList
    from tui.reader import ArticleView

    library = Library.load([corpus])
    app = NewsdeskApp(library)
    samples: dict[str, list[float]] = {"list j/k": [], "reader j/k": [], "open (enter)": [], "search key": [], "search, paused": []}
    profilers: dict = {}  # metric -> cProfile.Profile, with --profile

    async with app.run_test(size=SIZE) as pilot:
        async def settle(condition, limit: float = 600.0) -> None:
            deadline = time.perf_counter() + limit
            while not condition():
                if time.perf_counter() > deadline:
                    raise SystemExit("bench: the app did not get there in time")
                await pilot.pause(0.02)

        await settle(lambda: app.indexing.state in ("done", "failed", "paused"))
        articles = app.query_one(ArticleList)
        await settle(lambda: articles.complete)
        reader = app.query_one(ArticleView)
        await pilot.pause()

        async def drain() -> None:
            # Every message the key caused, and the messages those caused, handled:
            # a handler runs in one step of the event loop once its message is taken,
            # so two steps with every queue empty mean nothing is left. (Pilot.press
            # is not used for timing: it sleeps at least 2 x 20 ms, and until the
            # process looks idle, which a loaded machine rarely does.)
            pumps = [app, *app.screen.walk_children(with_self=True)]
            quiet = 0
            while quiet < 2:
                await asyncio.sleep(0)
                if all(pump._message_queue.empty() for pump in pumps):  # noqa: SLF001
                    quiet += 1
                else:
                    quiet = 0
                    pumps = [app, *app.screen.walk_children(with_self=True)]

        async def timed(metric: str, key: str, done=None) -> None:
            """One press timed into ``samples[metric]``, and this process's CPU time
            for it (all its threads) into ``samples[metric + " cpu"]``."""
            event = events.Key(key, CHARS.get(key, key if len(key) == 1 else None))
            profiler = None
            if profile is not None:
                import cProfile

                profiler = profilers.setdefault(metric, cProfile.Profile(time.process_time))  # CPU time: the machine is shared
                profiler.enable()
            start, cpu = time.perf_counter(), time.process_time()
            app.post_message(event)
            await drain()
            if done is not None:
                deadline = time.perf_counter() + 60
                while not done():
                    if time.perf_counter() > deadline:  # say so rather than wait for ever
                        print(f"bench: {metric} {key!r} showed nothing in 60 s; not counted", file=sys.stderr)
                        return
                    await asyncio.sleep(0.0005)
                await drain()
            while app._batch_count:  # noqa: SLF001 - frames held back (tui/frames.py): the frame comes when they are let go
                await asyncio.sleep(0.0005)
            app.screen._on_timer_update()  # noqa: SLF001 - compose the frame now, not at the next 60 fps tick
            seconds = time.perf_counter() - start
            samples.setdefault(metric + " cpu", []).append((time.process_time() - cpu) * 1000)
            if profiler is not None:
                profiler.disable()
            samples[metric].append(seconds * 1000)
            await drain()  # anything the frame scheduled (call_after_refresh) is not the next key's

        async def press(key: str) -> None:
            app.post_message(events.Key(key, CHARS.get(key, key if len(key) == 1 else None)))
            await drain()

        # j/k in the list (the list focused, nothing searched).
        articles.focus()
        await drain()
        for key in ("j", "k"):
            for _ in range(presses):
                await timed("list j/k", key)

        # enter: open the highlighted article; j first (untimed) so each is another article.
        for _ in range(max(10, presses // 3)):
            articles.focus()
            await press("j")
            wanted = articles.highlighted_option.id
            await timed("open (enter)", "enter", lambda: app.open_article_id == wanted)

        # j/k in the reader, on the longest article.
        longest = max(library.articles, key=lambda a: len(a.text))
        app.open_article(longest.id, focus_reader=True)
        await drain()
        await drain()
        steps = min(presses, max(1, reader.line_count - reader.size.height))
        for key, step in (("j", 1), ("k", -1)):
            for _ in range(steps):
                # The frame that shows the line moved (Textual animates a line scroll by default).
                wanted_y = reader.scroll_offset.y + step
                await timed("reader j/k", key, lambda: reader.scroll_offset.y == wanted_y)

        # Live search: each character typed -> the results of the query typed so far are listed.
        # First typing on at once, then pausing after each key's results for longer than the
        # debounce, as someone thinking mid-word does: what runs once typing pauses (the rest's
        # snippets and counts, a "did you mean" for a query that found nothing) is then under way
        # when the next key comes, and must give way to it.
        search = app.query_one("#search", Input)
        for metric, pause in (("search key", 0.0), ("search, paused", 0.4)):
            for text in TYPED:
                search.focus()
                search.value = ""
                await drain()
                await settle(lambda: articles.complete)
                for index, char in enumerate(text):
                    typed = text[: index + 1].strip()
                    last = app.searching.last_result

                    def shown(typed=typed, last=last) -> bool:
                        result = app.searching.last_result
                        return result is not last and result is not None and result.query == typed

                    key = "space" if char == " " else char
                    if char == " ":  # the query is unchanged ("tony " == "tony"): no new search is run
                        await press(key)
                        continue
                    await timed(metric, key, shown)
                    if pause:
                        await asyncio.sleep(pause)
        search.value = ""
        await drain()
    library.close()
    for metric, profiler in profilers.items():
        profiler.dump_stats(f"{profile}-{metric.replace(' ', '_').replace('/', '')}")
    return samples


_PATH = list(sys.path)
from bench import FIRST_FRAME  # noqa: E402 - the same whole-process first-frame script bench.py runs
# bench.py puts its own tree first on sys.path when imported: a --baseline child must import
# the tree its PYTHONPATH names, so the path is put back (until this was done, the baseline's
# keystrokes were this tree's: only its first frames, run with ``python -c``, were its own).
sys.path[:] = _PATH


def _env(root: Path, home: Path) -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(root), NEWSDESK_HOME=str(home))


def first_frame(root: Path, home: Path, corpus: Path) -> float:
    """Whole process, interpreter start to the first frame (wall ms; the child prints the
    wall clock at its first frame, so quitting, which waits for the app's workers, is not
    counted)."""
    start = time.time()
    done = subprocess.run([sys.executable, "-c", FIRST_FRAME, str(corpus)], cwd=tempfile.gettempdir(), env=_env(root, home),
                          capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise SystemExit(f"first-frame run failed ({root}):\n{done.stderr[-3000:]}")
    return (float(done.stdout.strip().splitlines()[-2]) - start) * 1000


def keys_child(root: Path, home: Path, corpus: Path, presses: int, profile: Path | None) -> dict[str, list[float]]:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", str(corpus), "--presses", str(presses)]
    if profile is not None:
        command += ["--profile", str(profile)]
    done = subprocess.run(command, cwd=tempfile.gettempdir(), env=_env(root, home), capture_output=True, text=True, timeout=3600)
    if done.returncode != 0:
        raise SystemExit(f"bench child failed ({root}, {corpus.name}):\n{done.stderr[-3000:]}")
    return json.loads([line for line in done.stdout.splitlines() if line.startswith("{")][-1])


# -- preparing the warm home ----------------------------------------------------------------------

PREPARE = textwrap.dedent(
    """
    import sys, time
    from search import Library
    for path in sys.argv[1:]:
        start = time.perf_counter()
        library = Library.load([path])
        library.ensure_index()
        library.board()
        library.close()
        print(f"  warmed {path} in {time.perf_counter() - start:.1f} s", flush=True)
    """
)


def prepare(home: Path, corpus: Path, sizes: list[int]) -> dict[int, Path]:
    """Corpora under ``home``/corpora, their indexes and analyses warm (done once; reused after)."""
    path = list(sys.path)
    sys.path.insert(0, str(HERE))
    from bench import repeated_corpus
    sys.path[:] = path

    folder = home / "corpora"
    folder.mkdir(parents=True, exist_ok=True)
    paths: dict[int, Path] = {}
    base_count = sum(1 for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip())
    for size in sizes:
        if size == base_count:
            path = folder / corpus.name
            if not path.exists():
                path.write_bytes(corpus.read_bytes())
        else:
            path = folder / f"corpus-{size}.jsonl"
            if not path.exists():
                repeated_corpus(corpus, size, folder)
        paths[size] = path
    stamp = home / "warm.json"
    warmed = json.loads(stamp.read_text()) if stamp.exists() else []
    todo = [str(p) for p in paths.values() if str(p) not in warmed]
    if todo:
        print(f"warming {len(todo)} corpora in {home} (once; a cold BBC analysis takes minutes)", flush=True)
        subprocess.run([sys.executable, "-c", PREPARE, *todo], cwd=tempfile.gettempdir(), env=_env(ROOT, home), check=True)
        stamp.write_text(json.dumps(sorted(set(warmed) | set(todo))))
    return paths


# -- the table ------------------------------------------------------------------------------------

def _cell(values: list[float] | None, median_only: bool = False) -> str:
    if not values:
        return f"{'-':>17}"
    if median_only:
        return f"{statistics.median(values):>10.0f} median"
    return f"{statistics.median(values):>7.1f} /{percentile(values, 0.95):>7.1f}"


def _verdict(values: list[float] | None, target: float, median_only: bool) -> str:
    if not values:
        return ""
    value = statistics.median(values) if median_only else percentile(values, 0.95)
    return "ok" if value <= target else "MISSED"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sizes", default="2225,5000,19043", help="corpus sizes (the corpus itself, or it repeated)")
    parser.add_argument("--home", type=Path, default=DEFAULT_HOME, help="the warm NEWSDESK_HOME (prepared once, then reused)")
    parser.add_argument("--baseline", type=Path, help="another checkout to measure in the same run (e.g. /work/main)")
    parser.add_argument("--presses", type=int, default=40, help="presses of each key")
    parser.add_argument("--rounds", type=int, default=1, help="times each checkout is measured per size (interleaved)")
    parser.add_argument("--first-frame-runs", type=int, default=5)
    parser.add_argument("--first-frame-sizes", default="2225,19043")
    parser.add_argument("--profile", type=Path, help="folder for cProfile output of this checkout's presses")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child is not None:
        profile = args.profile
        samples = asyncio.run(_measure(args.child, args.presses, profile))
        print(json.dumps(samples))
        return

    if not args.corpus.exists():
        raise SystemExit(f"corpus not found: {args.corpus}")
    sizes = [int(s) for s in args.sizes.split(",") if s]
    frame_sizes = [int(s) for s in args.first_frame_sizes.split(",") if s]
    paths = prepare(args.home, args.corpus, sorted(set(sizes) | set(frame_sizes)))
    checkouts = [("baseline", args.baseline.resolve())] if args.baseline else []
    checkouts.append(("this", ROOT))

    print(f"keystrokes (Pilot, headless {SIZE[0]}x{SIZE[1]}, warm NEWSDESK_HOME {args.home}); p50 / p95 ms")
    print(f"  {_uptime()}")
    results: dict[tuple[str, int, str], list[float]] = {}
    for size in sizes:
        for round_ in range(args.rounds):
            for name, root in checkouts:
                profile = None
                if args.profile is not None and name == "this":
                    args.profile.mkdir(parents=True, exist_ok=True)
                    profile = args.profile / f"keys-{size}-{round_}.prof"
                started = time.perf_counter()
                samples = keys_child(root, args.home, paths[size], args.presses, profile)
                for metric, values in samples.items():
                    results.setdefault((name, size, metric), []).extend(values)
                print(f"  measured {name:8} at {size:>5} articles in {time.perf_counter() - started:5.0f} s", flush=True)
    for size in frame_sizes:
        for _ in range(args.first_frame_runs):
            for name, root in checkouts:
                results.setdefault((name, size, "first frame"), []).append(first_frame(root, args.home, paths[size]))
        print(f"  first frames at {size} articles measured", flush=True)

    print(f"\n  {_uptime()}")
    header = f"  {'metric':14} {'articles':>8} {'target':>8}"
    for name, root in checkouts:
        header += f" | {name + ' (' + root.name + ')':>24}"
    print(header)
    for metric, (target, _) in TARGETS.items():
        for size in sizes + [s for s in frame_sizes if s not in sizes]:
            median_only = metric == "first frame"
            if not any((name, size, metric) in results for name, _ in checkouts):
                continue
            line = f"  {metric:14} {size:>8} {('<=' + str(target)):>8}"
            for name, _ in checkouts:
                values = results.get((name, size, metric))
                line += f" | {_cell(values, median_only)} {_verdict(values, target, median_only):>6}"
            print(line)
    print(f"\n  CPU time of the app's process per press (all its threads; less sensitive to the machine's load than wall time), p50 / p95 ms")
    for metric in [m for m in TARGETS if m != "first frame"]:
        for size in sizes:
            if not any((name, size, metric + " cpu") in results for name, _ in checkouts):
                continue
            line = f"  {metric + ' cpu':18} {size:>8}     "
            for name, _ in checkouts:
                line += f" | {_cell(results.get((name, size, metric + ' cpu')))}       "
            print(line)
    print("\n  p50 / p95 over every press (first frame: median of runs); ok/MISSED compares the p95 (first frame: the median) with the target.")
    for metric, (target, what) in TARGETS.items():
        print(f"  {metric:14} {what}")


if __name__ == "__main__":
    main()
