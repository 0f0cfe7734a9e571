"""User settings for the app: ``config.yaml`` with a ``keymap`` (binding id -> keys)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from search import paths
from search.paths import display_location  # noqa: F401 - re-exported for the views


def config_path() -> Path:
    return paths.config_file()


@dataclass
class Settings:
    path: Path
    keymap: dict[str, str] = field(default_factory=dict)
    theme: str | None = None
    problem: str | None = None  # why the file was (partly) ignored, for the user


def load_settings(path: Path | None = None) -> Settings:
    path = path or config_path()
    settings = Settings(path=path)
    if not path.exists():
        return settings
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        settings.problem = f"{path}: invalid YAML{where}; settings ignored"
        return settings
    except (OSError, UnicodeDecodeError) as exc:
        settings.problem = f"{path}: cannot read ({exc}); settings ignored"
        return settings
    if not isinstance(data, dict):
        settings.problem = f"{path}: expected keys such as 'keymap:'; settings ignored"
        return settings
    keymap = data.get("keymap") or {}
    if isinstance(keymap, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in keymap.items()):
        settings.keymap = dict(keymap)
    else:
        settings.problem = f"{path}: 'keymap' must map binding ids to keys, e.g. reader.next_hit: ctrl+n"
    theme = data.get("theme")
    if isinstance(theme, str):
        settings.theme = theme
    return settings
