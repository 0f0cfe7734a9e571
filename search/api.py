"""The one small API the TUI and the command line use.

``Library.load`` reads the corpus (fast); ``Library.ensure_index`` builds or
updates the search index (slow: call it off the UI thread). Searching before
the index is ready returns a result whose error says so.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from . import paths
from .paths import SEEDS_DIR
from .syntax import ANNOTATION_FIELDS
from .analysis import Analyser, Analysis, AnalysisStore, analyse_articles
from .annotations import VERDICTS, Annotation, AnnotationFile, Placement, SaveReport, new_annotation, place
from .article import Article, Span
from .analysis.claims import Claim
from .analysis.clusters import Cluster, ClusterCacheError, ClusterIndex, cluster_claims, cluster_id_for
from .analysis.clusters import from_json as clusters_from_json
from .analysis.quotes import Quote
from .analysis.sentences import split_sentences
from .sources import Corpus, LoadProblem, load_corpus
from .analysis.lazy import Summary
from .analysis.ner import Entity, Gazetteer, load_gazetteer
from .views import (
    AnnotationRow, ArticleAnnotations, Board, BoardClaim, BoardCluster, ClaimRow, ConflictRow, OutletRef, QuoteRow, short_title,
)

CLUSTER_VERSION = "clusters-6"  # bump when clustering changes: cached clusters are then recomputed


def default_paths() -> list[Path]:
    """The bundled seed articles, wherever the package is installed."""
    return [SEEDS_DIR]


def default_annotations_path(roots: Sequence[Path]) -> Path:
    """``annotations.yaml`` in the corpus folder; for the bundled seeds (which may
    sit in a read-only install), the user's data folder."""
    if not roots or list(roots) == [SEEDS_DIR]:
        return paths.seeds_annotations_file()
    first = roots[0]
    return (first if first.is_dir() else first.parent) / "annotations.yaml"


_ANNOTATION_TERM = re.compile(r'(?<![\w"])(' + "|".join(ANNOTATION_FIELDS) + r'):(?:"([^"]*)"|(\S+))', re.IGNORECASE)


def _corpus_cache(where: Iterable[Path | str]) -> Path:
    """The loaded-articles cache of the corpus at ``where`` (``sources/_cache.py``)."""
    return paths.corpus_cache_file(tuple(Path(p).expanduser().resolve() for p in where))


def split_annotation_terms(query: str) -> tuple[str, list[tuple[str, str]]]:
    """Take ``verdict:x`` and ``tag:y`` out of a query: (the rest, [(field, value)])."""
    found = [(m.group(1).lower(), m.group(2) if m.group(2) is not None else m.group(3)) for m in _ANNOTATION_TERM.finditer(query)]
    return _ANNOTATION_TERM.sub(" ", query), found


def _problem_kind(message: str) -> str:
    if message.startswith("analysis failed"):
        return "analysis failed"
    if "skipped" in message or message in ("no such file or folder",) or message.startswith("unsupported file type"):
        return "skipped"
    return "warning"


# Analysed articles go into the index in commits of this many, or at least this often (seconds).
INDEX_BATCH = 256
INDEX_INTERVAL = 3.0


class _NotReady(Exception):
    pass


class _StillDamaged(Exception):
    pass


