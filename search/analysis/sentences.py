"""Split article text into sentences as (start, end) offsets, and long texts
into pieces cut at natural breaks.

Rule-based on purpose: it is fast, needs no model, and keeps offsets exact.
A sentence ends at . ! ? (and any closing quotation mark after it) followed
by a space and a capital, digit or opening quotation mark; a line break
always ends one. Common abbreviations do not end a sentence. A quotation
closed on a comma and followed by a capitalised function word ends one too
(the writer left the full stop out).
"""

from __future__ import annotations

import re

from ..lexicon import REPORTING_VERB

_END = re.compile(
    r"[.!?…]+[\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])"
    # a quote closed on a comma, then a new sentence: '..., customers," The inquiry will ...'
    # (after a comma-closed quote an attribution goes on in lower case or with a name)
    r"|,[\"”](?=\s+(?:The|A|An|It|This|That|These|Those|There|They|He|She|We|In|On|At|But|And|However)\s)"
)
# Up to five words and a reporting verb: an attribution goes on after the quote.
_ATTRIBUTION_NEXT = re.compile(rf"\s+(?:\S+\s+){{0,4}}(?:{REPORTING_VERB})\b")
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "gen", "lt", "col", "sgt", "prof", "no", "vs", "u.s", "u.k", "u.n", "jan", "feb",
                  "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "inc", "ltd", "corp", "co", "jr", "sr"}


def split_sentences(text: str) -> list[tuple[int, int]]:
    spans = []
    offset = 0
    for line in text.split("\n"):
        start = 0
        for match in _END.finditer(line):
            if line[match.start()] == "," and _ATTRIBUTION_NEXT.match(line, match.end()):
                continue  # '..., " The Daily Post editor told reporters': the quote's attribution
            word = re.search(r"([\w.]+)[.!?…]+[\"”’')\]]*$", line[:match.end()])
            if word and word.group(1).lower().rstrip(".") in _ABBREVIATIONS:
                continue
            if match.end() - start > 1:
                spans.append(_trimmed(line, start, match.end(), offset))
            start = match.end()
        if line[start:].strip():
            spans.append(_trimmed(line, start, len(line), offset))
        offset += len(line) + 1
    return [s for s in spans if s[1] > s[0]]


def _trimmed(line: str, start: int, end: int, offset: int) -> tuple[int, int]:
    while start < end and line[start].isspace():
        start += 1
    while end > start and line[end - 1].isspace():
        end -= 1
    return offset + start, offset + end


def split_pieces(text: str, size: int) -> list[tuple[int, str]]:
    """``text`` as (offset, piece) pieces of at most ``size`` characters, cut at a
    paragraph break, else a line break, else a sentence end, else a space."""
    pieces = []
    start = 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = -1
        for mark in ("\n\n", "\n", ". ", " "):
            cut = window.rfind(mark, size // 2)
            if cut != -1:
                cut += len(mark)
                break
        if cut <= 0:
            cut = size
        pieces.append((start, window[:cut]))
        start += cut
    pieces.append((start, text[start:]))
    return pieces
