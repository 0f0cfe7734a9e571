"""Stories: several outlets' reports of one event, compared.

``grouping`` finds the stories (articles about the same event), comparing
names as ``names`` keys them (one key for the ways outlets spell one thing); ``alignment``
lines up what their articles state and marks the facts they disagree on;
``drift`` aligns one statement's quotes word by word across outlets;
``timeline`` puts the dates they state on one axis; ``export`` writes a
comparison as Markdown or JSON. Everything here reads the analysis (entities,
quotes, claims and their clusters); nothing is stored.
"""

from __future__ import annotations

from typing import Mapping

from ..analysis import Analysis, Cluster
from ..article import Article
from .alignment import align
from .drift import quote_drift
from .export import EXPORTERS, export
from .grouping import find_stories
from .model import StoryComparison
from .timeline import timeline

__all__ = ["EXPORTERS", "compare", "export", "find_stories"]


def compare(
    story, articles: Mapping[str, Article], analyses: Mapping[str, Analysis], clusters: Mapping[str, Cluster]
) -> StoryComparison:
    """The story's rows, quote drift and timeline."""
    dated = sorted(articles[m.article_id].date for m in story.members if articles[m.article_id].date)
    reference = dated[len(dated) // 2] if dated else None
    notes = []
    undated = [m.column for m in story.members if not articles[m.article_id].date]
    if undated and reference:
        notes.append(f"Undated: {', '.join(undated)}; their relative dates are resolved against {reference.isoformat()}, the story's median date.")
    rows = align(story, articles, analyses, clusters, reference)
    return StoryComparison(
        story, rows, quote_drift(story, articles, analyses), timeline(story, articles, analyses, rows, reference), tuple(notes)
    )
