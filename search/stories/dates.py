"""A date expression resolved by the words in it that name a date."""

from __future__ import annotations

import datetime as dt
import re

from ..analysis.dates import DateValue, resolve


def resolve_loosely(expression: str, today: dt.date | None) -> tuple[DateValue, int, int] | None:
    """(the date, start, end of the words that name it) for ``expression`` or its longest run of words that resolves."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", expression)]
    for length in range(len(words), 0, -1):
        for first in range(0, len(words) - length + 1):
            start, end = words[first][0], words[first + length - 1][1]
            part = expression[start:end].strip(",.;:()")
            value = resolve(part, today)
            if value:
                return value, start, end
    return None
