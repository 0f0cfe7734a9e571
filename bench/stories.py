"""Stories benchmark: grouping a corpus into stories and comparing them.

    python bench/stories.py [--corpus FILE] [--sample N] [--home DIR]

Analyses the first ``N`` articles of the corpus (default 300; the analysis is
cached in ``--home``, a throw-away NEWSDESK_HOME unless given), then prints
how long finding the stories and comparing each one takes, and how many
stories and articles in them there are. Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "bbc" / "bbc.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sample", type=int, default=300)
    parser.add_argument("--home", type=Path, help="NEWSDESK_HOME to keep the analysis cache in")
    args = parser.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="newsdesk-bench-stories-"))
    os.environ["NEWSDESK_HOME"] = str(home)
    from search import Library

    sample = home / "sample.jsonl"
    with args.corpus.open(encoding="utf-8") as source, sample.open("w", encoding="utf-8") as target:
        target.writelines(itertools.islice(source, args.sample))
    library = Library.load([sample])
    started = time.perf_counter()
    library.analyse(workers=1)
    analysed = time.perf_counter() - started
    started = time.perf_counter()
    stories = library.stories()
    grouped = time.perf_counter() - started
    started = time.perf_counter()
    for story in stories:
        library.story_comparison(story.id)
    compared = time.perf_counter() - started
    print(f"articles                 {len(library.articles)}")
    print(f"analysis (or cache read) {analysed:8.2f} s")
    print(f"find stories             {grouped:8.3f} s")
    print(f"compare every story      {compared:8.3f} s  ({compared / max(1, len(stories)) * 1000:.1f} ms each)")
    print(f"stories                  {len(stories)}  ({sum(len(s.members) for s in stories)} articles in them)")


if __name__ == "__main__":
    main()
