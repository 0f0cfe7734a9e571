"""Which recogniser to use: the first in ``RECOGNIZERS`` that can be built.

A new recogniser is one module with a class like ``rules.RuleRecognizer``
(``name``, ``uses_model``, ``description``, built from a gazetteer, raising
``ModelUnavailable`` when it cannot run here) plus its entry in the list
below, or a ``register`` call.
"""

from __future__ import annotations

from .base import ModelUnavailable, Recognizer, RecognizerKind
from .gazetteer import Gazetteer
from .rules import RuleRecognizer
from .spacy_model import SpacyRecognizer

# In order of preference; the last should always build (the rules need nothing).
RECOGNIZERS: list[RecognizerKind] = [SpacyRecognizer, RuleRecognizer]


def register(kind: RecognizerKind, *, first: bool = True) -> RecognizerKind:
    """Add a recogniser, preferred over the others unless ``first`` is False;
    one of the same name is replaced. Returns ``kind`` (usable as a decorator)."""
    unregister(kind.name)
    RECOGNIZERS.insert(0 if first else len(RECOGNIZERS), kind)
    return kind


def unregister(name: str) -> None:
    RECOGNIZERS[:] = [kind for kind in RECOGNIZERS if kind.name != name]


def make_recognizer(
    gazetteer: Gazetteer, prefer_model: bool = True, failed: dict[str, ModelUnavailable] | None = None
) -> tuple[Recognizer, str | None]:
    """(recogniser, warning): the first that builds, and why the ones before it
    could not. ``prefer_model=False`` skips those with a model; ``failed`` (by
    name) are skipped with their reason, as when a model fails to load late."""
    problems = dict(failed or {})
    for kind in RECOGNIZERS:
        if (kind.uses_model and not prefer_model) or kind.name in problems:
            continue
        try:
            recognizer = kind(gazetteer)
        except ModelUnavailable as exc:
            problems[kind.name] = exc
            continue
        if not problems:
            return recognizer, None
        first = next(iter(problems.values()))
        return recognizer, f"entity model unavailable: {first}; using {kind.description}"
    raise ModelUnavailable("no entity recogniser can run here: " + "; ".join(str(p) for p in problems.values()))
