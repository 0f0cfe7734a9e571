"""The claim cluster index kept in the analysis cache, so that a change after a warm
start re-clusters only what changed, reading only what that change touches.

Kept per corpus (a ``slot``: its folders), in the cache's tables:

- ``cluster_claims``: per article, each claim's words, names, facts and keys
  (``clusters._Info``) and its links to other claims;
- ``cluster_keys``: the inverted index (key -> claims), to find candidates;
- ``cluster_df``: how many claims have each word and each name;
- ``cluster_rows``: the clusters themselves, one row each (a change rewrites the
  clusters it touched, not all of them);
- ``cluster_seen``: what each article was when clustered (its text, date and analyser),
  one row each (a change rewrites the rows of the articles it touched);
- ``cluster_index``: the state (format, analyser key, how many articles and claims,
  the key of the clusters it agrees with in ``corpus``).

``save_full`` writes an index built from scratch. ``update_kept`` loads only the
changed articles, the claims sharing a key with their new claims and the linked
groups (components) all those belong to, runs the ordinary ``ClusterIndex.update``
and ``result`` on that part, and writes back what changed, with the new clusters,
in one transaction. What it cannot use (another format or analyser: silently;
damaged: said once) is rebuilt from scratch.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Iterable, Mapping, Sequence

from .cache import AnalysisStore
from .clusters import (
    BLOCK, NAME_BLOCK, RARE_WORDS, ClaimRef, Cluster, ClusterCacheError, ClusterIndex, _article_names, _info, _inside, info_from_list,
    from_json, info_to_list, to_json,
)

FORMAT = "cluster-kept-3"  # bump when the tables' layout or clustering's keys change: an older one is rebuilt
TABLE = "cluster_index"
_TABLES = ("cluster_claims", "cluster_keys", "cluster_df", "cluster_rows", "cluster_seen")
_CHUNK = 400


class PartIndex(ClusterIndex):
    """A ``ClusterIndex`` holding only some of the kept claims: the rest are counted."""

    def __init__(self, total: int) -> None:
        super().__init__()
        self.total = total  # claims kept on disk, before this update
        self.loaded = 0  # of which loaded here

    def size(self) -> int:
        return self.total - self.loaded + len(self.infos)


def _chunks(items: Sequence, size: int = _CHUNK):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def save_full(store: AnalysisStore, slot: str, index: ClusterIndex, clustered: Mapping[str, str], analyser_key: str,
              clusters_key: str, clusters: Mapping[str, Cluster]) -> None:
    """Keep an index built from scratch (replacing what was kept for ``slot``), with its clusters."""
    rows = [(slot, a, _article_row(index, refs)) for a, refs in index.by_article.items()]
    keys = [(slot, key, a, i) for (a, i), info in index.infos.items() for key in info.keys]
    df = [(slot, "w", w, n) for w, n in index.word_df.items() if n > 0] + [(slot, "e", w, n) for w, n in index.entity_df.items() if n > 0]
    state = _state(len(clustered), analyser_key, len(index.infos), clusters_key)
    try:
        with store.transaction() as db:
            for table in _TABLES:
                db.execute(f"DELETE FROM {table} WHERE slot = ?", (slot,))
            db.executemany("INSERT INTO cluster_rows VALUES (?, ?, ?)", [(slot, c.id, to_json({c.id: c})) for c in clusters.values()])
            db.executemany("INSERT INTO cluster_claims VALUES (?, ?, ?)", rows)
            db.executemany("INSERT INTO cluster_keys VALUES (?, ?, ?, ?)", keys)
            db.executemany("INSERT INTO cluster_df VALUES (?, ?, ?, ?)", df)
            db.executemany("INSERT INTO cluster_seen VALUES (?, ?, ?)", [(slot, a, seen) for a, seen in clustered.items()])
            db.execute("INSERT OR REPLACE INTO corpus VALUES (?, ?)", (clusters_key, to_json(clusters)))
            db.execute("INSERT OR REPLACE INTO cluster_index VALUES (?, ?)", (slot, state))
    except sqlite3.Error:
        pass  # only a cache: the next change re-clusters from scratch


def _state(articles: int, analyser_key: str, total: int, clusters_key: str) -> str:
    return json.dumps({"format": FORMAT, "analyser": analyser_key, "articles": articles, "total": total,
                       "clusters": clusters_key}, ensure_ascii=False, separators=(",", ":"))


def _article_row(index: ClusterIndex, refs: Iterable[ClaimRef]) -> str:
    return json.dumps(
        [[info_to_list(index.infos[ref]), [[a, i, s] for (a, i), s in index.links.get(ref, {}).items()]] for ref in refs],
        ensure_ascii=False, separators=(",", ":"),
    )


def load_state(store: AnalysisStore, slot: str, analyser_key: str) -> tuple[dict | None, str | None]:
    """(the kept state, None), (None, None) when nothing usable is kept for this
    corpus and analyser, or (None, why) when what is kept is damaged."""
    text = store.get_corpus(slot, TABLE)
    if text is None:
        return None, None
    try:
        state = json.loads(text)
    except (ValueError, RecursionError):
        return None, _note("its state is damaged")
    if not isinstance(state, dict) or state.get("format") != FORMAT or state.get("analyser") != analyser_key:
        return None, None
    articles, total, key = state.get("articles"), state.get("total"), state.get("clusters")
    if not isinstance(articles, int) or not isinstance(total, int) or not isinstance(key, str):
        return None, _note("its state is damaged")
    return state, None


def load_clustered(store: AnalysisStore, slot: str, state: dict) -> dict[str, str]:
    """What each article was when clustered, as kept for ``state``. Raises
    ``ClusterCacheError`` when the rows cannot be read or are not the state's."""
    try:
        with store.transaction() as db:
            rows = db.execute("SELECT article, data FROM cluster_seen WHERE slot = ?", (slot,)).fetchall()
    except sqlite3.Error as exc:
        raise ClusterCacheError(f"{type(exc).__name__}: {exc}"[:200]) from None
    known = dict(rows)
    if len(known) != state["articles"] or not all(isinstance(a, str) and isinstance(seen, str) for a, seen in rows):
        raise ClusterCacheError("what each article was when clustered is damaged")
    return known


