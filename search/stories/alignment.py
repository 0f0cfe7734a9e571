"""The story's claims aligned by what they state, and the facts they disagree on.

Rows are built in three passes over the claims of the story's articles:

1. claims the corpus's claim clusters already put together (``analysis.clusters``);
2. claims stating the same fact (the same fact key, e.g. "sign treaty");
3. claims still apart that say much the same within this story: content words
   and entities weighted by how rare they are among the story's own claims;
   the weight two claims share (at least ``MIN_SHARED`` words or names) over
   the weight of the shorter claim, at least ``LOCAL_LINK`` on average across
   the two groups (average linkage, so one sentence cannot chain two
   statements; the shorter claim, since one outlet's sentence often holds two
   others' statements).

A row's conflicts are the facts its claims state with values that cannot all
be true: dates whose ranges do not overlap ("June 2024" against "December
2024"; "2024" fits either), or different figures.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from dataclasses import replace
from typing import Mapping

from ..analysis import Analysis, Claim, Cluster, Fact
from ..analysis.dates import resolve
from ..article import Article
from ..lexicon import LAW_WORDS, readable_stem
from .model import Statement, Story, StoryConflict, StoryRow, ValueSide, date_words
from .words import content_keys

LOCAL_LINK = 0.45
MIN_SHARED = 3

Ref = tuple[str, int]  # (article id, claim index)


def align(
    story: Story, articles: Mapping[str, Article], analyses: Mapping[str, Analysis], clusters: Mapping[str, Cluster],
    reference: dt.date | None,
) -> tuple[StoryRow, ...]:
    claims: dict[Ref, Claim] = {
        (m.article_id, i): _facts_of_the_law(claim, analyses[m.article_id])
        for m in story.members for i, claim in enumerate(analyses[m.article_id].claims)
    }
    parent = {ref: ref for ref in claims}

    def find(ref: Ref) -> Ref:
        while parent[ref] != ref:
            parent[ref] = parent[parent[ref]]
            ref = parent[ref]
        return ref

    def union(a: Ref, b: Ref) -> None:
        parent[find(a)] = find(b)

    by_cluster: dict[str, list[Ref]] = defaultdict(list)
    by_fact: dict[str, list[Ref]] = defaultdict(list)
    for ref, claim in claims.items():
        if claim.cluster and claim.cluster in clusters:
            by_cluster[claim.cluster].append(ref)
        for fact in claim.facts:
            by_fact[fact.key].append(ref)
    for group in (*by_cluster.values(), *by_fact.values()):
        if len({a for a, _ in group}) > 1:
            for ref in group[1:]:
                union(group[0], ref)
    _link_locally(claims, find, union)

    groups: dict[Ref, list[Ref]] = defaultdict(list)
    for ref in claims:
        groups[find(ref)].append(ref)
    position = {m.article_id: n for n, m in enumerate(story.members)}
    rows = []
    for members in groups.values():
        members.sort(key=lambda ref: (position[ref[0]], claims[ref].start))
        conflicts = _conflicts(story, members, claims)
        cells = []
        for member in story.members:
            mine = [ref for ref in members if ref[0] == member.article_id]
            article = articles[member.article_id]
            today = article.date or reference
            cells.append(tuple(_statement(article, claims[ref], analyses[ref[0]], conflicts, today) for ref in mine))
        first = members[0]
        rows.append(StoryRow(f"r:{first[1]}:{first[0]}", tuple(cells), conflicts))
    order = [(not row.conflicts, -row.reported_by, *_first_position(row, story)) for row in rows]
    return tuple(row for _, row in sorted(zip(order, rows), key=lambda pair: pair[0]))


def _facts_of_the_law(claim: Claim, analysis: Analysis) -> Claim:
    """``claim`` with its facts about a proper name that follows a law the claim names
    re-keyed to that law ("the X Treaty between A and B, signed on ..." states when the
    treaty was signed, not B): one signs, ratifies or breaks a law or treaty, and the
    names after it are the parties in its complement. Other outlets' "X Treaty, signed
    in ..." then state the same fact, and a different date is a conflict."""
    if not claim.facts:
        return claim
    laws = [e for e in analysis.entities if e.type == "LAW" and claim.start <= e.start and e.end <= claim.end]
    if not laws:
        return claim
    facts = []
    for fact in claim.facts:
        verb, _, noun = fact.key.rpartition(" ")
        for law in reversed(laws):
            after = claim.text[law.end - claim.start:]
            names = {readable_stem(w.lower()) for w in re.findall(r"\b[A-Z][a-z]+", after)}
            if verb and noun in names and noun != _law_word(law.canonical):
                fact = replace(fact, key=f"{verb} {_law_word(law.canonical)}")
                break
        facts.append(fact)
    return replace(claim, facts=tuple(facts))


def _law_word(name: str) -> str:
    """What kind of law a name is: "treaty" for "Treaty on ..." and "... Trade Treaty"."""
    words = re.findall(r"[a-z]+", name.lower())
    return next((w for w in words if w in LAW_WORDS), words[-1] if words else name.lower())


def _first_position(row: StoryRow, story: Story) -> tuple[int, int]:
    for n, cell in enumerate(row.cells):
        if cell:
            return n, cell[0].start
    return len(story.members), 0


