"""The engine never knows the interface, and the interface never touches Whoosh."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from .conftest import copy_warm_home

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


def test_importing_the_engine_loads_no_textual(warm_seeds_home, isolated_home):
    copy_warm_home(warm_seeds_home, isolated_home)  # the subprocess's NEWSDESK_HOME: no spaCy run needed
    code = "import sys, search; lib = search.Library.load(); lib.ensure_index(); lib.search('kursk'); print('textual' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "False", done.stderr


def test_command_line_search_loads_no_textual(warm_seeds_home, isolated_home):
    copy_warm_home(warm_seeds_home, isolated_home)
    code = "import sys; from tui.cli import main; main(['search', 'kursk', '--json']); print('textual' in sys.modules, file=sys.stderr)"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.stderr.strip().endswith("False"), done.stderr


# -- layers: data flows one way ---------------------------------------------------------
# files -> sources -> analysis -> index -> read model (Library) -> front ends.
# Each engine module belongs to a layer and may import only its own layer and
# the layers below it; stages of the same rank (sources, analysis, annotations)
# do not import each other.
LAYERS = {
    # plain types and leaf helpers with no I/O of their own
    "model": ("article", "results", "views", "errors", "paths", "sanitize", "syntax", "lexicon", "plugins", "files", "speakers", "citation", "listing", "processes"),
    "sources": ("sources",),
    "analysis": ("analysis",),
    "annotations": ("annotations",),
    "index": ("index",),
    "feeds": ("feeds",),  # bringing news in: feeds, pages, OPML -> .md files
    "reports": ("reports",),  # search results and the claims board as files (formats registry)
    "stories": ("stories",),  # several outlets' reports of one event compared (reads the analysis)
    "facade": ("api", "library", "__init__"),
}
MAY_IMPORT = {
    "model": {"model"},
    "sources": {"model", "sources"},
    "analysis": {"model", "analysis"},
    "annotations": {"model", "annotations"},
    "index": {"model", "analysis", "index"},
    "feeds": {"model", "feeds"},
    "reports": {"model", "reports"},
    "stories": {"model", "analysis", "stories"},
    "facade": set(LAYERS),
}
# What the front ends may use of the engine: the façade, the read model's types and
# the public packages of the annotations (exporters) and sources (formats) stages.
FRONT_END_MAY_IMPORT = {"search", "search.api", "search.library", "search.annotations", "search.sources", "search.feeds", "search.reports"} | {
    f"search.{name}" for name in LAYERS["model"]
}


def _layer_of(module: str) -> str | None:
    """``search.index.query`` -> "index"."""
    head = module.split(".")[1] if module.count(".") >= 1 else "__init__"
    for layer, names in LAYERS.items():
        if head in names:
            return layer
    return None


def _engine_imports():
    """(importing module, imported search module) for every import inside search/."""
    for path in (ROOT / "search").rglob("*.py"):
        relative = path.relative_to(ROOT).with_suffix("")
        parts = list(relative.parts)
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        package = ".".join(parts[:-1])
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            targets = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    stem = ".".join(base + ([node.module] if node.module else []))
                    targets = [stem] if node.module else [f"{stem}.{alias.name}" for alias in node.names]
                elif node.module:
                    targets = [node.module]
            for target in targets:
                if target == "search" or target.startswith("search."):
                    yield module, target


def test_every_engine_module_has_a_layer():
    names = {p.stem if p.parent == ROOT / "search" else p.relative_to(ROOT / "search").parts[0] for p in (ROOT / "search").rglob("*.py")}
    assert {n for n in names if _layer_of(f"search.{n}") is None} == set()


def test_engine_layers_import_only_downwards():
    wrong = []
    for module, target in _engine_imports():
        mine, theirs = _layer_of(module), _layer_of(target)
        if theirs is not None and theirs not in MAY_IMPORT[mine]:
            wrong.append(f"{module} ({mine}) imports {target} ({theirs})")
    assert wrong == []


def test_front_ends_use_only_the_facade_and_the_read_model():
    wrong = []
    for path in (ROOT / "tui").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                if name.split(".")[0] == "search":
                    allowed = any(name == ok or name.startswith(ok + ".") and ok != "search" for ok in FRONT_END_MAY_IMPORT)
                    if not allowed:
                        wrong.append(f"{path.relative_to(ROOT)} imports {name}")
    assert wrong == []