def _note(why: str) -> str:
    return f"the claim cluster index kept in the analysis cache could not be used ({why}); claims were clustered again"


def update_kept(store: AnalysisStore, slot: str, state: dict, before: Mapping[str, Cluster], clusters_key: str,
                claims: Mapping[str, Sequence], entities: Mapping[str, Sequence], removed: Sequence[str],
                clustered: Mapping[str, str], assignment: dict[ClaimRef, str] | None = None,
                touched: set[str] | None = None, known: Mapping[str, str] | None = None,
                ) -> tuple[dict[ClaimRef, str], dict[str, Cluster]]:
    """Re-cluster the articles in ``claims`` (changed or new) and take out ``removed``,
    from the index kept for ``slot`` whose clusters are ``before``; keep the result
    (under ``clusters_key``). Raises ``ClusterCacheError`` when what is kept does
    not hold together (the caller rebuilds from scratch).

    ``assignment`` (every claim's cluster id in ``before``), when the caller holds it,
    is not worked out again from every cluster: it is brought up to date in place
    and returned (after an error it is only fit to be dropped). ``touched`` gets the
    ids of the clusters taken out, replaced or added (the others are ``before``'s).
    ``known`` is what each article was when clustered for ``state`` (``load_clustered``),
    when the caller holds it; ``clustered`` what each article is now (it differs only
    for the articles in ``claims`` and ``removed``: only their rows are written)."""
    try:
        return _update(store, slot, state, before, clusters_key, claims, entities, removed, clustered, assignment, touched, known)
    except ClusterCacheError:
        raise
    except (sqlite3.Error, ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError) as exc:
        raise ClusterCacheError(f"{type(exc).__name__}: {exc}"[:200]) from None


