"""Load articles from files and folders, each file by the source that takes it.

A bad file or line never stops a load: it is skipped and reported as a
``LoadProblem`` naming the file (and line), and the rest still loads. Nor does
a folder changing underneath the load: a file or folder that vanishes between
being listed and being read is skipped, and one that turns into something
else is that file's problem.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Iterator

from ..article import Article
from ..paths import file_stat
from ._base import Catalog, Corpus, EarlierLines, FileMemo, LoadProblem, SkipFile, Source, SourceFile, describe
from ._cache import LoadCache
from ._registry import by_suffix, registered
from .catalog import CATALOG_NAME, read_catalog


def load_corpus(paths: Iterable[Path | str], cache: Path | None = None, earlier: Corpus | None = None) -> Corpus:
    """Load every supported file under ``paths`` (files or folders). With ``cache`` (a
    file, see ``_cache.py``), files unchanged since a load that wrote it are taken from it.
    With ``earlier`` (a corpus loaded before in this process), files unchanged since
    then are taken from it. Of a changed JSON Lines file only the lines that changed are
    read again: the others are taken from the earlier load, or else from the cache
    (``FileMemo.lines``)."""
    roots = tuple(Path(p).expanduser().resolve() for p in paths)
    corpus = Corpus(roots=roots)
    if cache is None:
        store = None
    elif earlier is not None and earlier.cache is not None:
        store = earlier.cache.reopen(cache)
    else:
        store = LoadCache(cache)
    corpus.cache = store
    sources = by_suffix()
    seen: dict[str, Article] = {}
    catalogs: dict[Path, Catalog] = {}
    stats = corpus.files
    for root in roots:
        stats[str(root)] = file_stat(root)
    for file in _files(roots, sources, corpus.problems, stats):
        if file.parent not in catalogs:
            stats[str(file.parent / CATALOG_NAME)] = file_stat(file.parent / CATALOG_NAME)
            catalogs[file.parent] = read_catalog(file.parent, corpus.problems)
        stats[str(file)] = file_stat(file)
        key = [stats[str(file)], stats[str(file.parent / CATALOG_NAME)]]  # what a cached load of it is valid for
        before = len(corpus.problems)
        memo = earlier.memo.get(str(file)) if earlier is not None else None
        whole = None  # what the file gave when it was as it is now
        if memo is not None and key[0] is not None and memo.key == key:
            whole = memo
            if store is not None:
                store.keep(file, memo)
        elif store is not None and key[0] is not None:
            whole = store.get(file, key)
            if whole is None and memo is None:
                memo = store.earlier(file, key)  # the file as the cache last saw it, for its lines
        if whole is not None:
            corpus.problems.extend(whole.problems)
        else:  # read it, reusing the lines of ``memo`` that are still the same
            catalog = catalogs[file.parent]
            then = memo.lines(catalog, key[1]) if memo is not None else None
            keys: list[bytes] = []
            owned: dict[int, tuple[LoadProblem, ...]] = {}
            items = list(_load_file(sources[file.suffix.lower()], file, catalog, corpus.problems, then, keys, owned))
            if key[0] is None or key[0] != file_stat(file):  # changed while it was read
                key = [None, None]  # what was read is not what the stats describe: never reused whole
            lines = b"".join(keys) if len(keys) == len(items) else b""  # else not a source read line by line
            whole = FileMemo(key, items, corpus.problems[before:], lines, owned, catalog)
            if store is not None and key[0] is not None:
                store.put(file, whole, memo)
        corpus.memo[str(file)] = whole
        items = whole.articles
        for item in items:
            if item.id in seen:
                corpus.problems.append(
                    LoadProblem(file, f"duplicate article id {item.id!r} (first in {seen[item.id].location}), skipped", item.line)
                )
                continue
            seen[item.id] = item
            corpus.articles.append(item)
    corpus.articles.sort(key=sort_key)
    if store is not None:
        store.save(len(corpus.articles))
    return corpus


def sort_key(article: Article) -> tuple:
    """Newest first; undated articles last, then by id for a stable order."""
    ordinal = article.date.toordinal() if article.date else 0
    return (article.date is None, -ordinal, article.id)


def supported() -> str:
    """``.txt, .md or .jsonl``: the suffixes every source takes, for messages."""
    suffixes = [suffix for source in registered() for suffix in source.suffixes]
    if len(suffixes) < 2:
        return "".join(suffixes) or "(none)"
    return f"{', '.join(suffixes[:-1])} or {suffixes[-1]}"


def _files(
    roots: tuple[Path, ...], sources: dict[str, Source], problems: list[LoadProblem], stats: dict | None = None,
) -> Iterator[Path]:
    seen: set[Path] = set()
    for root in roots:
        if root.is_dir():
            candidates = sorted(_walk(root, sources, stats))
        elif root.is_file():
            if root.suffix.lower() not in sources:
                problems.append(LoadProblem(root, f"unsupported file type {root.suffix or '(none)'}; expected {supported()}"))
                continue
            candidates = [root]
        else:
            problems.append(LoadProblem(root, "no such file or folder"))
            continue
        for path in candidates:
            if path not in seen and path.is_file():
                seen.add(path)
                yield path


def _walk(folder: Path, sources: dict[str, Source], stats: dict | None = None) -> Iterator[Path]:
    """Files under ``folder`` some source takes, hidden files and folders left
    out, symbolic links to folders not followed. A folder that cannot be
    listed (removed, replaced by a file, unreadable) is passed over. ``stats``
    gets each folder's ``file_stat``, taken before it is listed."""
    if stats is not None:
        stats[str(folder)] = file_stat(folder)
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = folder / entry.name
        try:
            is_folder = entry.is_dir(follow_symlinks=False)
        except OSError:
            continue
        if is_folder:
            yield from _walk(path, sources, stats)
        elif path.suffix.lower() in sources:
            yield path


