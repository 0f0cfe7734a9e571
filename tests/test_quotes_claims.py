"""Quotes with speakers, claims, relative dates and cross-outlet clusters."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from search import Library
from search.analysis.dates import resolve
from search.analysis.ner import load_gazetteer
from search.analysis.quotes import find_quotes, quote_spans
from search.analysis.sentences import split_sentences

from .gold_spans import GOLD, load_gold, prf

QUOTES = load_gold("quotes.yaml")
CLAIMS = load_gold("claims.yaml")
TREATY_CLAIMS = {
    "000_ee807607f11d7e2c": "2024-06",
    "001_8e7b29ad4a414b1e": "2024",
    "002_0b0ccfb8523443b8": "2024-12",
    "004_6decb479083189bf": "2024-06-19",
}


@pytest.fixture(scope="module")
def analysed(tmp_path_factory):
    # Module-scoped, so not the function-scoped ``monkeypatch``: the variable is
    # restored when the module is done instead of leaking into later tests.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NEWSDESK_HOME", str(tmp_path_factory.mktemp("home")))
        lib = Library.load()
        lib.analyse()
        yield lib


def gold_quote_spans(text: str, entries) -> dict[tuple[int, int], str | None]:
    spans = {}
    for first, last, speaker in entries:
        match = re.search(rf"[“\"‘']({re.escape(first)})", text)
        assert match, first
        start = match.start(1)
        end = text.index(last, start) + len(last)
        spans[(start, end)] = speaker
    return spans


def seed_speaker_names(article_id: str) -> list[tuple[tuple[int, int], list[str]]]:
    """(span, every name the seed gold accepts for its speaker) of each quote in
    tests/gold/seeds: the canonical name, the words of the text and the aliases."""
    data = json.loads((GOLD / "seeds" / f"{article_id}.json").read_text(encoding="utf-8"))
    return [
        ((q["start"], q["end"]), [n for n in (q["speaker_canonical"], q["speaker_text"], *q.get("speaker_aliases", ())) if n])
        for q in data["quotes"]
    ]


def _name(value: str | None) -> str:
    """A speaker's name compared as ../shared/eval/score.py does: case, 's,
    punctuation and a leading article or title ignored."""
    value = re.sub(r"['’]s\b", "", (value or "").lower())
    value = " ".join(re.sub(r"[^\w\s-]", " ", value).split())
    return re.sub(r"^(?:the|a|an|mr|mrs|ms|dr|president|leader)\s+", "", value)


def speaker_accepted(found: str | None, speaker: str | None, names, span: tuple[int, int]) -> bool:
    """The speaker found is the gold one or an alias the seed gold lists for it
    (the quote there overlapping most); an unattributed quote must stay so."""
    if speaker is None:
        return found is None
    overlap = lambda gold: min(gold[1], span[1]) - max(gold[0], span[0])  # noqa: E731
    accepted = {_name(speaker)}
    best = max(names, key=lambda entry: overlap(entry[0]), default=None)
    if best is not None and overlap(best[0]) > 0:
        accepted |= {_name(n) for n in best[1]}
    return found is not None and _name(found) in accepted


def test_quote_f1_and_speaker_accuracy_on_gold(analysed):
    gold, predicted, correct, attributed = set(), set(), 0, 0
    for article_id, entries in QUOTES.items():
        text = analysed.article(article_id).text
        expected = gold_quote_spans(text, entries)
        found = {(q.start, q.end): q.speaker for q in analysed.quotes(article_id)}
        gold |= {(article_id, *span) for span in expected}
        predicted |= {(article_id, *span) for span in found}
        names = seed_speaker_names(article_id)
        for span, speaker in expected.items():
            if span in found:
                attributed += 1
                correct += speaker_accepted(found[span], speaker, names, span)
    precision, recall, f1 = prf(gold, predicted)
    assert f1 >= 0.95, (precision, recall)
    assert correct / attributed >= 0.9, (correct, attributed)


def test_claim_f1_on_gold(analysed):
    gold, predicted = set(), set()
    for article_id, firsts in CLAIMS.items():
        text = analysed.article(article_id).text
        sentences = {s for s, _ in split_sentences(text)}
        for first in firsts:
            start = text.index(first)
            assert start in sentences, first  # gold names whole sentences
            gold.add((article_id, start))
        predicted |= {(article_id, c.start) for c in analysed.claims(article_id)}
    precision, recall, f1 = prf(gold, predicted)
    assert f1 >= 0.85, (precision, recall)


def test_claims_carry_who_made_them_and_a_score(analysed):
    claims = analysed.claims("001_8e7b29ad4a414b1e")
    zelenskyy = next(c for c in claims if "thousands of North Korean soldiers" in c.text)
    assert zelenskyy.attributed_to == "Volodymyr Zelenskyy"
    assert 0.0 <= zelenskyy.score <= 1.0
    background = next(c for c in claims if c.text.startswith("The Central Military Commission vowed"))
    assert zelenskyy.score > background.score  # a figure and a contested number rank higher


def test_boilerplate_holds_no_quotes_or_claims(analysed):
    for article in analysed.articles:
        for item in (*analysed.quotes(article.id), *analysed.claims(article.id)):
            assert not article.in_boilerplate(item.start)


def test_seed_treaty_dates_conflict_across_outlets(analysed):
    claims = {}
    for article_id, value in TREATY_CLAIMS.items():
        matching = [c for c in analysed.claims(article_id) if any(f.key == "sign treaty" and f.value == value for f in c.facts)]
        assert matching, (article_id, value)
        claims[article_id] = matching[0]
    clusters = {c.cluster for c in claims.values()}
    assert len(clusters) == 1
    cluster = analysed.cluster(clusters.pop())
    assert set(TREATY_CLAIMS) <= set(cluster.articles)
    (conflict,) = [c for c in cluster.conflicts if c.key == "sign treaty"]
    assert dict(conflict.values) == TREATY_CLAIMS
    assert set(analysed.corroborating("002_0b0ccfb8523443b8", claims["002_0b0ccfb8523443b8"])) == set(TREATY_CLAIMS) - {"002_0b0ccfb8523443b8"}


def test_same_report_from_four_outlets_clusters_without_conflict(analysed):
    gerasimov = [
        c for a in analysed.articles for c in analysed.claims(a.id) if "Gerasimov" in c.text and "report" in c.text and "Putin" in c.text
    ]
    assert len({c.cluster for c in gerasimov}) == 1
    assert len(analysed.cluster(gerasimov[0].cluster).articles) == 4
    assert analysed.cluster(gerasimov[0].cluster).conflicts == ()


def test_every_claim_has_a_cluster(analysed):
    for article in analysed.articles:
        for claim in analysed.claims(article.id):
            assert claim.cluster and article.id in analysed.cluster(claim.cluster).articles


@pytest.mark.parametrize(
    "expression, today, label",
    [
        ("June 19, 2024", "2025-04-28", "2024-06-19"),
        ("June 2024", "2025-04-28", "2024-06"),
        ("December last year", "2025-04-28", "2024-12"),
        ("last year", "2025-04-28", "2024"),
        ("last August", "2025-04-28", "2024-08"),
        ("Sunday", "2025-04-28", "2025-04-27"),
        ("Monday, April 28", "2025-04-28", "2025-04-28"),
        ("April 26", "2025-04-28", "2025-04-26"),
        ("December", "2025-04-28", "2024-12"),
        ("August 2024", "2025-04-28", "2024-08"),
        ("2021", None, "2021"),
        ("July 1953", None, "1953-07"),
        ("last week", "2025-04-28", "2025-04-21/2025-04-27"),
        # The day first, as British outlets write it.
        ("3 May 2021", None, "2021-05-03"),
        ("Tuesday 19th June", "2025-04-28", "2024-06-19"),
    ],
)
def test_relative_dates_resolve_against_the_article_date(expression, today, label):
    value = resolve(expression, dt.date.fromisoformat(today) if today else None)
    assert value is not None and value.label == label


def test_dates_that_cannot_be_placed():
    assert resolve("last year", None) is None
    assert resolve("the morning", dt.date(2025, 4, 28)) is None
    assert resolve("February 30 2024", None) is None


def test_quote_running_over_paragraphs():
    # Each paragraph's part is a quote of its own (the conventions), and the
    # second paragraph's opening mark never closes the first; both are the minister's.
    text = "“The first paragraph of the statement.\n\n“The second paragraph ends it,” the minister said."
    (first, second) = quote_spans(text)
    assert text[first[0]:first[1]] == "The first paragraph of the statement." and first[2]
    assert text[second[0]:second[1]] == "The second paragraph ends it," and not second[2]


def test_unbalanced_quotation_mark_is_closed_at_the_paragraph_and_flagged():
    text = "He said “this never ends.\n\nA new paragraph without quotes."
    spans = quote_spans(text)
    assert spans == [(9, 25, True)]
    quotes = find_quotes(text, (), load_gazetteer())
    assert quotes[0].unclosed and quotes[0].text == "this never ends."


def test_apostrophes_are_not_quotes():
    assert quote_spans("North Korea’s army and the country's ‘special’ units") == [(38, 45, False)]


def test_article_without_quotes(tmp_path):
    (tmp_path / "plain.txt").write_text("Prices rose by 12% in 2024, the ministry said. Nothing else happened.", encoding="utf-8")
    lib = Library.load([tmp_path])
    lib.analyse()
    assert lib.quotes("plain") == ()
    (claim,) = lib.claims("plain")  # "Nothing else happened." states no figure and reports nothing
    assert claim.text == "Prices rose by 12% in 2024, the ministry said."
    assert {(f.key, f.value) for f in claim.facts} == {("rose price", "12%"), ("rose price", "2024")}


def test_speaker_patterns(tmp_path):
    gazetteer = load_gazetteer()
    from search.analysis.ner import RuleRecognizer

    recognizer = RuleRecognizer(gazetteer)
    cases = {
        '"We will win," Vladimir Putin said.': "Vladimir Putin",
        # No gazetteer entry joins the surname to the full name: the name as written.
        '"We will win," said Putin.': "Putin",
        '"The harbour will reopen," Okonkwo said.': "Okonkwo",
        'Vladimir Putin said: "We will win."': "Vladimir Putin",
        'According to KCNA, Kim Jong Un called it "a sacred mission".': "Kim Jong Un",
        'Kim Jong Un said the talks were over. "We will win," the North Korean leader added.': "Kim Jong Un",
        # The outlet carries the quote; the one it quotes is the speaker.
        'The Korean Central News Agency quotes the Central Military Commission as saying "victory is ours".':
            "Central Military Commission",
        '"Victory is ours," the Korean Central News Agency quotes the Central Military Commission as saying.':
            "Central Military Commission",
    }
    for text, speaker in cases.items():
        (entities,) = recognizer.recognise([text])
        (quote,) = find_quotes(text, entities, gazetteer)
        assert quote.speaker == speaker, text


def test_analyze_json_has_quotes_and_claims(capsys):
    import json

    from tui.cli import main

    assert main(["analyze", "--json"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    record = next(r for r in records if r["id"] == "002_0b0ccfb8523443b8")
    quote = record["quotes"][0]
    assert set(quote) == {"start", "end", "text", "speaker", "speaker_start", "speaker_end", "verb", "unclosed"}
    assert record["text"][quote["start"]:quote["end"]] == quote["text"]
    claim = next(c for c in record["claims"] if "December last year" in c["text"])
    assert {"start", "end", "text", "kind", "attributed_to", "score", "cluster"} <= set(claim)
    assert {c["kind"] for c in record["claims"]} == {"reported", "factual"}
    assert record["text"][claim["start"]:claim["end"]] == claim["text"]
    assert claim["conflicts"] and claim["conflicts"][0]["about"] == "treaty signed"
    assert len(claim["corroborated_by"]) == 3


def test_dependency_parse_finds_the_speaker_where_patterns_fall_short():
    from search.analysis.ner.spacy_model import SpacyRecognizer, sentence_subject

    gazetteer = load_gazetteer()
    text = 'Ukraine\'s Ministry of Defence met reporters. The ministry, in a long note on Friday, insisted "there is no comment".'
    (entities,) = SpacyRecognizer(gazetteer).recognise([text])
    (without,) = find_quotes(text, entities, gazetteer)
    assert without.speaker is None  # no pattern fits this sentence
    (quote,) = find_quotes(text, entities, gazetteer, parse=sentence_subject)
    assert quote.speaker == "Ministry of Defence" and quote.verb == "subject"


def test_clusters_are_cached_until_the_corpus_changes(monkeypatch, seeds_copy):
    import search.api as api

    calls = []
    real = api.cluster_claims
    monkeypatch.setattr(api, "cluster_claims", lambda *args: calls.append(1) or real(*args))
    first = Library.load([seeds_copy])
    first.analyse()
    second = Library.load([seeds_copy])
    second.analyse()
    assert len(calls) == 1
    assert {c.id: c for c in first.clusters()} == {c.id: c for c in second.clusters()}
    (seeds_copy / "005_new.txt").write_text("A new article. Prices rose by 12% in 2024, the ministry said.", encoding="utf-8")
    third = Library.load([seeds_copy])
    third.analyse()
    # Re-clustered, but only the new article: from the cluster index kept in the cache, not from scratch.
    assert len(calls) == 1
    assert any(a == "005_new" for c in third.clusters() for a, _ in c.members)
    assert {c.id: c for c in third.clusters()} == {c.id: c for c in real(
        {a.id: list(third.claims(a.id)) for a in third.articles}, {a.id: third.entities(a.id) for a in third.articles})[1].values()}


def test_a_law_qualified_by_its_parties_is_still_what_was_signed():
    from search.analysis.claims import find_claims
    from search.analysis.ner import Entity
    from search.analysis.quotes import SpeakerResolver

    text = "The ministry cited the Accord on Salmon Quotas between Norway and the Republic of Iceland, signed on May 3, 2021, as binding."
    names = {"Accord on Salmon Quotas": "LAW", "Norway": "GPE", "Republic of Iceland": "GPE", "May 3, 2021": "DATE"}
    entities = sorted((Entity(text.index(n), text.index(n) + len(n), n, k, n) for n, k in names.items()), key=lambda e: e.start)
    gazetteer = load_gazetteer()
    (claim,) = find_claims(text, entities, [], SpeakerResolver(text, entities, gazetteer, ()), dt.date(2024, 1, 1))
    assert [(f.key, f.value) for f in claim.facts] == [("sign accord", "2021-05-03")]  # not "sign iceland"


def test_a_quote_closed_on_a_comma_before_a_new_sentence_ends_it():
    text = 'He said he would act "soon, with care," The inquiry will begin in May.'
    assert [text[s:e] for s, e in split_sentences(text)] == ['He said he would act "soon, with care,"', "The inquiry will begin in May."]
    text = '"I do not see why," The Daily Post editor told reporters. Then he left.'
    assert [text[s:e] for s, e in split_sentences(text)][0] == '"I do not see why," The Daily Post editor told reporters.'
