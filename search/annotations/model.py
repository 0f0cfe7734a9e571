"""The annotation record: a verdict, note and tags on a span of an article. No I/O."""

from __future__ import annotations

import datetime as dt
import getpass
import uuid
from dataclasses import dataclass, field

from ..sanitize import clean_field, clean_text
from .anchoring import Target

FORMAT_VERSION = 1
VERDICTS = ("supported", "disputed", "false", "misleading", "unverified", "opinion")
KINDS = ("claim", "quote", "selection")

RECORD_KEYS = ("id", "article", "content_hash", "kind", "target", "speaker", "verdict", "note", "tags", "author", "created", "updated")
TARGET_KEYS = ("exact", "prefix", "suffix", "start", "end")


class AnnotationFileError(ValueError):
    """The annotations file cannot be read; it is left exactly as it is."""


@dataclass(frozen=True)
class Annotation:
    id: str
    article: str
    content_hash: str
    kind: str
    target: Target
    speaker: str | None
    verdict: str
    note: str = ""
    tags: tuple[str, ...] = ()
    author: str = ""
    created: str = ""
    updated: str = ""
    # Keys a person added by hand (``reviewer: bob``): kept, merged and written back.
    extra: dict = field(default_factory=dict, hash=False, repr=False)

    def to_record(self) -> dict:
        """The YAML record, keys in a fixed order so diffs stay small; hand-added keys last."""
        target = {
            "exact": self.target.exact, "prefix": self.target.prefix, "suffix": self.target.suffix,
            "start": self.target.start, "end": self.target.end, **self.target.extra,
        }
        return {
            "id": self.id,
            "article": self.article,
            "content_hash": self.content_hash,
            "kind": self.kind,
            "target": target,
            "speaker": self.speaker,
            "verdict": self.verdict,
            "note": self.note,
            "tags": list(self.tags),
            "author": self.author,
            "created": self.created,
            "updated": self.updated,
            **self.extra,
        }

    @classmethod
    def from_record(cls, record: dict, number: int) -> Annotation:
        where = f"record {number} (id {record.get('id')!r})" if isinstance(record, dict) else f"record {number}"
        if not isinstance(record, dict):
            raise AnnotationFileError(f"{where} is not a mapping")
        try:
            target = record["target"]
            verdict = str(record["verdict"])
            kind = str(record.get("kind", "claim"))
            annotation = cls(
                id=str(record["id"]),
                article=str(record["article"]),
                content_hash=str(record.get("content_hash") or ""),
                kind=kind,
                target=Target(
                    str(target["exact"]), str(target.get("prefix") or ""), str(target.get("suffix") or ""),
                    int(target["start"]), int(target["end"]),
                    {k: v for k, v in target.items() if k not in TARGET_KEYS},
                ),
                # Text from the file is data: escape and control sequences never
                # reach a terminal or an export (a note can be edited by anyone).
                speaker=None if record.get("speaker") is None else clean_field(record["speaker"]),
                verdict=verdict,
                note="" if record.get("note") is None else clean_text(str(record["note"])),
                tags=tuple(clean_field(t) or "" for t in (record.get("tags") or [])),
                author=clean_field(record.get("author")) or "",
                created=str(record.get("created") or ""),
                updated=str(record.get("updated") or ""),
                extra={k: v for k, v in record.items() if k not in RECORD_KEYS},
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise AnnotationFileError(f"{where}: missing or bad field ({exc})") from None
        if verdict not in VERDICTS:
            raise AnnotationFileError(f"{where}: verdict {verdict!r} is not one of {', '.join(VERDICTS)}")
        if kind not in KINDS:
            raise AnnotationFileError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
        return annotation


def new_annotation(article_id: str, content_hash: str, text: str, start: int, end: int, kind: str, speaker: str | None,
                   verdict: str, note: str = "", tags=(), author: str | None = None) -> Annotation:
    if verdict not in VERDICTS:
        raise ValueError(f"verdict must be one of {', '.join(VERDICTS)}")
    now = now_stamp()
    return Annotation(
        id="a-" + uuid.uuid4().hex[:12],
        article=article_id,
        content_hash=content_hash,
        kind=kind,
        target=Target.of(text, start, end),
        speaker=clean_field(speaker),
        verdict=verdict,
        note=clean_text(note),
        tags=tuple(clean_tags(tags)),
        author=author if author is not None else _author(),
        created=now,
        updated=now,
    )


def clean_tags(tags) -> list[str]:
    seen = []
    for tag in tags:
        tag = clean_field(tag) or ""
        if tag and tag not in seen:
            seen.append(tag)
    return seen


def now_stamp() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _author() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in some containers
        return "unknown"
