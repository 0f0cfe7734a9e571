"""The one small API the TUI and the command line use.

``Library.load`` reads the corpus (fast); ``Library.ensure_index`` builds or
updates the search index (slow: call it off the UI thread). Searching before
the index is ready returns a result whose error says so.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Iterable, Sequence

from .article import Article, Span
from .corpus import Corpus, LoadProblem, load_corpus

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"


def default_paths() -> list[Path]:
    """The bundled seed articles, wherever the package is installed."""
    return [SEEDS_DIR]


class Library:
    """An opened corpus and, once ``ensure_index`` has run, its search index."""

    def __init__(self, corpus: Corpus, index_root: Path | None = None) -> None:
        self._corpus = corpus
        self._by_id = corpus.by_id()
        self._index_root = index_root
        self._lock = threading.Lock()  # Whoosh searchers are not thread-safe
        self._index = None
        self._searcher = None
        self._engine = None
        self.index_report = None

    @classmethod
    def load(cls, paths: Iterable[Path | str] | None = None, index_root: Path | str | None = None) -> "Library":
        chosen = list(paths) if paths else default_paths()
        return cls(load_corpus(chosen), Path(index_root).expanduser() if index_root else None)

    # -- corpus -----------------------------------------------------------
    @property
    def articles(self) -> Sequence[Article]:
        """All articles, newest first."""
        return self._corpus.articles

    @property
    def problems(self) -> Sequence[LoadProblem]:
        return self._corpus.problems

    @property
    def roots(self) -> tuple[Path, ...]:
        return self._corpus.roots

    def display_path(self, article: Article) -> str:
        """The article's file relative to the folder it was loaded from (``seeds/a.txt``)."""
        for root in self.roots:
            base = root.parent  # keep the folder's own name: "seeds/a.txt"
            try:
                relative = article.path.relative_to(base)
            except ValueError:
                continue
            suffix = f":{article.line}" if article.line else ""
            return f"{relative}{suffix}"
        return article.location

    def article(self, article_id: str) -> Article:
        try:
            return self._by_id[article_id]
        except KeyError:
            raise KeyError(f"no article with id {article_id!r}") from None

    # -- index ------------------------------------------------------------
    @property
    def index_ready(self) -> bool:
        return self._searcher is not None

    def ensure_index(self, progress=None):
        """Build or update the index; returns an ``IndexReport``. Slow: not on a UI thread."""
        from .index import ensure_index, index_dir_for
        from .query import QueryEngine, make_searcher

        path = index_dir_for(self.roots, self._index_root)
        ix, report = ensure_index(path, list(self.articles), progress)
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
            self._index = ix
            self._engine = QueryEngine(ix.schema)
            self._searcher = make_searcher(ix)
            self.index_report = report
        return report

    def search(self, query: str, limit: int | None = 50, snippets: bool = True):
        """Ranked hits for ``query`` as a ``SearchResult`` (never raises for bad queries)."""
        from .query import SearchResult

        with self._lock:
            if self._searcher is None:
                return SearchResult(query=query, error="the index is not ready yet")
            return self._engine.search(self._searcher, query, self._by_id, limit, snippets)

    def hit_spans(self, article_id: str, query: str) -> list[Span]:
        """Offsets in the article's text where the query's words occur."""
        article = self.article(article_id)
        with self._lock:
            if self._searcher is None or not query.strip():
                return []
            return self._engine.hit_spans(self._searcher, query, article)

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
