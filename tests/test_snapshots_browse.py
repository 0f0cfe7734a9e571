"""Snapshots of the Outlets and Annotations views and the metadata and filter dialogs,
at 80×24 and 160×50 (issue 11, "Missing"). Update after an intended change with
``pytest tests/test_snapshots_browse.py --snapshot-update``, then look at the SVGs."""

from __future__ import annotations

import shutil

import pytest

from .conftest import SEEDS

from .scenarios import Scene, keys, make_app, settle, steady_cursors, warm_analysis_cache, warm_home  # noqa: F401 - fixtures


async def _outlets(pilot) -> None:
    await settle(pilot)
    await pilot.press("6")
    await pilot.pause()
    await pilot.pause()
    await pilot.press("j", "enter")  # the list shows only that outlet's articles
    await pilot.pause()
    await pilot.press("6")
    await pilot.pause()
    await pilot.pause()


async def _annotations(pilot) -> None:
    await settle(pilot)
    await pilot.press("right_square_bracket", "a")
    await pilot.pause()
    await pilot.press("2", "tab", *keys("dated in June"), "tab", *keys("dates"), "ctrl+s")
    await settle(pilot)
    await pilot.press("7")
    await pilot.pause()
    await pilot.pause()


async def _metadata(pilot) -> None:
    await settle(pilot)
    await pilot.press("m")
    await pilot.pause()
    steady_cursors(pilot)
    await pilot.press("tab", "tab", "ctrl+u", *keys("27/04/2025"), "enter")
    await pilot.pause()


async def _filter(pilot) -> None:
    await settle(pilot)
    await pilot.press("o", "l")
    await pilot.pause()
    steady_cursors(pilot)
    await pilot.press("tab", *keys("2025-04"))
    await pilot.pause()


BROWSE_SCENES = [
    Scene("outlets-80x24", (80, 24), _outlets, "The Outlets view (6): article counts; enter filters the list"),
    Scene("outlets-160x50", (160, 50), _outlets, "The Outlets view in a wide terminal, the list filtered to one outlet"),
    Scene("annotations-80x24", (80, 24), _annotations, "The Annotations view (7): every annotation, v/t/A filters"),
    Scene("annotations-160x50", (160, 50), _annotations, "The Annotations view in a wide terminal"),
    Scene("metadata-80x24", (80, 24), _metadata, "Correcting an article's metadata (m): a bad date gets one line"),
    Scene("metadata-160x50", (160, 50), _metadata, "The metadata dialog in a wide terminal"),
    Scene("filter-80x24", (80, 24), _filter, "Filtering the list by outlet and dates (l), sorted newest first (o)"),
    Scene("filter-160x50", (160, 50), _filter, "The filter dialog in a wide terminal"),
]


@pytest.mark.parametrize("scene", BROWSE_SCENES, ids=[scene.name for scene in BROWSE_SCENES])
def test_browse_scene(snap_compare, scene, isolated_home):
    paths = None
    if scene.name.startswith("metadata"):
        # A copy (the bundled seeds are never changed), under $NEWSDESK_HOME so the path shown is the same everywhere.
        paths = [shutil.copytree(SEEDS, isolated_home / "corpus")]
    assert snap_compare(make_app(paths), terminal_size=scene.size, run_before=scene.act)
