"""How an article is cited: its full headline, and a passage with outlet, title, date and URL.

An article without a title of its own is listed under its first line or
sentence, shortened with "…" (``sources.cleaning.infer_title``). Where the
whole headline matters - a citation, a ClaimReview's ``headline`` - it is
taken back from the text: the shortened title's start is found in the text
and run on to the end of that line or sentence.
"""

from __future__ import annotations

import re

from .sanitize import safe_line

ELLIPSIS = "…"
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*(?=\s)|\n")


def full_title(article) -> str:
    """The title, or when it was shortened with "…", the whole line or sentence it came from."""
    title = article.title or ""
    if not title.endswith(ELLIPSIS):
        return title
    stem = title[: -len(ELLIPSIS)].rstrip()
    start = article.text.find(stem) if stem else -1
    if start < 0:
        return title
    end = _SENTENCE_END.search(article.text, start + len(stem))
    whole = article.text[start: end.end() if end and end.group() != "\n" else end.start() if end else len(article.text)]
    return " ".join(whole.split()) or title


def citation(article, text: str, speaker: str | None = None, location: str = "") -> str:
    """``“text”`` and a line naming who said it, the outlet, the full title, the date and
    the URL (the file's ``location`` when the article has no URL). One plain text,
    safe to paste anywhere: no control characters."""
    quoted = "“" + " ".join(safe_line(text).split()).strip("“”\"") + "”"
    parts = [safe_line(speaker)] if speaker else []
    parts.append(safe_line(article.source) if article.source else "unknown outlet")
    parts.append("“" + safe_line(full_title(article)) + "”")
    parts.append(article.date_text or "undated")
    parts.append(safe_line(article.url) if article.url else f"no URL ({safe_line(location)})" if location else "no URL")
    return quoted + "\n— " + ", ".join(parts)
