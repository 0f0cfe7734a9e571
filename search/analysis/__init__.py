"""Analysis of articles: entities, quotes and claims, cached by content; and
claims clustered across articles.

The pipeline, per article: a recogniser (``ner``) finds entities; with the
model, ``attribution`` parses the article (dependency parse) to read who says
what; ``quotes`` finds direct quotes and their speakers; ``claims`` finds
reported claims (with their source) and factual ones (figures, dates, events,
with a check-worthiness score) and the dated or numbered facts they state
(``dates`` resolves "last year" against the article's date). Across the corpus, ``clusters`` groups claims that state
the same thing and flags conflicting facts. ``cache.AnalysisStore`` keeps
every result, so opening an article never runs the model.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from dataclasses import dataclass, field, replace
from typing import Callable, Sequence

from ..article import Article
from .cache import AnalysisStore
from .claims import Claim, Fact, find_claims
from .clusters import Cluster, ClusterCacheError, Conflict, cluster_claims, cluster_id_for
from .ner import Entity, Gazetteer, GazetteerError, ModelUnavailable, Recognizer, load_gazetteer, make_recognizer
from .quotes import Quote, SpeakerResolver, find_quotes
from .result import Analysis
from .sentences import split_pieces, split_sentences

__all__ = [
    "ANALYSIS_PIECE",
    "Analyser",
    "Analysis",
    "AnalysisStore",
    "Claim",
    "Cluster",
    "ClusterCacheError",
    "Conflict",
    "Entity",
    "Fact",
    "Gazetteer",
    "GazetteerError",
    "ModelUnavailable",
    "Quote",
    "Recognizer",
    "analyse_articles",
    "cache_key",
    "cached_ids",
    "default_workers",
    "cluster_claims",
    "cluster_id_for",
    "load_gazetteer",
    "reference_date",
    "split_sentences",
]

# Bump when what an analysis contains changes: old cache rows are then unused.
ANALYSIS_VERSION = 8
BATCH = 32

Progress = Callable[[str, int, int], None]


@dataclass
class Analyser:
    """Chooses the recogniser once, from the registry (``ner.registry``): the
    model, or the rules when it cannot load, with the reason in ``warning``."""

    gazetteer: Gazetteer
    prefer_model: bool = True
    warning: str | None = None
    _recognizer: Recognizer | None = field(default=None, repr=False)

    def recognizer(self) -> Recognizer:
        if self._recognizer is None:
            self._recognizer, self.warning = make_recognizer(self.gazetteer, self.prefer_model)
        return self._recognizer

    @property
    def key(self) -> str:
        return f"v{ANALYSIS_VERSION}-{self.recognizer().key}"

    def analyse(self, articles: Sequence[Article], reference: dt.date | None = None) -> list[Analysis]:
        """``reference`` stands in for the date of undated articles when resolving "last year".

        A very long article is analysed in pieces cut at paragraph breaks (the
        model has a length limit, and speaker resolution looks at every entity
        of the text), and the pieces' offsets are put back."""
        pieces = [(n, offset, part) for n, article in enumerate(articles) for offset, part in _pieces(article)]
        results: list[list[Analysis]] = [[] for _ in articles]
        recognizer = self.recognizer()
        # A recogniser that can parse sentences helps find speakers (a capability, not a class).
        parse = getattr(recognizer, "sentence_subject", None)
        found_all = recognizer.recognise([part.text for _, _, part in pieces])
        # With the model, speakers and sources come from the dependency parse (``attribution``).
        docs = _parses([part.text for _, _, part in pieces]) if getattr(recognizer, "uses_model", False) else [None] * len(pieces)
        for (n, offset, article), found, doc in zip(pieces, found_all, docs):
            entities = tuple(found)
            quotes = tuple(find_quotes(article.text, entities, self.gazetteer, article.boilerplate, parse, doc))
            resolver = SpeakerResolver(article.text, entities, self.gazetteer, article.boilerplate)
            today = article.date or reference
            claims = tuple(find_claims(article.text, entities, quotes, resolver, today, article.boilerplate, doc))
            results[n].append(_shifted(Analysis(entities=entities, quotes=quotes, claims=claims), offset))
        return [
            Analysis(
                entities=tuple(e for part in parts for e in part.entities),
                quotes=tuple(q for part in parts for q in part.quotes),
                claims=tuple(c for part in parts for c in part.claims),
            )
            for parts in results
        ]

    def prepare(self) -> bool:
        """Load the model before analysing (a recogniser's optional ``prepare``);
        if it fails now, fall back to the next recogniser. Returns True when the
        recogniser (and so the key) changed."""
        recognizer = self.recognizer()
        prepare = getattr(recognizer, "prepare", None)
        if prepare is None:
            return False
        try:
            prepare()
        except ModelUnavailable as exc:
            failed = {recognizer.name: exc}
            self._recognizer, self.warning = make_recognizer(self.gazetteer, self.prefer_model, failed)
            return True
        return False


def _parses(texts: list[str]) -> list:
    """Dependency parses of ``texts``, or None for each when the parser cannot load."""
    from .attribution import parse_texts

    try:
        return parse_texts(texts)
    except ModelUnavailable:
        return [None] * len(texts)


# Articles longer than this are analysed in pieces of about this size.
ANALYSIS_PIECE = 30_000


def _pieces(article: Article) -> list[tuple[int, Article]]:
    if len(article.text) <= ANALYSIS_PIECE:
        return [(0, article)]
    parts = []
    for offset, text in split_pieces(article.text, ANALYSIS_PIECE):
        end = offset + len(text)
        boilerplate = tuple((max(s, offset) - offset, min(e, end) - offset) for s, e in article.boilerplate if s < end and e > offset)
        parts.append((offset, replace(article, text=text, boilerplate=boilerplate)))
    return parts


