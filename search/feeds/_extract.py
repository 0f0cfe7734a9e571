"""A page's main text and metadata, with trafilatura: navigation, ads,
comments and footers left out; title, author, date, site name and the
canonical URL kept. Feed HTML (content or summary) becomes plain text too."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..sanitize import clean_field, clean_text
from ._xmlguard import refuse_entities

_BLANKS = re.compile(r"\n{3,}")


@dataclass(frozen=True)
class Extracted:
    text: str
    title: str | None = None
    author: str | None = None
    date: dt.date | None = None
    sitename: str | None = None
    url: str | None = None  # canonical, when the page names one


def decode(data: bytes, charset: str | None = None) -> str | None:
    """``data`` as text by the charset the server named; None to let the extractor sniff it."""
    if charset:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            return None
    return None


def extract_page(data: bytes | str, url: str | None = None, charset: str | None = None) -> Extracted | None:
    """The page's article, or None when no main text can be found.

    A page that declares XML entities is refused (:class:`FetchError`), as feeds are."""
    import trafilatura

    refuse_entities(data.encode("utf-8", "replace") if isinstance(data, str) else data, "page")
    html = data if isinstance(data, str) else (decode(data, charset) or data)
    if isinstance(html, bytes):
        from trafilatura.utils import decode_file

        html = decode_file(html)  # meta charset, then detection
    # Escape sequences go before the HTML parser sees them: it drops the ESC
    # byte alone and would leave "]52;c;..." behind in the text.
    html = clean_text(html)
    try:
        found = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=True, favor_precision=True,
        )
    except Exception:  # noqa: BLE001 - a page that breaks the extractor is a page without text
        found = None
    if found is None:
        return None
    text = paragraphs(getattr(found, "text", None) or "")
    if not text:
        return None
    canonical = clean_field(getattr(found, "url", None))
    if canonical and urlsplit(canonical).scheme not in ("http", "https"):
        canonical = None
    return Extracted(
        text=text,
        title=clean_field(getattr(found, "title", None)),
        author=clean_field(getattr(found, "author", None)),
        date=_date(getattr(found, "date", None)),
        sitename=clean_field(getattr(found, "sitename", None)),
        url=canonical,
    )


def html_to_text(fragment: str) -> str:
    """Feed HTML (an entry's content or summary) as plain paragraphs."""
    import lxml.html

    fragment = clean_text(fragment)
    if not fragment.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # noqa: BLE001 - lxml raises several kinds on junk
        return paragraphs(fragment)
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    for block in root.xpath("//p|//div|//br|//li|//h1|//h2|//h3|//h4|//blockquote"):
        block.tail = "\n" + (block.tail or "")
    return paragraphs(root.text_content())


def paragraphs(text: str) -> str:
    """Clean text with one blank line between paragraphs."""
    lines = [" ".join(line.split()) for line in clean_text(text).split("\n")]
    return _BLANKS.sub("\n\n", "\n\n".join(line for line in lines if line)).strip()


def _date(value) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
