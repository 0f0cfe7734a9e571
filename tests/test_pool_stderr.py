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
