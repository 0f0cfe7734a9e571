"""Stories: articles about the same event, grouped automatically.

Two articles are *linked* when they were published within ``WINDOW_DAYS`` of
each other (an undated article fits any date) and

- the names they mention are alike: the cosine of their tf-idf vectors of
  entities (mentions counted sublinearly, a name in the lead counting half as
  much again, a name many articles mention, such as a country, counting
  little; news agencies and the outlet's own name left out) is at least
  ``ENTITY_LINK``;
- their words are alike: the cosine of their tf-idf vectors of content words
  is at least ``TEXT_LINK``, or ``UNDATED_TEXT_LINK`` when either article has
  no date (nor names a day it could have been written after): without the
  time window to tell two events apart, reports of the same people on other
  days must be told apart by their words, and their leads (title and first
  two sentences, where a report says what happened) must share at least
  ``UNDATED_LEAD_LINK`` of the telling words of the shorter lead; and
- they share statements (claim clusters spanning both articles, a cluster
  spread over many articles counting less) worth at least ``CLAIM_LINK``, or,
  reported in their own words, their names and words are alike enough on
  their own (``STRONG_LINK``, ``STRONG_TEXT_LINK``).

Names are compared as ``names.name_keys`` maps them, so that outlets spelling
one thing differently ("X Region"/"X", an acronym and its long form, a
demonym and its country) still share it; and inverse document frequencies are
taken as if the corpus had at least ``IDF_MIN_ARTICLES`` articles, so that in a
handful of reports of one event the names they all share still count.

Stories grow by average linkage, not by chaining: two groups merge only when
at least ``MERGE_SHARE`` of the article pairs across them are linked, so one
article about two events cannot join two stories into one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections import Counter, defaultdict
from typing import Mapping, Sequence

from ..analysis import Analysis, Cluster
from ..analysis.ner import Gazetteer, GazetteerError, load_gazetteer
from ..analysis.ner.gazetteer import BUNDLED, user_gazetteer_path
from ..analysis.sentences import split_sentences
from ..article import Article
from ..views import short_title
from .dates import resolve_loosely
from .model import Story, StoryMember
from .names import defined_acronyms, name_keys
from .words import content_keys

WINDOW_DAYS = 7
SALIENT_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "LAW", "EVENT"})
SALIENT_LIMIT = 12  # names per article
LEAD_CHARS = 500  # the lead: where a report names what it is about
ENTITY_LINK = 0.4
TEXT_LINK = 0.2  # for articles dated within the window of each other
UNDATED_TEXT_LINK = 0.45  # when either has no date, the words must say more
UNDATED_LEAD_LINK = 0.6  # ... and the leads must report the same news
CLAIM_LINK = 1.0
# Without a shared statement, names and words alike enough on their own: entity + text
# cosine at least STRONG_LINK, and the words but for the names at least STRONG_TEXT_LINK
# (the same people in other news share their names, not what is said of them).
STRONG_LINK = 1.1
STRONG_TEXT_LINK = 0.2
# Inverse document frequencies as if the corpus had at least this many articles: in a
# handful of reports of one event, the names they all mention are not therefore commonplace.
IDF_MIN_ARTICLES = 100
MERGE_SHARE = 0.5
# A cluster spread over more articles than this is a commonplace, not a shared report.
CLUSTER_SPREAD = 4


def entity_weights(
    article: Article, analysis: Analysis, media: frozenset[str] = frozenset(), keys: Mapping[str, str] | None = None
) -> dict[str, float]:
    """How much each name an article mentions says about what it reports:
    1 + log(mentions), half as much again when named in the lead. Dates, the
    outlet's own name and news agencies (credits, not subjects) are left out.
    ``keys`` (see ``names.name_keys``) maps each canonical name to the name it is compared as."""
    counts: Counter[str] = Counter()
    lead: set[str] = set()
    for entity in _salient_mentions(article, analysis, media):
        name = keys.get(entity.canonical, entity.canonical) if keys else entity.canonical
        counts[name] += 1
        if entity.start < LEAD_CHARS:
            lead.add(name)
    return {name: (1 + math.log(n)) * (1.5 if name in lead else 1.0) for name, n in counts.items()}


def _salient_mentions(article: Article, analysis: Analysis, media: frozenset[str]):
    for entity in analysis.entities:
        if entity.type not in SALIENT_TYPES or article.in_boilerplate(entity.start):
            continue
        if entity.canonical in media or (article.source and entity.canonical.lower() in article.source.lower()):
            continue
        yield entity


def salient_entities(weights: Mapping[str, float]) -> list[str]:
    """The ``SALIENT_LIMIT`` names an article is most about."""
    return sorted(weights, key=lambda name: (-weights[name], name))[:SALIENT_LIMIT]


def find_stories(
    articles: Sequence[Article], analyses: Mapping[str, Analysis], clusters: Mapping[str, Cluster],
    media: frozenset[str] = frozenset(), gazetteer: Gazetteer | None = None,
) -> list[Story]:
    """Every group of two or more articles about one event, largest first.
    ``media``: canonical names of news agencies and outlets (credits, not subjects);
    ``gazetteer``: the countries demonyms are compared as (the bundled and user's when None)."""
    articles = [a for a in articles if a.id in analyses]
    by_id = {a.id: a for a in articles}
    keys = name_keys(
        ((e.canonical, e.type) for a in articles for e in _salient_mentions(a, analyses[a.id], media)),
        gazetteer if gazetteer is not None else _gazetteer(),
        defined_acronyms(analyses[a.id].entities for a in articles),
    )
    weights = {a.id: entity_weights(a, analyses[a.id], media, keys) for a in articles}
    frequency = Counter(name for found in weights.values() for name in found)
    total = max(1, len(articles))
    corpus = max(total, IDF_MIN_ARTICLES)
    idf = {name: math.log(1 + corpus / n) for name, n in frequency.items()}
    vectors = {a: {name: w * idf[name] for name, w in found.items()} for a, found in weights.items()}
    norms = {a: math.sqrt(sum(v * v for v in vector.values())) for a, vector in vectors.items()}
    salient = {a: salient_entities(found) for a, found in weights.items()}
    words = {a.id: Counter(content_keys(a.text, counted=True)) for a in articles}
    word_frequency = Counter(w for found in words.values() for w in found)
    text = {a: {w: (1 + math.log(n)) * math.log(1 + corpus / word_frequency[w]) for w, n in found.items()} for a, found in words.items()}
    text_norms = {a: math.sqrt(sum(v * v for v in vector.values())) for a, vector in text.items()}
    # The same words but for the names: what two reports say happened, not who was in it
    # (worked out only for the pairs that need it).
    plain: dict[str, tuple[dict[str, float], float]] = {}

    def plain_words(article_id: str) -> tuple[dict[str, float], float]:
        if article_id not in plain:
            found = Counter(content_keys(_without_names(by_id[article_id].text, analyses[article_id]), counted=True))
            vector = {w: (1 + math.log(n)) * math.log(1 + corpus / word_frequency.get(w, 1)) for w, n in found.items()}
            plain[article_id] = (vector, math.sqrt(sum(v * v for v in vector.values())))
        return plain[article_id]

    leads = {a.id: _lead(a) for a in articles}

    def lead_score(a: str, b: str) -> float:
        def mass(keys):
            return sum(math.log(1 + corpus / word_frequency.get(k, 1)) for k in keys)

        smaller = min(mass(leads[a]), mass(leads[b]))
        return mass(leads[a] & leads[b]) / smaller if smaller else 0.0

    # Candidate pairs share a salient name that is not everywhere.
    common = max(50, total // 10)
    holders: dict[str, list[str]] = defaultdict(list)
    for article_id, names in salient.items():
        for name in names:
            if frequency[name] <= common:
                holders[name].append(article_id)
    shared_reports = _shared_reports(clusters, set(by_id))
    dated = sorted(a.date for a in articles if a.date)
    reference = dated[len(dated) // 2] if dated else None
    when = {a.id: a.date or _implied_date(analyses[a.id], reference) for a in articles}

    scores: dict[tuple[str, str], float] = {}
    seen: set[tuple[str, str]] = set()
    for ids in holders.values():
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                pair = (a, b) if a < b else (b, a)
                if pair in seen:
                    continue
                seen.add(pair)
                if not _within_window(when[a], when[b]):
                    continue
                entity_score = _cosine(vectors[a], vectors[b], norms[a], norms[b])
                if entity_score < ENTITY_LINK:
                    continue
                text_score = _cosine(text[a], text[b], text_norms[a], text_norms[b])
                reports = shared_reports.get(pair, 0.0)
                dated = bool(when[a] and when[b])
                if text_score < (TEXT_LINK if dated else UNDATED_TEXT_LINK):
                    continue
                if reports < CLAIM_LINK and entity_score + text_score < STRONG_LINK:
                    continue
                if reports < CLAIM_LINK:
                    (vector_a, norm_a), (vector_b, norm_b) = plain_words(a), plain_words(b)
                    if _cosine(vector_a, vector_b, norm_a, norm_b) < STRONG_TEXT_LINK:
                        continue
                if dated or lead_score(a, b) >= UNDATED_LEAD_LINK:
                    scores[pair] = entity_score + text_score + 0.1 * min(reports, 3.0)

    groups = _average_linkage(scores)
    stories = [_story(sorted(group), by_id, salient, idf, scores) for group in groups if len(group) > 1]
    return sorted(stories, key=lambda s: (-len(s.members), s.dates[0] or "9999", s.id))


_GAZETTEER: list = []  # [(the files' modification times, the gazetteer read from them)]


def _gazetteer() -> Gazetteer:
    """The bundled and user's gazetteer, read again only when either file changes (an
    empty one when the user's file cannot be read: the analysis reports that; stories
    then compare names as the articles spell them)."""
    stamp = tuple(path.stat().st_mtime_ns if path.exists() else None for path in (BUNDLED, user_gazetteer_path()))
    if _GAZETTEER and _GAZETTEER[0][0] == stamp:
        return _GAZETTEER[0][1]
    try:
        gazetteer = load_gazetteer()
    except GazetteerError:
        gazetteer = Gazetteer()
    _GAZETTEER[:] = [(stamp, gazetteer)]
    return gazetteer


def _shared_reports(clusters: Mapping[str, Cluster], known: set[str]) -> dict[tuple[str, str], float]:
    """How much each pair of articles states in common: each claim cluster spanning
    both counts 1, less when it spreads over more than ``CLUSTER_SPREAD`` articles."""
    shared: dict[tuple[str, str], float] = defaultdict(float)
    for cluster in clusters.values():
        ids = [a for a in cluster.articles if a in known]
        if len(ids) < 2:
            continue
        worth = min(1.0, CLUSTER_SPREAD / len(ids))
        if len(ids) > CLUSTER_SPREAD * 10:
            continue  # a commonplace every article says: not evidence of one event
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                shared[(a, b) if a < b else (b, a)] += worth
    return shared


def _without_names(text: str, analysis: Analysis) -> str:
    """``text`` with the names it mentions blanked out."""
    chars = list(text)
    for entity in analysis.entities:
        if entity.type != "DATE":
            chars[entity.start:entity.end] = " " * (entity.end - entity.start)
    return "".join(chars)


def _lead(article: Article) -> set[str]:
    """The telling words of an article's title and first two sentences: what it reports."""
    sentences = split_sentences(article.text)[:2]
    return content_keys(" ".join([article.title, *(article.text[s:e] for s, e in sentences)]))


def _implied_date(analysis: Analysis, reference: dt.date | None) -> dt.date | None:
    """For an undated article, the latest day it names ("on the morning of April 28"),
    resolved against the corpus's median date: a report is written soon after
    what it reports. None when it names no day (or nothing is dated)."""
    if reference is None:
        return None
    days = []
    for entity in analysis.entities:
        if entity.type == "DATE":
            value = resolve_loosely(entity.text, reference)
            if value and value[0].precision == "day" and value[0].first <= reference:
                days.append(value[0].first)
    return max(days, default=None)


def _within_window(a: dt.date | None, b: dt.date | None) -> bool:
    return a is None or b is None or abs((a - b).days) <= WINDOW_DAYS


def _cosine(a: Mapping[str, float], b: Mapping[str, float], norm_a: float, norm_b: float) -> float:
    if not norm_a or not norm_b:
        return 0.0
    return sum(w * b[name] for name, w in a.items() if name in b) / (norm_a * norm_b)


def _average_linkage(scores: Mapping[tuple[str, str], float]) -> list[set[str]]:
    """Merge groups along the strongest links first, only while at least
    ``MERGE_SHARE`` of the article pairs across the two groups are linked."""
    group_of: dict[str, set[str]] = {}
    for a, b in sorted(scores, key=lambda pair: (-scores[pair], pair)):
        left = group_of.get(a, {a})
        right = group_of.get(b, {b})
        if left is right:
            continue
        linked = sum(1 for x in left for y in right if ((x, y) if x < y else (y, x)) in scores)
        if linked < MERGE_SHARE * len(left) * len(right):
            continue
        merged = left | right
        for article_id in merged:
            group_of[article_id] = merged
    unique = {id(group): group for group in group_of.values()}
    return list(unique.values())


def _by_title(article: Article) -> str:
    """A column for an article whose outlet is unknown (or gives several articles):
    its short title in quotes, after the outlet when there is one; never its file id."""
    title = short_title(article.title, 30) if article.title and article.title != article.id else "untitled article"
    return f"{article.source} · “{title}”" if article.source else f"“{title}”"


def _story(ids: list[str], by_id, salient, weight, scores) -> Story:
    def order(article_id: str):
        date = by_id[article_id].date
        return (date is None, date or dt.date.min, by_id[article_id].source or "", article_id)

    ids = sorted(ids, key=order)
    outlets = Counter(by_id[a].source for a in ids if by_id[a].source)
    members = []
    taken: Counter[str] = Counter()
    for article_id in ids:
        article = by_id[article_id]
        known = article.source and outlets[article.source] == 1
        column = article.source if known else _by_title(article)
        taken[column] += 1
        if taken[column] > 1:  # two articles with the same title and outlet: told apart by id
            column = f"{column} ({article_id})"
        members.append(StoryMember(article_id, article.source, column, article.date_text, article.title))
    shared = Counter(name for a in ids for name in salient[a])
    names = sorted((n for n, count in shared.items() if count >= 2), key=lambda n: (-shared[n] * weight[n], n))
    # The most central article (the strongest links to the others) names the story.
    centre = max(ids, key=lambda a: (sum(scores.get((a, b) if a < b else (b, a), 0.0) for b in ids if b != a), -ids.index(a)))
    story_id = "s-" + hashlib.sha1("\n".join(sorted(ids)).encode()).hexdigest()[:8]
    return Story(story_id, tuple(members), tuple(names[:8]), by_id[centre].title)
