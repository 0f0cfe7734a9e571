"""Quote wording drift: one statement as the story's outlets render it, word by word.

Renderings of one statement are found in two steps:

1. direct quotes (of at least ``MIN_WORDS`` words) from different articles are
   linked when at least ``SAME_STATEMENT`` of the content words of the shorter
   one are in the other (stems cut short, so "liberation" meets "liberate"),
   each word weighted by how rare it is among the story's sentences (the
   event's own vocabulary says little), and at least two are shared; linked
   quotes form a statement;
2. an article of the story that does not quote the statement but reports it
   (a sentence outside quotation marks sharing that much with the statement's
   base) adds that sentence as reported speech.

The base is the direct quote most like the others; every rendering is aligned
with it word by word (``difflib`` on lower-cased word tokens): words the same,
changed, added or missing.

**Paraphrase presented as a direct quote.** A rendering's *support* is the
largest share of its words (of the shorter of the two renderings) that another
outlet's rendering of the same statement repeats in the same order. A direct
quote whose support is below ``PARAPHRASE_SUPPORT`` is flagged: the words inside
its quotation marks are not words any other outlet gives, quoted or reported,
although the others say the same thing. Either it paraphrases the statement
as if quoting it, or it translates it independently; both are worth checking
against the original before quoting the quote.
"""

from __future__ import annotations

import difflib
import math
from collections import Counter, defaultdict
from typing import Mapping

from ..analysis import Analysis
from ..analysis.sentences import split_sentences
from ..article import Article
from .model import QuoteDrift, Rendering, Segment, Story
from .words import content_keys, tokens

MIN_WORDS = 2
SAME_STATEMENT = 0.5
MIN_SHARED = 2
PARAPHRASE_SUPPORT = 0.5


class _Candidate:
    def __init__(self, article: Article, column: str, start: int, end: int, direct: bool, speaker: str | None) -> None:
        self.article_id = article.id
        self.column = column
        self.start, self.end = start, end
        self.text = article.text[start:end]
        self.direct = direct
        self.speaker = speaker
        self.spans = tokens(self.text)
        self.words = [self.text[s:e] for s, e in self.spans]
        self.lower = [w.lower() for w in self.words]
        self.keys = content_keys(self.text)


def quote_drift(story: Story, articles: Mapping[str, Article], analyses: Mapping[str, Analysis]) -> tuple[QuoteDrift, ...]:
    quotes: list[_Candidate] = []
    for member in story.members:
        article = articles[member.article_id]
        for quote in analyses[member.article_id].quotes:
            candidate = _Candidate(article, member.column, quote.start, quote.end, True, quote.speaker)
            if len(candidate.words) >= MIN_WORDS and len(candidate.keys) >= MIN_SHARED:
                quotes.append(candidate)

    weight = _rarity(story, articles)
    parent = list(range(len(quotes)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(quotes):
        for j in range(i + 1, len(quotes)):
            b = quotes[j]
            if a.article_id != b.article_id and _same_statement(a, b, weight):
                parent[find(i)] = find(j)
    groups: dict[int, list[_Candidate]] = defaultdict(list)
    for i, quote in enumerate(quotes):
        groups[find(i)].append(quote)

    drifts = []
    order = {m.article_id: n for n, m in enumerate(story.members)}
    for members in groups.values():
        if len({q.article_id for q in members}) < 2:
            continue
        base = max(members, key=lambda q: (sum(_support(q, o) for o in members if o.article_id != q.article_id), len(q.words)))
        members = members + _reported(story, articles, analyses, base, {q.article_id for q in members})
        members.sort(key=lambda q: (order[q.article_id], q.start))
        renderings = tuple(_rendering(q, base, members) for q in members)
        speaker = next((q.speaker for q in members if q.speaker), None)
        drifts.append(QuoteDrift(f"q:{base.start}:{base.article_id}", speaker, members.index(base), renderings))
    return tuple(sorted(drifts, key=lambda d: (-d.direct_outlets, -d.outlets, d.id)))


def _rarity(story: Story, articles) -> dict[str, float]:
    """How telling each content word is within the story: words in many of its
    sentences (the event's own vocabulary, "Kursk", "operation") count little."""
    frequency: Counter[str] = Counter()
    sentences = 0
    for member in story.members:
        text = articles[member.article_id].text
        for start, end in split_sentences(text):
            sentences += 1
            frequency.update(content_keys(text[start:end]))
    return {key: math.log((1 + sentences) / (1 + n)) + 0.01 for key, n in frequency.items()}


def _same_statement(a: _Candidate, b: _Candidate, weight: dict[str, float]) -> bool:
    shared = a.keys & b.keys
    if len(shared) < MIN_SHARED:
        return False
    smaller = min(sum(weight.get(k, 1.0) for k in a.keys), sum(weight.get(k, 1.0) for k in b.keys))
    return bool(smaller) and sum(weight.get(k, 1.0) for k in shared) / smaller >= SAME_STATEMENT


def _reported(story: Story, articles, analyses, base: _Candidate, quoting: set[str]) -> list[_Candidate]:
    """Sentences of the articles that do not quote the statement but report it."""
    found = []
    for member in story.members:
        if member.article_id in quoting:
            continue
        article = articles[member.article_id]
        quoted = [(q.start, q.end) for q in analyses[member.article_id].quotes]
        best = None
        for claim in analyses[member.article_id].claims:
            # The words outside quotation marks: what the outlet says in its own words.
            own = "".join(" " if any(s <= claim.start + n < e for s, e in quoted) else ch for n, ch in enumerate(claim.text))
            keys = content_keys(own)
            shared = len(keys & base.keys)
            if shared >= MIN_SHARED and shared / max(1, min(len(keys), len(base.keys))) >= SAME_STATEMENT:
                score = shared / max(1, len(base.keys))
                if best is None or score > best[0]:
                    best = (score, claim)
        if best:
            claim = best[1]
            found.append(_Candidate(article, member.column, claim.start, claim.end, False, claim.attributed_to))
    return found


def _matched(a: list[str], b: list[str]) -> int:
    return sum(block.size for block in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())


def _support(a: _Candidate, b: _Candidate) -> float:
    shorter = min(len(a.lower), len(b.lower))
    return _matched(a.lower, b.lower) / shorter if shorter else 0.0


def _rendering(q: _Candidate, base: _Candidate, members: list[_Candidate]) -> Rendering:
    segments: list[Segment] = []
    matcher = difflib.SequenceMatcher(None, base.lower, q.lower, autojunk=False)
    for op, b1, b2, q1, q2 in matcher.get_opcodes():
        mine = _words(q, q1, q2)
        theirs = _words(base, b1, b2)
        if op == "equal":
            segments.append(Segment("same", mine))
        elif op == "replace":
            segments.append(Segment("changed", mine, theirs))
        elif op == "insert":
            segments.append(Segment("added", mine))
        else:
            segments.append(Segment("missing", "", theirs))
    similarity = _matched(base.lower, q.lower) / max(1, max(len(base.lower), len(q.lower)))
    others = [o for o in members if o.article_id != q.article_id]
    support = max((_support(q, o) for o in others), default=0.0)
    paraphrase = q.direct and bool(others) and support < PARAPHRASE_SUPPORT
    return Rendering(q.article_id, q.column, q.start, q.end, q.text, q.direct, q.speaker, tuple(segments), similarity, support, paraphrase)


def _words(q: _Candidate, first: int, last: int) -> str:
    if first >= last:
        return ""
    return q.text[q.spans[first][0]:q.spans[last - 1][1]]
