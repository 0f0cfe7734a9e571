"""The analyses of an opened corpus, read from the cache when they are asked for.

A warm corpus keeps no article's analysis in memory: ``LazyAnalyses`` is a
read-only mapping (article id -> ``Analysis``) that decodes an article's
analysis from the SQLite cache the first time it is wanted and keeps the last
``RECENT`` in a small LRU, so opening an article, stepping through its claims
or reading its entities costs one row read, whatever the size of the corpus.
Only analyses that are not in the cache file (an article whose analysis
failed, a cache kept in memory) are held.

``Summary`` is what the one pass over the whole cache a warm start makes
keeps: it reads each distinct row once, without building any object, and holds what is asked
of the corpus as a whole (how many claims each article has, which entities it
names, the acronyms it defines, and for the board the text and score of the
claims it is given).
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from array import array
from collections import OrderedDict
from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping

from .result import Analysis

RECENT = 128  # analyses kept decoded (an article open, its neighbours, a story's members)

ClaimRef = tuple[str, int]
ClusterOf = Callable[[str, int], "str | None"]


class LazyAnalyses(Mapping[str, Analysis]):
    """Article id -> its analysis, read from the cache at ``path`` when asked for.

    ``keys`` maps each analysed article to its cache key; ``pinned`` holds the
    analyses that are not in the cache file. ``cluster_of(article id, claim
    index)`` gives each claim's cluster id as it is read. Safe to share
    between threads."""

    def __init__(self, path: Path | None, analyser_key: str, keys: Mapping[str, str],
                 pinned: Mapping[str, Analysis] | None = None, cluster_of: ClusterOf | None = None, recent: int | None = None) -> None:
        self._path = path
        self._analyser = analyser_key
        self._keys = dict(keys)
        self._pinned = dict(pinned or {})
        self._cluster_of = cluster_of
        self._size = RECENT if recent is None else recent
        self._recent: OrderedDict[str, Analysis] = OrderedDict()
        self._held = 0  # while > 0 (``holding``), nothing is evicted
        self._lock = threading.RLock()
        self._db: sqlite3.Connection | None = None

    # -- the mapping ----------------------------------------------------------------
    def __getitem__(self, article_id: str) -> Analysis:
        with self._lock:
            found = self._recent.get(article_id)
            if found is not None:
                self._recent.move_to_end(article_id)
                return found
        if article_id in self._pinned:
            plain = self._pinned[article_id]
        else:
            plain = decode(self._read(self._keys[article_id]))  # KeyError: not analysed
        return self._keep(article_id, self._with_clusters(article_id, plain))

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._pinned or article_id in self._keys

    def __iter__(self) -> Iterator[str]:
        yield from self._keys
        yield from (a for a in self._pinned if a not in self._keys)

    def __len__(self) -> int:
        return len(self._keys) + sum(1 for a in self._pinned if a not in self._keys)

    def items(self):  # noqa: D102 - streamed, a chunk of rows at a time
        return _Items(self)

    def values(self):  # noqa: D102
        return _Values(self)

    # -- reading ----------------------------------------------------------------------
    def stream(self, ids: Iterable[str] | None = None) -> Iterator[tuple[str, Analysis]]:
        """(id, analysis) for ``ids`` (default: all), reading the cache a chunk of rows
        at a time, each distinct row decoded once; the LRU is left as it was."""
        wanted = list(self if ids is None else ids)
        by_key: dict[str, list[str]] = {}
        for article_id in wanted:
            if article_id in self._pinned:
                yield article_id, self._with_clusters(article_id, self._pinned[article_id])
            elif article_id in self._keys:
                by_key.setdefault(self._keys[article_id], []).append(article_id)
        found = set()
        for content_key, text in self._rows(by_key):
            found.add(content_key)
            plain = decode(text)
            for article_id in by_key[content_key]:
                yield article_id, self._with_clusters(article_id, plain)
        for content_key in by_key.keys() - found:  # a row gone from the cache: nothing to show
            for article_id in by_key[content_key]:
                yield article_id, Analysis()

    @contextlib.contextmanager
    def holding(self):
        """Keep every analysis read meanwhile (a pass that reads each article several
        times, as finding stories does); the LRU's limit applies again after."""
        with self._lock:
            self._held += 1
        try:
            yield self
        finally:
            with self._lock:
                self._held -= 1
                self._evict()

    def set_clusters(self, cluster_of: ClusterOf | None) -> None:
        """Claims read from now on carry the cluster ``cluster_of(article id, index)`` names."""
        with self._lock:
            self._cluster_of = cluster_of
            self._recent.clear()

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    # -- inside -----------------------------------------------------------------------
    def _keep(self, article_id: str, analysis: Analysis) -> Analysis:
        with self._lock:
            self._recent[article_id] = analysis
            self._evict()
        return analysis

    def _evict(self) -> None:
        while not self._held and len(self._recent) > self._size:
            self._recent.popitem(last=False)

    def _with_clusters(self, article_id: str, analysis: Analysis) -> Analysis:
        if self._cluster_of is None or not analysis.claims:
            return analysis
        ids = [self._cluster_of(article_id, i) for i in range(len(analysis.claims))]
        if all(c.cluster == i for c, i in zip(analysis.claims, ids)):
            return analysis
        return replace(analysis, claims=tuple(replace(c, cluster=i) for c, i in zip(analysis.claims, ids)))

    def _connection(self) -> sqlite3.Connection | None:
        if self._db is None and self._path is not None:
            try:
                uri = Path(self._path).resolve().as_uri() + "?mode=ro"
                self._db = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=30)
            except (sqlite3.Error, OSError, ValueError):
                return None
        return self._db

    def _read(self, content_key: str) -> str | None:
        with self._lock:
            db = self._connection()
            if db is None:
                return None
            try:
                row = db.execute(
                    "SELECT data FROM analysis WHERE analyser = ? AND content_hash = ?", (self._analyser, content_key)
                ).fetchone()
            except sqlite3.Error:
                return None
        return row[0] if row and isinstance(row[0], str) else None

    def _rows(self, keys: Iterable[str], chunk: int = 256) -> Iterator[tuple[str, str]]:
        wanted = list(keys)
        for start in range(0, len(wanted), chunk):
            part = wanted[start:start + chunk]
            with self._lock:
                db = self._connection()
                if db is None:
                    return
                try:
                    rows = db.execute(
                        f"SELECT content_hash, data FROM analysis WHERE analyser = ? AND content_hash IN ({','.join('?' * len(part))})",
                        [self._analyser, *part],
                    ).fetchall()
                except sqlite3.Error:
                    return
            yield from ((k, d) for k, d in rows if isinstance(d, str))


