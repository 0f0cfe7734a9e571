"""Group claims from different articles that state the same thing, and flag
conflicts: one fact (a treaty's signing, a company's sales) given values that
cannot both be true.

Two claims from different articles are **linked** when they are about the
same named things and say the same of them:

- they state the same fact (``facts.Stated.same_fact``: the same verb and
  noun, about the same named subject), or
- they share a named entity and most of their words, weighted by rarity
  (idf-weighted Jaccard), with at least two rare words in common beyond the
  names: a shared name or a shared common verb alone links nothing.

Clusters are the linked groups, cut so that no cluster holds two claims of one
article and every cluster is mostly linked pair by pair (a chain of
resemblances is not one statement); every claim belongs to exactly one.

Candidate pairs come from an inverted index on salient keys (each named
entity, each entity with one of the claim's rarest words, each named fact),
and keys held by more than ``BLOCK`` claims are too generic to compare on, so
the work grows with the corpus times a constant, never with its square.
``ClusterIndex`` keeps that index: when a few articles change, only their
claims are compared again and only the clusters they touch get new conflicts.

A **conflict** is two statements of the same fact from different articles
whose values do not overlap at the coarser precision (``facts``). Flagging is
conservative: a fact whose subject is not named ("sales rose") conflicts only
between two claims linked directly, saying the same of the same entities
about the same dates.
"""

from __future__ import annotations

import json
import math
import re
import sys
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Mapping, Sequence

from ..lexicon import CLUSTER_STOP_WORDS, matching_stem
from .claims import Claim
from .facts import NAMED_TYPES, Stated, conflicting_pairs, happens_once, name_index, stated_facts

LINK_SIMILARITY = 0.22  # idf-weighted Jaccard of words and names for two claims to say the same thing
FACT_SIMILARITY = 0.2  # enough in common besides the fact itself, for facts whose subject is not named
FIGURE_SIMILARITY = 0.3  # two claims giving different figures for an unnamed subject must be this alike
SHARED_WORDS = 2  # rare words in common beyond the names
BLOCK = 150  # a key held by more claims than this is too generic to find candidates by
NAME_BLOCK = 40  # a name alone finds candidates only while this few claims have it
RARE_WORDS = 3  # the claim's rarest words, each paired with each of its names, as keys
_WORD = re.compile(r"[a-z][a-z’'-]{2,}")
_CAPITALISED = re.compile(r"(?<![\w’'-])[A-Z][a-z’'-]{2,}")

ClaimRef = tuple[str, int]  # (article id, index of the claim in that article)


@dataclass(frozen=True, slots=True)
class Conflict:
    key: str  # the fact's key, e.g. "sign treaty"
    values: tuple[tuple[str, str], ...]  # (article id, value as stated there)
    label: str = ""  # the fact in a reader's words, e.g. "treaty signed"
    claims: tuple[ClaimRef, ...] = ()  # the claims stating those values
    confidence: float = 1.0  # 1 for a named subject; else how alike the two claims are

    @property
    def name(self) -> str:
        return self.label or self.key


@dataclass(frozen=True, slots=True)
class Cluster:
    id: str
    members: tuple[ClaimRef, ...]
    conflicts: tuple[Conflict, ...] = ()

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(sorted({article_id for article_id, _ in self.members}))


@dataclass(slots=True)
class _Info:
    """What clustering knows of one claim."""

    entities: frozenset[str]
    words: frozenset[str]
    stated: tuple[Stated, ...]
    dates: frozenset[str]  # the date values it states (figures compare only about the same dates)
    name_words: frozenset[str]  # the stems of the words of its names (not counted as shared words)
    capitalised: frozenset[str] = frozenset()  # its other words written with a capital inside the sentence
    keys: tuple[str, ...] = ()  # its keys in the inverted index


def _article_names(found: Sequence | None) -> dict[str, tuple[str, str]]:
    """The article's named entities by the stems of their words (most mentioned first wins)."""
    if not found:
        return {}
    counts = Counter((e.canonical, e.type) for e in found if e.type in NAMED_TYPES)
    return name_index(pair for pair, _ in counts.most_common())


@lru_cache(maxsize=131072)
def _matching(word: str) -> str:
    """``matching_stem``, then the verb's -ate/-e cut too, so that "liberation",
    "liberated" and "liberate" (or "invaded" and "invade") meet."""
    stem = matching_stem(word)
    for suffix in ("ate", "at", "e"):
        if stem.endswith(suffix) and len(stem) - len(suffix) >= 4:
            return stem[: -len(suffix)]
    return stem


