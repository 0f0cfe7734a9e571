"""Shared fixtures. Every test gets its own NEWSDESK_HOME so no test touches
the user's real index or config, and tests cannot see each other's files."""

from __future__ import annotations

import gc
import os
import shutil
import sqlite3
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

import pytest
import textual._wait
import textual.constants
import textual.screen
from textual.app import App
from textual.screen import Screen

from search import Library, default_paths

# Textual animates the tabs' underline and smooth scrolling over about 0.3 s at 60 frames
# a second, and every test that switched a view or scrolled drew those frames: about half
# the time of such a test. Tests look at what the screen settles to, so they run with
# animations off, as TEXTUAL_ANIMATIONS=none does for a user (and for the apps tests
# start in a subprocess). A test about animation itself sets ``app.animation_level``.
os.environ["TEXTUAL_ANIMATIONS"] = "none"
textual.constants.TEXTUAL_ANIMATIONS = "none"


# Textual's pilot waits after every key and every ``pause()`` until the process looks idle:
# it sleeps in steps of 20 ms until one step passes with under 1 ms of CPU. So each key a
# test presses cost at least 40 ms of nothing, about a quarter of the suite's time. Tests
# sleep in steps of 5 ms with the same ratio (a step counts as idle under 5% CPU), so the
# pilot still waits for the app to settle but notices sooner that it has. A screen's frame
# timer ticks every 4 ms instead of 16.7 (60 a second), shorter than one idle step, so a
# step cannot look idle while a frame, and the ``call_after_refresh`` work it runs (a
# scroll to the end, say), is still due: with 5 ms steps and 60 frames a second, two app
# tests in three suite runs saw the state before such a frame. Headless apps draw no frame
# here (below), so the faster timer costs next to nothing.
textual._wait.SLEEP_GRANULARITY = 0.005
textual._wait.SLEEP_IDLE = textual._wait.SLEEP_GRANULARITY / 20
textual.screen.UPDATE_PERIOD = 0.004


# A headless app (``App.run_test``) renders every frame and then throws it away: Textual's
# ``App._display`` writes nothing when headless. That rendering was about half the CPU time
# of an app test. So in tests a headless app draws no intermediate frames; what a test
# looks at comes from the widgets' state, or from a screenshot, which renders the whole
# screen itself. The last frame of every app test is still drawn in full when its
# ``run_test`` block ends, so a widget that fails to render still fails its test. Tests
# about drawing (which lines a key repaints, the frame a key produces) are marked
# ``every_frame`` and render every frame as a terminal does.
_RENDER_EVERY_FRAME = False
_real_compositor_refresh = Screen._compositor_refresh
_real_run_test = App.run_test


def _compositor_refresh(self: Screen) -> None:
    app = self.app
    if _RENDER_EVERY_FRAME or not app.is_headless or app.is_inline or self is not app.screen:
        _real_compositor_refresh(self)
        return
    self._compositor._dirty_regions.clear()  # noqa: SLF001 - what render_update would clear
    self._dirty_widgets.clear()  # noqa: SLF001
    app._update_mouse_over(self)  # noqa: SLF001 - as _compositor_refresh ends


@asynccontextmanager
async def _run_test(self: App, *args, **kwargs):
    async with _real_run_test(self, *args, **kwargs) as pilot:
        yield pilot
        if self.is_running and self._screen_stack:  # noqa: SLF001 - the app did not quit
            await pilot.pause()
            self.screen._compositor.render_update(full=True, screen_stack=self._background_screens)  # noqa: SLF001


Screen._compositor_refresh = _compositor_refresh
App.run_test = _run_test


@pytest.fixture(autouse=True)
def _frames(request):
    """Every frame rendered for a test marked ``every_frame`` (see above)."""
    global _RENDER_EVERY_FRAME
    _RENDER_EVERY_FRAME = request.node.get_closest_marker("every_frame") is not None
    yield
    _RENDER_EVERY_FRAME = False

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
BBC = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "bbc" / "bbc.jsonl"


@pytest.fixture(autouse=True)
def _old_objects_frozen():
    """Before each test, what earlier tests left alive (the spaCy model, imported modules,
    session fixtures) is moved out of the garbage collector's sight (``gc.freeze``).

    A test process holds a large heap, and each full collection walked all of it again:
    about a third of an app test's CPU time went to collections that found nothing old
    to free. Garbage is collected first, so nothing a test dropped is kept."""
    gc.collect()
    gc.freeze()
    yield


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


def _warm_home_once(base: Path) -> Path:
    """The seeds analysed and indexed once for the whole run, in ``base/warm-home``.

    Under pytest-xdist every worker asks; the first makes it under a lock and the
    others wait and reuse it (spaCy is the slow part of opening the seeds)."""
    import fcntl

    home = base / "warm-home"
    with open(base / "warm-home.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (home / "done").exists():
            shutil.rmtree(home, ignore_errors=True)
            home.mkdir(parents=True)
            with home_at(home):
                library = Library.load(default_paths())
                library.ensure_index()
                library.close()
            # Everything into the cache file itself: the cache is in WAL mode, and its
            # last rows can be left in ``analysis.sqlite-wal``, which a copy of the file
            # alone would lose (each test then analysed the seeds again with spaCy).
            db = sqlite3.connect(home / ANALYSIS_CACHE)
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            db.close()
            (home / "done").write_text("ok")
    return home


@pytest.fixture(scope="session")
def warm_seeds_home(tmp_path_factory, pytestconfig) -> Path:
    """A NEWSDESK_HOME holding the seeds' analysis cache and their search index."""
    base = tmp_path_factory.getbasetemp()
    if hasattr(pytestconfig, "workerinput"):  # an xdist worker: the workers' base folders share a parent
        base = base.parent
    return _warm_home_once(base)


@pytest.fixture(scope="session")
def warm_analysis_cache(warm_seeds_home) -> Path:
    """The seeds' analysis cache, made once per test run."""
    return warm_seeds_home / ANALYSIS_CACHE


def copy_warm_home(warm: Path, target: Path, index: bool = True) -> None:
    """Start ``target`` (a test's NEWSDESK_HOME) with the warm analysis cache and,
    when ``index``, the seeds' search index (as on a user's second start)."""
    shutil.copy2(warm / ANALYSIS_CACHE, target / ANALYSIS_CACHE)
    if index:
        for entry in warm.iterdir():
            if entry.is_dir():
                shutil.copytree(entry, target / entry.name, dirs_exist_ok=True)


@pytest.fixture
def seeds_analysed(warm_seeds_home, isolated_home) -> Path:
    """This test's cache starts with the seeds' analysis (as on a second start): for
    tests about the index or annotations on ``seeds_copy``, where analysing the seeds
    with the model again is only cost. Tests about analysis itself leave it out."""
    shutil.copy2(warm_seeds_home / ANALYSIS_CACHE, isolated_home / ANALYSIS_CACHE)
    return isolated_home / ANALYSIS_CACHE


@pytest.fixture
def library(warm_seeds_home, isolated_home) -> Library:
    """The seeds, indexed, with their analysis read from the session's warm cache."""
    copy_warm_home(warm_seeds_home, isolated_home)
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


def pytest_xdist_auto_num_workers(config) -> int:
    """``-n auto`` (pyproject.toml): half again as many workers as cores. The app tests
    spend part of their time idle (Textual's pilot waits for the app to go
    quiet after each key, in steps, see above), so a third worker per two cores keeps the
    cores busy; more only adds worker start-up (imports, the model) and contention."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(2, cores + cores // 2)
