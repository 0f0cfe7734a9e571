"""What every named-entity recogniser is and returns.

A recogniser turns texts into entity lists. Two capabilities are optional,
and the pipeline asks for them by name, never by the recogniser's class:

- ``prepare()``: load whatever is slow now (a model), raising
  ``ModelUnavailable`` if it cannot; the next recogniser is then used.
- ``sentence_subject(sentence)``: the subject of the sentence's main verb from
  a dependency parse, for quotes the attribution patterns cannot place.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Iterator, Protocol, Sequence

if TYPE_CHECKING:
    from .gazetteer import Gazetteer


@dataclass(frozen=True)
class Entity:
    start: int
    end: int
    text: str
    type: str
    canonical: str

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Entity":
        return cls(int(data["start"]), int(data["end"]), str(data["text"]), str(data["type"]), str(data["canonical"]))


class ModelUnavailable(RuntimeError):
    """A recogniser cannot be used here; the message says why, in one line."""


class Recognizer(Protocol):
    name: str

    @property
    def key(self) -> str:
        """Changes whenever the output could (model, version, gazetteer): cached analyses are keyed by it."""
        ...

    def recognise(self, texts: Sequence[str]) -> Iterator[list[Entity]]:
        """One list of entities per text, in order; offsets index into that text."""
        ...


class RecognizerKind(Protocol):
    """What the registry holds: something that builds a recogniser (a class, usually)."""

    name: str
    # A recogniser with a statistical model is skipped when no model is wanted.
    uses_model: bool
    # Said in the fallback warning: "...; using rule-based recognition".
    description: str

    def __call__(self, gazetteer: "Gazetteer") -> Recognizer:
        """Raises ``ModelUnavailable`` when it cannot be built here."""
        ...