class _Items:
    def __init__(self, owner: LazyAnalyses) -> None:
        self._owner = owner

    def __iter__(self):
        return self._owner.stream()

    def __len__(self) -> int:
        return len(self._owner)


class _Values(_Items):
    def __iter__(self):
        return (analysis for _, analysis in self._owner.stream())


def decode(text: str | None) -> Analysis:
    """A cached analysis; an empty one for a missing or damaged row."""
    if text is None:
        return Analysis()
    try:
        return Analysis.from_json(text)
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return Analysis()


# -- what is asked of the corpus as a whole ---------------------------------------------

class Acronym:
    """An entity written in capitals, as ``ner.aliases.corpus_aliases`` reads it."""

    __slots__ = ("text", "type", "canonical")

    def __init__(self, text: str, kind: str, canonical: str) -> None:
        self.text, self.type, self.canonical = text, kind, canonical


def _read(text: str) -> tuple[list[str], list[tuple[str, str, str]], list[tuple[str, float]]]:
    """(canonical names, entities written in capitals, (text, score) of each claim) of a cached row."""
    try:
        data = json.loads(text)
        names, capitals = set(), set()
        for e in data.get("entities", ()):
            names.add(str(e["canonical"]))
            if str(e["text"]).replace(".", "").isupper() and e["type"] != "DATE":
                capitals.add((str(e["text"]), str(e["type"]), str(e["canonical"])))
        claims = [(str(c.get("text", "")), float(c.get("score", 0.0))) for c in data.get("claims", ())]
        return sorted(names), sorted(capitals), claims
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return [], [], []