def _info(claim: Claim, inside: list[tuple[str, str]], article_nouns: dict[str, tuple[str, str]]) -> _Info:
    """``inside``: (canonical, type) of the entities inside the claim."""
    stated = tuple(stated_facts(claim, inside, article_nouns))
    names = frozenset(name.split(", Article ")[0] for name, kind in inside if kind in NAMED_TYPES)
    words = frozenset(_matching(w) for w in _WORD.findall(claim.text.lower()) if w not in CLUSTER_STOP_WORDS)
    # The dates it speaks of: resolved, and as written where they could not be ("last year" in an undated article).
    dates = frozenset(f.value for f in claim.facts if f.first) | frozenset(name.lower() for name, kind in inside if kind == "DATE")
    name_words = frozenset(_matching(w) for name in names for w in _WORD.findall(name.lower()))
    # A name the recogniser missed is still written with a capital ("Russia's Kursk region").
    capitalised = frozenset(_matching(m.group().lower()) for m in _CAPITALISED.finditer(claim.text) if m.start() > 0)
    return _Info(names, words - name_words, stated, dates, name_words, (capitalised & words) - name_words)


def _inside(claims: Sequence[Claim], found: Sequence | None) -> list[list[tuple[str, str]]]:
    """For each claim, (canonical, type) of the article's entities inside it; without
    the article's entities, the claim's own list (which has no types or dates)."""
    if found is None:
        return [[(name, "ORG") for name in claim.entities] for claim in claims]
    ordered = sorted(found, key=lambda e: e.start)
    starts = [e.start for e in ordered]
    return [
        [(e.canonical, e.type) for e in ordered[bisect_left(starts, c.start):bisect_left(starts, c.end)]] for c in claims
    ]


