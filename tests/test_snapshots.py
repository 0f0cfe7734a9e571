"""What the screen shows, compared with accepted SVG snapshots.

Update after an intended change with: pytest tests/test_snapshots.py --snapshot-update
(then look at the new files under tests/__snapshots__/ before committing them).
"""

from __future__ import annotations

import pytest

from .scenarios import SCENES, make_app, warm_analysis_cache, warm_home  # noqa: F401 - fixtures


# No reruns: the one scene that once differed under load did so because the
# note field's cursor blinks (see scenarios.steady_cursors); it no longer does.
@pytest.mark.parametrize("scene", SCENES, ids=[scene.name for scene in SCENES])
@pytest.mark.cold_index  # the pictures show a first start: "indexed 5 articles (new index)"
def test_scene(snap_compare, scene):
    assert snap_compare(make_app(), terminal_size=scene.size, run_before=scene.act)
