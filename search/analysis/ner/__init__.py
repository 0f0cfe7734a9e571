"""Named-entity recognition: spans over ``Article.text`` with a type and a
canonical name.

- ``base``: ``Entity``, the ``Recognizer`` protocol and ``ModelUnavailable``.
- ``gazetteer``: the alias map (bundled ``entities.yaml``: general world knowledge, plus the user's).
- ``patterns``: gazetteer variants, treaty and date patterns every recogniser trusts.
- ``spans``: the post-processing every recogniser ends with (span conventions, types, merging).
- ``aliases``: the aliases an article supplies itself (full names, acronyms in brackets,
  long forms of organisations) and, for search, those the whole corpus defines.
- ``spacy_model``, ``rules``: the recognisers; ``registry`` picks one.
"""

from .base import Entity, ModelUnavailable, Recognizer, RecognizerKind
from .gazetteer import Entry, Gazetteer, GazetteerError, load_gazetteer
from .registry import RECOGNIZERS, make_recognizer, register, unregister
from .rules import RuleRecognizer
from .spacy_model import SpacyRecognizer

__all__ = [
    "RECOGNIZERS",
    "Entity",
    "Entry",
    "Gazetteer",
    "GazetteerError",
    "ModelUnavailable",
    "Recognizer",
    "RecognizerKind",
    "RuleRecognizer",
    "SpacyRecognizer",
    "load_gazetteer",
    "make_recognizer",
    "register",
    "unregister",
]
