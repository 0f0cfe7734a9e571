"""The one small API the TUI and the command line use.

``Library.load`` reads the corpus (fast); ``Library.ensure_index`` builds or
updates the search index (slow: call it off the UI thread). Searching before
the index is ready returns a result whose error says so.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path
from typing import Iterable, Sequence

from .analysis import Analyser, Analysis, AnalysisStore, analyse_articles
from .article import Article, Span
from .claims import Claim
from .clusters import Cluster, cluster_claims
from .quotes import Quote
from .corpus import Corpus, LoadProblem, load_corpus
from .entities import Entity
from .gazetteer import Gazetteer, load_gazetteer

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"


def default_paths() -> list[Path]:
    """The bundled seed articles, wherever the package is installed."""
    return [SEEDS_DIR]


class Library:
    """An opened corpus and, once ``ensure_index`` has run, its search index."""

    def __init__(self, corpus: Corpus, index_root: Path | None = None, gazetteer: Gazetteer | None = None, prefer_model: bool = True) -> None:
        self._corpus = corpus
        self._by_id = corpus.by_id()
        self._index_root = index_root
        self._analyser = Analyser(gazetteer or load_gazetteer(), prefer_model=prefer_model)
        self._analyses: dict[str, Analysis] = {}
        self._mentions: dict[str, set[str]] = {}  # canonical entity -> article ids
        self._clusters: dict[str, Cluster] = {}
        self._lock = threading.Lock()  # Whoosh searchers are not thread-safe
        self._index = None
        self._searcher = None
        self._engine = None
        self.index_report = None

    @classmethod
    def load(
        cls,
        paths: Iterable[Path | str] | None = None,
        index_root: Path | str | None = None,
        entities_file: Path | str | None = None,
        prefer_model: bool = True,
    ) -> "Library":
        """Read the corpus and the alias map (raises ``GazetteerError`` if that is malformed)."""
        chosen = list(paths) if paths else default_paths()
        gazetteer = load_gazetteer(Path(entities_file) if entities_file else None)
        root = Path(index_root).expanduser() if index_root else None
        return cls(load_corpus(chosen), root, gazetteer, prefer_model)

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

    # -- analysis -----------------------------------------------------------
    @property
    def analysis_warning(self) -> str | None:
        """Why entity recognition fell back to rules, once analysis has run."""
        return self._analyser.warning

    @property
    def analysed(self) -> bool:
        return bool(self._analyses) or not self.articles

    def analyse(self, progress=None) -> dict[str, Analysis]:
        """Entities for every article, from the cache or computed now. Slow: not on a UI thread."""
        from .index import default_cache_root

        store = AnalysisStore((self._index_root or default_cache_root()) / "analysis.sqlite")
        try:
            analyses = analyse_articles(list(self.articles), self._analyser, store, progress)
        finally:
            store.close()
        mentions: dict[str, set[str]] = {}
        for article_id, analysis in analyses.items():
            for entity in analysis.entities:
                mentions.setdefault(entity.canonical, set()).add(article_id)
        # Clusters span the corpus, so they are computed here, not cached per article.
        assignment, clusters = cluster_claims({a: list(x.claims) for a, x in analyses.items()})
        for article_id, analysis in analyses.items():
            claims = tuple(replace(c, cluster=assignment[(article_id, i)]) for i, c in enumerate(analysis.claims))
            analyses[article_id] = replace(analysis, claims=claims)
        self._analyses, self._mentions, self._clusters = analyses, mentions, clusters
        return analyses

    def quotes(self, article_id: str) -> tuple[Quote, ...]:
        analysis = self._analyses.get(article_id)
        return analysis.quotes if analysis else ()

    def claims(self, article_id: str) -> tuple[Claim, ...]:
        """The article's claims in text order, each with its cluster id."""
        analysis = self._analyses.get(article_id)
        return analysis.claims if analysis else ()

    def cluster(self, cluster_id: str) -> Cluster:
        return self._clusters[cluster_id]

    def clusters(self) -> list[Cluster]:
        """Every claim cluster: corroborated ones (several articles) and single claims."""
        return list(self._clusters.values())

    def corroborating(self, article_id: str, claim: Claim) -> list[str]:
        """Other articles whose claims state the same thing, newest first."""
        if claim.cluster is None or claim.cluster not in self._clusters:
            return []
        others = set(self._clusters[claim.cluster].articles) - {article_id}
        return [a.id for a in self.articles if a.id in others]

    def entities(self, article_id: str) -> tuple[Entity, ...]:
        """The article's entities in text order (empty until ``analyse`` has run)."""
        analysis = self._analyses.get(article_id)
        return analysis.entities if analysis else ()

    def articles_mentioning(self, canonical: str) -> list[str]:
        """Ids of articles naming the entity (any variant), newest first.

        A law also matches its articles: "UN Charter" finds "UN Charter, Article 51"."""
        ids = set(self._mentions.get(canonical, ()))
        for name, found in self._mentions.items():
            if name.startswith(canonical + ", Article "):
                ids |= found
        return [a.id for a in self.articles if a.id in ids]

    # -- index ------------------------------------------------------------
    @property
    def index_ready(self) -> bool:
        return self._searcher is not None

    def ensure_index(self, progress=None):
        """Analyse, then build or update the index; returns an ``IndexReport``.

        ``progress(phase, done, total)`` is called with phase "analysing" then
        "indexing". Slow: not on a UI thread."""
        from .index import ensure_index, index_dir_for
        from .query import QueryEngine, make_searcher

        analyses = self.analyse(progress)
        path = index_dir_for(self.roots, self._index_root)
        ix, report = ensure_index(path, list(self.articles), analyses, self._analyser.key, progress)
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
