"""Refuse XML that declares entities before any parser sees it.

A feed or OPML file has no business declaring entities; one that does is
either a "billion laughs" bomb (entities that expand to gigabytes) or an
attempt to read local files through external entities. feedparser hands
XML to expat, which caps amplification in recent versions but still spends
seconds on a bomb and then falls back to a lenient parser; so the bytes are
screened first and such a document is refused whole."""

from __future__ import annotations

import codecs
import re

from ._http import FetchError

# Internal and external entities (general and parameter) are all declared so.
# A DOCTYPE that only names an external DTD (RSS 0.91's Netscape DTD) is fine:
# no parser here ever fetches it.
_DECLARATION = re.compile(r"<!\s*ENTITY", re.IGNORECASE)
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_ROOT_ELEMENT = re.compile(r"<[A-Za-z_:]")


def _as_text(data: bytes) -> str:
    """Enough of the document as text to see its declarations, whatever its encoding."""
    for bom, encoding in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                          (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    if data[:4] in (b"<\x00?\x00", b"\x00<\x00?"):  # UTF-16 without a byte-order mark
        return data.decode("utf-16-le" if data[0] == 0x3C else "utf-16-be", errors="replace")
    return data.decode("latin-1")  # every ASCII-compatible encoding keeps "<!ENTITY" as it is


def refuse_entities(data: bytes, what: str = "feed") -> None:
    """Raise :class:`FetchError` if ``data`` declares any entity.

    Declarations can only stand in the prolog (before the root element), so
    only the prolog is looked at: an article quoting ``<!ENTITY`` in its
    text is fine."""
    text = _COMMENT.sub("", _as_text(data))
    root = _ROOT_ELEMENT.search(text)
    if _DECLARATION.search(text, 0, root.start() if root else len(text)):
        raise FetchError(f"{what} refused: it declares XML entities (entity expansion and external entities are not allowed)")
