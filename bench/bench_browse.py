"""Benchmarks for the list's sort and filters and for correcting metadata.

    python bench/bench_browse.py [--corpus ../shared/corpora/bbc/bbc.jsonl] [--rules]

Prints: sorting and filtering the corpus (each sort, an outlet filter, a date
range), counting outlets, writing one correction to catalog.yaml, re-reading the
corpus and updating the index afterwards (what the app's worker does after ``m``).
Everything is written to a throw-away NEWSDESK_HOME; the corpus is copied there.
Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "bbc" / "bbc.jsonl"


def timed(run, repeat: int = 5) -> float:
    """Median milliseconds of ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--rules", action="store_true", help="rule-based entities (no spaCy): quicker first analysis")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="newsdesk-bench-browse-"))
    os.environ["NEWSDESK_HOME"] = str(home)
    try:
        from search import Library
        from search.listing import SORTS, Listing, outlet_counts, parse_bound

        folder = home / "corpus"
        folder.mkdir()
        shutil.copy2(args.corpus, folder / args.corpus.name)
        library = Library.load([folder], prefer_model=not args.rules)
        articles = list(library.articles)
        print(f"corpus: {len(articles)} articles from {args.corpus.name}")
        for sort in SORTS:
            print(f"  sort {sort:<7} {timed(lambda: Listing(sort=sort).apply(articles)):8.2f} ms")
        outlet = outlet_counts(articles)[0].outlet
        print(f"  outlet filter   {timed(lambda: Listing(outlet=outlet).apply(articles)):8.2f} ms")
        dates = Listing().with_dates(parse_bound("2004"), parse_bound("2005", end=True))
        print(f"  date filter     {timed(lambda: dates.apply(articles)):8.2f} ms")
        print(f"  outlet counts   {timed(lambda: outlet_counts(articles)):8.2f} ms")
        start = time.perf_counter()
        library.ensure_index()
        print(f"first index build (with analysis): {time.perf_counter() - start:8.2f} s")
        target = articles[len(articles) // 2].id
        from search.sources.catalog import write_entry, catalog_key

        article = library.article(target)
        print(f"  one correction written    {timed(lambda: write_entry(folder, catalog_key(article), {'source': 'Desk Wire'})):8.2f} ms")
        start = time.perf_counter()
        library.reload()
        reload_s = time.perf_counter() - start
        start = time.perf_counter()
        library.ensure_index()
        index_s = time.perf_counter() - start
        print(f"  corpus re-read            {reload_s * 1000:8.2f} ms")
        print(f"  index updated afterwards  {index_s:8.2f} s")
        library.close()
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