def _update(store, slot, state, before, clusters_key, claims, entities, removed, clustered, assignment=None, remade=None,
            known=None):
    index = PartIndex(int(state["total"]))
    if known is None:
        known = load_clustered(store, slot, state)
    loaded: set[str] = set()

    def load(articles: Iterable[str]) -> list[ClaimRef]:
        todo = sorted({a for a in articles if a not in loaded and a in known})
        refs: list[ClaimRef] = []
        for part in _chunks(todo):
            with store.transaction() as db:
                rows = db.execute(
                    f"SELECT article, data FROM cluster_claims WHERE slot = ? AND article IN ({','.join('?' * len(part))})", [slot, *part]
                ).fetchall()
            if len(rows) != len(part):
                raise ClusterCacheError("an article it lists has no claims kept")
            for article_id, data in rows:
                mine = []
                for position, (info, links) in enumerate(json.loads(data)):
                    ref = (article_id, position)
                    index.infos[ref] = info_from_list(info)
                    index.links[ref] = {(str(a), int(i)): float(s) for a, i, s in links}
                    mine.append(ref)
                index.by_article[article_id] = mine
                index.loaded += len(mine)
                loaded.add(article_id)
                refs += mine
        return refs

    def load_df(words: set[str], kind: str, counter) -> None:
        wanted = sorted(w for w in words if w not in counter)
        for part in _chunks(wanted):
            with store.transaction() as db:
                rows = db.execute(
                    f"SELECT word, count FROM cluster_df WHERE slot = ? AND kind = ? AND word IN ({','.join('?' * len(part))})",
                    [slot, kind, *part],
                ).fetchall()
            counter.update(dict(rows))

    def load_components(refs: Iterable[ClaimRef]) -> None:
        """Every claim linked (through any chain) to ``refs``, and the clusters they are in."""
        frontier = list(refs)
        while frontier:
            wanted = {other[0] for ref in frontier for other in index.links.get(ref, ())}
            wanted |= {a for ref in frontier for a, _ in (before[assignment[ref]].members if ref in assignment else ())}
            frontier = load(wanted)

    if assignment is None:
        assignment = {ref: c.id for c in before.values() for ref in c.members}
    touched = [a for a in [*claims, *removed] if a in known]
    old = load(touched)
    # The new claims' words and keys, as ``update`` will work them out.
    new_infos = []
    for article_id, items in claims.items():
        found = entities.get(article_id)
        nouns = _article_names(found)
        new_infos += [_info(c, inside, nouns) for c, inside in zip(items, _inside(items, found))]
    old_infos = [index.infos[ref] for ref in old]
    load_df({w for info in [*old_infos, *new_infos] for w in info.words}, "w", index.word_df)
    load_df({e for info in [*old_infos, *new_infos] for e in info.entities}, "e", index.entity_df)
    after = index.word_df.copy()
    for info in old_infos:
        after.subtract(info.words)
    for info in new_infos:
        after.update(info.words)
    keys: set[str] = set()
    for info in new_infos:
        rare = sorted(sorted(info.words), key=after.__getitem__)[:RARE_WORDS]
        keys |= {f"n:{name}" for name in info.entities} | {f"e:{name}|{word}" for name in info.entities for word in rare}
        for s in info.stated:
            keys |= {f"f:{s.key}|{s.subject}"} | {f"f:{s.key}|{name}" for name in info.entities}
    keys |= {key for info in old_infos for key in info.keys}
    for part in _chunks(sorted(keys)):
        with store.transaction() as db:
            rows = db.execute(
                f"SELECT key, article, claim FROM cluster_keys WHERE slot = ? AND key IN ({','.join('?' * len(part))})", [slot, *part]
            ).fetchall()
        for key, article_id, position in rows:
            index.blocks[key].add((str(article_id), int(position)))
    # Candidates come only from keys few enough claims hold (``ClusterIndex._candidates``);
    # every block is read whole all the same, so that its size is right after the update.
    candidates: set[ClaimRef] = set()
    for key, block in index.blocks.items():
        if len(block) <= (NAME_BLOCK if key.startswith("n:") else BLOCK) + len(new_infos):
            candidates |= block
    load({a for a, _ in candidates})
    load_components([*old, *candidates])
    everything = {w for info in index.infos.values() for w in info.words}
    load_df(everything, "w", index.word_df)
    load_df({e for info in index.infos.values() for e in info.entities}, "e", index.entity_df)
    for ref in candidates:
        if ref not in index.infos:
            raise ClusterCacheError("a key names a claim that is not kept")
    index._assignment = assignment
    index._clusters = dict(before)
    index.update(claims, entities, removed)
    result = index.result(copy=False)
    # Written back: every article loaded (its claims or links may have changed).
    rows = [(slot, a, _article_row(index, index.by_article[a])) for a in loaded | set(claims) if a in index.by_article]
    new_keys = [(slot, key, a, i) for a in claims for a, i in index.by_article.get(a, ()) for key in index.infos[(a, i)].keys]
    df = [(slot, "w", w, n) for w, n in index.word_df.items()] + [(slot, "e", w, n) for w, n in index.entity_df.items()]
    gone = [a for a in [*removed, *claims] if a in known]
    with store.transaction() as db:
        for part in _chunks(gone):
            marks = ",".join("?" * len(part))
            db.execute(f"DELETE FROM cluster_claims WHERE slot = ? AND article IN ({marks})", [slot, *part])
            db.execute(f"DELETE FROM cluster_keys WHERE slot = ? AND article IN ({marks})", [slot, *part])
        db.executemany("INSERT OR REPLACE INTO cluster_claims VALUES (?, ?, ?)", rows)
        db.executemany("INSERT INTO cluster_keys VALUES (?, ?, ?, ?)", new_keys)
        db.executemany("INSERT OR REPLACE INTO cluster_df VALUES (?, ?, ?, ?)", [row for row in df if row[3] > 0])
        db.executemany("DELETE FROM cluster_df WHERE slot = ? AND kind = ? AND word = ?", [row[:3] for row in df if row[3] <= 0])
        after = result[1]
        changed = [after[cid] for cid in index.touched if cid in after and before.get(cid) is not after[cid]]
        db.executemany("DELETE FROM cluster_rows WHERE slot = ? AND id = ?", [(slot, cid) for cid in index.touched if cid in before and cid not in after])
        db.executemany("INSERT OR REPLACE INTO cluster_rows VALUES (?, ?, ?)", [(slot, c.id, to_json({c.id: c})) for c in changed])
        db.executemany("DELETE FROM cluster_seen WHERE slot = ? AND article = ?", [(slot, a) for a in removed if a in known])
        db.executemany("INSERT OR REPLACE INTO cluster_seen VALUES (?, ?, ?)", [(slot, a, clustered[a]) for a in claims])
        db.execute("INSERT OR REPLACE INTO cluster_index VALUES (?, ?)", (slot, _state(len(clustered), state["analyser"], index.size(), clusters_key)))
    if remade is not None:
        remade.update(index.touched)
    return result