class ClusterIndex:
    """Claims, their inverted index and their links; updated a few articles at a time."""

    def __init__(self) -> None:
        self.infos: dict[ClaimRef, _Info] = {}
        self.by_article: dict[str, list[ClaimRef]] = {}
        self.blocks: dict[str, set[ClaimRef]] = defaultdict(set)
        self.links: dict[ClaimRef, dict[ClaimRef, float]] = defaultdict(dict)
        self.word_df: Counter = Counter()
        self.entity_df: Counter = Counter()
        self._assignment: dict[ClaimRef, str] | None = None  # the last result, kept to redo only what changed
        self._clusters: dict[str, Cluster] = {}
        self.touched: set[str] = set()  # ids of the clusters the last ``result`` took out or made
        self._dirty: set[ClaimRef] = set()  # claims whose cluster must be worked out again
        self._weights: dict[int, float] = {}
        self._weights_for = -1

    def size(self) -> int:
        """How many claims the index holds (a partly loaded index knows more than it holds)."""
        return len(self.infos)

    # -- building and updating ------------------------------------------------
    def update(self, claims: Mapping[str, Sequence[Claim]], entities: Mapping[str, Sequence] | None = None,
               removed: Iterable[str] = ()) -> None:
        """Put in (or replace) the claims of the articles in ``claims`` and take
        out the articles in ``removed``; only their claims are compared again."""
        for article_id in [*removed, *claims]:
            self._remove(article_id)
        added: list[ClaimRef] = []
        for article_id, items in claims.items():
            found = entities.get(article_id) if entities is not None else None
            nouns = _article_names(found)
            refs = []
            for index, (claim, inside) in enumerate(zip(items, _inside(items, found))):
                ref = (article_id, index)
                info = _info(claim, inside, nouns)
                self.infos[ref] = info
                self.word_df.update(info.words)
                self.entity_df.update(info.entities)
                refs.append(ref)
            self.by_article[article_id] = refs
            added += refs
        self._dirty.update(added)
        for ref in added:
            info = self.infos[ref]
            info.keys = self._keys(info)
            for key in info.keys:
                self.blocks[key].add(ref)
        seen: set[tuple[ClaimRef, ClaimRef]] = set()
        for ref in added:
            for other in self._candidates(ref):
                pair = (ref, other) if ref < other else (other, ref)
                if pair in seen:
                    continue
                seen.add(pair)
                strength = self._link(self.infos[ref], self.infos[other])
                if strength is not None:
                    self.links[ref][other] = strength
                    self.links[other][ref] = strength
                    self._dirty.add(other)

    def _remove(self, article_id: str) -> None:
        for ref in self.by_article.pop(article_id, ()):
            info = self.infos.pop(ref)
            self.word_df.subtract(info.words)
            self.entity_df.subtract(info.entities)
            for key in info.keys:
                block = self.blocks.get(key)
                if block is not None:
                    block.discard(ref)
                    if not block:
                        del self.blocks[key]
            self._dirty.add(ref)
            for other in self.links.pop(ref, {}):
                self.links[other].pop(ref, None)
                self._dirty.add(other)

    def _keys(self, info: _Info) -> tuple[str, ...]:
        """Each name (used while rare); a name with one of the claim's rarest words;
        a named law's or event's fact; another fact with each name. Two claims
        that say the same thing share one."""
        rare = sorted(sorted(info.words), key=self.word_df.__getitem__)[:RARE_WORDS]
        keys = [f"n:{name}" for name in info.entities]
        keys += [f"e:{name}|{word}" for name in info.entities for word in rare]
        for s in info.stated:
            keys += [f"f:{s.key}|{s.subject}"] if happens_once(s) else [f"f:{s.key}|{name}" for name in info.entities]
        return tuple(dict.fromkeys(keys))

    def _candidates(self, ref: ClaimRef) -> set[ClaimRef]:
        found: set[ClaimRef] = set()
        for key in self.infos[ref].keys:
            block = self.blocks.get(key, ())
            if 1 < len(block) <= (NAME_BLOCK if key.startswith("n:") else BLOCK):
                found.update(block)
        return {other for other in found if other[0] != ref[0]}

    # -- the link ----------------------------------------------------------------
    def _weight(self, df: int) -> float:
        total = self.size()
        if total != self._weights_for:
            self._weights, self._weights_for = {}, total
        weight = self._weights.get(df)
        if weight is None:
            weight = self._weights[df] = math.log((1 + max(1, total)) / (1 + max(df, 0))) + 0.01
        return weight

    def similarity(self, a: _Info, b: _Info) -> float:
        """idf-weighted Jaccard over words and names (a capitalised word matching a
        word of the other claim's names counts as shared)."""
        def mass(features: Iterable[str], df: Counter) -> float:
            return sum(self._weight(df[f]) for f in features)

        shared = mass(a.words & b.words, self.word_df) + mass(a.entities & b.entities, self.entity_df)
        # A name one article's recogniser missed ("Kursk" in "Russia's Kursk region")
        # is still a word the two have in common.
        shared += mass((a.capitalised & b.name_words) | (b.capitalised & a.name_words), self.word_df)
        union = mass(a.words | b.words, self.word_df) + mass(a.entities | b.entities, self.entity_df)
        return shared / union if union else 0.0

    def _link(self, a: _Info, b: _Info) -> float | None:
        """How alike two claims are when they state the same thing, else None."""
        if any(happens_once(x) and x.same_fact(y) for x in a.stated for y in b.stated):
            return max(self.similarity(a, b), FACT_SIMILARITY)
        if not (a.entities & b.entities):
            return None
        similarity = self.similarity(a, b)
        if any(x.same_fact(y) for x in a.stated for y in b.stated) and similarity >= FACT_SIMILARITY:
            return similarity
        if similarity < LINK_SIMILARITY:
            return None
        names = a.name_words | b.name_words
        shared = [w for w in a.words & b.words if w not in names and self.word_df[w] <= max(BLOCK, self.size() // 50)]
        return similarity if len(shared) >= SHARED_WORDS else None

    # -- the result ------------------------------------------------------------
    def result(self, copy: bool = True) -> tuple[dict[ClaimRef, str], dict[str, Cluster]]:
        """(cluster id of every claim, clusters by id). After an ``update`` only the
        clusters it touched are worked out again (and their conflicts); their ids are
        in ``touched``. Without ``copy``, the index's own dicts (it is not used again)."""
        touched = self.touched = set()
        if self._assignment is None:
            self._assignment, self._clusters = {}, {}
            dirty = set(self.infos)
        else:
            dirty = {ref for ref in self._dirty if ref in self.infos}
            for cluster_id in {self._assignment.get(ref) for ref in self._dirty}:
                touched.add(cluster_id)
                cluster = self._clusters.pop(cluster_id, None) if cluster_id else None
                for ref in cluster.members if cluster else ():
                    self._assignment.pop(ref, None)
                    if ref in self.infos:
                        dirty.add(ref)
        self._dirty = set()
        while dirty:
            start = dirty.pop()
            component, todo = {start}, [start]
            while todo:
                for other in self.links.get(todo.pop(), ()):
                    if other not in component:
                        component.add(other)
                        todo.append(other)
            dirty -= component
            for ref in component:  # clusters cut from this component before are cut again
                old_id = self._assignment.pop(ref, "")
                touched.add(old_id)
                old = self._clusters.pop(old_id, None)
                for member in old.members if old else ():
                    self._assignment.pop(member, None)
            for members in self._split(component):
                ordered = tuple(sorted(members))
                # Every claim is in exactly one cluster, so its first member names it.
                cluster_id = cluster_id_for(ordered[0])
                several = len({a for a, _ in ordered}) > 1
                self._clusters[cluster_id] = Cluster(cluster_id, ordered, self._find_conflicts(ordered) if several else ())
                touched.add(cluster_id)
                for ref in ordered:
                    self._assignment[ref] = cluster_id
        touched.discard(None)
        touched.discard("")
        if not copy:
            return self._assignment, self._clusters
        return dict(self._assignment), dict(self._clusters)

    def _split(self, component: set[ClaimRef]) -> list[list[ClaimRef]]:
        """Linked claims in clusters, strongest links first; never two claims of one
        article in a cluster (an article states a thing once, so a chain through
        two of its claims joins two different statements), and two groups join
        only when at least half the pairs across them are linked."""
        parent = {ref: ref for ref in component}
        articles = {ref: {ref[0]} for ref in component}
        members = {ref: [ref] for ref in component}

        def find(ref: ClaimRef) -> ClaimRef:
            while parent[ref] != ref:
                parent[ref] = parent[parent[ref]]
                ref = parent[ref]
            return ref

        edges = sorted(
            ((strength, a, b) for a in component for b, strength in self.links.get(a, {}).items() if a < b),
            key=lambda edge: (-edge[0], edge[1], edge[2]),
        )
        for _, a, b in edges:
            root_a, root_b = find(a), find(b)
            if root_a == root_b or articles[root_a] & articles[root_b]:
                continue
            small, large = sorted((members[root_a], members[root_b]), key=len)
            if len(large) > 1:
                # Joined only when most pairs across are linked: one shared
                # claim must not chain two different statements together.
                within = set(large)
                linked = sum(1 for ref in small for other in self.links.get(ref, ()) if other in within)
                if 2 * linked < len(small) * len(large):
                    continue
            keep, gone = min(root_a, root_b), max(root_a, root_b)
            parent[gone] = keep
            articles[keep] |= articles.pop(gone)
            members[keep] += members.pop(gone)
        groups: dict[ClaimRef, list[ClaimRef]] = defaultdict(list)
        for ref in component:
            groups[find(ref)].append(ref)
        return list(groups.values())

    def _find_conflicts(self, members: Sequence[ClaimRef]) -> tuple[Conflict, ...]:
        by_key: dict[str, list[tuple[ClaimRef, Stated]]] = defaultdict(list)
        for ref in members:
            for stated in self.infos[ref].stated:
                by_key[stated.key].append((ref, stated))
        conflicts = []
        for key, statements in sorted(by_key.items()):
            # A claim giving several values of one fact ("rose 15% in the year, 3% in
            # the half") says which is which in words we do not read: not compared.
            per_claim = Counter(ref for ref, _ in statements)
            statements = [(ref, s) for ref, s in statements if per_claim[ref] == 1]
            best: tuple[float, int, int] | None = None
            for i, j in conflicting_pairs([(ref[0], s) for ref, s in statements]):
                (ref_a, a), (ref_b, _) = statements[i], statements[j]
                confidence = 1.0 if happens_once(a) else self._direct_conflict(ref_a, ref_b, a)
                if confidence is not None and (best is None or confidence > best[0]):
                    best = (confidence, i, j)
            if best is None:
                continue
            confidence, i, j = best
            anchor, other = statements[i][1], statements[j][1]
            group = [(ref, s) for ref, s in statements if s.same_fact(anchor) or s.same_fact(other)]
            if not happens_once(anchor):
                group = [statements[i], statements[j]]
            values = tuple(sorted({(ref[0], s.value) for ref, s in group}))
            refs = tuple(sorted({ref for ref, _ in group}))
            conflicts.append(Conflict(key, values, anchor.label, refs, round(confidence, 3)))
        return tuple(sorted(conflicts, key=lambda c: -c.confidence))

    def _direct_conflict(self, ref_a: ClaimRef, ref_b: ClaimRef, a: Stated) -> float | None:
        """Two values of a fact that is not a named law's or event's conflict only
        when the claims are linked directly, share a name, speak of the same
        dates and are alike (figures: very alike)."""
        strength = self.links.get(ref_a, {}).get(ref_b)
        if strength is None:
            return None
        info_a, info_b = self.infos[ref_a], self.infos[ref_b]
        if not info_a.entities & info_b.entities:
            return None
        if a.unit != "date" and (info_a.dates != info_b.dates or strength < FIGURE_SIMILARITY):
            return None
        return strength


def cluster_claims(claims: Mapping[str, Sequence[Claim]], entities: Mapping[str, Sequence] | None = None,
                   index: ClusterIndex | None = None) -> tuple[dict[ClaimRef, str], dict[str, Cluster]]:
    """(cluster id of every claim, clusters by id). ``entities`` (by article id)
    give the claims' entity types and the articles' names for unnamed subjects;
    ``index``, when given, is filled and can then be updated article by article."""
    index = ClusterIndex() if index is None else index
    index.update(claims, entities)
    return index.result()


def cluster_id_for(ref: ClaimRef) -> str:
    article_id, index = ref
    return f"c:{index}:{article_id}"


def to_json(clusters: dict[str, Cluster]) -> str:
    return json.dumps(
        {
            c.id: {
                "members": c.members,
                "conflicts": [[x.key, x.values, x.label, x.claims, x.confidence] for x in c.conflicts],
            }
            for c in clusters.values()
        },
        separators=(",", ":"),
    )


class ClusterCacheError(ValueError):
    """Cached clusters that cannot be used as they are (damaged, or not about these claims)."""


def _conflict_from_json(data) -> Conflict:
    key, values, *rest = data
    label = str(rest[0]) if len(rest) > 0 else ""
    refs = tuple((str(a), int(i)) for a, i in rest[1]) if len(rest) > 1 else ()
    confidence = float(rest[2]) if len(rest) > 2 else 1.0
    return Conflict(str(key), tuple((str(a), str(v)) for a, v in values), label, refs, confidence)


def from_json(text: str, expected: set[ClaimRef] | None = None) -> tuple[dict[ClaimRef, str], dict[str, Cluster]]:
    """Clusters read back from ``to_json``. Raises ``ClusterCacheError`` when the
    text is damaged, a claim sits in two clusters, or (given ``expected``) the
    claims covered are not exactly the expected ones: such a cache is rebuilt."""
    try:
        data_by_id = json.loads(text)
        clusters = {}
        for cluster_id, data in data_by_id.items():
            members = tuple((str(a), int(i)) for a, i in data["members"])
            conflicts = tuple(_conflict_from_json(item) for item in data["conflicts"])
            clusters[str(cluster_id)] = Cluster(str(cluster_id), members, conflicts)
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
        raise ClusterCacheError(f"damaged cluster cache: {exc}") from None
    assignment: dict[ClaimRef, str] = {}
    for cluster in clusters.values():
        for ref in cluster.members:
            if ref in assignment:
                raise ClusterCacheError(f"claim {ref} is in two cached clusters")
            assignment[ref] = cluster.id
    if expected is not None and set(assignment) != expected:
        raise ClusterCacheError("cached clusters do not cover this corpus's claims")
    return assignment, clusters


# -- one claim's entry in the index kept on disk (``kept``) ----------------------------------

def info_to_list(info: _Info) -> list:
    """One claim's ``_Info`` as JSON-ready lists (``info_from_list`` reads it back)."""
    stated = [[x.key, x.label, x.subject, x.subject_type, list(x.entities), x.value, x.unit, x.low, x.high] for x in info.stated]
    return [list(info.entities), list(info.words), stated, list(info.dates), list(info.name_words), list(info.capitalised), list(info.keys)]


def info_from_list(data: list) -> _Info:
    one = sys.intern
    entities, words, stated, dates, name_words, capitalised, keys = data
    return _Info(
        frozenset(map(one, entities)), frozenset(map(one, words)),
        tuple(
            Stated(one(k), str(la), one(su), one(st), frozenset(map(one, ents)), str(v), str(u), float(low), float(high))
            for k, la, su, st, ents, v, u, low, high in stated
        ),
        frozenset(map(one, dates)), frozenset(map(one, name_words)), frozenset(map(one, capitalised)), tuple(map(one, keys)),
    )