def _shifted(analysis: Analysis, offset: int) -> Analysis:
    if not offset:
        return analysis
    return Analysis(
        entities=tuple(replace(e, start=e.start + offset, end=e.end + offset) for e in analysis.entities),
        quotes=tuple(
            replace(
                q, start=q.start + offset, end=q.end + offset,
                speaker_start=None if q.speaker_start is None else q.speaker_start + offset,
                speaker_end=None if q.speaker_end is None else q.speaker_end + offset,
            )
            for q in analysis.quotes
        ),
        claims=tuple(replace(c, start=c.start + offset, end=c.end + offset) for c in analysis.claims),
    )


def _analyse_batch(
    analyser: Analyser, batch: Sequence[Article], reference: dt.date | None, failed: dict[str, str]
) -> list[Analysis | None]:
    """Analyses of ``batch``; an article whose analysis raises gets None and its
    reason in ``failed`` (by id), and the others are still analysed."""
    try:
        return list(analyser.analyse(batch, reference))
    except Exception:  # noqa: BLE001 - find the article at fault, one at a time
        if len(batch) == 1:
            raise
    results: list[Analysis | None] = []
    for article in batch:
        try:
            results.append(analyser.analyse([article], reference)[0])
        except Exception as exc:  # noqa: BLE001 - that article's problem, not the corpus's
            failed[article.id] = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"[:300]
            results.append(None)
    return results


Batch = Callable[[list[tuple[Article, Analysis]]], None]

# Fewer articles than this to analyse: in this process (starting workers and
# loading the model in each costs more than it saves).
POOL_MIN = 64


def default_workers() -> int:
    """Worker processes for analysis: one per core."""
    return max(1, os.cpu_count() or 1)


def analyse_articles(
    articles: Sequence[Article],
    analyser: Analyser,
    store: AnalysisStore,
    progress: Progress | None = None,
    failed: dict[str, str] | None = None,
    cancel: threading.Event | None = None,
    on_batch: Batch | None = None,
    workers: int | None = None,
    cached_only: bool = False,
    reference_from: Sequence[Article] | None = None,
) -> dict[str, Analysis]:
    """Analysis for every article (by id): cached ones read, the rest computed and stored.

    An article whose analysis fails gets an empty one (not cached, so a later
    version tries again) and its reason in ``failed``. Each batch is cached as
    it finishes and then handed to ``on_batch`` (articles with their
    analyses). Once ``cancel`` is set, no new batch starts: the articles not
    analysed yet are left out of the result, and the next call resumes.
    ``workers`` > 1 analyses in that many processes when there are at least
    ``POOL_MIN`` articles to do (default: one per core). ``reference_from``: the
    corpus whose median date undated articles are read against, when ``articles``
    are only some of it (the ones not cached yet)."""
    failed = {} if failed is None else failed
    reference = reference_date(articles if reference_from is None else reference_from)
    key = analyser.key
    cached = store.get_many((cache_key(a, reference) for a in articles), key)
    missing = [a for a in articles if cache_key(a, reference) not in cached]
    if cached_only:
        missing = []
    workers = default_workers() if workers is None else workers
    in_pool = workers > 1 and len(missing) >= POOL_MIN
    if missing and not in_pool and analyser.prepare():
        key = analyser.key
        cached = store.get_many((cache_key(a, reference) for a in articles), key)
        missing = [a for a in articles if cache_key(a, reference) not in cached]
    done = len(articles) - len(missing)
    if progress:
        progress("analysing", done, len(articles))

    def finished(batch: Sequence[Article], results: Sequence[Analysis | None]) -> None:
        nonlocal done
        store.put_many(((cache_key(a, reference), r) for a, r in zip(batch, results) if r is not None), key)
        for article, result in zip(batch, results):
            cached[cache_key(article, reference)] = result if result is not None else Analysis()
        if on_batch:
            on_batch([(a, cached[cache_key(a, reference)]) for a in batch])
        done += len(batch)
        if progress:
            progress("analysing", done, len(articles))

    batches = [missing[start:start + BATCH] for start in range(0, len(missing), BATCH)]
    if in_pool:
        from .pool import analyse_in_pool

        if not analyse_in_pool(batches, analyser, reference, workers, failed, finished, cancel):
            # The workers chose another recogniser (the model failed to load
            # there): analyse here, where the fallback is decided and said.
            if not (cancel and cancel.is_set()):
                analyser.prepare()
                return analyse_articles(articles, analyser, store, progress, failed, cancel, on_batch, workers=1, reference_from=reference_from)
    else:
        for batch in batches:
            if cancel is not None and cancel.is_set():
                break
            finished(batch, _analyse_batch(analyser, batch, reference, failed))
    return {a.id: cached[cache_key(a, reference)] for a in articles if cache_key(a, reference) in cached}


def cache_key(article: Article, reference: dt.date | None) -> str:
    """An article's key in the cache: its text and the date "last year" is resolved against."""
    return f"{article.content_hash}|{article.date_text or reference}"


def cached_ids(articles: Sequence[Article], analyser: Analyser, store: AnalysisStore) -> set[str]:
    """Ids of the articles whose analysis is cached, without reading any analysis."""
    reference = reference_date(articles)
    present = store.present((cache_key(a, reference) for a in articles), analyser.key)
    return {a.id for a in articles if cache_key(a, reference) in present}


def reference_date(articles: Sequence[Article]) -> dt.date | None:
    """The median date of the corpus's dated articles. Reports of one event are
    written days apart, so an undated one's "last year" means the same year."""
    dates = sorted(a.date for a in articles if a.date)
    return dates[len(dates) // 2] if dates else None
