"""Load articles from files and folders: .txt, .md with YAML front matter, .jsonl.

A bad file or line never stops a load: it is skipped and reported as a
``LoadProblem`` naming the file (and line), and the rest still loads.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from .article import Article
from .boilerplate import find_boilerplate
from .errors import InputError, load_yaml, yaml_error_message
from .metadata import infer_source, infer_title, parse_date, split_date_prefix
from .sanitize import clean_field, clean_text, safe_line

SUFFIXES = (".txt", ".md", ".jsonl")
CATALOG_NAME = "catalog.yaml"
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.DOTALL)


class SkipFile(Exception):
    """A file (or JSONL line) cannot be loaded; the message says why."""


@dataclass(frozen=True)
class LoadProblem:
    path: Path
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return safe_line(f"{where}: {self.message}")


@dataclass
class Corpus:
    roots: tuple[Path, ...]
    articles: list[Article] = field(default_factory=list)
    problems: list[LoadProblem] = field(default_factory=list)

    def by_id(self) -> dict[str, Article]:
        return {article.id: article for article in self.articles}


def load_corpus(paths: Iterable[Path | str]) -> Corpus:
    """Load every supported file under ``paths`` (files or folders)."""
    roots = tuple(Path(p).expanduser().resolve() for p in paths)
    corpus = Corpus(roots=roots)
    seen: dict[str, Article] = {}
    catalogs: dict[Path, dict[str, dict[str, Any]]] = {}
    for file in _files(roots, corpus.problems):
        if file.parent not in catalogs:
            catalogs[file.parent] = _read_catalog(file.parent, corpus.problems)
        catalog = catalogs[file.parent]
        for item in _load_file(file, catalog, corpus.problems):
            if item.id in seen:
                corpus.problems.append(
                    LoadProblem(file, f"duplicate article id {item.id!r} (first in {seen[item.id].location}), skipped", item.line)
                )
                continue
            seen[item.id] = item
            corpus.articles.append(item)
    corpus.articles.sort(key=sort_key)
    return corpus


def sort_key(article: Article) -> tuple:
    """Newest first; undated articles last, then by id for a stable order."""
    ordinal = article.date.toordinal() if article.date else 0
    return (article.date is None, -ordinal, article.id)


def _files(roots: tuple[Path, ...], problems: list[LoadProblem]) -> Iterator[Path]:
    seen: set[Path] = set()
    for root in roots:
        if root.is_dir():
            candidates = sorted(
                p for p in root.rglob("*")
                if p.suffix.lower() in SUFFIXES and not any(part.startswith(".") for part in p.relative_to(root).parts)
            )
        elif root.is_file():
            if root.suffix.lower() not in SUFFIXES:
                problems.append(LoadProblem(root, f"unsupported file type {root.suffix or '(none)'}; expected .txt, .md or .jsonl"))
                continue
            candidates = [root]
        else:
            problems.append(LoadProblem(root, "no such file or folder"))
            continue
        for path in candidates:
            if path not in seen and path.is_file():
                seen.add(path)
                yield path


def _read_catalog(folder: Path, problems: list[LoadProblem]) -> dict[str, dict[str, Any]]:
    """Per-file metadata overrides from ``catalog.yaml`` beside the files."""
    path = folder / CATALOG_NAME
    if not path.is_file():
        return {}
    try:
        data = load_yaml(path.read_text(encoding="utf-8"), path, dates=False) or {}
    except InputError as exc:
        problems.append(LoadProblem(path, f"catalog ignored: {yaml_error_message(exc)}"))
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(LoadProblem(path, f"catalog ignored: {exc}"))
        return {}
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        problems.append(LoadProblem(path, "catalog ignored: expected a mapping of file name to {title, source, date, url}"))
        return {}
    return {str(k): v for k, v in data.items()}


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SkipFile(f"cannot read file: {exc.strerror or exc}") from None
    if b"\x00" in data:
        raise SkipFile("binary file (contains NUL bytes), skipped")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SkipFile(f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}), skipped") from None
    if not text.strip():
        raise SkipFile("empty file, skipped")
    return text


def _load_file(path: Path, catalog: dict[str, dict[str, Any]], problems: list[LoadProblem]) -> Iterator[Article]:
    try:
        raw = _read_text(path)
        if path.suffix.lower() == ".jsonl":
            yield from _load_jsonl(path, raw, catalog, problems)
            return
        # JSONL is cleaned field by field: JSON escapes such as \u001b only
        # become control characters once parsed.
        raw = clean_text(raw)
        meta: dict[str, Any] = {}
        if path.suffix.lower() == ".md":
            meta, raw = _split_front_matter(raw)
        yield _make_article(path, clean_field(path.stem) or "untitled", raw, meta, catalog.get(path.name, {}), problems)
    except SkipFile as exc:
        problems.append(LoadProblem(path, str(exc)))
    except Exception as exc:  # noqa: BLE001 - one bad file is that file's problem, never the corpus's
        problems.append(LoadProblem(path, f"cannot load: {_describe(exc)}, skipped"))


def _describe(exc: BaseException) -> str:
    message = str(exc).splitlines()[0] if str(exc) else ""
    return clean_field(f"{type(exc).__name__}: {message}"[:300]) or type(exc).__name__


def _split_front_matter(raw: str) -> tuple[dict[str, Any], str]:
    match = _FRONT_MATTER.match(raw)
    if not match:
        return {}, raw
    try:
        # Front matter starts on line 2 of the file (after the opening ---).
        meta = load_yaml(match.group(1) or "", line_offset=1, dates=False) or {}
    except InputError as exc:
        raise SkipFile(f"{yaml_error_message(exc, 'front matter is not valid YAML')}, skipped") from None
    if not isinstance(meta, dict):
        raise SkipFile("front matter must be a YAML mapping (key: value), skipped")
    return meta, raw[match.end():]


def _load_jsonl(path: Path, raw: str, catalog: dict[str, dict[str, Any]], problems: list[LoadProblem]) -> Iterator[Article]:
    for number, line in enumerate(raw.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(LoadProblem(path, f"malformed JSON ({exc.msg} at column {exc.colno}), line skipped", number))
            continue
        except RecursionError:
            problems.append(LoadProblem(path, "JSON nested too deeply, line skipped", number))
            continue
        except ValueError as exc:  # e.g. an integer too long to convert
            problems.append(LoadProblem(path, f"malformed JSON ({_describe(exc)}), line skipped", number))
            continue
        if not isinstance(record, dict):
            problems.append(LoadProblem(path, "expected a JSON object, line skipped", number))
            continue
        body = record.get("body", record.get("text"))
        if not isinstance(body, str) or not body.strip():
            problems.append(LoadProblem(path, "no \"body\" text, line skipped", number))
            continue
        article_id = clean_field(record.get("id")) or f"{path.stem}-{number}"
        try:
            yield _make_article(path, article_id, clean_text(body), record, catalog.get(article_id, {}), problems, line=number)
        except SkipFile as exc:
            problems.append(LoadProblem(path, str(exc), number))
        except Exception as exc:  # noqa: BLE001 - one bad line is that line's problem
            problems.append(LoadProblem(path, f"cannot load: {_describe(exc)}, line skipped", number))


def _make_article(
    path: Path,
    article_id: str,
    raw: str,
    meta: dict[str, Any],
    override: dict[str, Any],
    problems: list[LoadProblem],
    line: int | None = None,
) -> Article:
    prefix_date, body = split_date_prefix(raw)
    text = body.strip()
    if not text:
        raise SkipFile("no article text, skipped")
    merged = {**meta, **{k: v for k, v in override.items() if v is not None}}
    date = prefix_date
    if merged.get("date") not in (None, ""):
        try:
            date = parse_date(merged["date"])
        except ValueError as exc:
            problems.append(LoadProblem(path, f"{exc}; date left unknown", line))
    return Article(
        id=clean_field(merged.get("id")) if line is None and merged.get("id") else article_id,
        title=clean_field(merged.get("title")) or infer_title(text),
        source=clean_field(merged.get("source")) or infer_source(text),
        date=date,
        url=clean_field(merged.get("url")),
        path=path,
        text=text,
        boilerplate=find_boilerplate(text),
        line=line,
    )
