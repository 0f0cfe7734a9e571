"""What a load read from each file, kept between runs so an unchanged corpus opens fast.

Reading a corpus parses every file, cleans its text, infers titles and outlets and marks
boilerplate: about 0.7 s for 19,000 BBC-sized articles in one JSONL file, on every start
of the app and of every command that loads the corpus. This cache keeps, per file, the
articles and problems its load produced, under the file's size and modification time
and those of the ``catalog.yaml`` beside it; a file whose stats still match is taken
from the cache, any other is read again. The cache also names the code that made it
(a hash of this package's modules, the text cleaner and the article model), so a
change to how files are read discards it.

It lives in the cache folder (``search.paths.corpus_cache_file``), one file per corpus,
in ``marshal`` format: only strings, numbers, tuples, lists and dicts, which load
without running any code. Anything unreadable in it (a damaged or foreign file, another
Python, a chunk gone) is a cache miss, never an error: the corpus is read from its files
as before. Small corpora are not cached (``CACHE_FROM`` articles).

A file's articles are kept in chunks of ``CHUNK`` articles, each marshalled on its own
in a file of the folder beside the cache (``<cache>.chunks``) named by a hash of its
bytes; the cache file lists each file's chunks. A change to a few articles of a large
file (a reload in the same process, ``load_corpus`` with ``earlier``) marshals and
writes only the chunks holding them, and a small cache file: not the whole corpus
again (43 MB at 19,000 articles). Chunks no longer listed are removed as it is saved.
While the cache file is the one it last read or wrote, the same ``LoadCache`` is used
again (``reopen``) instead of reading it back.

Of a file read line by line (JSON Lines) the entry also keeps each article's line key
(``_base.line_key``: a digest of the line's text, the same in every process) and the
problems building it reported. When such a file has changed and its catalog has not, a
load (a fresh process, or the first reload after a start from the cache) reuses the
cached article of every line still the same, as a reload in the same process does,
and parses only the lines that changed. An unchanged file is taken whole, unhashed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import marshal
import os
import sys
from pathlib import Path

from ..article import Article
from ..files import replace_bytes
from ..paths import file_stat
from ._base import LINE_KEY, FileMemo, LoadProblem

CACHE_FROM = 500  # articles: below this a load is quick enough, and no file is written
CHUNK = 256  # articles marshalled together
_FORMAT = 4


def _code_version() -> str:
    """A hash of the code that turns files into articles: a change to it empties the cache."""
    package = Path(__file__).resolve().parent
    modules = sorted(package.glob("*.py")) + [package.parent / "sanitize.py", package.parent / "article.py"]
    digest = hashlib.sha256(f"{_FORMAT} {sys.version_info[:2]} {marshal.version}".encode())
    for module in modules:
        try:
            digest.update(module.name.encode() + b"\0" + module.read_bytes())
        except OSError:
            digest.update(module.name.encode() + b"\0missing")
    return digest.hexdigest()


class LoadCache:
    """Per-file entries ``{path: [key, [chunk name, ...], problems, line keys, [(article,
    problem), ...]]}`` read from and written to ``path``, each chunk the marshalled rows
    of up to ``CHUNK`` articles; the last two are ``FileMemo.keys`` and ``FileMemo.owned``
    (each problem by its index in ``problems``)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.chunks = path.with_name(path.name + ".chunks")
        self.version = _code_version()
        self.entries: dict[str, list] = {}
        self.used: dict[str, list] = {}  # what this load took or made: what the next save keeps
        self.made: dict[str, bytes] = {}  # chunks this load marshalled, by name
        self.changed = False
        self.stat = file_stat(path)  # of the file ``entries`` were read from or written to
        try:
            data = marshal.loads(path.read_bytes())
            if isinstance(data, dict) and data.get("version") == self.version and isinstance(data.get("files"), dict):
                self.entries = data["files"]
        except (OSError, EOFError, ValueError, TypeError):
            pass  # no cache yet, or one this code cannot use: read the files

    def reopen(self, path: Path) -> "LoadCache":
        """This cache for another load of the same corpus in this process, if its file is
        still the one it read or wrote (not read again); else the file's cache, read anew."""
        if path != self.path or self.stat is None or file_stat(path) != self.stat:
            return LoadCache(path)
        again = object.__new__(LoadCache)  # a cache of its own (loads may overlap), sharing the read entries
        again.path, again.chunks, again.version, again.entries, again.stat = path, self.chunks, self.version, self.entries, self.stat
        again.used, again.made, again.changed = {}, {}, False
        return again

    def get(self, file: Path, key: list) -> FileMemo | None:
        """What ``file`` gave when its stats were ``key``, or None."""
        entry = self.entries.get(str(file))
        if not entry or entry[0] != key:
            return None
        memo = self._memo(file, entry)
        if memo is not None:
            self.used[str(file)] = entry
        return memo

    def earlier(self, file: Path, key: list) -> FileMemo | None:
        """What ``file`` gave as the cache last saw it, if it was read line by line and its
        catalog's stat was ``key[1]`` as it is now: for the lines still the same
        (``FileMemo.lines``). Else None (its articles are not read from the chunks)."""
        entry = self.entries.get(str(file))
        try:
            if not entry or not entry[3] or entry[0][1] != key[1]:
                return None
        except (IndexError, TypeError):
            return None
        return self._memo(file, entry)

    def _memo(self, file: Path, entry: list) -> FileMemo | None:
        try:
            articles = [
                Article(id=a[0], title=a[1], source=a[2], date=dt.date.fromordinal(a[3]) if a[3] else None, url=a[4],
                        path=file, text=a[5], boilerplate=tuple(tuple(span) for span in a[6]), line=a[7])
                for name in entry[1] for a in marshal.loads((self.chunks / name).read_bytes())
            ]
            problems = [LoadProblem(file, p[0], p[1], p[2]) for p in entry[2]]
            keys, owned = entry[3], {}
            for at, index in entry[4]:
                if index < 0:
                    raise IndexError(index)
                owned.setdefault(at, []).append(problems[index])
            if not isinstance(keys, bytes) or len(keys) != LINE_KEY * len(articles) or any(
                not 0 <= at < len(articles) for at in owned
            ):
                keys, owned = b"", {}  # nothing to reuse lines from: they are read
        except (OSError, IndexError, KeyError, TypeError, ValueError, OverflowError, EOFError):
            return None
        return FileMemo(entry[0], articles, problems, keys, {at: tuple(found) for at, found in owned.items()})

    def put(self, file: Path, memo: FileMemo, earlier: FileMemo | None = None) -> None:
        """``file`` gave ``memo`` (its articles and problems, and each line's key and
        problems) when its stats were ``memo.key``. With ``earlier`` (what a load whose
        entry this cache holds gave), a chunk of the same article objects is the chunk
        already kept."""
        old = self.entries.get(str(file))
        before = earlier.articles if earlier is not None and old and old[0] == earlier.key else None
        articles = memo.articles
        names = []
        for n, start in enumerate(range(0, len(articles), CHUNK)):
            part, then = articles[start:start + CHUNK], before[start:start + CHUNK] if before is not None else None
            if then is not None and n < len(old[1]) and len(then) == len(part) and all(a is b for a, b in zip(part, then)):
                names.append(old[1][n])
                continue
            data = marshal.dumps([
                (a.id, a.title, a.source, a.date.toordinal() if a.date else 0, a.url, a.text, a.boilerplate, a.line)
                for a in part
            ])
            name = hashlib.blake2b(data, digest_size=16).hexdigest()
            self.made[name] = data
            names.append(name)
        index = {id(p): n for n, p in enumerate(memo.problems)}
        owners = [(at, index.get(id(p), -1)) for at, found in memo.owned.items() for p in found]
        keys = memo.keys
        if any(n < 0 for _, n in owners):  # a problem not among the file's: keep no lines
            keys, owners = b"", []
        self.used[str(file)] = [memo.key, names, [(p.message, p.line, p.note) for p in memo.problems], keys, owners]
        self.changed = True

    def keep(self, file: Path, memo: FileMemo) -> None:
        """``file`` is as it was when it gave ``memo`` (taken from an earlier load in this
        process): keep its entry, written anew if it has none."""
        entry = self.entries.get(str(file))
        if entry and entry[0] == memo.key:
            self.used[str(file)] = entry
        else:
            self.put(file, memo)

    def save(self, articles: int) -> None:
        """Write what this load used, if it differs from what was read and the corpus is
        large enough to be worth it: the chunks it made, then the cache file, then chunks
        no longer listed are removed. A failure to write only costs the next start time."""
        if articles < CACHE_FROM:
            return
        if not self.changed and self.used.keys() == self.entries.keys():
            return
        listed = {name for entry in self.used.values() for name in entry[1]}
        try:
            self.chunks.mkdir(parents=True, exist_ok=True)
            for name, data in self.made.items():
                if name in listed and not (self.chunks / name).exists():
                    replace_bytes(self.chunks / name, data)
            replace_bytes(self.path, marshal.dumps({"version": self.version, "files": self.used}))
        except (OSError, ValueError):
            self.stat = None  # what is on disk is not known: ``reopen`` reads it
            return
        self.entries, self.stat, self.made = self.used, file_stat(self.path), {}
        try:
            for stale in os.listdir(self.chunks):
                if stale not in listed:
                    (self.chunks / stale).unlink(missing_ok=True)
        except OSError:
            pass