def _load_file(
    source: Source, path: Path, catalog: Catalog, problems: list[LoadProblem], earlier: EarlierLines | None,
    keys: list[bytes], owned: dict[int, tuple[LoadProblem, ...]],
) -> Iterator[Article]:
    """The articles in ``path``; a source read line by line reuses ``earlier`` lines
    still the same and notes each article's line in ``keys`` and ``owned`` (``SourceFile.reuse``)."""
    try:
        read = _read_text(path)
        if read is None:
            return  # vanished since it was listed
        text, encoding = read
        if encoding != "utf-8":
            problems.append(LoadProblem(path, f"not UTF-8: read as {encoding}; check accented letters", note=True))
        yield from source.load(SourceFile(path, text, catalog, problems, earlier, keys, owned))
    except SkipFile as exc:
        problems.append(LoadProblem(path, str(exc)))
    except Exception as exc:  # noqa: BLE001 - one bad file is that file's problem, never the corpus's
        problems.append(LoadProblem(path, f"cannot load: {describe(exc)}, skipped"))


def _read_text(path: Path) -> tuple[str, str] | None:
    """The file's text and the encoding it was read in; None if it no longer exists.

    UTF-8 first; a file that is not UTF-8 is read as Windows-1252 (which covers
    Latin-1's letters and the typographic quotes Windows editors write), or, if
    it has bytes Windows-1252 leaves undefined, as Latin-1."""
    try:
        data = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise SkipFile(f"cannot read file: {exc.strerror or exc}") from None
    if b"\x00" in data:
        raise SkipFile("binary file (contains NUL bytes), skipped")
    encoding = "utf-8"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text, encoding = data.decode("cp1252"), "Windows-1252"
        except UnicodeDecodeError:
            text, encoding = data.decode("latin-1"), "Latin-1"
    if not text or text.isspace():
        raise SkipFile("empty file, skipped")
    return text, encoding
