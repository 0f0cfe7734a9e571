"""Articles as plain ``.md`` files with YAML front matter, written atomically.

Named ``YYYY-MM-DD-slug.md`` (``undated-slug.md`` without a date); a later
version of the same article is ``…-slug.v2.md`` beside the first, which is
never rewritten, so annotations on it keep their anchors. The front matter
keys are the ones the corpus loader reads (``title``, ``source`` - the
outlet -, ``date``, ``url``) plus ``author``, ``feed``, ``fetched_at``,
``extraction`` and, for later versions, ``version`` and ``previous``."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..sanitize import clean_field, clean_text

SLUG_CHARS = 60


@dataclass(frozen=True)
class Draft:
    """An article about to be written."""

    text: str
    title: str | None
    outlet: str | None
    date: dt.date | None
    url: str | None
    author: str | None = None
    feed: str | None = None
    extraction: str = "page"  # page, feed content, feed summary, file

    @property
    def text_hash(self) -> str:
        return text_hash(self.text)


def text_hash(text: str) -> str:
    """The article's text, whitespace folded, as a sha256: the same story fetched twice hashes the same."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def slug(title: str | None, fallback: str = "article") -> str:
    """``"Kim's troops in Kursk!"`` -> ``kims-troops-in-kursk``."""
    ascii_title = unicodedata.normalize("NFKD", title or "").encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower().replace("'", "")).strip("-")
    return words[:SLUG_CHARS].rstrip("-") or fallback


def front_matter(draft: Draft, fetched_at: str, version: int = 1, previous: str | None = None) -> str:
    meta = {
        "title": clean_field(draft.title),
        "source": clean_field(draft.outlet),
        "date": draft.date.isoformat() if draft.date else None,
        "url": clean_field(draft.url),
        "author": clean_field(draft.author),
        "feed": clean_field(draft.feed),
        "fetched_at": fetched_at,
        "extraction": draft.extraction,
        "version": version if version > 1 else None,
        "previous": previous,
    }
    body = yaml.safe_dump({k: v for k, v in meta.items() if v is not None}, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{body}---\n"


def write_article(folder: Path, draft: Draft, fetched_at: str, version: int = 1, previous: str | None = None) -> Path:
    """Write ``draft`` under a new name in ``folder`` and return its path.

    The file appears whole or not at all (written to a hidden temporary file,
    flushed, then linked under its name); an existing file is never replaced."""
    stem = f"{draft.date.isoformat() if draft.date else 'undated'}-{slug(draft.title)}"
    if version > 1:
        stem += f".v{version}"
    content = front_matter(draft, fetched_at, version, previous) + "\n" + clean_text(draft.text).strip() + "\n"
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o644)  # mkstemp makes it private; an article is not
        for n in range(1, 1000):
            target = folder / (f"{stem}.md" if n == 1 else f"{stem}-{n}.md")
            try:
                os.link(temporary, target)  # fails if the name is taken: nothing is overwritten
            except FileExistsError:
                continue
            except OSError:
                # A file system without hard links: claim the name, then move over it.
                try:
                    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
                except FileExistsError:
                    continue
                os.close(fd)
                os.replace(temporary, target)
            return target
        raise OSError(f"no free file name for {stem}.md in {folder}")
    finally:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
