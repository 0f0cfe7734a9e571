"""Expand the hand-written gold surfaces into spans, and score predictions."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

GOLD = Path(__file__).resolve().parent / "gold"


def gold_entities(text: str, entries: list[list[str]]) -> set[tuple[int, int, str]]:
    """Every whole-word occurrence of each surface, longest surfaces first, no overlaps."""
    taken: set[int] = set()
    spans = set()
    for surface, kind in sorted(entries, key=lambda e: -len(e[0])):
        for match in re.finditer(rf"(?<![\w-]){re.escape(surface)}(?!\w)", text):
            if any(i in taken for i in range(match.start(), match.end())):
                continue
            taken.update(range(match.start(), match.end()))
            spans.add((match.start(), match.end(), kind))
    return spans


def load_gold(name: str) -> dict:
    return yaml.safe_load((GOLD / name).read_text(encoding="utf-8"))


def prf(gold: set, predicted: set) -> tuple[float, float, float]:
    true = len(gold & predicted)
    precision = true / len(predicted) if predicted else 1.0
    recall = true / len(gold) if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def per_type(gold: set, predicted: set) -> dict[str, tuple[float, float, float]]:
    kinds = {k for *_, k in gold} | {k for *_, k in predicted}
    scores = {}
    for kind in kinds:
        g = {s for s in gold if s[2] == kind}
        p = {s for s in predicted if s[2] == kind}
        scores[kind] = prf(g, p)
    return scores
