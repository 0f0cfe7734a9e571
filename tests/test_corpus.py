"""Loading articles: the seeds, each file format, metadata inference, bad input."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from search.sources import load_corpus
from search.sanitize import clean_text

from .conftest import SEEDS, write


def seeds_by_id():
    corpus = load_corpus([SEEDS])
    assert corpus.problems == []
    return {a.id: a for a in corpus.articles}


def test_all_five_seeds_load_with_dates_sources_and_titles():
    seeds = seeds_by_id()
    assert sorted(seeds) == [
        "000_ee807607f11d7e2c",
        "001_8e7b29ad4a414b1e",
        "002_0b0ccfb8523443b8",
        "003_05f515925bae56c5",
        "004_6decb479083189bf",
    ]
    assert seeds["000_ee807607f11d7e2c"].date == dt.date(2025, 4, 28)
    assert seeds["001_8e7b29ad4a414b1e"].date == dt.date(2025, 4, 27)
    assert seeds["002_0b0ccfb8523443b8"].date is None  # the file carries no date
    assert seeds["003_05f515925bae56c5"].date == dt.date(2025, 4, 28)
    assert seeds["004_6decb479083189bf"].date == dt.date(2025, 4, 28)
    assert seeds["000_ee807607f11d7e2c"].source == "Ukrinform (via MENAFN)"
    assert seeds["003_05f515925bae56c5"].source == "TASS"
    # The other three name no outlet; nothing is invented for them.
    assert seeds["001_8e7b29ad4a414b1e"].source is None
    assert seeds["004_6decb479083189bf"].title == (
        "President Putin Confirms DPRK Fighters Took Part in Defending Russia's Kursk Region, Thanks Kim Jong Un"
    )
    assert seeds["003_05f515925bae56c5"].title.startswith("Kim Jong Un believes that North Korean forces")
    assert seeds["000_ee807607f11d7e2c"].title.startswith("The Central Military Commission")  # dateline left out
    assert all(len(a.title) <= 160 for a in seeds.values())


def test_date_prefix_is_metadata_not_body():
    seeds = seeds_by_id()
    raw = (SEEDS / "000_ee807607f11d7e2c.txt").read_text(encoding="utf-8")
    article = seeds["000_ee807607f11d7e2c"]
    assert not article.text.startswith("date")
    assert article.text.startswith("MENAFN - UkrinForm) The Central Military Commission")
    assert article.text in raw  # the body is the file's text, unchanged


def test_sources_inferred_from_datelines_without_catalog(tmp_path):
    for name in ("000_ee807607f11d7e2c.txt", "003_05f515925bae56c5.txt"):
        write(tmp_path / name, (SEEDS / name).read_text(encoding="utf-8"))
    sources = {a.id[:3]: a.source for a in load_corpus([tmp_path]).articles}
    assert sources == {"000": "Ukrinform", "003": "TASS"}


def test_boilerplate_is_marked_not_removed():
    seeds = seeds_by_id()
    article = seeds["001_8e7b29ad4a414b1e"]
    marked = [article.text[s:e] for s, e in article.boilerplate]
    assert marked == ["Article continues below the player", "Advertisment1"]
    photo = seeds["004_6decb479083189bf"]
    assert [photo.text[s:e][:6] for s, e in photo.boilerplate] == ["Photo:"]
    assert "Article continues below the player" in article.text
    start, _ = article.boilerplate[0]
    assert article.in_boilerplate(start) and not article.in_boilerplate(0)


def test_boilerplate_lines_are_whole_lines_trimmed_and_never_run_across_a_line_break():
    from search.sources.cleaning import find_boilerplate

    text = "  Photo credit: AP  \nArticle\ncontinues below\nShare\nthis\n\tAdvertisement\t\nSee also: more\u00a0"
    assert [text[s:e] for s, e in find_boilerplate(text)] == ["Photo credit: AP", "Advertisement", "See also: more"]


def test_clean_text_keeps_plain_text_and_strips_controls_escapes_and_surrogates():
    from search.sanitize import clean_text

    plain = "Plain text — with “quotes”, café and 中文.\nSecond line."
    assert clean_text(plain) is plain or clean_text(plain) == plain
    assert clean_text("a\r\nb\rc") == "a\nb\nc"
    assert clean_text("red \x1b[31mtext\x1b[0m\x07 \u202eevil \ud800!") == "red text evil \ufffd!"


def test_markdown_front_matter(tmp_path):
    write(tmp_path / "a.md", "---\ntitle: Troops deployed\nsource: Example Times\ndate: 2025-05-01\nurl: https://example.org/a\n---\nBody text here.\n")
    (article,) = load_corpus([tmp_path]).articles
    assert (article.title, article.source, article.date, article.url) == (
        "Troops deployed", "Example Times", dt.date(2025, 5, 1), "https://example.org/a")
    assert article.text == "Body text here."


def test_jsonl_articles_and_a_malformed_line(tmp_path):
    lines = [
        json.dumps({"id": "x1", "title": "One", "date": "2025-01-02", "source": "Wire", "body": "First body."}),
        "{not json",
        json.dumps({"id": "x2", "body": "Second body. It has two sentences."}),
        json.dumps({"id": "x3", "title": "No body"}),
        json.dumps(["a", "list"]),
    ]
    write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    corpus = load_corpus([tmp_path])
    assert [a.id for a in corpus.articles] == ["x1", "x2"]
    assert corpus.articles[1].title == "Second body."
    assert corpus.articles[1].line == 3
    messages = [str(p) for p in corpus.problems]
    assert any("feed.jsonl:2" in m and "malformed JSON" in m for m in messages)
    assert any("feed.jsonl:4" in m and "body" in m for m in messages)
    assert any("feed.jsonl:5" in m and "JSON object" in m for m in messages)


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("empty.txt", "   \n", "empty file"),
        ("binary.txt", b"\x89PNG\x00\x00\x01", "binary file"),
        ("bad.md", "---\nsource: x\ntitle: a: b\n---\nbody", "front matter is not valid YAML at line 3, column 9"),
        ("list.md", "---\n- a\n- b\n---\nbody", "must be a YAML mapping"),
        ("only-date.txt", " date 2025-04-28 ", "no article text"),
    ],
)
def test_bad_files_are_skipped_with_a_message_and_the_rest_loads(tmp_path, name, content, expected):
    write(tmp_path / "good.txt", "A good article. It loads.")
    write(tmp_path / name, content)
    corpus = load_corpus([tmp_path])
    assert [a.id for a in corpus.articles] == ["good"]
    (problem,) = corpus.problems
    assert problem.path.name == name and expected in problem.message


def test_unreadable_file(tmp_path, monkeypatch):
    write(tmp_path / "good.txt", "Readable.")
    secret = write(tmp_path / "secret.txt", "Hidden.")
    real_read = Path.read_bytes

    def read_bytes(self):
        # chmod 000 does not stop root (CI runs as root), so refuse here instead.
        if self == secret:
            raise PermissionError(13, "Permission denied")
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    corpus = load_corpus([tmp_path])
    assert [a.id for a in corpus.articles] == ["good"]
    assert str(corpus.problems[0]).endswith("secret.txt: cannot read file: Permission denied")


def test_missing_path_and_unsupported_file(tmp_path):
    other = write(tmp_path / "notes.pdf", "x")
    corpus = load_corpus([tmp_path / "nope", other])
    messages = [p.message for p in corpus.problems]
    assert messages[0] == "no such file or folder"
    assert "unsupported file type .pdf" in messages[1]


def test_duplicate_ids_keep_the_first(tmp_path):
    write(tmp_path / "a.jsonl", json.dumps({"id": "same", "body": "One."}) + "\n" + json.dumps({"id": "same", "body": "Two."}))
    corpus = load_corpus([tmp_path])
    assert [a.text for a in corpus.articles] == ["One."]
    assert "duplicate article id 'same'" in corpus.problems[0].message


def test_catalog_overrides_and_bad_catalog(tmp_path):
    write(tmp_path / "a.txt", "Body of a. More.")
    write(tmp_path / "catalog.yaml", "a.txt:\n  title: Catalogued title\n  date: 2024-06-19\n")
    (article,) = load_corpus([tmp_path]).articles
    assert article.title == "Catalogued title" and article.date == dt.date(2024, 6, 19)
    write(tmp_path / "catalog.yaml", "a.txt: [broken\n")
    corpus = load_corpus([tmp_path])
    assert corpus.articles[0].title == "Body of a."
    assert "catalog ignored: invalid YAML at line" in corpus.problems[0].message


def test_bad_date_keeps_article_and_says_so(tmp_path):
    write(tmp_path / "a.jsonl", json.dumps({"id": "d", "date": "last Tuesday", "body": "Text."}))
    corpus = load_corpus([tmp_path])
    assert corpus.articles[0].date is None
    assert "not in YYYY-MM-DD form" in corpus.problems[0].message


def test_articles_sorted_newest_first_undated_last():
    ids = [a.id[:3] for a in load_corpus([SEEDS]).articles]
    assert ids[-1] == "002" and ids.index("001") > ids.index("000")


def test_escape_sequences_and_controls_are_stripped(tmp_path):
    write(tmp_path / "evil.txt", "Title \x1b[31mred\x1b[0m here\x07. \x1b]0;pwned\x07Body \x1b[2Jtext \u202eevil\r\nend")
    (article,) = load_corpus([tmp_path]).articles
    assert article.text == "Title red here. Body text evil\nend"
    assert "\x1b" not in article.title


def test_clean_text_leaves_ordinary_text_alone():
    text = "Quotes “like this” — and [bold]brackets[/bold], tabs\tand\nnewlines."
    assert clean_text(text) == text


def test_content_hash_and_fingerprint_track_changes(tmp_path):
    path = write(tmp_path / "a.txt", "Body. More.")
    before = load_corpus([tmp_path]).articles[0]
    write(tmp_path / "catalog.yaml", "a.txt:\n  source: New Source\n")
    after = load_corpus([tmp_path]).articles[0]
    assert before.content_hash == after.content_hash
    assert before.fingerprint != after.fingerprint
    path.write_text("Body changed.", encoding="utf-8")
    assert load_corpus([tmp_path]).articles[0].content_hash != before.content_hash


def test_escape_sequences_written_as_json_escapes_are_stripped(tmp_path):
    record = {"id": "j", "title": "T\u001b[31mitle", "body": "Body \u001b[2Jcleared\u0007."}
    write(tmp_path / "a.jsonl", json.dumps(record))
    (article,) = load_corpus([tmp_path]).articles
    assert article.text == "Body cleared." and article.title == "Title"
