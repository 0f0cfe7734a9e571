"""Group claims from different articles that state the same thing, and flag
conflicts: the same fact ("sign treaty") given different dates or numbers.

Two claims from different articles are linked when their words and entities
overlap enough (an idf-weighted Jaccard score, so words every article uses
count for little) or when they state the same fact. Clusters are the linked
groups; every claim belongs to exactly one (most to one of their own).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from ..lexicon import CLUSTER_STOP_WORDS, matching_stem
from .claims import Claim

LINK_SIMILARITY = 0.25
_WORD = re.compile(r"[a-z][a-z’'-]{2,}")

ClaimRef = tuple[str, int]  # (article id, index of the claim in that article)


@dataclass(frozen=True)
class Conflict:
    key: str  # what the fact is about, e.g. "sign treaty"
    values: tuple[tuple[str, str], ...]  # (article id, value as stated there)


@dataclass(frozen=True)
class Cluster:
    id: str
    members: tuple[ClaimRef, ...]
    conflicts: tuple[Conflict, ...] = ()

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(sorted({article_id for article_id, _ in self.members}))


def _features(claim: Claim) -> set[str]:
    words = {matching_stem(w) for w in _WORD.findall(claim.text.lower()) if w not in CLUSTER_STOP_WORDS}
    return words | {f"entity:{name}" for name in claim.entities}


def cluster_claims(claims: dict[str, list[Claim]]) -> tuple[dict[ClaimRef, str], dict[str, Cluster]]:
    """(cluster id of every claim, clusters by id)."""
    refs: list[ClaimRef] = [(article_id, i) for article_id, items in claims.items() for i in range(len(items))]
    features = {ref: _features(claims[ref[0]][ref[1]]) for ref in refs}
    frequency = Counter(f for ref in refs for f in features[ref])
    total = max(1, len(refs))
    weight = {f: math.log((1 + total) / (1 + n)) + 0.01 for f, n in frequency.items()}
    mass = {ref: sum(weight[f] for f in features[ref]) for ref in refs}

    parent = {ref: ref for ref in refs}

    def find(ref: ClaimRef) -> ClaimRef:
        while parent[ref] != ref:
            parent[ref] = parent[parent[ref]]
            ref = parent[ref]
        return ref

    def union(a: ClaimRef, b: ClaimRef) -> None:
        parent[find(a)] = find(b)

    by_fact: dict[str, list[ClaimRef]] = defaultdict(list)
    for ref in refs:
        for fact in claims[ref[0]][ref[1]].facts:
            by_fact[fact.key].append(ref)
    for members in by_fact.values():
        for a, b in zip(members, members[1:]):
            if a[0] != b[0]:
                union(a, b)
    # Candidate pairs share a fairly rare word or entity; comparing every pair
    # would be quadratic in the corpus.
    rare = max(8, min(50, total // 100))
    by_feature: dict[str, list[ClaimRef]] = defaultdict(list)
    for ref in refs:
        for f in features[ref]:
            if frequency[f] <= rare:
                by_feature[f].append(ref)
    seen: set[tuple[ClaimRef, ClaimRef]] = set()
    for members in by_feature.values():
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if a[0] == b[0] or (a, b) in seen:
                    continue
                seen.add((a, b))
                if _similarity(features[a], features[b], mass[a], mass[b], weight) >= LINK_SIMILARITY:
                    union(a, b)

    groups: dict[ClaimRef, list[ClaimRef]] = defaultdict(list)
    for ref in refs:
        groups[find(ref)].append(ref)
    assignment: dict[ClaimRef, str] = {}
    clusters: dict[str, Cluster] = {}
    for members in groups.values():
        members.sort()
        # Every claim is in exactly one cluster, so its first member names it
        # uniquely by construction (a short hash of the members once collided).
        cluster_id = cluster_id_for(members[0])
        clusters[cluster_id] = Cluster(cluster_id, tuple(members), _conflicts(members, claims))
        for ref in members:
            assignment[ref] = cluster_id
    return assignment, clusters


def cluster_id_for(ref: ClaimRef) -> str:
    article_id, index = ref
    return f"c:{index}:{article_id}"


def _similarity(a: set[str], b: set[str], mass_a: float, mass_b: float, weight: dict[str, float]) -> float:
    """Weighted Jaccard: shared weight over the weight of the union."""
    shared = sum(weight[f] for f in a & b)
    union = mass_a + mass_b - shared
    return shared / union if union else 0.0


def to_json(clusters: dict[str, Cluster]) -> str:
    return json.dumps(
        {c.id: {"members": c.members, "conflicts": [[x.key, x.values] for x in c.conflicts]} for c in clusters.values()},
        separators=(",", ":"),
    )


class ClusterCacheError(ValueError):
    """Cached clusters that cannot be used as they are (damaged, or not about these claims)."""


def from_json(text: str, expected: set[ClaimRef] | None = None) -> tuple[dict[ClaimRef, str], dict[str, Cluster]]:
    """Clusters read back from ``to_json``. Raises ``ClusterCacheError`` when the
    text is damaged, a claim sits in two clusters, or (given ``expected``) the
    claims covered are not exactly the expected ones: such a cache is rebuilt."""
    try:
        data_by_id = json.loads(text)
        clusters = {}
        for cluster_id, data in data_by_id.items():
            members = tuple((str(a), int(i)) for a, i in data["members"])
            conflicts = tuple(Conflict(str(key), tuple((str(a), str(v)) for a, v in values)) for key, values in data["conflicts"])
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


def _conflicts(members: list[ClaimRef], claims: dict[str, list[Claim]]) -> tuple[Conflict, ...]:
    facts = defaultdict(list)
    for article_id, index in members:
        for fact in claims[article_id][index].facts:
            facts[fact.key].append((article_id, fact))
    conflicts = []
    for key, stated in sorted(facts.items()):
        if len({article_id for article_id, _ in stated}) < 2:
            continue
        disagree = any(
            a != b and not fa.agrees_with(fb) for i, (a, fa) in enumerate(stated) for b, fb in stated[i + 1:]
        )
        if disagree:
            values = tuple(sorted({(article_id, fact.value) for article_id, fact in stated}))
            conflicts.append(Conflict(key, values))
    return tuple(conflicts)
