"""``catalog.yaml``: per-file metadata overrides kept beside the files.

Each key is a file name (or, for a file of many articles, an article id) and
its value a mapping of ``title``, ``source``, ``date`` and ``url``; what the
catalog says wins over what the file says.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Mapping

import yaml

from ..errors import InputError, load_yaml, yaml_error_message
from ..files import atomic_write
from ..sanitize import clean_field
from ._base import Catalog, LoadProblem

CATALOG_NAME = "catalog.yaml"


def read_catalog(folder: Path, problems: list[LoadProblem]) -> Catalog:
    """The overrides in ``folder``; a bad catalog is reported and ignored."""
    path = folder / CATALOG_NAME
    if not path.is_file():
        return {}
    try:
        data = load_yaml(path.read_text(encoding="utf-8"), path, dates=False) or {}
    except InputError as exc:
        problems.append(LoadProblem(path, f"catalog ignored: {yaml_error_message(exc)}"))
        return {}
    except FileNotFoundError:
        return {}  # removed since it was looked for
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(LoadProblem(path, f"catalog ignored: {exc}"))
        return {}
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        problems.append(LoadProblem(path, "catalog ignored: expected a mapping of file name to {title, source, date, url}"))
        return {}
    return {str(k): v for k, v in data.items()}


# -- correcting an article's metadata from the app or the command line ----------------------------
EDITABLE = ("title", "source", "date")  # what a user corrects; ``url`` is left as the file says


class CatalogError(InputError):
    """The catalog cannot be changed (unreadable, malformed, or not writable); nothing was written."""


def check_changes(changes: Mapping[str, object]) -> dict[str, str | None]:
    """Validate corrections typed by a user: ``{field: text}`` for fields in ``EDITABLE``.

    Returns what to write: the cleaned text, or None to drop the catalog's value
    (an empty outlet or date: the file's own, or the inferred one, applies again).
    Raises :class:`CatalogError` with one plain sentence for an empty title or a
    date that is not ``YYYY-MM-DD``."""
    checked: dict[str, str | None] = {}
    for name, value in changes.items():
        if name not in EDITABLE:
            raise CatalogError(f"{name!r} cannot be set here: use one of {', '.join(EDITABLE)}")
        text = clean_field(value)
        if name == "title" and not text:
            raise CatalogError("the title cannot be empty")
        if name == "date" and text:
            try:
                if not _ISO_DATE.fullmatch(text):
                    raise ValueError(text)
                text = dt.date.fromisoformat(text).isoformat()
            except ValueError:
                raise CatalogError(f"date {text!r} is not a date in YYYY-MM-DD form (e.g. 2025-04-27)") from None
        checked[name] = text
    return checked


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def catalog_key(article) -> str:
    """The catalog key that overrides ``article``: its file's name, or for a file of
    many articles (JSON Lines), the article's id."""
    return article.id if article.line is not None else article.path.name


def write_entry(folder: Path, key: str, changes: Mapping[str, str | None]) -> tuple[Path, bool]:
    """Set (or, for None, remove) fields of the catalog entry ``key`` in ``folder``.

    The rest of the file is kept as the user wrote it: other entries, other
    fields, comments and order (only when the file's layout is too unusual to
    edit in place is it written out afresh, every entry kept; the second value
    returned is False then). The file is replaced atomically. A catalog that
    cannot be read or is not a mapping of entries is never overwritten:
    :class:`CatalogError` says why."""
    path = folder / CATALOG_NAME
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError(f"{path}: not changed, it cannot be read ({exc}); fix or move it first") from None
    try:
        data = load_yaml(text, path, dates=False) if text.strip() else None
    except InputError as exc:
        raise CatalogError(f"{path}: not changed, {yaml_error_message(exc)}; fix it first") from None
    data = {} if data is None else data
    if not isinstance(data, dict) or not all(isinstance(v, (dict, type(None))) for v in data.values()):
        raise CatalogError(f"{path}: not changed, it is not a mapping of file name to {{title, source, date, url}}; fix it first")
    expected = _expected(data, key, changes)
    edited = _edit_in_place(text, key, changes)
    kept = edited is not None and _parses_to(edited, expected)
    if not kept:
        edited = _leading_comments(text) + yaml.safe_dump(expected, sort_keys=False, allow_unicode=True, width=1000) if expected else ""
    try:
        atomic_write(path, edited)
    except OSError as exc:
        raise CatalogError(f"{path}: not written ({exc.strerror or exc})") from None
    return path, kept


def _expected(data: dict, key: str, changes: Mapping[str, str | None]) -> dict:
    """The catalog as it should read afterwards."""
    result = dict(data)
    existing = next((k for k in data if str(k) == key), None)
    entry = dict(data.get(existing) or {}) if existing is not None else {}
    for name, value in changes.items():
        if value is None:
            entry.pop(name, None)
        else:
            entry[name] = value
    if existing is not None:
        if entry:
            result[existing] = entry
        else:
            del result[existing]
    elif entry:
        result[key] = entry
    return result


def _parses_to(text: str, expected: dict) -> bool:
    try:
        return (load_yaml(text, dates=False) or {}) == expected
    except InputError:
        return False


def _scalar(value: str) -> str:
    """``value`` as a YAML scalar that reads back as the same string: plain when it can be."""
    try:
        if load_yaml(f"k: {value}", dates=False) == {"k": value} and "#" not in value:
            return value
    except InputError:
        pass
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _line_end(text: str, index: int) -> int:
    """Just past the newline ending the line ``index`` is on (``index`` itself if it starts a line)."""
    if index > 0 and text[index - 1] == "\n":
        return index
    end = text.find("\n", index)
    return len(text) if end < 0 else end + 1


def _edit_in_place(text: str, key: str, changes: Mapping[str, str | None]) -> str | None:
    """The catalog text with the changes made where they belong, or None when its
    layout is not a plain block mapping that can be edited line by line."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader) if text.strip() else None
    except yaml.YAMLError:
        return None
    if root is None:
        lines = [f"{_scalar(key)}:"] + [f"  {name}: {_scalar(value)}" for name, value in changes.items() if value is not None]
        return text + ("" if not text or text.endswith("\n") else "\n") + "\n".join(lines) + "\n" if len(lines) > 1 else text
    if not isinstance(root, yaml.MappingNode) or root.flow_style:
        return None
    pair = next(((k, v) for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)
    if pair is None:
        lines = [f"{_scalar(key)}:"] + [f"  {name}: {_scalar(value)}" for name, value in changes.items() if value is not None]
        if len(lines) == 1:
            return text
        return text + ("" if text.endswith("\n") else "\n") + "\n".join(lines) + "\n"
    key_node, entry = pair
    if not isinstance(entry, yaml.MappingNode) or entry.flow_style or not entry.value:
        return None
    fields = {k.value: (k, v) for k, v in entry.value if isinstance(k, yaml.ScalarNode)}
    indent = " " * entry.value[0][0].start_mark.column
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement), applied from the end
    remaining = {name for name in fields}
    additions = []
    for name, value in changes.items():
        if name in fields:
            field_key, field_value = fields[name]
            if value is None:
                start = _line_start(text, field_key.start_mark.index)
                if text[start:field_key.start_mark.index].strip():
                    return None  # not alone on its line
                edits.append((start, _line_end(text, field_value.end_mark.index), ""))
                remaining.discard(name)
            else:
                if not isinstance(field_value, yaml.ScalarNode):
                    return None
                start, end = field_value.start_mark.index, field_value.end_mark.index
                if field_value.style in ("|", ">") or start == end:
                    # A block scalar (or an empty value): the field's whole line(s) are rewritten.
                    start = _line_start(text, field_key.start_mark.index)
                    end = _line_end(text, field_value.end_mark.index)
                    edits.append((start, end, f"{indent}{name}: {_scalar(value)}\n"))
                else:
                    edits.append((start, end, _scalar(value)))
        elif value is not None:
            additions.append(f"{indent}{name}: {_scalar(value)}\n")
    if not remaining and not additions:
        # Every field removed: the entry goes (comment lines inside it stay).
        start = _line_start(text, key_node.start_mark.index)
        end = _line_end(text, entry.end_mark.index)
        kept = "".join(line for line in text[start:end].splitlines(keepends=True) if line.lstrip().startswith("#"))
        return text[:start] + kept + text[end:]
    if additions:
        at = _line_end(text, entry.value[-1][1].end_mark.index)
        prefix = "" if at == 0 or text[at - 1] == "\n" else "\n"
        edits.append((at, at, prefix + "".join(additions)))
    for start, end, replacement in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _leading_comments(text: str) -> str:
    lines = []
    for line in text.splitlines(keepends=True):
        if line.lstrip().startswith("#") or not line.strip():
            lines.append(line)
        else:
            break
    return "".join(lines)