class Library:
    """An opened corpus and, once ``ensure_index`` has run, its search index."""

    def __init__(self, corpus: Corpus, index_root: Path | None = None, gazetteer: Gazetteer | None = None, prefer_model: bool = True) -> None:
        self.annotations = AnnotationFile(default_annotations_path(corpus.roots))
        self._deleted: list[Annotation] = []  # for undo
        self._placed: dict[str, tuple] = {}  # article id -> (text, its annotations, placements)
        # The app edits annotations on its UI thread and saves them in a worker.
        self._annotations_lock = threading.RLock()
        self._corpus = corpus
        self._by_id = corpus.by_id()
        self._order = {a.id: i for i, a in enumerate(corpus.articles)}  # newest first
        self._index_root = index_root
        self._analyser = Analyser(gazetteer or load_gazetteer(), prefer_model=prefer_model)
        self._analyses: Mapping[str, Analysis] = {}  # a ``LazyAnalyses`` once ``analyse`` has run
        self._summary = Summary()  # mentions, acronyms, claim counts, the board's claims: compact, per article
        self._summarised: dict[str, tuple[str, str]] = {}  # article id -> the cached row ``_summary`` holds
        self._aliases: Gazetteer | None = None  # the gazetteer plus the acronyms the articles define
        self._cluster_note: str | None = None  # why the cluster index kept on disk was rebuilt
        self._clusters_for: str | None = None  # the key (``_corpus_key``) of ``_clusters``, set only with them
        self._corpus_keyed: tuple | None = None  # (corpus, analyser key, its ``_corpus_key``)
        # (clusters, the clusters a change made of them, the ids of those that differ)
        self._lineage: tuple[dict, dict, set[str]] | None = None
        # (a clusters key, what each article was when clustered, as kept with that key in the cache)
        self._clustered: tuple[str, dict[str, str]] | None = None
        self._clusters: dict[str, Cluster] = {}
        # (the clusters it describes, every claim's cluster id in them): kept so that a change
        # brings it up to date instead of it being worked out from every cluster again.
        self._assignment: tuple[dict, dict] | None = None
        self._stories: tuple | None = None  # (analyses, clusters, the stories found in them, comparisons)
        self._board: tuple[dict, Board] | None = None  # (the clusters it was built from, the board)
        self._board_rows: dict[str, tuple] = {}  # cluster id -> (the cluster, its article ids, its row)
        self._board_singles: dict[str, tuple] = {}  # cluster id -> (a cluster not on the board, its claims)
        self._board_articles: dict[str, Article] | None = None  # the articles (``_by_id``) the rows were built from
        self._outlets: dict[str, tuple[Article, OutletRef]] = {}  # article id -> (the article, how it is named)
        self._analysed_ids: set[str] = set()  # analysed in this process
        self._indexed_ids: set[str] = set()  # entity fields in the index from the current analyser
        self._lock = threading.Lock()  # Whoosh searchers are not thread-safe
        self._index = None
        self._searcher = None
        self._engine = None
        self.index_report = None
        self.index_damage: str | None = None  # why the index was last rebuilt while in use

    @classmethod
    def load(
        cls,
        paths: Iterable[Path | str] | None = None,
        index_root: Path | str | None = None,
        entities_file: Path | str | None = None,
        prefer_model: bool = True,
        annotations_file: Path | str | None = None,
    ) -> "Library":
        """Read the corpus, the alias map (raises ``GazetteerError`` if that is
        malformed) and the annotations file (a malformed one is reported in
        ``annotations.error`` and never written)."""
        chosen = list(paths) if paths else default_paths()
        gazetteer = load_gazetteer(Path(entities_file) if entities_file else None)
        root = Path(index_root).expanduser() if index_root else None
        library = cls(load_corpus(chosen, cache=_corpus_cache(chosen)), root, gazetteer, prefer_model)
        library._quick_ok = entities_file is None  # a quick search (search.library) may trust what it writes
        path = Path(annotations_file).expanduser() if annotations_file else default_annotations_path(library.roots)
        library.annotations = AnnotationFile.open(path)
        return library

    # -- corpus -----------------------------------------------------------
    def reload(self) -> None:
        """Re-read the corpus's folders (articles written since it opened, e.g. by a
        feed refresh). The annotations, the analyses and the index stay; call
        ``ensure_index`` afterwards to index and analyse what is new."""
        corpus = load_corpus(self.roots, cache=_corpus_cache(self.roots), earlier=self._corpus)
        with self._lock:
            self._corpus = corpus
            self._by_id = corpus.by_id()
            self._order = {a.id: i for i, a in enumerate(corpus.articles)}

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
        """Why entity recognition fell back to rules, once analysis has run (and why
        the claim cluster index kept on disk had to be rebuilt, if it had)."""
        notes = [note for note in (self._analyser.warning, self._cluster_note) if note]
        return "; ".join(notes) or None

    @property
    def analysed(self) -> bool:
        return bool(self._analyses) or not self.articles

    def analyse(self, progress=None, cancel: threading.Event | None = None, workers: int | None = None) -> Mapping[str, Analysis]:
        """Entities, quotes and claims for every article, from the cache or computed
        now (in worker processes when there are many). Slow: not on a UI thread.

        Each batch is cached as it finishes and, once the index is open, its
        entity fields are added to the index, so ``entity:`` queries find more
        articles as analysis goes on. Once ``cancel`` (a ``threading.Event``) is
        set, analysis stops after the batches under way: what is done is kept,
        and the next call resumes. Claims are clustered when every article is
        analysed.

        Nothing is decoded for articles already cached: the analyses returned
        (and kept) are read from the cache when asked for (``LazyAnalyses``), and
        what the corpus as a whole needs (entity mentions, acronyms, the board's
        claims) is kept compactly in ``Summary``, updated only where a cached
        row changed."""
        from .analysis import cache_key, reference_date
        from .analysis.lazy import LazyAnalyses

        path = (self._index_root or paths.cache_dir()) / "analysis.sqlite"
        store = AnalysisStore(path)
        pending: list = []
        flushed = [time.monotonic()]

        def landed(pairs) -> None:
            pending.extend(pairs)
            if len(pending) >= INDEX_BATCH or time.monotonic() - flushed[0] > INDEX_INTERVAL:
                self._add_entities(pending)
                pending.clear()
                flushed[0] = time.monotonic()

        try:
            failed: dict[str, str] = {}
            articles = list(self.articles)
            reference = reference_date(articles)
            keys = {a.id: cache_key(a, reference) for a in articles}
            key = self._analyser.key
            present = store.present(keys.values(), key)
            missing = [a for a in articles if keys[a.id] not in present]
            on_batch = landed if self._index is not None else None
            fresh: dict[str, Analysis] = {}
            if missing:
                ahead = len(articles) - len(missing)
                counted = (lambda phase, done, total: progress(phase, done + ahead, total + ahead)) if progress else None
                fresh = analyse_articles(missing, self._analyser, store, counted, failed, cancel, on_batch=on_batch,
                                         workers=workers, reference_from=articles)
                if self._analyser.key != key:
                    # The model could not load: every article under the fallback's key.
                    key, present = self._analyser.key, set()
                    fresh = analyse_articles(articles, self._analyser, store, progress, failed, cancel, on_batch=on_batch,
                                             workers=workers, reference_from=articles)
            elif progress:
                progress("analysing", len(articles), len(articles))
            if pending:
                self._add_entities(pending)
            stored = present | (store.present((keys[a] for a in fresh), key) if fresh and not store.in_memory else set())
            in_file = {a.id: keys[a.id] for a in articles if keys[a.id] in stored and (a.id in fresh or keys[a.id] in present)}
            pinned = {a: x for a, x in fresh.items() if a not in in_file}
            analyses = LazyAnalyses(None if store.in_memory else path, key, in_file, pinned)
            if self._index is not None:
                # Cached analyses the index has no entity fields from yet (a text-first build).
                behind = [a for a in articles if a.id in analyses and a.id not in self._indexed_ids]
                for start in range(0, len(behind), INDEX_BATCH * 4):
                    part = behind[start:start + INDEX_BATCH * 4]
                    found = dict(analyses.stream(a.id for a in part))
                    self._add_entities([(a, found[a.id]) for a in part if a.id in found])
            for article_id, reason in failed.items():
                article = self._by_id[article_id]
                problem = LoadProblem(article.path, f"analysis failed ({reason}); the text is searchable, entities and claims are missing", article.line)
                if problem not in self._corpus.problems:
                    self._corpus.problems.append(problem)
            complete = len(analyses) == len(articles)
            # Nothing clustering reads changed (texts, dates, analyser; a title, say, did):
            # the clusters in hand are the ones, not read from the cache again.
            corpus_key = self._corpus_key() if complete else None
            same = complete and self._clusters_for == corpus_key and self._assignment_of(self._clusters) is not None
            cached = self._cached_clusters(store, articles) if complete and not same else None
            self._summarise(store, key, analyses, keys, pinned, cached[1] if cached else self._clusters)
            if same:  # a new dict all the same: the board's rows of changed articles are built again
                assignment, clusters = self._assignment_of(self._clusters), dict(self._clusters)
                self._lineage = (self._clusters, clusters, set())
            else:
                assignment, clusters = self._cluster(store, analyses, cached) if complete else ({}, {})
            self._summarise(store, key, analyses, keys, pinned, clusters, only_board=True)
        finally:
            store.close()
        self._assignment = (clusters, assignment) if complete else None
        self._clusters_for = corpus_key
        # A claim alone in its cluster is in the cluster its own reference names.
        analyses.set_clusters((lambda a, i: assignment.get((a, i)) or cluster_id_for((a, i))) if complete else None)
        old = self._analyses
        self._analyses, self._clusters = analyses, clusters
        if isinstance(old, LazyAnalyses) and old is not analyses:
            old.close()
        self._aliases = self._learn_aliases()
        if self._engine is not None:
            self._engine.gazetteer = self._search_aliases()
        self._analysed_ids = set(analyses)
        if complete:
            self.board()  # the board's rows, built here (off the UI thread) so opening it only reads them
        return analyses

    def _summarise(self, store: AnalysisStore, key: str, analyses, keys: dict[str, str], pinned: dict, clusters,
                   only_board: bool = False) -> None:
        """Bring ``Summary`` up to date: the articles whose cached row changed are read
        again (with the claims the board will show of them), and with ``only_board``
        the claims of clusters the board has no row for yet; a chunk of rows at a time."""
        summary = self._summary
        rows = self._board_rows
        touched = self._changed_clusters(clusters)
        candidates = clusters.items() if touched is None else [(cid, clusters[cid]) for cid in touched if cid in clusters]
        fresh = [c for cid, c in candidates if len(c.members) > 1 and (rows.get(cid) or (None,))[0] is not c]
        on_board: dict[str, list[int]] = {}
        for cluster in fresh:
            if len({a for a, _ in cluster.members}) > 1:
                for article_id, index in cluster.members:
                    on_board.setdefault(article_id, []).append(index)
        wanted = lambda article_id: on_board.get(article_id, ())  # noqa: E731
        if only_board:
            todo = [a for a, indexes in on_board.items() if a in analyses and not all(summary.has_claim((a, i)) for i in indexes)]
        else:
            seen = {a: (key, keys[a]) for a in analyses}
            for gone in [a for a in self._summarised if a not in seen]:
                summary.remove(gone)
                del self._summarised[gone]
            todo = [a for a, row in seen.items() if self._summarised.get(a) != row or a in pinned]
            self._summarised.update((a, seen[a]) for a in todo)
        by_key: dict[str, list[str]] = {}
        for article_id in todo:
            if article_id in pinned:
                found = [(article_id, pinned[article_id].to_json())]
                (summary.add_claims if only_board else summary.add)(found, {article_id: [article_id]}, wanted)
            else:
                by_key.setdefault(keys[article_id], []).append(article_id)
        if by_key:
            (summary.add_claims if only_board else summary.add)(store.rows(by_key, key), by_key, wanted)
        if only_board and not rows:  # the first board: what is not on it is not kept
            summary.keep_claims({(a, i) for a, indexes in on_board.items() for i in indexes})

    def _learn_aliases(self) -> Gazetteer:
        from .analysis.ner.aliases import corpus_aliases

        return corpus_aliases(self._analyser.gazetteer, [self._summary.acronyms()])

    def _search_aliases(self) -> Gazetteer:
        """The alias map queries expand with: the gazetteer plus acronyms the articles define."""
        return self._aliases if self._aliases is not None else self._analyser.gazetteer

    def analyse_in_background(self, progress=None, cancel: threading.Event | None = None, workers: int | None = None) -> threading.Thread:
        """``analyse`` on a daemon thread (started and returned); join it to wait."""
        thread = threading.Thread(target=self.analyse, args=(progress, cancel, workers), name="newsdesk-analysis", daemon=True)
        thread.start()
        return thread

    def _corpus_key(self) -> str:
        """A key of everything clustering reads: worked out once per corpus and analyser."""
        corpus, analyser_key = self._corpus, self._analyser.key
        known = self._corpus_keyed
        if known is not None and known[0] is corpus and known[1] == analyser_key:
            return known[2]
        key = hashlib.sha256(
            "\n".join([CLUSTER_VERSION, analyser_key, *(f"{a.id}|{a.content_hash}|{a.date_text}" for a in corpus.articles)]).encode()
        ).hexdigest()
        self._corpus_keyed = (corpus, analyser_key, key)
        return key

    def _cached_clusters(self, store: AnalysisStore, articles):
        """The clusters cached for exactly this corpus and analyser, read (not yet checked
        against the claims: ``_cluster`` does that), or None."""
        from .analysis import kept

        key = self._corpus_key()
        try:
            state, _ = kept.load_state(store, self._index_slot(), self._analyser.key)
            if state is not None and state["clusters"] != key:
                # The index kept for this corpus describes other texts (the corpus changed, or
                # went back to texts clustered before): re-clustered from it, only what differs,
                # so that the clusters in hand are the ones it agrees with. Clusters cached for
                # these texts would leave the next change to read every kept cluster back
                # (0.8 s at 19,000 articles) and to rebuild every board row.
                return None
            cached = store.get_corpus(key)
            if cached is not None:
                return clusters_from_json(cached)
            # Clusters updated since the last from scratch are kept with the cluster index.
            if state is not None:
                clusters = kept.load_clusters(store, self._index_slot(), state["total"])
                return {ref: c.id for c in clusters.values() for ref in c.members}, clusters
        except ClusterCacheError:
            pass  # a cache that disagrees with itself is rebuilt
        return None

    def _cluster(self, store: AnalysisStore, analyses, cached):
        """Claims grouped across articles: cached under a key of every article's analysis;
        otherwise re-clustered from the cluster index kept in the cache (only what changed)."""
        counts = self._summary.claim_counts
        if cached is not None and len(cached[0]) == sum(counts.get(a, 0) for a in analyses) \
                and all(0 <= i < counts.get(a, 0) for a, i in cached[0]):
            return cached
        return self._recluster(analyses, store)

    def _index_slot(self) -> str:
        """Where this corpus's cluster index is kept in the cache (one per set of folders)."""
        return hashlib.sha256("\n".join([CLUSTER_VERSION, *map(str, self.roots)]).encode()).hexdigest()

    def _recluster(self, analyses, store: AnalysisStore):
        """Cluster the claims and keep the result and the cluster index in the cache.
        When an index is kept for this corpus, only the articles whose analysis changed
        (or that left the corpus) are compared again, reading only what they touch
        (``analysis.kept``); otherwise, or when what is kept is damaged (said in
        ``analysis_warning``), from scratch."""
        from .analysis import kept

        key = self._analyser.key
        slot, corpus_key = self._index_slot(), self._corpus_key()
        clustered = {a: self._analysed_as(a, key) for a in analyses}
        stream = getattr(analyses, "stream", None)
        state, note = kept.load_state(store, slot, key)
        if state is not None:
            before = self._clusters if self._clusters_for == state["clusters"] else self._stored_clusters(store, state, slot)
            held = self._clustered
            try:
                known = held[1] if held is not None and held[0] == state["clusters"] else kept.load_clustered(store, slot, state)
            except ClusterCacheError as exc:
                known, note = None, kept._note(str(exc))
            if before is None:
                note = kept._note("the clusters it agrees with are gone")
            elif known is not None:
                changed_ids = [a for a in analyses if known.get(a) != clustered[a]]
                removed = [a for a in known if a not in analyses]
                changed = dict(stream(changed_ids)) if stream else {a: analyses[a] for a in changed_ids}
                assignment = self._assignment_of(before)
                self._assignment = None  # brought up to date in place below
                self._clustered = None
                touched: set[str] = set()
                try:
                    result = kept.update_kept(
                        store, slot, state, before, corpus_key, {a: list(x.claims) for a, x in changed.items()},
                        {a: x.entities for a, x in changed.items()}, removed, clustered, assignment, touched, known,
                    )
                except ClusterCacheError as exc:
                    note = kept._note(str(exc))
                else:
                    self._clustered = (corpus_key, clustered)
                    self._lineage = (before, result[1], touched)
                    return result
        if note:
            self._cluster_note = note
            kept.drop(store, slot)
        index = ClusterIndex()
        everything = dict(stream()) if stream else dict(analyses)
        result = cluster_claims(
            {a: list(x.claims) for a, x in everything.items()}, {a: x.entities for a, x in everything.items()}, index
        )
        del everything
        kept.save_full(store, slot, index, clustered, key, corpus_key, result[1])
        self._clustered = (corpus_key, clustered)
        return result

    def _assignment_of(self, clusters: dict) -> dict | None:
        """Every claim's cluster id in ``clusters``, if it is held for them (else None)."""
        held = self._assignment
        return held[1] if held is not None and held[0] is clusters else None

    def _stored_clusters(self, store: AnalysisStore, state: dict, slot: str):
        """The clusters the kept index agrees with (None if they cannot be read)."""
        from .analysis import kept

        try:
            return kept.load_clusters(store, slot, state["total"])
        except ClusterCacheError:
            return None

    def _analysed_as(self, article_id: str, analyser_key: str) -> str:
        article = self._by_id.get(article_id)
        return f"{article.content_hash}|{article.date_text}|{analyser_key}" if article else ""

    def _add_entities(self, pairs) -> None:
        """Entity fields for these articles into the open index (skipped, not
        fatal, when another process holds the index: the next open adds them)."""
        from .index import add_entities
        from .library import index_state

        with self._lock:
            ix = self._index
        if ix is None or not pairs:
            return
        try:
            add_entities(ix, list(pairs), self._analyser.key, state=index_state(self))
        except Exception:  # noqa: BLE001 - the index is a cache: a lock or a damaged file must not stop analysis
            return
        from .index import make_searcher

        with self._lock:
            if self._index is ix and self._searcher is not None:
                # A new searcher, not Searcher.refresh(): refresh reuses the readers
                # of unchanged segments, deletions included, so documents just
                # rewritten showed up twice.
                self._searcher.close()
                self._searcher = make_searcher(ix)
            self._indexed_ids.update(article.id for article, _ in pairs)

    # -- what is missing ------------------------------------------------------
    def analysis_progress(self) -> tuple[int, int]:
        """(articles whose entities are searchable, all articles)."""
        ids = {a.id for a in self.articles}
        return len((self._indexed_ids | self._analysed_ids) & ids), len(ids)

    def analysis_status(self) -> str | None:
        """One line on what analysis has not reached yet; None when nothing is missing."""
        from .library import analysis_note

        return analysis_note(*self.analysis_progress())

    def search_needs_analysis(self, query: str) -> bool:
        """True when ``query`` names an entity field and some articles' entities
        are not in the index yet (``analyse`` first for complete results)."""
        from .index import ENTITY_FIELDS

        names = {"entity", *ENTITY_FIELDS.values()}
        named = {m.lower() for m in re.findall(r'(?<![\w"])([A-Za-z_]+):', query)}
        return bool(named & names) and self.analysis_status() is not None

    def problem_counts(self) -> dict[str, int]:
        """Load and analysis problems counted by kind: "skipped" (a file or line
        not loaded), "analysis failed" (loaded, searchable, no entities),
        "warning" (loaded, with something to say, such as a date left unknown)."""
        counts: dict[str, int] = {}
        for problem in self.problems:
            kind = _problem_kind(problem.message)
            counts[kind] = counts.get(kind, 0) + 1
        return counts

    def problem_summary(self) -> str | None:
        """The problems in one line ("3 skipped, 41 warnings about loaded articles"); None if there are none."""
        counts = self.problem_counts()
        if not counts:
            return None
        parts = []
        if counts.get("skipped"):
            parts.append(f"{counts['skipped']} file(s) or line(s) skipped")
        if counts.get("analysis failed"):
            parts.append(f"{counts['analysis failed']} article(s) not analysed (analysis failed)")
        if counts.get("warning"):
            parts.append(f"{counts['warning']} warning(s) about loaded articles")
        return "load problems: " + ", ".join(parts)

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
        # Sorted by the corpus's order, not by walking the corpus: opening an
        # article must not cost time in proportion to the corpus.
        return sorted((a for a in others if a in self._order), key=self._order.__getitem__)

    def entities(self, article_id: str) -> tuple[Entity, ...]:
        """The article's entities in text order (empty until ``analyse`` has run)."""
        analysis = self._analyses.get(article_id)
        return analysis.entities if analysis else ()

    def articles_mentioning(self, canonical: str) -> list[str]:
        """Ids of articles naming the entity (any variant), newest first.

        A law also matches its articles: "UN Charter" finds "UN Charter, Article 51"."""
        ids = self._summary.mentioning(canonical)
        return [a.id for a in self.articles if a.id in ids]

    # -- read model: rows both front ends render -------------------------------
    def search_placeholder(self) -> str:
        """The search box's hint, with an outlet and a date from this corpus."""
        from collections import Counter

        from .syntax import placeholder

        counts = Counter(a.source for a in self.articles if a.source)
        outlet = None
        if counts:
            best = max(counts.values())
            # Ties go to the outlet of the newest article (articles are newest first).
            name = next(a.source for a in self.articles if a.source and counts[a.source] == best)
            outlet = next((w.lower() for w in re.findall(r"[A-Za-z]{2,}", name)), None)
        newest = next((a.date_text for a in self.articles if a.date), None)
        return placeholder(outlet, newest)

    def outlet(self, article_id: str) -> OutletRef:
        """How an article is named where outlets are listed: its outlet, else its
        short title in quotes (counted as "unknown outlet"), never its file id. Worked out
        once per article (the board names each of its 145,000 claims' articles at 19k)."""
        article = self.article(article_id)
        held = self._outlets.get(article_id)
        if held is not None and held[0] is article:
            return held[1]
        if article.source:
            ref = OutletRef(article_id, article.source, article.date_text or "", article.source)
        else:
            title = short_title(article.title) if article.title and article.title != article.id else "untitled article"
            ref = OutletRef(article_id, f"“{title}”", article.date_text or "", None)
        self._outlets[article_id] = (article, ref)
        return ref

    def claim_rows(self, article_id: str) -> list[ClaimRow]:
        """The article's claims with the outlets that corroborate them, conflicts and verdicts."""
        verdicts = self.article_annotations(article_id).verdicts
        return [self._claim_row(article_id, i, claim, verdicts) for i, claim in enumerate(self.claims(article_id))]

    def claim_row(self, article_id: str, index: int) -> ClaimRow:
        """One claim's row (stepping through claims builds only the one it lands on)."""
        return self._claim_row(article_id, index, self.claims(article_id)[index], self.article_annotations(article_id).verdicts)

    def _claim_row(self, article_id: str, index: int, claim: Claim, verdicts: dict) -> ClaimRow:
        return ClaimRow(
            article_id, index, claim.start, claim.end, claim.text, claim.attributed_to, claim.score, claim.cluster,
            tuple(self.outlet(a) for a in self.corroborating(article_id, claim)), self._conflict_rows(claim.cluster),
            verdicts.get((claim.start, claim.end)), claim.kind,
        )

    def _conflict_rows(self, cluster_id: str | None) -> tuple[ConflictRow, ...]:
        if cluster_id is None or cluster_id not in self._clusters:
            return ()
        return tuple(
            ConflictRow(c.name, tuple((self.outlet(a), value) for a, value in c.values), c.confidence)
            for c in self._clusters[cluster_id].conflicts
        )

    def quote_rows(self, article_id: str) -> list[QuoteRow]:
        verdicts = self.article_annotations(article_id).verdicts
        return [
            QuoteRow(i, q.start, q.end, q.text, q.speaker, q.verb, q.unclosed, verdicts.get((q.start, q.end)))
            for i, q in enumerate(self.quotes(article_id))
        ]

    def board(self) -> Board:
        """Every cluster that several articles share, for the claims board (and
        ``newsdesk board``). Built once per clustering and kept: opening the
        board again costs nothing."""
        clusters = self._clusters
        cached = self._board
        if cached is not None and cached[0] is clusters:
            return cached[1]
        # A cluster's row is built again only when the cluster, or the outlet, title, date
        # or text of one of its articles, changed: one changed article rebuilds a few rows,
        # and the board's orders and summary are updated by those rows, not worked out again.
        changed = self._changed_since_board()
        ids = self._changed_clusters(clusters) if cached is not None else None
        assignment = self._assignment_of(clusters)
        if ids is not None and changed:
            if assignment is None:
                ids = None
            else:
                counts = self._summary.claim_counts
                ids = ids | {assignment.get((a, i)) for a in changed for i in range(counts.get(a, 0))}
                ids.discard(None)
        full = ids is None  # every cluster looked at (what changed is not known)
        if full:
            ids, rows, singles_of, singles = clusters.keys(), {}, {}, 0
        else:
            rows, singles_of, singles = dict(self._board_rows), dict(self._board_singles), cached[1].single_claims
        before, dropped, new = self._board_rows, [], []
        for cluster_id in ids:
            old = before.get(cluster_id)
            cluster = clusters.get(cluster_id)
            single = singles_of.pop(cluster_id, None)
            if single is not None:
                singles -= single[1]
            rows.pop(cluster_id, None)
            if cluster is None:
                if old is not None:
                    dropped.append(old[2])
                continue
            if old is not None and old[0] is cluster and (not changed or changed.isdisjoint(old[1])):
                rows[cluster_id] = old
                continue
            held = self._board_singles.get(cluster_id)
            if held is not None and held[0] is cluster:
                singles_of[cluster_id] = held
                singles += held[1]
                continue
            articles = frozenset(a for a, _ in cluster.members)
            if len(cluster.members) < 2 or len(articles) < 2:
                singles_of[cluster_id] = (cluster, len(cluster.members))
                singles += len(cluster.members)
            else:
                row = self._board_row(cluster)
                rows[cluster_id] = (cluster, articles, row)
                new.append(row)
            if old is not None:
                dropped.append(old[2])
        if cached is not None and full:  # rows of clusters gone (a partial pass met them in ``ids``)
            dropped += [old[2] for cluster_id, old in before.items() if cluster_id not in clusters]
        self._board_rows, self._board_singles, self._board_articles = rows, singles_of, self._by_id
        shown = tuple(entry[2] for entry in rows.values())
        if cached is None:
            board = Board(shown, singles)
            # The board opens in this order, under this line: both worked out here, off the UI thread.
            board.ordered()
            _ = board.summary
        else:
            board = cached[1].replaced(shown, singles, dropped, new)
        self._board = (clusters, board)
        return board

    def _changed_clusters(self, clusters: dict) -> set[str] | None:
        """Ids of the clusters that may differ between those the board was built from
        and ``clusters`` (the rest are the same objects), or None when not known."""
        if self._board is None:
            return None
        then = self._board[0]
        if clusters is then:
            return set()
        lineage = self._lineage
        if lineage is not None and lineage[0] is then and lineage[1] is clusters:
            return lineage[2]
        return None

    def _board_row(self, cluster: Cluster) -> BoardCluster:
        claims = []
        for article_id, index in cluster.members:
            # The claim's text and score from the compact summary: no analysis is read.
            text, score = self._summary.claim((article_id, index)) or self._claim_text(article_id, index)
            who = self.outlet(article_id)
            claims.append(BoardClaim(article_id, index, who.label, who.date or "undated", text, score, who.outlet))
        conflicts = self._conflict_rows(cluster.id)
        confidence = max((c.confidence for c in conflicts), default=0.0)
        return BoardCluster(cluster.id, tuple(claims), tuple(r.line for r in conflicts), confidence)

    def _changed_since_board(self) -> set[str]:
        """Ids of the articles whose outlet, title, date or text is not what the board's
        rows were built from (an article reloaded unchanged is the same object: not compared)."""
        then, now = self._board_articles, self._by_id
        if then is None or then is now:
            return set()
        changed = {a for a in then if a not in now}
        for article_id, article in now.items():
            old = then.get(article_id)
            if old is not article and (
                old is None or (old.source, old.title, old.date, old.content_hash) != (article.source, article.title, article.date, article.content_hash)
            ):
                changed.add(article_id)
        return changed

    def _claim_text(self, article_id: str, index: int) -> tuple[str, float]:
        claims = self.claims(article_id)
        return (claims[index].text, claims[index].score) if index < len(claims) else ("", 0.0)

    def article_annotations(self, article_id: str) -> ArticleAnnotations:
        placed = self.placed_annotations(article_id)
        verdicts = {(p.start, p.end): a.verdict for a, p in placed if p}
        return ArticleAnnotations(verdicts, len(placed), sum(1 for _, p in placed if p is None))

    def annotation_rows(self) -> list[AnnotationRow]:
        """Every annotation in the file, in file order, each placed once (orphans included)."""
        from .annotations.export import placed_rows

        return placed_rows(list(self.annotations.annotations.values()), self._by_id)

    # -- annotations ------------------------------------------------------------
    def placed_annotations(self, article_id: str) -> list[tuple[Annotation, Placement | None]]:
        """The article's annotations and where each sits in its current text (None: orphan)."""
        text = self.article(article_id).text
        mine = self.annotations.for_article(article_id)
        # Opening an article asks up to four times (info, claims, quotes, marks): placed
        # once while neither the text nor its annotations change. Annotations are frozen
        # and replaced on every change, so the same objects mean the same annotations.
        cached = self._placed.get(article_id)
        if cached and cached[0] is text and len(cached[1]) == len(mine) and all(a is b for a, b in zip(cached[1], mine)):
            return list(cached[2])
        placed = sorted(
            ((a, place(a.target, text)) for a in mine),
            key=lambda item: (item[1].start if item[1] else -1, item[0].created),
        )
        self._placed[article_id] = (text, mine, placed)
        return list(placed)

    def sentence_at(self, article_id: str, offset: int) -> tuple[int, int] | None:
        """(start, end) of the sentence holding ``offset``."""
        for start, end in split_sentences(self.article(article_id).text):
            if start <= offset < end:
                return start, end
        return None

    def orphans(self) -> list[tuple[Annotation, str]]:
        """Annotations that cannot be placed, with why; they are kept, never dropped."""
        book = self.annotations.annotations
        return [(book[row.id], row.why_orphan) for row in self.annotation_rows() if row.orphan and row.id in book]

    def annotate(self, article_id: str, start: int, end: int, kind: str, verdict: str, note: str = "",
                 tags=(), speaker: str | None = None) -> Annotation:
        """Add an annotation in memory; ``save_annotations`` writes it."""
        article = self.article(article_id)
        if not (0 <= start < end <= len(article.text)):
            raise ValueError("the annotated span is outside the article")
        annotation = new_annotation(article_id, article.content_hash, article.text, start, end, kind, speaker, verdict, note, tags)
        with self._annotations_lock:
            self.annotations.put(annotation)
        return annotation

    def update_annotation(self, annotation_id: str, **changes) -> Annotation:
        with self._annotations_lock:
            return self.annotations.update(annotation_id, **changes)

    def delete_annotation(self, annotation_id: str) -> Annotation:
        with self._annotations_lock:
            removed = self.annotations.delete(annotation_id)
            self._deleted.append(removed)
        return removed

    def undo_delete(self) -> Annotation | None:
        """Bring back the last deleted annotation (saving writes it back too)."""
        with self._annotations_lock:
            if not self._deleted:
                return None
            restored = self._deleted.pop()
            self.annotations.put(restored)
        return restored

    def save_annotations(self) -> SaveReport:
        """Merge with the file on disk and write it atomically. Slow-ish: not on a UI thread."""
        with self._annotations_lock:
            return self.annotations.save()

    def annotated_articles(self, verdict: str | None = None, tag: str | None = None) -> set[str]:
        return {
            a.article for a in self.annotations.annotations.values()
            if (verdict is None or a.verdict == verdict.lower()) and (tag is None or tag.lower() in (t.lower() for t in a.tags))
        }

    # -- index ------------------------------------------------------------
    @property
    def index_ready(self) -> bool:
        return self._searcher is not None

    def ensure_index(self, progress=None):
        """Analyse, then build or update the index; returns an ``IndexReport``.

        ``progress(phase, done, total)`` is called with phase "analysing" then
        "indexing". Slow: not on a UI thread. (The app instead calls
        ``ensure_text_index`` and then ``analyse``, to search sooner.)"""
        analyses = self.analyse(progress)
        return self._open_index(analyses, progress)

    def ensure_text_index(self, progress=None):
        """Build or update the index's text fields (id, title, source, date, body)
        without waiting for analysis: ``search`` answers once this returns.
        Entity fields already in the index are kept; ``analyse`` adds the rest
        as it goes (``analysis_status`` says what is still missing)."""
        return self._open_index(self._analyses, progress)

    def _open_index(self, analyses, progress=None, force_rebuild: str | None = None):
        from .index import QueryEngine, ensure_index, index_dir_for, make_searcher
        from .library import index_state

        path = index_dir_for(self.roots, self._index_root)
        ix, report = ensure_index(
            path, list(self.articles), analyses, self._analyser.key, progress, force_rebuild, state=index_state(self),
        )
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
            self._index = ix
            self._engine = QueryEngine(ix.schema, gazetteer=self._search_aliases())
            self._searcher = make_searcher(ix)
            self.index_report = report
            self._indexed_ids = set(report.with_entities)
        return report

    def search(self, query: str, limit: int | None = 50, snippets: bool | int = True, cancel=None, suggest: bool = True):
        """Ranked hits for ``query`` as a ``SearchResult`` (never raises for bad queries).

        ``verdict:disputed`` and ``tag:casualties`` filter by annotations; they
        are answered from the annotations file, not the index, so they are
        always current. ``snippets``: True for every hit, or how many of the best hits get
        one (the rest get none). ``cancel`` (a ``threading.Event``), once set, stops the
        search early: a newer keystroke has made it pointless. ``suggest`` False
        leaves out the "did you mean" of a query that finds nothing (``suggest``
        gives it separately: it reads the whole word list, about a second on BBC)."""
        from .results import SearchHit, SearchResult

        rest, wanted = split_annotation_terms(query)
        allowed = None
        for field_name, value in wanted:
            if field_name == "verdict" and value.lower() not in VERDICTS:
                return SearchResult(query=query, error=f"unknown verdict {value!r}: use {', '.join(VERDICTS)}")
            ids = self.annotated_articles(**{field_name: value})
            allowed = ids if allowed is None else allowed & ids
        if allowed is not None and not rest.strip():
            hits = tuple(SearchHit(a.id, rank, 1.0) for rank, a in enumerate(x for x in self.articles if x.id in allowed))
            return SearchResult(query=query, hits=hits[:limit] if limit else hits, total=len(hits))
        try:
            result = self._guarded(lambda: self._engine.search(
                self._searcher, rest, self._by_id, limit, snippets, only=allowed, cancel=cancel, suggest=suggest))
        except _NotReady:
            return SearchResult(query=query, error="the index is not ready yet")
        except _StillDamaged as exc:
            return SearchResult(query=query, error=str(exc))
        return replace(result, query=query) if allowed is not None else result

    def suggest(self, query: str, cancel=None) -> str | None:
        """The "did you mean" for ``query`` (what ``search`` gives a query that finds
        nothing), or None. It runs on a searcher of its own, so searches are not held
        up meanwhile (the shared one is held only while this one is opened), and
        gives up (None) once ``cancel`` is set."""
        from .results import QueryError

        rest, _ = split_annotation_terms(query)
        if not rest.strip():
            return None
        with self._lock:
            if self._index is None or self._searcher is None:
                return None
            engine = self._engine
            try:
                searcher = self._index.searcher()
            except Exception:  # noqa: BLE001 - a damaged index: searching says so
                return None
        try:
            return engine.suggest(searcher, engine.parse(rest), rest, cancel)
        except QueryError:
            return None
        except Exception:  # noqa: BLE001 - damaged files: the search itself reports it
            return None
        finally:
            searcher.close()

    def _guarded(self, run):
        """Run a read of the index; if the files turn out to be damaged (a garbled
        segment that passed the checks at open), rebuild the index and try once more."""
        with self._lock:
            if self._searcher is None:
                raise _NotReady()
            try:
                return run()
            except Exception as exc:  # noqa: BLE001 - zlib.error, struct.error, UnpicklingError, ... from damaged files
                reason = f"index was damaged ({type(exc).__name__}), rebuilt"
        self.index_damage = reason
        try:
            self._open_index(self._analyses, force_rebuild=reason)
        except Exception as exc:  # noqa: BLE001
            raise _StillDamaged(f"the search index is damaged and could not be rebuilt: {type(exc).__name__}: {exc}") from None
        with self._lock:
            try:
                return run()
            except Exception as exc:  # noqa: BLE001
                raise _StillDamaged(f"search failed even after rebuilding the index: {type(exc).__name__}") from None

    def _hit_terms(self, query: str):
        """What the hits of ``query`` are made of (``QueryEngine.hit_terms``), worked out
        once to be found in any number of articles; None when there is nothing to find
        (no words besides ``verdict:``/``tag:``, a bad query, no index yet)."""
        query, _ = split_annotation_terms(query)
        if not query.strip():
            return None
        try:
            return self._guarded(lambda: self._engine.hit_terms(self._searcher, query))
        except (_NotReady, _StillDamaged):
            return None

    def hit_spans(self, article_id: str, query: str) -> list[Span]:
        """Offsets in the article's text where the query's words occur."""
        article = self.article(article_id)
        terms = self._hit_terms(query)
        return terms.spans(article) if terms is not None else []

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
        closing = getattr(self._analyses, "close", None)
        if closing is not None:
            closing()

    # -- added for issue 11 (front-end fixes) -----------------------------------------------------
    def hits_in(self, article_id: str, query: str) -> list[Span]:
        """Where the query matches in the article, for the reader's ``n``: its words
        in the text and the title's words, and for ``entity:``/``person:``/...
        the mentions of the entities it names (any spelling)."""
        article = self.article(article_id)
        terms = self._hit_terms(query)
        return terms.spans(article, self.entities(article_id)) if terms is not None else []

    def hit_counts(self, article_ids: Sequence[str], query: str, cancel=None) -> dict[str, int] | None:
        """``len(hits_in(id, query))`` for each article, the query worked out once for all
        of them (a page of results' counts on each keystroke); None once ``cancel`` is set."""
        terms = self._hit_terms(query)
        counts: dict[str, int] = {}
        for article_id in article_ids:
            if cancel is not None and cancel.is_set():
                return None
            counts[article_id] = len(terms.spans(self.article(article_id), self.entities(article_id))) if terms else 0
        return counts

    # -- added for issue 11 (exports and citations) ------------------------------------------------
    def entity_type(self, article_id: str | None, name: str) -> str | None:
        """What the analysis knows ``name`` (a speaker) to be: "PERSON", "ORG",
        "GPE", "NORP", or None (see :mod:`search.speakers`). The recogniser is
        asked about the name alone only when the article and the gazetteer cannot say."""
        from .speakers import entity_type

        entities = self.entities(article_id) if article_id in self._by_id else ()
        recognise = lambda text: next(iter(self._analyser.recognizer().recognise([text])), [])  # noqa: E731
        return entity_type(name, entities, self._analyser.gazetteer.lookup, recognise)

    def export_source(self, reviewer: str | None = None, review_url: str | None = None):
        """The annotations and the corpus for an annotation export format
        (:mod:`search.annotations.export`); ``reviewer`` is who reviews (from the
        user's settings, never the login name)."""
        from .annotations.export import ExportSource

        return ExportSource(self.annotations.annotations.values(), self._by_id, self.annotations.path,
                            reviewer=reviewer, review_url=review_url, entity_type=self.entity_type)

    # -- added for issue 11 (listing and correcting metadata) ---------------------------------------
    def outlet_counts(self):
        """Every outlet with its number of articles (``search.listing.OutletCount``), most first."""
        from .listing import outlet_counts

        return outlet_counts(self.articles)

    def set_metadata(self, article_id: str, changes: dict[str, str | None]) -> tuple[Path, bool]:
        """Correct an article's ``title``, ``source`` (its outlet) or ``date`` in its folder's
        ``catalog.yaml`` (an empty outlet or date drops the correction), then re-read the
        corpus. Returns (the catalog, whether its comments and layout were kept). Raises
        ``CatalogError`` (one plain sentence; nothing written) for bad input, an
        unreadable catalog or the bundled seeds. Call ``ensure_index`` afterwards."""
        from .sources.catalog import CatalogError, catalog_key, check_changes, write_entry

        article = self.article(article_id)
        checked = check_changes(changes)
        folder = article.path.parent
        if folder.resolve() == SEEDS_DIR.resolve():
            raise CatalogError("the bundled seed articles are not changed: copy the seeds folder, open the copy and correct it there")
        written = write_entry(folder, catalog_key(article), checked)
        self.reload()
        return written

    # -- stories: several outlets' reports of one event (issue 13; the work is in search/stories/) ---------
    def stories(self):
        """Groups of articles about one event (``search.stories.model.Story``), largest first;
        empty until ``analyse`` has run. Computed once per analysis."""
        from .stories import find_stories

        # Keyed by the analyses and clusters themselves (replaced, never changed in place,
        # when analysis lands), as the board is: an id() could be reused by a later dict.
        cached = self._stories
        if cached is None or cached[0] is not self._analyses or cached[1] is not self._clusters:
            media = frozenset(name for name, entry in self._analyser.gazetteer.entries.items() if entry.media)
            analyses = self._analyses
            # Finding stories reads every analysis several times: kept decoded meanwhile, not after.
            with (analyses.holding() if hasattr(analyses, "holding") else contextlib.nullcontext()):
                found = find_stories(self.articles, analyses, self._clusters, media)
            cached = (analyses, self._clusters, found, {})
            self._stories = cached
        return cached[2]

    def story(self, ref: str):
        """The story with id ``ref``, or the story holding article ``ref``, or the
        ``ref``-th story listed (1-based); raises KeyError naming what was asked."""
        stories = self.stories()
        for story in stories:
            if story.id == ref or ref in story.article_ids:
                return story
        if ref.isdigit() and 1 <= int(ref) <= len(stories):
            return stories[int(ref) - 1]
        raise KeyError(f"no story {ref!r}: give a story id, its number in the list or one of its articles' ids")

    def story_of_cluster(self, cluster_id: str):
        """The story holding most of the cluster's articles, or None."""
        if cluster_id not in self._clusters:
            return None
        ids = set(self._clusters[cluster_id].articles)
        best = max(self.stories(), key=lambda s: len(ids & set(s.article_ids)), default=None)
        return best if best is not None and ids & set(best.article_ids) else None

    def story_comparison(self, ref: str):
        """What the story's articles state side by side, their quotes' wording and a timeline."""
        from .stories import compare

        story = self.story(ref)
        comparisons = self._stories[3]
        if story.id not in comparisons:
            comparisons[story.id] = compare(story, self._by_id, self._analyses, self._clusters)
        return comparisons[story.id]

    def story_export(self, ref: str, fmt: str) -> str:
        """The comparison as text in format ``fmt`` (``story_formats()``)."""
        from .stories import export

        return export(self.story_comparison(ref), fmt)

    @staticmethod
    def story_formats() -> tuple[str, ...]:
        from .stories import EXPORTERS

        return tuple(sorted(EXPORTERS))

    def save_story_exports(self, ref: str) -> list[Path]:
        """Write the comparison in every format beside the annotations file
        (``story-<id>.md``, ``story-<id>.json``), atomically; the paths written."""
        from .files import atomic_write

        story = self.story(ref)
        folder = self.annotations.path.parent
        written = []
        for fmt in self.story_formats():
            path = folder / f"story-{story.id}.{fmt}"
            atomic_write(path, self.story_export(story.id, fmt))
            written.append(path)
        return written
