"""The gazetteer: name variants -> one canonical name and entity type, and
finding those variants in text.

The bundled ``search/analysis/data/entities.yaml`` is extended or overridden
by the user's own file of the same form. A malformed file raises
``GazetteerError`` naming the file, line and column. Every recogniser trusts
the gazetteer's names over its own guesses (see ``patterns.PatternLayer``),
except where its guess is a longer name containing them ("Bank of England")
or the name is one word of a longer capitalised name (``spans.finish``).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from ... import paths
from ...errors import InputError, load_yaml
from ...lexicon import ENTITY_TYPES

BUNDLED = Path(__file__).resolve().parent.parent / "data" / "entities.yaml"
_DASHES = re.compile(r"[-‐‑‒–—―]")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_TRAILING_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)


class GazetteerError(ValueError):
    """The entities file cannot be used; the message names where and why."""


def alias_key(text: str) -> str:
    """The form two variants of a name share: "Kim Jong-un" ~ "kim jong un"."""
    value = text.replace("’", "'").replace("‘", "'")
    value = _DASHES.sub(" ", value)
    value = " ".join(value.split())
    value = _LEADING_THE.sub("", value)
    value = _TRAILING_POSSESSIVE.sub("", value)
    return value.lower().strip(" .,;:")


@dataclass(frozen=True)
class Entry:
    canonical: str
    type: str
    aliases: tuple[str, ...]
    # News agencies and outlets relay what others say: they are not taken as
    # the speaker of a quote they carry.
    media: bool = False


@dataclass
class Gazetteer:
    entries: dict[str, Entry] = field(default_factory=dict)  # by canonical name
    _by_key: dict[str, Entry] = field(default_factory=dict, repr=False)

    def add(self, entry: Entry) -> None:
        old = self.entries.pop(entry.canonical, None)
        if old:
            for alias in (old.canonical, *old.aliases):
                self._by_key.pop(alias_key(alias), None)
        self.entries[entry.canonical] = entry
        for alias in (entry.canonical, *entry.aliases):
            self._by_key[alias_key(alias)] = entry

    def lookup(self, text: str) -> Entry | None:
        return self._by_key.get(alias_key(text))

    def variants(self) -> list[tuple[str, Entry]]:
        """Every (surface form, entry), canonical names included."""
        return [(alias, entry) for entry in self.entries.values() for alias in (entry.canonical, *entry.aliases)]

    @property
    def fingerprint(self) -> str:
        """Changes when any entry changes, so cached analyses are redone."""
        text = "\n".join(
            f"{e.canonical}|{e.type}|{e.media}|{'|'.join(e.aliases)}" for e in sorted(self.entries.values(), key=lambda e: e.canonical)
        )
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def variant_pattern(gazetteer: Gazetteer) -> re.Pattern[str] | None:
    """One expression for every variant, longest first, as whole words; dashes
    and spaces interchangeable ("Kim Jong-un" ~ "Kim Jong un"), either apostrophe."""
    variants = sorted(gazetteer.variants(), key=lambda item: -len(item[0]))
    parts = [_variant_regex(surface) for surface, _ in variants]
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])") if parts else None


def _variant_regex(surface: str) -> str:
    words = re.split(r"[\s\-‐‑–—]+", surface.strip())
    apostrophes = [re.escape(w).replace("'", "['’]").replace("’", "['’]") for w in words if w]
    return r"[\s\-‐‑–—]+".join(apostrophes)


def user_gazetteer_path() -> Path:
    return paths.user_entities_file()


def load_gazetteer(extra: Path | None = None) -> Gazetteer:
    """The bundled gazetteer, then the user's file, then ``extra`` (later wins)."""
    gazetteer = Gazetteer()
    sources = [BUNDLED, user_gazetteer_path()]
    if extra is not None:
        if not Path(extra).exists():
            raise GazetteerError(f"{extra}: no such entities file")
        sources.append(Path(extra))
    for path in sources:
        if path.exists():
            for entry in _read(path):
                gazetteer.add(entry)
    return gazetteer


_READ_CACHE: dict[tuple[str, int, int], list[Entry]] = {}


def _read(path: Path) -> list[Entry]:
    """The file's entries; a file read before and unchanged since (same size and
    time) is not parsed again in this process (the bundled file is read by every
    ``Library.load``, and YAML parsing in Python is slow)."""
    try:
        info = path.stat()
    except OSError:
        info = None
    key = (str(path), info.st_size, info.st_mtime_ns) if info else None
    if key in _READ_CACHE:
        return list(_READ_CACHE[key])
    entries = _parse_entries(path)
    if key is not None:
        _READ_CACHE[key] = entries
    return list(entries)


def _parse_entries(path: Path) -> list[Entry]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GazetteerError(f"{path}: cannot read entities file ({exc})") from None
    try:
        data = load_yaml(text, path) or {}
    except InputError as exc:
        where = f" at {exc.where}" if exc.where else ""
        raise GazetteerError(f"{path}{where}: {exc.problem}") from None
    if not isinstance(data, dict):
        raise GazetteerError(f"{path}: expected 'Canonical Name: {{type: ..., aliases: [...]}}' entries")
    entries = []
    lines = text.splitlines()
    for name, body in data.items():
        where = _line_of(lines, str(name)) if not _well_formed(body) else ""
        if not isinstance(body, dict):
            raise GazetteerError(f"{path}{where}: entry {name!r} needs 'type:' and 'aliases:'")
        kind = str(body.get("type", "")).upper()
        if kind not in ENTITY_TYPES:
            raise GazetteerError(f"{path}{where}: entry {name!r} has type {body.get('type')!r}; use one of {', '.join(ENTITY_TYPES)}")
        aliases = body.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, (str, int, float)) for a in aliases):
            raise GazetteerError(f"{path}{where}: entry {name!r}: 'aliases' must be a list of names")
        media = body.get("media", False)
        if not isinstance(media, bool):
            raise GazetteerError(f"{path}{where}: entry {name!r}: 'media' must be true or false")
        entries.append(Entry(str(name), kind, tuple(str(a) for a in aliases if str(a).strip()), media))
    return entries


def _well_formed(body) -> bool:
    """An entry that passes every check below needs no line number (finding it is slow)."""
    if not isinstance(body, dict) or str(body.get("type", "")).upper() not in ENTITY_TYPES:
        return False
    aliases = body.get("aliases") or []
    return isinstance(aliases, list) and all(isinstance(a, (str, int, float)) for a in aliases) and isinstance(body.get("media", False), bool)


def _line_of(lines: list[str], name: str) -> str:
    for number, line in enumerate(lines, start=1):
        if line.startswith(name) or line.startswith(f'"{name}"') or line.startswith(f"'{name}'"):
            return f" at line {number}, column 1"
    return ""
