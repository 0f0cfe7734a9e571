"""Words for comparing sentences and quotes across outlets."""

from __future__ import annotations

import re

from ..lexicon import CLUSTER_STOP_WORDS, matching_stem

_WORD = re.compile(r"[a-z][a-z’'-]{2,}")
_TOKEN = re.compile(r"\w+(?:[’'-]\w+)*")
# Stems cut to this many letters, so that "liberation" and "liberate" (or a
# translation's "conclusion"/"concluded") compare equal.
PREFIX = 5


def content_keys(text: str, counted: bool = False):
    """The content words of ``text`` as comparison keys (function words left out):
    a set, or with ``counted`` a list with repeats."""
    keys = [matching_stem(w)[:PREFIX] for w in _WORD.findall(text.lower()) if w not in CLUSTER_STOP_WORDS]
    return keys if counted else set(keys)


def tokens(text: str) -> list[tuple[int, int]]:
    """(start, end) of every word in ``text``, punctuation left out."""
    return [(m.start(), m.end()) for m in _TOKEN.finditer(text)]


def overlap(a: set[str], b: set[str]) -> float:
    """Shared keys over the smaller set's size (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))