def _link_locally(claims: dict[Ref, Claim], find, union) -> None:
    features = {ref: content_keys(c.text) | {f"entity:{e}" for e in c.entities} for ref, c in claims.items()}
    frequency = Counter(f for found in features.values() for f in found)
    total = max(1, len(claims))
    weight = {f: math.log((1 + total) / (1 + n)) + 0.01 for f, n in frequency.items()}

    mass = {ref: sum(weight[f] for f in found) for ref, found in features.items()}

    def similarity(a: Ref, b: Ref) -> float:
        shared = features[a] & features[b]
        if len(shared) < MIN_SHARED:
            return 0.0
        smaller = min(mass[a], mass[b])
        return sum(weight[f] for f in shared) / smaller if smaller else 0.0

    refs = sorted(claims)
    pairs = []
    for i, a in enumerate(refs):
        for b in refs[i + 1:]:
            if a[0] != b[0]:
                score = similarity(a, b)
                if score >= LOCAL_LINK:
                    pairs.append((score, a, b))
    cache: dict[tuple[Ref, Ref], float] = {}
    for _, a, b in sorted(pairs, reverse=True):
        if find(a) == find(b):
            continue
        left = [r for r in refs if find(r) == find(a)]
        right = [r for r in refs if find(r) == find(b)]
        across = [(x, y) for x in left for y in right if x[0] != y[0]]
        if not across:
            continue
        scores = [cache.setdefault((x, y), similarity(x, y)) for x, y in across]
        if sum(scores) / len(scores) >= LOCAL_LINK:
            union(a, b)


def _conflicts(story: Story, members: list[Ref], claims: Mapping[Ref, Claim]) -> tuple[StoryConflict, ...]:
    stated: dict[str, list[tuple[str, Fact]]] = defaultdict(list)
    for ref in members:
        for fact in claims[ref].facts:
            stated[fact.key].append((ref[0], fact))
    conflicts = []
    for key, facts in sorted(stated.items()):
        if len({a for a, _ in facts}) < 2:
            continue
        conflict = conflict_of(story, key, facts)
        if conflict:
            conflicts.append(conflict)
    return tuple(conflicts)


def conflict_of(story: Story, about: str, facts: list[tuple[str, Fact]]) -> StoryConflict | None:
    """The sides of a fact stated with values that exclude each other, or None when they all fit.

    Values are taken most precise first; each joins the side whose values it
    overlaps, and one that overlaps several sides (a year against two months)
    fits either."""

    def span(fact: Fact) -> tuple[dt.date, dt.date] | None:
        if fact.first and fact.last:
            return dt.date.fromisoformat(fact.first), dt.date.fromisoformat(fact.last)
        return None

    values: dict[str, list[str]] = defaultdict(list)
    facts_by_value: dict[str, Fact] = {}
    for article_id, fact in facts:
        if article_id not in values[fact.value]:
            values[fact.value].append(article_id)
        facts_by_value[fact.value] = fact

    def size(value: str) -> int:
        found = span(facts_by_value[value])
        return (found[1] - found[0]).days if found else 0

    sides: list[tuple[list[str], tuple[dt.date, dt.date] | None]] = []
    either: list[str] = []
    for value in sorted(values, key=lambda v: (size(v), v)):
        here = span(facts_by_value[value])
        touching = []
        for n, (_, side_span) in enumerate(sides):
            if here and side_span:
                if here[0] <= side_span[1] and side_span[0] <= here[1]:
                    touching.append(n)
            elif here is None and side_span is None and value in sides[n][0]:
                touching.append(n)
        if not touching:
            sides.append(([value], here))
        elif len(touching) == 1:
            sides[touching[0]][0].append(value)
        else:
            either.append(value)
    if len(sides) < 2:
        return None
    sides.sort(key=lambda side: (side[1][0].isoformat() if side[1] else "", side[0][0]))  # earliest first

    def side(found: list[str]) -> ValueSide:
        ids = [a for value in found for a in values[value]]
        ordered = [m for m in story.members if m.article_id in ids]
        # The side is named by its most precise value; the others agree with it.
        return ValueSide(date_words(found[0]), tuple(m.column for m in ordered), tuple(m.article_id for m in ordered))

    return StoryConflict(about, tuple(side(values_) for values_, _ in sides), tuple(side([v]) for v in either))


def _statement(article: Article, claim: Claim, analysis: Analysis, conflicts, today: dt.date | None) -> Statement:
    marks = []
    disputed = {c.about for c in conflicts}
    values = {fact.value for fact in claim.facts if fact.key in disputed}
    if values:
        for entity in analysis.entities:
            if entity.type == "DATE" and claim.start <= entity.start and entity.end <= claim.end:
                resolved = resolve(entity.text, today)
                if resolved and resolved.label in values:
                    marks.append((entity.start - claim.start, entity.end - claim.start))
        for value in values:
            if value[:1].isdigit() and "-" not in value:
                at = claim.text.replace(",", "").find(value)
                if at >= 0 and not any(s <= at < e for s, e in marks):
                    marks.append((at, at + len(value)))
    return Statement(article.id, claim.start, claim.end, claim.text, tuple(sorted(marks)))
