"""The types every input format shares: the ``Source`` protocol, the file a
source is handed, the problems it reports and the article it builds."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from hashlib import sha256
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


# A line's identity for ``SourceFile.reuse``, the same in every process (``hash(str)`` is
# not, so it could not be kept in the load cache): the first 8 bytes of the SHA-256 of its
# UTF-8 text, then its length in 8 bytes. The line's text itself is not kept, so the memo
# costs 16 bytes an article. A line is looked up among all of the earlier load's (it may
# have moved), so 64 bits: against the 19,000 lines of a large file, odds of 1e-15 that a
# changed line is taken for another; CRC-32 (32 bits, not made for it): up to 4e-6.
# Timed on the 46 MB of 19,043 BBC articles (with sha_ni): SHA-256 40 ms, 15-25 ms more than
# ``hash(line)``; BLAKE2b (8 bytes) 62 ms; CRC-32 18 ms. Only a file read is hashed.
LINE_KEY = 16


def line_key(line: str) -> bytes:
    data = line.encode("utf-8", "surrogatepass")
    return sha256(data).digest()[:8] + len(data).to_bytes(8, "little")


@dataclass
class FileMemo:
    """What one file gave when its stats were ``key``: its articles and problems, and,
    for a format read line by line, what lets a load of the file changed reuse the lines
    that are not (``lines``): each article's line key (``keys``, ``LINE_KEY`` bytes an
    article, in order), the problems building each reported (``owned``, by article
    index) and the catalog they were built with (``catalog``; None: the one whose stat
    is ``key[1]``, for a memo read back from the load cache)."""

    key: list
    articles: list[Article]
    problems: list[LoadProblem]
    keys: bytes = b""
    owned: Mapping[int, tuple[LoadProblem, ...]] = field(default_factory=dict)
    catalog: Catalog | None = None

    def lines(self, catalog: Catalog, catalog_stat: Any) -> "EarlierLines | None":
        """This file's lines to reuse in a load whose catalog is ``catalog`` (its stat
        ``catalog_stat``), or None: not read line by line, or built with a catalog that
        is not known."""
        then = self.catalog
        if then is None and self.key[1] == catalog_stat:
            then = catalog  # the very catalog the articles were built with
        if then is None or not self.keys or len(self.keys) != LINE_KEY * len(self.articles):
            return None
        return EarlierLines(self.articles, self.keys, self.owned, then)


class EarlierLines:
    """An earlier load's articles of a file by line key, for ``SourceFile.reuse``."""

    def __init__(self, articles: list[Article], keys: bytes, owned: Mapping[int, tuple[LoadProblem, ...]], catalog: Catalog):
        self.articles, self.owned, self.catalog = articles, owned, catalog
        self.index = {keys[at:at + LINE_KEY]: n for n, at in enumerate(range(0, len(keys), LINE_KEY))}


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
    earlier: EarlierLines | None = None  # the last load's lines (``reuse``)
    # This load's, for the next (``remember``): each article's line key, in the order the
    # articles are yielded, and the problems building each reported, by article index.
    keys: list[bytes] = field(default_factory=list)
    owned: dict[int, tuple[LoadProblem, ...]] = field(default_factory=dict)

    @property
    def stem_id(self) -> str:
        """A one-article file's id: its name without the suffix."""
        return clean_field(self.path.stem) or "untitled"

    def problem(self, message: str, line: int | None = None) -> None:
        """Report something wrong that does not stop the file (or record) loading."""
        self.problems.append(LoadProblem(self.path, message, line))

    def reuse(self, number: int, key: bytes) -> Article | None:
        """The article an earlier load of this file built from a line with ``key``
        (``line_key``) and the catalog entry under its id as it is now, moved to line
        ``number`` if it was on another (unless its id came from its line number); the
        problems building it reported are reported again. Else None: read the line anew.
        The caller yields what it returns (it is noted for the next load)."""
        then = self.earlier
        at = then.index.get(key) if then is not None else None
        if at is None:
            return None
        article = then.articles[at]
        if self.catalog.get(article.id, {}) != then.catalog.get(article.id, {}):
            return None
        problems = then.owned.get(at, ())
        was = article.line
        if was != number:
            if was is None or article.id == f"{self.stem_id}-{was}":
                return None
            article = replace(article, line=number)
            problems = tuple(replace(p, line=number) if p.line == was else p for p in problems)
        self.problems.extend(problems)
        self._note(key, problems)
        return article

    def remember(self, key: bytes, reported_from: int) -> None:
        """The article about to be yielded was built from a line with ``key`` (and the
        catalog entry under its id), reporting the problems from ``reported_from`` on:
        noted for the next load (``reuse``)."""
        self._note(key, tuple(self.problems[reported_from:]))

    def _note(self, key: bytes, problems: tuple[LoadProblem, ...]) -> None:
        if problems:
            self.owned[len(self.keys)] = problems
        self.keys.append(key)

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
