"""The analysis pool starts while a Textual app runs, when ``sys.stderr`` is the
app's print capture (its ``fileno()`` is -1)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CODE = textwrap.dedent(
    """
    import io, sys
    from pathlib import Path

    class Capture(io.TextIOBase):  # like Textual's: writable, no descriptor
        def write(self, text):
            return len(text)

        def fileno(self):
            return -1

    folder = Path(sys.argv[1])
    for n in range(6):
        (folder / f"a{n}.txt").write_text(f"Report {n}\\n\\nPresident Putin visited Paris on day {n}, officials said.\\n")
    from search import Library
    from search import analysis as pipeline

    pipeline.POOL_MIN = 1
    pipeline.BATCH = 2
    library = Library.load([folder], prefer_model=False)
    sys.stderr = Capture()
    library.analyse(workers=2)
    sys.stderr = sys.__stderr__
    print(library.analysis_status())
    """
)


def test_the_pool_starts_under_a_print_capture(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT), NEWSDESK_HOME=str(tmp_path / "home"))
    (tmp_path / "news").mkdir()
    done = subprocess.run([sys.executable, "-c", CODE, str(tmp_path / "news")], env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "None"


UNGUARDED = textwrap.dedent(
    """
    import sys
    from search import Library
    from search.index import build

    build.PARALLEL_FROM = 2  # a build split across worker processes, however small
    library = Library.load([sys.argv[1]])
    library.ensure_text_index()
    print("found", library.search("quokka").total)
    """
)


def test_a_script_without_a_main_guard_can_build_in_worker_processes(tmp_path):
    # multiprocessing runs an unguarded main script again in each worker; this one
    # would open the library there and wait for its parent's index lock for ever.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(6):
        (corpus / f"a{n}.txt").write_text(f"Quokka report {n}\\n\\nRangers counted {n} quokkas.\\n", encoding="utf-8")
    script = tmp_path / "script.py"
    script.write_text(UNGUARDED, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT), NEWSDESK_HOME=str(tmp_path / "home"))
    done = subprocess.run([sys.executable, str(script), str(corpus)], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "found 6" in done.stdout
