"""The command line does not import Textual for help, search or analyze (only opening the app does)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .conftest import copy_warm_home

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = """
import sys
from tui.cli import main
for argv in (["--help"], ["search", "--help"], ["search", "kursk", "--json"], ["analyze", "--json", sys.argv[1]]):
    try:
        main(argv)
    except SystemExit:
        pass
    loaded = sorted(name for name in sys.modules if name == "textual" or name.startswith("textual."))
    print("AFTER", argv[0], len(loaded), file=sys.stderr)
"""


def test_help_search_and_analyze_import_no_textual(tmp_path, warm_seeds_home):
    (tmp_path / "home").mkdir()
    copy_warm_home(warm_seeds_home, tmp_path / "home")  # "search kursk" finds the seeds indexed
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("A short article. Kursk is a city.", encoding="utf-8")
    env = {**os.environ, "NEWSDESK_HOME": str(tmp_path / "home"), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(corpus)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    lines = [line for line in done.stderr.splitlines() if line.startswith("AFTER")]
    assert lines == ["AFTER --help 0", "AFTER search 0", "AFTER search 0", "AFTER analyze 0"], done.stderr[-2000:]

