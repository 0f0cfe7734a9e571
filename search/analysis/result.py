"""What the analysis of one article holds, and its cached form."""

from __future__ import annotations

import json
from dataclasses import dataclass

from .claims import Claim
from .ner import Entity
from .quotes import Quote


@dataclass(frozen=True)
class Analysis:
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    claims: tuple[Claim, ...] = ()

    def to_json(self) -> str:
        data = {
            "entities": [e.to_dict() for e in self.entities],
            "quotes": [q.to_dict() for q in self.quotes],
            "claims": [c.to_dict() for c in self.claims],
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> "Analysis":
        data = json.loads(text)
        return cls(
            entities=tuple(Entity.from_dict(e) for e in data.get("entities", ())),
            quotes=tuple(Quote.from_dict(q) for q in data.get("quotes", ())),
            claims=tuple(Claim.from_dict(c) for c in data.get("claims", ())),
        )
