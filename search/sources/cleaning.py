"""What every format shares once a file is read: infer what a file does not
say about itself (date, title, source) and mark boilerplate lines.

Boilerplate (ads, player notices, photo credits) is marked, never removed, so
offsets into the article text stay valid.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from ..article import Span
from ..lexicon import HEADLINE_MAX, looks_like_headline

# The seed form: " date 2025-04-28 " before the body. Metadata, not body.
_DATE_PREFIX = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})\s+")

# Datelines and credits that name the outlet, most specific first.
_MENAFN = re.compile(r"\AMENAFN\s*-\s*([^)\n]{2,40})\)")
_WIRE_SLASHES = re.compile(r"\A[A-Z][A-Za-z .'-]{1,30},\s+[A-Z][a-z]+\.?\s+\d{1,2}\.?\s*/\s*([A-Za-z][\w .-]{1,25}?)\s*/\.?")
_REPORTS_CREDIT = re.compile(r",\s+([A-Z][A-Za-z]+(?:\s[A-Z][A-Za-z]+)?)\s+reports\b")
# A dateline before the first sentence, left out of an inferred title.
_DATELINE = re.compile(
    r"\A(?:MENAFN\s*-\s*[^)\n]{2,40}\)\s*"
    r"|[A-Z][A-Za-z .'-]{1,30},\s+[A-Z][a-z]+\.?\s+\d{1,2}\.?\s*/[^/\n]{1,25}/\.?\s*)"
)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[\"“‘A-Z0-9])")

TITLE_MAX = 90


def split_date_prefix(text: str) -> tuple[dt.date | None, str]:
    """Return the date named by a leading ``date YYYY-MM-DD`` prefix and the rest."""
    match = _DATE_PREFIX.match(text)
    if not match:
        return None, text
    try:
        date = dt.date.fromisoformat(match.group(1))
    except ValueError:
        return None, text
    return date, text[match.end():]


def parse_date(value: object) -> dt.date | None:
    """Accept a date, a datetime or an ISO string; anything else raises ValueError."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise ValueError(f"date {text!r} is not in YYYY-MM-DD form") from None


def infer_source(text: str) -> str | None:
    """Name the outlet from a dateline or credit line, if the text has one."""
    head = text.lstrip()
    for pattern in (_MENAFN, _WIRE_SLASHES):
        match = pattern.match(head)
        if match:
            return _usual_spelling(match.group(1).strip(), text)
    match = _REPORTS_CREDIT.search(text)
    if match:
        return _usual_spelling(match.group(1), text)
    return None


def _usual_spelling(name: str, text: str) -> str:
    """Datelines are often cased oddly ("UkrinForm"); prefer the text's usual casing."""
    spellings = Counter(m.group(0) for m in re.finditer(rf"\b{re.escape(name)}\b", text, re.IGNORECASE))
    if not spellings:
        return name
    best, _ = max(spellings.items(), key=lambda item: (item[1], item[0] == name))
    return best


def infer_title(text: str) -> str:
    """A headline line if the body starts with one, else its first sentence, shortened."""
    paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    if not paragraphs:
        return "(untitled)"
    first = paragraphs[0]
    if len(paragraphs) > 1 and looks_like_headline(first):
        return _shorten(first, HEADLINE_MAX)
    first = _DATELINE.sub("", first, count=1).strip() or first
    sentence = _SENTENCE_END.split(first, maxsplit=1)[0].strip()
    return _shorten(sentence, TITLE_MAX)


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(",;:—– ") + "…"


# One boilerplate line: the whole line, leading and trailing white space aside. It is matched
# over the whole text at once, from the newline before the line (so the regex engine looks
# only at line starts, found by a fast scan for the newline): a Python loop over every
# line of every article was a tenth of loading a large corpus.
_BOILERPLATE_LINE = re.compile(
    r"""\n[^\S\n]*(
        (?:
        advert\w*[^\S\n]*\d*                                # "Advertisement", "Advertisment1"
      | article[^\S\n]+continues[^\S\n]+(?:below|after)\b.*  # "Article continues below the player"
      | (?:photo|image|picture|video|illustration)(?:[^\S\n]+credit)?[^\S\n]*:.*
      | (?:read[^\S\n]+(?:more|also)|also[^\S\n]+read|see[^\S\n]+also|related)[^\S\n]*:.*
      | (?:subscribe|sign[^\S\n]+up)[^\S\n]+(?:to|for)[^\S\n]+(?:our[^\S\n]+)?newsletter.*
      | follow[^\S\n]+us[^\S\n]+on\b.*
      | share[^\S\n]+(?:this|on)\b.{0,40}
      | (?:copyright|©)[^\S\n].{0,80}
        )(?<![^\S\n])
    )[^\S\n]*(?=\n|\Z)""",
    re.IGNORECASE | re.VERBOSE,
)


def find_boilerplate(text: str) -> tuple[Span, ...]:
    """Spans of whole lines (without their newline, or the white space around them) that
    are boilerplate."""
    return tuple((match.start(1) - 1, match.end(1) - 1) for match in _BOILERPLATE_LINE.finditer("\n" + text))
