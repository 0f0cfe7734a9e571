"""The types every input format shares: the ``Source`` protocol, the file a
source is handed, the problems it reports and the article it builds."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Protocol, runtime_checkable

from ..article import Article
from ..sanitize import clean_field, safe_line
from .cleaning import find_boilerplate, infer_source, infer_title, parse_date, split_date_prefix

# Per-file metadata overrides (from ``catalog.yaml``), keyed by file name, or
# by article id for files that hold many articles.
Catalog = Mapping[str, Mapping[str, Any]]


class SkipFile(Exception):
    """A file (or one record in it) cannot be loaded; the message says why."""


@dataclass(frozen=True)
class LoadProblem:
    path: Path
    message: str
    line: int | None = None
    # True for something the user should know that did not stop the file
    # loading (e.g. it was decoded as Windows-1252): not counted as skipped.
    note: bool = False

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return safe_line(f"{where}: {self.message}")


@dataclass
class Corpus:
    roots: tuple[Path, ...]
    articles: list[Article] = field(default_factory=list)
    problems: list[LoadProblem] = field(default_factory=list)
    # What was on disk, taken before each file was read: {path: [size, mtime_ns]}
    # for every file read (and catalog looked for), {path: [-1, mtime_ns]} for
    # every folder listed, None for a path that did not exist. While a fresh
    # ``stat`` of each gives the same, the corpus is unchanged (a file added,
    # removed or renamed changes its folder's time).
    files: dict[str, list[int] | None] = field(default_factory=dict)
    # What each file gave ({path: ``FileMemo``}), so that loading the same files again
    # in this process (``load_corpus(..., earlier=corpus)``) reuses what did not change.
    memo: dict[str, "FileMemo"] = field(default_factory=dict, repr=False, compare=False)
    cache: Any = field(default=None, repr=False, compare=False)  # the ``LoadCache`` it was loaded with, if any

    def by_id(self) -> dict[str, Article]:
        return {article.id: article for article in self.articles}


# A line's identity for ``SourceFile.reuse``: its length and (in-process) hash. The
# line's text itself is not kept, so the memo costs a few numbers per article.
LineKey = tuple[int, int]


@dataclass(frozen=True)
class LineMemo:
    """What one line of a file gave: its article, the problems building it reported, and
    the catalog entry (under ``key``) it was built with."""

    line: LineKey
    article: Article
    problems: tuple[LoadProblem, ...]
    key: str
    override: Mapping[str, Any]


@dataclass
class FileMemo:
    """What one file gave when its stats were ``key``: its articles and problems, and,
    for a format read line by line, each line's ``LineMemo`` by line number."""

    key: list
    articles: list[Article]
    problems: list[LoadProblem]
    lines: dict[int, LineMemo] = field(default_factory=dict)


@dataclass
class SourceFile:
    """One file, read and decoded, handed to the source that takes it.

    ``text`` is the file's UTF-8 text as it is on disk (byte-order mark
    removed, nothing cleaned yet): a format cleans it where that is right for
    it (JSONL only once its strings are parsed)."""

    path: Path
    text: str
    catalog: Catalog
    problems: list[LoadProblem]
    earlier: Mapping[int, LineMemo] = field(default_factory=dict)  # the last load's lines (``reuse``)
    lines: dict[int, LineMemo] = field(default_factory=dict)  # this load's (``remember``)

    @property
    def stem_id(self) -> str:
        """A one-article file's id: its name without the suffix."""
        return clean_field(self.path.stem) or "untitled"

    def problem(self, message: str, line: int | None = None) -> None:
        """Report something wrong that does not stop the file (or record) loading."""
        self.problems.append(LoadProblem(self.path, message, line))

    def reuse(self, number: int, line: str) -> Article | None:
        """The article line ``number`` gave in the last load of this file in this process,
        if the line and its catalog entry are as they were then (the problems building
        it reported are reported again); else None, and the line is read anew."""
        memo = self.earlier.get(number)
        if memo is None or memo.line != (len(line), hash(line)) or self.catalog.get(memo.key, {}) != memo.override:
            return None
        self.problems.extend(memo.problems)
        self.lines[number] = memo
        return memo.article

    def remember(self, number: int, line: str, article: Article, key: str, reported_from: int) -> None:
        """Line ``number`` gave ``article`` (built with the catalog entry ``key``), and
        the problems from ``reported_from`` on: kept for the next load (``reuse``)."""
        self.lines[number] = LineMemo(
            (len(line), hash(line)), article, tuple(self.problems[reported_from:]), key, self.catalog.get(key, {}),
        )

    def article(
        self, article_id: str, raw: str, meta: Mapping[str, Any] | None = None, *, key: str | None = None,
        line: int | None = None,
    ) -> Article:
        """Build the article ``raw`` (cleaned text, after any front matter) holds.

        ``meta`` is what the file says about it (``title``, ``source``,
        ``date``, ``url``, ``id``); the catalog entry under ``key`` (the file
        name unless given) overrides it. Raises :class:`SkipFile` if there is
        no text."""
        override = self.catalog.get(self.path.name if key is None else key, {})
        return make_article(self.path, article_id, raw, meta or {}, override, self.problems, line)


@runtime_checkable
class Source(Protocol):
    """One input format.

    ``suffixes`` are the file endings it takes (lower case, with the dot);
    ``order`` places it in lists shown to the user (lower first). ``load``
    yields the articles in a file, reports problems that spare the article
    through ``file.problem``, and raises :class:`SkipFile` to skip the whole
    file. Any other exception is that file's problem, never the corpus's."""

    name: str
    suffixes: tuple[str, ...]
    order: int

    def load(self, file: SourceFile) -> Iterable[Article]: ...


def make_article(
    path: Path,
    article_id: str,
    raw: str,
    meta: Mapping[str, Any],
    override: Mapping[str, Any],
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


def describe(exc: BaseException) -> str:
    """An unexpected exception as one short, printable line."""
    message = str(exc).splitlines()[0] if str(exc) else ""
    return clean_field(f"{type(exc).__name__}: {message}"[:300]) or type(exc).__name__
