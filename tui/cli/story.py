"""``newsdesk story ID [--json|--md]``: see ``stories.py``, which holds both commands."""

from __future__ import annotations

from .stories import run_story as run
from .stories import story_parser as parser

__all__ = ["parser", "run"]
