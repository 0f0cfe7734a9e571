"""The claim cluster index kept in the analysis cache, so that the first change
after a warm start re-clusters only what changed.

One row of the cache's ``cluster_index`` table per corpus (its folders): a header line
(the format, the analyser's key, what each article was when it was clustered)
and the index as ``clusters.dump_index`` writes it. An index of another format
or analyser is not used (everything would be compared again anyway); a damaged
one is dropped, rebuilt from scratch and said so once.
"""

from __future__ import annotations

import json

from .cache import AnalysisStore
from .clusters import INDEX_FORMAT, ClusterCacheError, ClusterIndex, dump_index, load_index

TABLE = "cluster_index"  # in the analysis cache (``cache.AnalysisStore``)


def save_index(store: AnalysisStore, slot: str, index: ClusterIndex | None, clustered: dict[str, str], analyser_key: str) -> None:
    if index is None:
        return
    head = json.dumps({"format": INDEX_FORMAT, "analyser": analyser_key, "clustered": clustered}, ensure_ascii=False, separators=(",", ":"))
    store.put_corpus(slot, head + "\n" + dump_index(index), TABLE)


def load_kept_index(store: AnalysisStore, slot: str, analyser_key: str) -> tuple[ClusterIndex | None, dict[str, str], str | None]:
    """(the index, what each article was when clustered, a note when a damaged one was dropped);
    (None, {}, None) when none is kept for this corpus and analyser."""
    text = store.get_corpus(slot, TABLE)
    if text is None:
        return None, {}, None
    try:
        head_text, _, body = text.partition("\n")
        try:
            head = json.loads(head_text)
        except (ValueError, RecursionError) as exc:
            raise ClusterCacheError(f"damaged header ({exc})") from None
        if not isinstance(head, dict):
            raise ClusterCacheError("damaged header")
        if head.get("format") != INDEX_FORMAT or head.get("analyser") != analyser_key:
            return None, {}, None  # another version or analyser: rebuilt, nothing to say
        clustered = head.get("clustered")
        if not isinstance(clustered, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in clustered.items()):
            raise ClusterCacheError("damaged list of articles")
        index = load_index(body)
        if set(index.by_article) != set(clustered):
            raise ClusterCacheError("its claims are not of the articles it lists")
    except ClusterCacheError as exc:
        return None, {}, f"the claim cluster index kept in the analysis cache could not be used ({exc}); claims were clustered again"
    return index, clustered, None
