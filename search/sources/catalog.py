"""``catalog.yaml``: per-file metadata overrides kept beside the files.

Each key is a file name (or, for a file of many articles, an article id) and
its value a mapping of ``title``, ``source``, ``date`` and ``url``; what the
catalog says wins over what the file says.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError, load_yaml, yaml_error_message
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
