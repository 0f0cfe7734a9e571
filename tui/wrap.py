"""Word-wrap a paragraph into line offsets, so screen lines map back to text offsets."""

from __future__ import annotations

import re

from rich.cells import cell_len

_WORD = re.compile(r"\S+\s*")


def wrap_offsets(text: str, width: int) -> list[tuple[int, int]]:
    """Split ``text`` (one paragraph, no newlines) into (start, end) lines of at
    most ``width`` cells. Lines cover the text without gaps: trailing spaces stay
    on the line they end, and a word wider than the line is folded."""
    width = max(1, width)
    if not text:
        return [(0, 0)]
    lines: list[tuple[int, int]] = []
    start = 0
    leading = re.match(r"\s*", text).end()
    used = cell_len(text[:leading])
    for match in _WORD.finditer(text, leading):
        word = match.group().rstrip()
        word_cells = cell_len(word)
        if used and used + word_cells > width:
            lines.append((start, match.start()))
            start, used = match.start(), 0
        if word_cells > width:
            start, used = _fold(text, start, match.start(), match.start() + len(word), width, lines)
        else:
            used += word_cells
        used += cell_len(match.group()[len(word):])
    lines.append((start, len(text)))
    return lines


def _fold(text: str, start: int, word_start: int, word_end: int, width: int, lines: list[tuple[int, int]]) -> tuple[int, int]:
    """Break an over-long word into width-sized pieces; return the open line."""
    used = cell_len(text[start:word_start])
    position = word_start
    while position < word_end:
        char_cells = cell_len(text[position])
        if used + char_cells > width and position > start:
            lines.append((start, position))
            start, used = position, 0
        used += char_cells
        position += 1
    return start, used