def drop(store: AnalysisStore, slot: str) -> None:
    """Forget what is kept for ``slot`` (it is rebuilt from scratch)."""
    try:
        with store.transaction() as db:
            for table in _TABLES:
                db.execute(f"DELETE FROM {table} WHERE slot = ?", (slot,))
            db.execute("DELETE FROM cluster_index WHERE slot = ?", (slot,))
    except sqlite3.Error:
        pass


def load_clusters(store: AnalysisStore, slot: str, total: int) -> dict[str, Cluster]:
    """The clusters kept for ``slot`` (as of its state's ``clusters`` key). Raises
    ``ClusterCacheError`` when a row is damaged, a claim is in two clusters or the
    clusters do not hold the state's ``total`` claims."""
    try:
        with store.transaction() as db:
            rows = db.execute("SELECT data FROM cluster_rows WHERE slot = ?", (slot,)).fetchall()
    except sqlite3.Error as exc:
        raise ClusterCacheError(f"{type(exc).__name__}: {exc}"[:200]) from None
    clusters: dict[str, Cluster] = {}
    seen: set[ClaimRef] = set()
    for (data,) in rows:
        if not isinstance(data, str):
            raise ClusterCacheError("a damaged cluster row")
        for cluster_id, cluster in from_json(data)[1].items():
            if seen & set(cluster.members):
                raise ClusterCacheError("a claim is in two kept clusters")
            seen.update(cluster.members)
            clusters[cluster_id] = cluster
    if len(seen) != total:
        raise ClusterCacheError("the kept clusters do not hold every kept claim")
    return clusters