class Summary:
    """Per article, kept compactly and updated article by article: how many claims it
    has, the entities it names (``mentioning``), the acronyms it writes, and the text
    and score of the claims the board shows (``claim``). Built from cached rows
    (``add``), each distinct row decoded once, never holding an analysis."""

    def __init__(self) -> None:
        self.claim_counts: dict[str, int] = {}
        self._number: dict[str, int] = {}  # article id -> its number in ``_ids`` (never reused)
        self._ids: list[str] = []
        self._names: dict[str, tuple[str, ...]] = {}  # article id -> canonical names it mentions
        self._mentions: dict[str, array] = {}  # canonical name -> numbers of the articles naming it
        self._capitals: dict[tuple[str, str, str], int] = {}  # acronym -> how many articles write it
        self._capitals_of: dict[str, tuple[tuple[str, str, str], ...]] = {}
        self._claims: dict[ClaimRef, tuple[str, float]] = {}  # the claims the board shows
        self._strings: dict[str, str] = {}  # one object per distinct string

    def _one(self, text: str) -> str:
        return self._strings.setdefault(text, text)

    def remove(self, article_id: str) -> None:
        number = self._number.get(article_id)
        for name in self._names.pop(article_id, ()):
            found = self._mentions.get(name)
            if found is not None and number is not None:
                with contextlib.suppress(ValueError):
                    found.remove(number)
                if not found:
                    del self._mentions[name]
        for item in self._capitals_of.pop(article_id, ()):
            self._capitals[item] -= 1
            if not self._capitals[item]:
                del self._capitals[item]
        for index in range(self.claim_counts.pop(article_id, 0)):
            self._claims.pop((article_id, index), None)

    def add(self, rows: Iterable[tuple[str, str]], articles_by_key: Mapping[str, list[str]],
            wanted: Callable[[str], Iterable[int]] | None = None) -> None:
        """Put in the articles of these rows ((cache key, JSON text)), replacing what was
        known of them; ``wanted(article id)``: its claims the board shows."""
        for content_key, text in rows:
            names, capitals, claims = _read(text)
            names_t = tuple(self._one(n) for n in names)
            capitals_t = tuple(capitals)
            for article_id in articles_by_key.get(content_key, ()):
                self.remove(article_id)
                number = self._number.get(article_id)
                if number is None:
                    number = self._number[article_id] = len(self._ids)
                    self._ids.append(article_id)
                self.claim_counts[article_id] = len(claims)
                self._names[article_id] = names_t
                for name in names_t:
                    self._mentions.setdefault(name, array("I")).append(number)
                self._capitals_of[article_id] = capitals_t
                for item in capitals_t:
                    self._capitals[item] = self._capitals.get(item, 0) + 1
                for index in wanted(article_id) if wanted else ():
                    if 0 <= index < len(claims):
                        body, score = claims[index]
                        self._claims[(article_id, index)] = (self._one(body), score)

    def add_claims(self, rows: Iterable[tuple[str, str]], articles_by_key: Mapping[str, list[str]],
                   wanted: Callable[[str], Iterable[int]]) -> None:
        """Only the text and score of the ``wanted`` claims of these rows' articles."""
        for content_key, text in rows:
            claims = _read(text)[2]
            for article_id in articles_by_key.get(content_key, ()):
                for index in wanted(article_id):
                    if 0 <= index < len(claims):
                        body, score = claims[index]
                        self._claims[(article_id, index)] = (self._one(body), score)

    def mentioning(self, canonical: str) -> set[str]:
        """Ids of the articles naming ``canonical`` (a law also by its articles: "UN
        Charter" finds "UN Charter, Article 51")."""
        numbers = set(self._mentions.get(canonical, ()))
        prefix = canonical + ", Article "
        for name, found in self._mentions.items():
            if name.startswith(prefix):
                numbers.update(found)
        return {self._ids[n] for n in numbers}

    def acronyms(self) -> list[Acronym]:
        return [Acronym(*item) for item in sorted(self._capitals)]

    def claim(self, ref: ClaimRef) -> tuple[str, float] | None:
        return self._claims.get(ref)

    def has_claim(self, ref: ClaimRef) -> bool:
        return ref in self._claims

    def keep_claims(self, refs: set[ClaimRef]) -> None:
        """Forget the board's claims that are not in ``refs`` any more."""
        for ref in [r for r in self._claims if r not in refs]:
            del self._claims[ref]
