"""The engine never knows the interface, and the interface never touches Whoosh."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(package: str) -> set[str]:
    names = set()
    for path in (ROOT / package).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
    return names


def test_engine_does_not_import_textual():
    assert "textual" not in imported_modules("search")
    assert "tui" not in imported_modules("search")


def test_interface_does_not_import_whoosh():
    assert "whoosh" not in imported_modules("tui")


def test_importing_the_engine_loads_no_textual():
    code = "import sys, search; lib = search.Library.load(); lib.ensure_index(); lib.search('kursk'); print('textual' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "False", done.stderr


def test_command_line_search_loads_no_textual():
    code = "import sys; from tui.cli import main; main(['search', 'kursk', '--json']); print('textual' in sys.modules, file=sys.stderr)"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.stderr.strip().endswith("False"), done.stderr
