"""Stories: grouping, the aligned comparison, quote drift, the timeline and the exports (issue 13).

The seed expectations check the mechanisms on the bundled reports; the
mechanism tests use sentences written here."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from search import Library
from search.analysis import Analysis, Claim, Entity, Fact, Quote
from search.analysis.ner import Entry, Gazetteer
from search.article import Article
from search.stories import compare, find_stories
from search.stories.alignment import align, conflict_of
from search.stories.model import Story, StoryMember, date_words
from search.stories.dates import resolve_loosely
from search.stories.names import defined_acronyms, name_keys

SEED_IDS = {"000_ee807607f11d7e2c", "001_8e7b29ad4a414b1e", "002_0b0ccfb8523443b8", "003_05f515925bae56c5", "004_6decb479083189bf"}


@pytest.fixture
def seeds(library: Library) -> Library:
    library.analyse()
    return library


# -- on the seeds ------------------------------------------------------------------------------
def test_the_seeds_are_one_story_of_five_articles(seeds):
    stories = seeds.stories()
    assert len(stories) == 1
    assert set(stories[0].article_ids) == SEED_IDS
    assert seeds.story("003_05f515925bae56c5") is stories[0]  # found by an article's id too


def test_the_treaty_date_conflict_names_the_outlets_on_each_side(seeds):
    comparison = seeds.story_comparison("1")
    treaty = next(c for c in comparison.conflicts if "treaty" in c.about)
    sides = {side.value: set(side.article_ids) for side in treaty.sides}
    june = next(ids for value, ids in sides.items() if "June" in value and "2024" in value)
    assert {"000_ee807607f11d7e2c", "004_6decb479083189bf"} <= june
    assert sides["December 2024"] == {"002_0b0ccfb8523443b8"}
    assert '"December 2024"' in treaty.explanation and "Ukrinform" in treaty.explanation
    # The row that states it marks the disputed words in each sentence.
    row = next(r for r in comparison.rows if treaty in r.conflicts)
    marked = {s.text[a:b] for cell in row.cells for s in cell for a, b in s.marks}
    assert {"June 2024", "December last year"} <= marked


def test_a_statement_quoted_by_three_outlets_is_aligned_word_by_word(seeds):
    comparison = seeds.story_comparison("1")
    drift = next(d for d in comparison.drifts if d.direct_outlets >= 3 and d.differs)
    outlets = {r.article_id for r in drift.renderings if r.direct}
    assert len(outlets) >= 3
    kinds = {s.kind for r in drift.renderings for s in r.segments}
    assert "same" in kinds and kinds & {"changed", "added", "missing"}


def test_the_timeline_has_the_report_the_confirmation_and_the_disputed_treaty_date(seeds):
    events = seeds.story_comparison("1").timeline
    report = [e for e in events if e.first == "2025-04-26" and any("Putin" in m.sentence for m in e.mentions)]
    assert report and len({m.article_id for e in report for m in e.mentions}) >= 3
    assert any(m.expression.lower().startswith("last week") for e in report for m in e.mentions)  # resolved to that week
    confirmed = [m for e in events if e.first == "2025-04-28" for m in e.mentions]
    assert len({m.article_id for m in confirmed}) >= 2
    treaty = next(e for e in events if e.disputed and "treaty" in e.about)
    assert {"December 2024"} <= set(treaty.values) and any("June" in v and "2024" in v for v in treaty.values)


def test_exports_as_markdown_tables_and_json(seeds):
    text = seeds.story_export("1", "md")
    assert "| sign treaty | December 2024 | “According to the North Korean…” |" in text  # unknown outlet: its short title, never its file id
    assert "## Quote wording" in text and "## Timeline" in text
    data = json.loads(seeds.story_export("1", "json"))
    assert data["story"]["id"] == seeds.stories()[0].id and data["conflicts"] and data["timeline"]
    with pytest.raises(ValueError, match="unknown story format"):
        seeds.story_export("1", "docx")
    with pytest.raises(KeyError):
        seeds.story("s-00000000")


# -- the mechanisms, on text written here ------------------------------------------------------------
def _article(article_id: str, text: str, date: dt.date | None, source: str | None = None) -> Article:
    return Article(article_id, text.split(".")[0], source, date, None, Path(f"{article_id}.txt"), text)


def _entities(text: str, names: list[tuple[str, str]]) -> tuple[Entity, ...]:
    found = []
    for name, kind in names:
        start = text.find(name)
        while start >= 0:
            found.append(Entity(start, start + len(name), name, kind, name))
            start = text.find(name, start + 1)
    return tuple(sorted(found, key=lambda e: e.start))


def test_reports_of_one_event_group_and_a_different_event_stays_apart():
    one = "Mayor Lena Ortiz opened the Harbor Bridge in Port Vale on Friday. Ortiz said the Harbor Bridge cost 40 million."
    two = "The Harbor Bridge in Port Vale was opened by Lena Ortiz on Friday. The bridge cost 40 million, Ortiz said."
    other = "Lena Ortiz cut the Port Vale school budget. Ortiz said teachers would lose jobs at Vale Academy."
    names = [("Lena Ortiz", "PERSON"), ("Ortiz", "PERSON"), ("Harbor Bridge", "ORG"), ("Port Vale", "GPE"), ("Vale Academy", "ORG")]
    day = dt.date(2031, 3, 7)
    articles = [_article("a", one, day, "Vale Post"), _article("b", two, day, "Coast News"), _article("c", other, day + dt.timedelta(days=1), "Vale Post")]
    claims = {"a": (Claim(0, 62, one[:62], None, 0.5, cluster="k1"),), "b": (Claim(0, 64, two[:64], None, 0.5, cluster="k1"),),
              "c": (Claim(0, 40, other[:40], None, 0.5, cluster="k2"),)}
    analyses = {a.id: Analysis(entities=_entities(a.text, names), claims=claims[a.id]) for a in articles}

    class _Cluster:
        def __init__(self, ids):
            self.articles = ids

    stories = find_stories(articles, analyses, {"k1": _Cluster(("a", "b")), "k2": _Cluster(("c",))})
    assert [set(s.article_ids) for s in stories] == [{"a", "b"}]
    # The same reports a month apart are not one event.
    late = [articles[0], _article("b", two, day + dt.timedelta(days=40), "Coast News"), articles[2]]
    assert find_stories(late, analyses, {"k1": _Cluster(("a", "b")), "k2": _Cluster(("c",))}) == []


def test_undated_reports_need_more_shared_words_than_dated_ones():
    # Two reports of two different council votes: the same people and places, a
    # shared boilerplate statement, few words of their own in common.
    one = ("Councillor Ada Brook won the Glenholm council vote on the new library on Monday. "
           "Ada Brook said the Glenholm library would open in spring. Residents cheered the library plan.")
    two = ("Councillor Ada Brook lost the Glenholm council vote on parking fees. "
           "Ada Brook said the Glenholm fees would hurt shops. Traders had opposed the parking charges for months.")
    names = [("Ada Brook", "PERSON"), ("Glenholm", "GPE")]
    articles = [_article("a", one, None, "Glen Times"), _article("b", two, None, "Glen Herald")]
    claims = {"a": (Claim(0, 80, one[:80], None, 0.5, cluster="k"),), "b": (Claim(0, 70, two[:70], None, 0.5, cluster="k"),)}
    analyses = {a.id: Analysis(entities=_entities(a.text, names), claims=claims[a.id]) for a in articles}

    class _Cluster:
        articles = ("a", "b")

    assert find_stories(articles, analyses, {"k": _Cluster()}) == []
    # Dated the same day, the window vouches for them being about one day's news.
    day = dt.date(2031, 6, 2)
    dated = [_article("a", one, day, "Glen Times"), _article("b", two, day, "Glen Herald")]
    assert [set(s.article_ids) for s in find_stories(dated, analyses, {"k": _Cluster()})] == [{"a", "b"}]


def test_undated_reports_with_the_same_background_but_other_news_stay_apart():
    background = (" Kestrel Mining bought the Dunmore copper mine from Alder Metals in 2029. "
                  "Kestrel Mining has since expanded the Dunmore pit and hired miners from Alder Metals. "
                  "Analysts at Fenwick Capital value the Dunmore copper reserves highly.")
    first = "Kestrel Mining shares jumped after a record copper output at Dunmore. Traders cheered the output figures." + background
    again = "Shares in Kestrel Mining jumped on record copper output at Dunmore. The output figures cheered traders." + background
    other = "Kestrel Mining sacked its chief executive over Dunmore safety failures. Regulators opened an inquiry." + background
    names = [("Kestrel Mining", "ORG"), ("Dunmore", "GPE"), ("Alder Metals", "ORG"), ("Fenwick Capital", "ORG")]
    articles = [_article(key, text, None, "Ore Weekly") for key, text in (("a", first), ("b", again), ("c", other))]

    class _Cluster:
        articles = ("a", "b", "c")

    analyses = {a.id: Analysis(entities=_entities(a.text, names), claims=(Claim(0, 20, a.text[:20], None, 0.5, cluster="k"),)) for a in articles}
    assert [set(s.article_ids) for s in find_stories(articles, analyses, {"k": _Cluster()})] == [{"a", "b"}]


def test_the_names_outlets_spell_differently_are_compared_as_one():
    gazetteer = Gazetteer()
    gazetteer.add(Entry("Ruritania", "GPE", ()))
    gazetteer.add(Entry("Ruritanian", "NORP", ("Ruritanians",)))
    names = [
        ("Dunmore Province", "GPE"), ("Dunmore", "GPE"),  # a place with and without its designator
        ("Ruritanian", "NORP"),  # a demonym, and its country (from the gazetteer)
        ("National Mining Authority", "ORG"), ("NMA", "ORG"),  # an acronym another article spells out
        ("Treaty on Copper Trade", "LAW"), ("Copper Trade Treaty", "LAW"),  # word order
        ("Ruritanian Central Bank", "ORG"), ("Central Bank", "ORG"),  # a qualified name and its short form
        ("Central Statistics Office", "ORG"), ("CSO", "ORG"), ("Ada Brook", "PERSON"), ("Brook", "PERSON"), ("Vale Academy", "ORG"),
    ]
    # One article spells the acronym out; "CSO" is only ever written apart from its long form.
    text = "The National Mining Authority (NMA) met. The NMA said"
    spelled = [Entity(4, 29, "National Mining Authority", "ORG", "National Mining Authority"), Entity(31, 34, "NMA", "ORG", "NMA"),
               Entity(45, 48, "NMA", "ORG", "NMA")]
    assert [text[e.start:e.end] for e in spelled] == [e.text for e in spelled]
    apart = [[Entity(0, 3, "CSO", "ORG", "CSO")], [Entity(0, 25, "Central Statistics Office", "ORG", "Central Statistics Office")]]
    keys = name_keys(names, gazetteer, defined_acronyms([spelled, *apart]))
    assert keys["Dunmore Province"] == keys["Dunmore"] == "Dunmore"
    assert keys["Ruritanian"] == "Ruritania"
    assert keys["NMA"] == "National Mining Authority"
    assert keys["Treaty on Copper Trade"] == keys["Copper Trade Treaty"]
    assert keys["Ruritanian Central Bank"] == "Central Bank"
    # Different things keep their own names.
    assert keys["Central Statistics Office"] == "Central Statistics Office" and keys["CSO"] == "CSO"
    assert keys["Ada Brook"] == "Ada Brook" and keys["Vale Academy"] == "Vale Academy"


def test_dated_reports_sharing_no_statement_group_when_their_names_and_words_agree():
    # Two outlets report one event in their own words: no claim cluster spans both.
    one = ("Dunmore Province miners ended their strike on Tuesday after the National Mining Authority (NMA) "
           "agreed to raise wages. The National Mining Authority said Kestrel Mining would pay the rise from March. "
           "Union leader Ada Brook called the deal a victory for Dunmore Province families.")
    two = ("The miners' strike in Dunmore is over. The NMA promised higher wages on Tuesday, and Kestrel Mining "
           "will pay the rise from March, the NMA said. Ada Brook of the miners' union said Dunmore families had won.")
    other = ("Kestrel Mining opened a new copper smelter near Dunmore on Wednesday. Ada Brook said the union "
             "welcomed the smelter jobs. The NMA approved the smelter's permits last year.")
    names = [("Dunmore Province", "GPE"), ("Dunmore", "GPE"), ("National Mining Authority", "ORG"), ("NMA", "ORG"),
             ("Kestrel Mining", "ORG"), ("Ada Brook", "PERSON")]
    day = dt.date(2031, 9, 9)
    articles = [_article("a", one, day, "Ore Weekly"), _article("b", two, day, "Coast News"), _article("c", other, day, "Vale Post")]
    analyses = {a.id: Analysis(entities=_entities(a.text, names)) for a in articles}
    assert [set(s.article_ids) for s in find_stories(articles, analyses, {}, gazetteer=Gazetteer())] == [{"a", "b"}]


def test_conflict_sides_put_a_coarse_value_between_them():
    story = Story("s", tuple(StoryMember(i, None, i, "", "") for i in "xyz"), (), "")
    facts = [("x", Fact("open bridge", "2031-03", "2031-03-01", "2031-03-31")), ("y", Fact("open bridge", "2031-09", "2031-09-01", "2031-09-30")),
             ("z", Fact("open bridge", "2031", "2031-01-01", "2031-12-31"))]
    conflict = conflict_of(story, "open bridge", facts)
    assert [s.value for s in conflict.sides] == ["March 2031", "September 2031"] and [s.value for s in conflict.either] == ["2031"]
    assert conflict_of(story, "open bridge", facts[:1] + facts[2:]) is None  # a year and a month in it agree
    assert conflict_of(story, "cost bridge", [("x", Fact("cost bridge", "40")), ("y", Fact("cost bridge", "45"))]).sides[1].value == "45"


def test_a_date_stated_of_a_treatys_party_is_the_treatys_date():
    # One outlet names the parties after the treaty, so the date's noun is a party's name.
    one = "The ministers said the Harbour Accord between Estoria and Velmar, signed on March 3, 2030, still holds."
    two = "Officials recalled that the Harbour Accord was signed in September 2030 and still holds."
    day = dt.date(2031, 1, 5)
    articles = {"x": _article("x", one, day, "Estoria Daily"), "y": _article("y", two, day, "Velmar Post")}
    law = "Harbour Accord"
    analyses = {
        "x": Analysis(entities=(Entity(one.find(law), one.find(law) + len(law), law, "LAW", law),),
                      claims=(Claim(0, len(one), one, None, 0.5, facts=(Fact("sign velmar", "2030-03-03", "2030-03-03", "2030-03-03"),)),)),
        "y": Analysis(entities=(Entity(two.find(law), two.find(law) + len(law), law, "LAW", law),),
                      claims=(Claim(0, len(two), two, None, 0.5, facts=(Fact("sign accord", "2030-09", "2030-09-01", "2030-09-30"),)),)),
    }
    story = Story("s", tuple(StoryMember(i, articles[i].source, articles[i].source, day.isoformat(), "") for i in "xy"), (), "")
    rows = align(story, articles, analyses, {}, day)
    conflicts = [c for row in rows for c in row.conflicts]
    assert [c.about for c in conflicts] == ["sign accord"]
    assert [s.value for s in conflicts[0].sides] == ["March 3, 2030", "September 2030"]


def test_dates_resolve_from_the_words_that_name_them():
    today = dt.date(2031, 5, 14)
    value, start, end = resolve_loosely("the early hours of May 2", today)
    assert value.first == dt.date(2031, 5, 2) and "the early hours of May 2"[start:end] == "May 2"
    assert resolve_loosely("March last year", today)[0].first == dt.date(2030, 3, 1)
    assert resolve_loosely("a while ago", today) is None
    assert date_words("2030-03") == "March 2030" and date_words("2031-05-02") == "May 2, 2031"


def test_a_quote_no_other_outlet_words_alike_is_flagged_as_paraphrase():
    said = "the harbor bridge will carry ten thousand cars every single day"
    one = f'Ortiz said: "{said}." More followed.'
    two = f'Ortiz told reporters "{said}." Then she left.'
    three = 'Ortiz promised "a crossing for every driver in our busy port city, day and night" at the harbor bridge.'
    paraphrase = 'Ortiz said "harbor bridge traffic: cars in their thousands, each day" in remarks.'
    texts = {"a": one, "b": two, "c": paraphrase, "d": three}
    articles = {k: _article(k, t, None, f"Outlet {k}") for k, t in texts.items()}
    analyses = {}
    for key, text in texts.items():
        start = text.index('"') + 1
        end = text.index('"', start)
        analyses[key] = Analysis(quotes=(Quote(start, end, text[start:end], "Ortiz", None, None, "said"),), claims=())
    story = Story("s", tuple(StoryMember(k, f"Outlet {k}", f"Outlet {k}", "", "") for k in "abcd"), (), "")
    drifts = compare(story, articles, analyses, {}).drifts
    drift = next(d for d in drifts if {"a", "b", "c"} <= {r.article_id for r in d.renderings})
    flagged = {r.article_id for r in drift.renderings if r.paraphrase}
    assert flagged == {"c"}
    changed = [s for r in drift.renderings if r.article_id == "c" for s in r.segments if s.kind != "same"]
    assert changed


def test_the_command_line_lists_stories_and_prints_one(seeds, capsys):
    from tui.cli import main

    assert main(["stories", "--json"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) == 1 and {a["id"] for a in lines[0]["articles"]} == SEED_IDS
    assert main(["story", "1", "--md"]) == 0
    assert "## Conflicts" in capsys.readouterr().out
    assert main(["story", "s-nothere"]) == 1
    assert "no story 's-nothere'" in capsys.readouterr().err
