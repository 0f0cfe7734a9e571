"""Citations and full headlines (issue 11: copy with citation; ClaimReview's headline not truncated)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from search.citation import citation, full_title


@dataclass
class A:
    title: str
    text: str
    source: str | None = None
    date: dt.date | None = None
    url: str | None = None

    @property
    def date_text(self) -> str:
        return self.date.isoformat() if self.date else ""


BODY = ("The island council voted on Tuesday to keep the winter ferry running until March, despite a fall in passengers. "
        "The mayor said the vote was close.\nMore follows.")


def test_a_shortened_title_is_taken_back_whole_from_the_text():
    assert full_title(A("The island council voted on Tuesday to keep the…", BODY)) == (
        "The island council voted on Tuesday to keep the winter ferry running until March, despite a fall in passengers.")
    assert full_title(A("Ferry to run until March", BODY)) == "Ferry to run until March"  # a real title stays
    assert full_title(A("Something not in the text…", BODY)) == "Something not in the text…"
    headline = "Council keeps the winter ferry\nThe vote was close."
    assert full_title(A("Council keeps the…", headline)) == "Council keeps the winter ferry"


def test_a_citation_names_who_where_when_and_the_url():
    article = A("Ferry to run until March", BODY, "Island News", dt.date(2026, 3, 3), "https://island.example/ferry")
    assert citation(article, "the vote\nwas close", "Mayor Ann Holt") == (
        "“the vote was close”\n— Mayor Ann Holt, Island News, “Ferry to run until March”, 2026-03-03, https://island.example/ferry")
    bare = A("Ferry\x1b[31m to run", BODY)
    assert citation(bare, "“the vote was close”", location="news/ferry.md") == (
        "“the vote was close”\n— unknown outlet, “Ferry to run”, undated, no URL (news/ferry.md)")
