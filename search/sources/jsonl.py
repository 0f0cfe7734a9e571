"""JSON Lines (``.jsonl``): one article per line, an object with ``body`` (or
``text``) and optionally ``id``, ``title``, ``source``, ``date``, ``url``.

A bad line is that line's problem; the other lines still load. Text is
cleaned field by field: JSON escapes such as ``\\u001b`` only become control
characters once parsed.
"""

from __future__ import annotations

import json
from typing import Iterator

from ..article import Article
from ..sanitize import clean_field, clean_text
from ._base import SkipFile, SourceFile, describe, line_key
from ._registry import register


class JsonLinesSource:
    name = "jsonl"
    suffixes = (".jsonl",)
    order = 30

    def load(self, file: SourceFile) -> Iterator[Article]:
        for number, line in enumerate(file.text.split("\n"), start=1):
            if not line or line.isspace():
                continue
            key = line_key(line)
            reused = file.reuse(number, key)
            if reused is not None:
                yield reused
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                file.problem(f"malformed JSON ({exc.msg} at column {exc.colno}), line skipped", number)
                continue
            except RecursionError:
                file.problem("JSON nested too deeply, line skipped", number)
                continue
            except ValueError as exc:  # e.g. an integer too long to convert
                file.problem(f"malformed JSON ({describe(exc)}), line skipped", number)
                continue
            if not isinstance(record, dict):
                file.problem("expected a JSON object, line skipped", number)
                continue
            body = record.get("body", record.get("text"))
            if not isinstance(body, str) or not body.strip():
                file.problem("no \"body\" text, line skipped", number)
                continue
            reported = len(file.problems)
            try:
                article_id = clean_field(record.get("id")) or f"{file.stem_id}-{number}"
                article = file.article(article_id, clean_text(body), record, key=article_id, line=number)
            except SkipFile as exc:
                file.problem(str(exc), number)
            except Exception as exc:  # noqa: BLE001 - one bad line is that line's problem
                file.problem(f"cannot load: {describe(exc)}, line skipped", number)
            else:
                file.remember(key, reported)
                yield article


register(JsonLinesSource())
