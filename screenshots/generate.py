"""Regenerate the SVG screenshots shown in the README.

    python screenshots/generate.py

Each scene is defined once in tests/scenarios.py, which the snapshot tests
check too. The index goes to a throw-away NEWSDESK_HOME so the pictures do
not depend on this machine's cache.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


async def draw(scene, target: Path) -> None:
    from tests.scenarios import make_app

    app = make_app()
    async with app.run_test(size=scene.size) as pilot:
        await scene.act(pilot)
        await pilot.pause()
        app.save_screenshot(filename=target.name, path=str(target.parent))


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        os.environ["NEWSDESK_HOME"] = home
        from tests.scenarios import SCENES

        for scene in SCENES:
            target = HERE / f"{scene.name}.svg"
            asyncio.run(draw(scene, target))
            print(f"wrote {target.relative_to(HERE.parent)}  ({scene.caption})")


if __name__ == "__main__":
    main()
