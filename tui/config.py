"""User settings for the app: ``config.yaml`` with a ``keymap`` (binding id -> keys),
a ``theme``, the reader's width (``reader_width``) and the reviewer's name
(``author``, for exports).

Settings chosen in the app are written back with :func:`save_setting`: one
top-level line is replaced (or added), everything else the user wrote
(comments, other keys, order) is kept, and the file is replaced atomically."""

from __future__ import annotations

from dataclasses import dataclass, field
import re
from pathlib import Path

import yaml

from search import paths
from search.errors import InputError, load_yaml, yaml_error_message
from search.files import atomic_write
from search.paths import display_location  # noqa: F401 - re-exported for the views


def config_path() -> Path:
    return paths.config_file()


@dataclass
class Settings:
    path: Path
    keymap: dict[str, str] = field(default_factory=dict)
    theme: str | None = None
    reader_width: int | None = None  # the reader's share of the panes (see tui/reading.py)
    author: str | None = None  # who reviews, for ClaimReview exports
    problem: str | None = None  # why the file was (partly) ignored, for the user


def load_settings(path: Path | None = None) -> Settings:
    path = path or config_path()
    settings = Settings(path=path)
    if not path.exists():
        return settings
    try:
        data = load_yaml(path.read_text(encoding="utf-8"), path) or {}
    except InputError as exc:
        settings.problem = f"{path}: {yaml_error_message(exc)}; settings ignored"
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
    width = data.get("reader_width")
    if isinstance(width, int) and not isinstance(width, bool):
        settings.reader_width = width
    author = data.get("author")
    if isinstance(author, str) and author.strip():
        settings.author = author.strip()
    return settings


def save_setting(path: Path, key: str, value: str | int) -> str | None:
    """Set the top-level ``key`` in the config file to ``value``, keeping the rest
    of the file as the user wrote it. Returns why it was not saved, or None.

    A file that does not parse (or is not a mapping) is never rewritten."""
    line = f"{key}: {_scalar(value)}"
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        data = load_yaml(text, path) if text.strip() else {}
    except InputError as exc:
        return f"{path}: not saved, the file cannot be read as YAML ({yaml_error_message(exc)})"
    except (OSError, UnicodeDecodeError) as exc:
        return f"{path}: not saved, the file cannot be read ({type(exc).__name__})"
    if not isinstance(data, dict):
        return f"{path}: not saved, the file is not a mapping of settings"
    pattern = re.compile(rf"^{re.escape(key)}[ \t]*:[^\n#]*?(?P<comment>[ \t]+#[^\n]*)?$", re.MULTILINE)
    if key in data and pattern.search(text):
        text = pattern.sub(lambda m: line + (m.group("comment") or ""), text, count=1)
    else:
        text = text + ("" if not text or text.endswith("\n") else "\n") + line + "\n"
    try:
        atomic_write(path, text)
    except OSError as exc:
        return f"{path}: not saved ({exc.strerror or exc})"
    return None


def _scalar(value: str | int) -> str:
    if isinstance(value, int):
        return str(value)
    return value if re.fullmatch(r"[A-Za-z][\w.-]*", value) else yaml.safe_dump(value, default_style='"').strip()
