"""Shared fixtures. Every test gets its own NEWSDESK_HOME so no test touches
the user's real index or config, and tests cannot see each other's files."""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

from search import Library, default_paths

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
BBC = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "bbc" / "bbc.jsonl"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory, monkeypatch) -> Path:
    home = tmp_path_factory.mktemp("newsdesk-home")
    monkeypatch.setenv("NEWSDESK_HOME", str(home))
    return home


@pytest.fixture
def seeds_copy(tmp_path) -> Path:
    """A writable copy of the seed corpus."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


ANALYSIS_CACHE = "analysis.sqlite"  # in NEWSDESK_HOME; see search/analysis/cache.py


@contextmanager
def home_at(home: Path):
    """``NEWSDESK_HOME`` set to ``home`` for the block (for fixtures wider than one test,
    where monkeypatch is not available)."""
    before = os.environ.get("NEWSDESK_HOME")
    os.environ["NEWSDESK_HOME"] = str(home)
    try:
        yield home
    finally:
        if before is None:
            del os.environ["NEWSDESK_HOME"]
        else:
            os.environ["NEWSDESK_HOME"] = before


@pytest.fixture(scope="session")
def warm_analysis_cache(tmp_path_factory) -> Path:
    """The seeds analysed once per test session (spaCy is the slow part of opening them)."""
    with home_at(tmp_path_factory.mktemp("warm-home")) as home:
        library = Library.load(default_paths())
        library.analyse()
        library.close()
    return home / ANALYSIS_CACHE


@pytest.fixture
def library(warm_analysis_cache, isolated_home) -> Library:
    """The seeds, indexed, with their analysis read from the session's warm cache."""
    if warm_analysis_cache.exists():
        shutil.copy2(warm_analysis_cache, isolated_home / ANALYSIS_CACHE)
    lib = Library.load(default_paths())
    lib.ensure_index()
    yield lib
    lib.close()


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path
