"""ClaimReview export: schema.org types and Google's required/recommended properties (issue 11)."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest

from search import Library
from search.annotations.export import export
from search.annotations.export.claimreview import SCALE, check, rating
from search.annotations.model import VERDICTS
from search.speakers import entity_type

from .conftest import write

TITLE = "Harbour authority disputes ferry passenger figures given by the island's mayor at a packed public meeting on Tuesday"
ARTICLE = f"""---
title: {TITLE}
source: Coastal Gazette
date: 2026-03-14
url: https://gazette.example/ferries
---
Maria Lindqvist said the ferry carried 4,000 passengers last winter, more than in any winter since the line opened.
The Harbour Board said the figure was closer to 2,500.
"""
ENTITIES = """\
Maria Lindqvist: {type: PERSON, aliases: [Mayor Lindqvist]}
Harbour Board: {type: ORG, aliases: [the Harbour Board]}
"""


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "news"
    write(folder / "ferries.md", ARTICLE)
    entities = write(tmp_path / "entities.yaml", ENTITIES)
    lib = Library.load([folder], index_root=tmp_path / "ix", entities_file=entities, prefer_model=False)
    text = lib.article("ferries").text
    first = text.index("Maria Lindqvist said")
    first_end = text.index("opened.") + len("opened.")
    second = text.index("The Harbour Board said")
    lib.annotate("ferries", first, first_end, "claim", "false", note="Port records say 2,610.", tags=["ferries"], speaker="Maria Lindqvist")
    lib.annotate("ferries", second, len(text.rstrip()), "claim", "supported", speaker="the Harbour Board")
    lib.annotate("ferries", first, first + 15, "selection", "opinion", speaker="someone in the crowd")
    lib.save_annotations()
    return lib


def reviews(lib, **kwargs) -> list[dict]:
    return json.loads(export("claimreview", lib.export_source(**kwargs)))


def test_every_review_has_the_required_properties_and_right_types(corpus):
    found = reviews(corpus, reviewer="Jane Doe", review_url="https://checks.example/ferries")
    assert len(found) == 3
    for review in found:
        errors, _ = check(review)
        assert errors == [], errors
        assert review["url"].startswith("https://checks.example/ferries#a-")
        assert review["author"] == {"@type": "Person", "name": "Jane Doe"}
        claim = review["itemReviewed"]
        assert claim["@type"] == "Claim" and claim["datePublished"] == "2026-03-14"
        assert claim["appearance"]["url"] == "https://gazette.example/ferries"
        assert claim["appearance"]["headline"] == TITLE and claim["appearance"]["name"] == TITLE  # never cut
    mayor, board, opinion = found
    assert mayor["claimReviewed"] == (
        "Maria Lindqvist said the ferry carried 4,000 passengers last winter, more than in any winter since the line opened."
    )
    assert mayor["itemReviewed"]["author"] == {"@type": "Person", "name": "Maria Lindqvist"}
    assert board["itemReviewed"]["author"] == {"@type": "Organization", "name": "the Harbour Board"}
    assert mayor["reviewRating"] == {"@type": "Rating", "alternateName": "false", "name": "false",
                                     "ratingValue": 1, "bestRating": 4, "worstRating": 1}
    assert board["reviewRating"]["ratingValue"] == 4
    # A speaker nothing can type is left out rather than typed wrongly; an
    # off-scale verdict carries its words but no number.
    assert "author" not in opinion["itemReviewed"]
    assert opinion["reviewRating"] == {"@type": "Rating", "alternateName": "opinion", "name": "opinion"}


def test_the_reviewer_is_never_the_login_name(corpus, monkeypatch):
    import getpass

    monkeypatch.setattr(getpass, "getuser", lambda: "loginname")
    for review in reviews(corpus):
        assert "author" not in review and "loginname" not in json.dumps(review)
        errors, missing = check(review)
        assert errors == ["url: missing (required)"] and "author" in missing


def test_the_scale_puts_truer_verdicts_higher():
    ordered = ["false", "misleading", "disputed", "supported"]
    assert [SCALE[v] for v in ordered] == sorted(SCALE.values()) and set(SCALE) <= set(VERDICTS)
    for verdict in VERDICTS:
        assert check({"@context": "https://schema.org", "@type": "ClaimReview", "claimReviewed": "x", "url": "https://a.example/",
                      "reviewRating": rating(verdict)})[0] == []


def test_the_check_finds_wrong_types_and_missing_properties():
    bad = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "reviewRating": {"@type": "Rating", "ratingValue": 7, "bestRating": 4, "worstRating": 1},
        "url": "checks/ferries",
        "author": {"@type": "Thing", "name": "Jane"},
        "datePublished": "14 March 2026",
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Person"}, "appearance": {"@type": "CreativeWork", "url": "gazette"}},
    }
    errors, missing = check(bad)
    assert "claimReviewed: missing (required)" in errors
    assert "reviewRating.alternateName: missing (required)" in errors
    assert "reviewRating.ratingValue: outside worstRating..bestRating" in errors
    assert any(e.startswith("url: not an absolute") for e in errors)
    assert "author: expected a Person or an Organization, found 'Thing'" in errors
    assert any(e.startswith("datePublished: not an ISO 8601 date") for e in errors)
    assert "itemReviewed.author.name: missing" in errors
    assert any(e.startswith("itemReviewed.appearance.url") for e in errors)
    assert {"itemReviewed.datePublished", "itemReviewed.firstAppearance", "reviewRating.name"} <= set(missing)
    assert check({"@type": "ClaimReview"})[0][0].startswith("@context")
    assert check({"@context": "https://schema.org", "@type": "Review"})[0] == ["@type: expected a ClaimReview, found 'Review'"]


@dataclass
class E:
    text: str
    canonical: str
    type: str


def test_speaker_types_come_from_the_article_then_the_gazetteer_then_the_recogniser():
    entities = [E("Kremlin", "Kremlin", "ORG"), E("Anna Berg", "Anna Berg", "PERSON"), E("Lisbon", "Lisbon", "GPE")]
    assert entity_type("Anna Berg", entities) == "PERSON"
    assert entity_type("Berg", entities) == "PERSON"  # a surname of a person the article names
    assert entity_type("Kremlin spokeswoman Anna Berg", entities) == "PERSON"  # the person, not her employer
    assert entity_type("the Kremlin", entities) == "ORG"
    assert entity_type("Lisbon", entities) == "GPE"
    entry = type("Entry", (), {"type": "ORG"})()
    assert entity_type("Port Watch", entities, lookup=lambda name: entry if name == "Port Watch" else None) == "ORG"
    assert entity_type("Tomas Weir", entities, recognise=lambda name: [E(name, name, "PERSON")]) == "PERSON"
    assert entity_type("a spokesman", entities, recognise=lambda name: []) is None
    assert entity_type("", entities) is None


def test_cli_takes_the_reviewer_from_config_and_warns_about_what_is_missing(corpus, capsys, isolated_home, tmp_path):
    from tui.cli import main

    write(isolated_home / "config.yaml", "author: Coastal Checks\n")
    folder = str(tmp_path / "news")
    entities = str(tmp_path / "entities.yaml")
    assert main(["annotations", "export", "--format", "claimreview", "--path", folder, "--entities", entities]) == 0
    out, err = capsys.readouterr()
    found = json.loads(out)
    assert {r["author"]["name"] for r in found} == {"Coastal Checks"}
    assert err == "warning: 3 of 3 ClaimReview(s): url: missing (required); pass --review-url, the page your fact checks are published on\n"
    assert main(["annotations", "export", "--format", "claimreview", "--path", folder, "--entities", entities,
                 "--author", "Jane Doe", "--review-url", "https://checks.example/ferries"]) == 0
    out, err = capsys.readouterr()
    assert err == "" and all(check(r)[0] == [] and r["author"]["name"] == "Jane Doe" for r in json.loads(out))


def test_cli_writes_the_export_to_a_file_and_never_replaces_one(corpus, capsys, tmp_path):
    from tui.cli import main

    folder, target = str(tmp_path / "news"), tmp_path / "reviews.json"
    base = ["annotations", "export", "--format", "claimreview", "--path", folder, "--author", "Jane Doe",
            "--review-url", "https://checks.example/f", "-o", str(target)]
    assert main(base) == 0
    out, err = capsys.readouterr()
    assert out == "" and err == f"wrote 3 annotation(s) as claimreview to {target}\n"
    assert len(json.loads(target.read_text(encoding="utf-8"))) == 3
    target.write_text("kept", encoding="utf-8")
    assert main(base) == 2
    _, err = capsys.readouterr()
    assert err.count("\n") == 1 and "already exists" in err and target.read_text(encoding="utf-8") == "kept"
    assert main([*base, "--force"]) == 0
    assert len(json.loads(target.read_text(encoding="utf-8"))) == 3
