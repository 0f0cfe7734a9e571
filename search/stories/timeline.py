"""The story's timeline: every date its articles state, resolved and put on one axis.

Each date expression the analysis found (outside boilerplate) is resolved
against its article's date with ``analysis.dates.resolve``; an undated article
uses the story's reference date (the median date of its dated articles). An
expression that does not resolve whole ("the morning of April 28") is
resolved by its longest run of words that does ("April 28").

Mentions become events: mentions of the same fact ("sign treaty", from the
claims' facts) form one event whatever dates they give, so their
disagreement shows; other mentions join those in the same row of the
comparison (the same statement) whose dates overlap theirs ("last week"
with "April 26"). Mentions of one event on the same date from several rows
stay separate events on the same day.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from typing import Mapping

from ..analysis import Analysis
from ..analysis.sentences import split_sentences
from ..article import Article
from .alignment import conflict_of
from .dates import resolve_loosely
from .model import DateMention, Story, StoryRow, TimelineEvent, date_words

ABOUT_LENGTH = 90


def timeline(
    story: Story, articles: Mapping[str, Article], analyses: Mapping[str, Analysis], rows: tuple[StoryRow, ...],
    reference: dt.date | None,
) -> tuple[TimelineEvent, ...]:
    row_of: dict[tuple[str, int], str] = {}
    for row in rows:
        for cell in row.cells:
            for statement in cell:
                row_of[(statement.article_id, statement.start)] = row.id

    keyed: dict[str, list[tuple[DateMention, object]]] = defaultdict(list)
    loose: dict[str, list[DateMention]] = defaultdict(list)
    for member in story.members:
        article = articles[member.article_id]
        analysis = analyses[member.article_id]
        today = article.date or reference
        sentences = split_sentences(article.text)
        for entity in analysis.entities:
            if entity.type != "DATE" or article.in_boilerplate(entity.start):
                continue
            found = resolve_loosely(entity.text, today)
            if not found:
                continue
            value, _, _ = found
            sentence = next(((s, e) for s, e in sentences if s <= entity.start < e), (entity.start, entity.end))
            mention = DateMention(
                article.id, member.column, entity.text, entity.start, entity.end, sentence[0], sentence[1],
                article.text[sentence[0]:sentence[1]], value.first.isoformat(), value.last.isoformat(), value.precision,
                date_words(value.label),
            )
            fact = next(
                (f for c in analysis.claims if c.start <= entity.start < c.end for f in c.facts if f.value == value.label and f.first),
                None,
            )
            if fact is not None:
                keyed[fact.key].append((mention, fact))
            else:
                loose[row_of.get((article.id, sentence[0]), f"{article.id}:{sentence[0]}")].append(mention)

    events: list[TimelineEvent] = []
    for key, found in list(keyed.items()):
        if len({m.article_id for m, _ in found}) < 2:
            # A fact only one article dates is dated with its statement's row.
            for mention, _ in found:
                loose[row_of.get((mention.article_id, mention.sentence_start), f"{mention.article_id}:{mention.sentence_start}")].append(mention)
            del keyed[key]
    for key, found in keyed.items():
        mentions = tuple(m for m, _ in found)
        facts = [(m.article_id, f) for m, f in found]
        conflict = conflict_of(story, key, facts) if len({m.article_id for m in mentions}) > 1 else None
        events.append(TimelineEvent(key, _ordered(story, mentions), conflict))
    for mentions in loose.values():
        for group in _overlapping(mentions):
            events.append(TimelineEvent(_about(group), _ordered(story, tuple(group))))
    return tuple(sorted(events, key=lambda e: (e.first, e.about)))


def _overlapping(mentions: list[DateMention]) -> list[list[DateMention]]:
    """Mentions grouped by overlapping dates, the most precise first."""
    groups: list[tuple[list[DateMention], str, str]] = []
    for mention in sorted(mentions, key=lambda m: (_days(m), m.first)):
        for n, (group, first, last) in enumerate(groups):
            if mention.first <= last and first <= mention.last:
                group.append(mention)
                break
        else:
            groups.append(([mention], mention.first, mention.last))
    return [group for group, _, _ in groups]


def _days(mention: DateMention) -> int:
    return (dt.date.fromisoformat(mention.last) - dt.date.fromisoformat(mention.first)).days


def _about(mentions: list[DateMention]) -> str:
    """The sentence of the most precise mention, without its date, shortened."""
    mention = mentions[0]
    start, end = mention.start - mention.sentence_start, mention.end - mention.sentence_start
    text = (mention.sentence[:start] + mention.sentence[end:]).strip()
    text = re.sub(r"^(?:on|in|last|by|since)\b[\s,]*", "", text, flags=re.IGNORECASE)
    text = " ".join(re.sub(r"\s+([,.;:])", r"\1", text).split()).lstrip(",;: ")
    return text if len(text) <= ABOUT_LENGTH else text[: ABOUT_LENGTH - 1].rstrip() + "…"


def _ordered(story: Story, mentions: tuple[DateMention, ...]) -> tuple[DateMention, ...]:
    order = {m.article_id: n for n, m in enumerate(story.members)}
    return tuple(sorted(mentions, key=lambda m: (order[m.article_id], m.start)))
