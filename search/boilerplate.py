"""Recognise boilerplate lines (ads, player notices, photo credits).

They are marked, never removed, so offsets into the article text stay valid.
"""

from __future__ import annotations

import re

from .article import Span

_BOILERPLATE_LINE = re.compile(
    r"""^(?:
        advert\w*\s*\d*                                   # "Advertisement", "Advertisment1"
      | article\s+continues\s+(?:below|after)\b.*         # "Article continues below the player"
      | (?:photo|image|picture|video|illustration)(?:\s+credit)?\s*:.*
      | (?:read\s+(?:more|also)|also\s+read|see\s+also|related)\s*:.*
      | (?:subscribe|sign\s+up)\s+(?:to|for)\s+(?:our\s+)?newsletter.*
      | follow\s+us\s+on\b.*
      | share\s+(?:this|on)\b.{0,40}
      | (?:copyright|©)\s.{0,80}
    )$""",
    re.IGNORECASE | re.VERBOSE,
)


def find_boilerplate(text: str) -> tuple[Span, ...]:
    """Spans of whole lines (without their newline) that are boilerplate."""
    spans = []
    offset = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped and _BOILERPLATE_LINE.match(stripped):
            start = offset + line.index(stripped[0])
            spans.append((start, start + len(stripped)))
        offset += len(line) + 1
    return tuple(spans)
