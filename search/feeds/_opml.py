"""OPML subscription lists, as newsboat and other readers import and export them."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Iterable

from ..sanitize import clean_field
from ._http import FetchError, check_url
from ._xmlguard import refuse_entities


@dataclass(frozen=True)
class Outline:
    url: str
    title: str | None = None


class OpmlError(ValueError):
    """Not an OPML file newsdesk can read; the message says why in one line."""


def parse_opml(data: bytes) -> tuple[list[Outline], list[str]]:
    """The feeds an OPML file lists (nested folders flattened) and one line per
    outline that was left out (not http/https)."""
    try:
        refuse_entities(data, "OPML file")
    except FetchError as exc:
        raise OpmlError(str(exc)) from None
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise OpmlError(f"not valid XML: {exc}") from None
    if root.tag.lower() != "opml":
        raise OpmlError(f"not an OPML file (its root element is <{clean_field(root.tag)}>)")
    found: dict[str, Outline] = {}
    skipped: list[str] = []
    for outline in root.iter("outline"):
        url = clean_field(outline.get("xmlUrl") or outline.get("xmlurl"))
        if not url:
            continue
        try:
            check_url(url)
        except FetchError as exc:
            skipped.append(str(exc))
            continue
        title = clean_field(outline.get("title") or outline.get("text"))
        found.setdefault(url, Outline(url, title))
    return list(found.values()), skipped


def to_opml(feeds: Iterable[Outline], title: str = "newsdesk subscriptions") -> str:
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    body = ET.SubElement(root, "body")
    for feed in feeds:
        name = feed.title or feed.url
        ET.SubElement(body, "outline", type="rss", text=name, title=name, xmlUrl=feed.url)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
