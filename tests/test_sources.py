"""The input formats as plug-ins: the registry, a format added as one file,
folders that change during a load, and every loader under arbitrary bytes."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import search.sources as sources
from search.article import Article
from search.sources import LoadProblem, Source, SourceFile, load_corpus, register, registered, unregister
from search.sources.cleaning import split_date_prefix

from .conftest import SEEDS, write

# -- the registry ---------------------------------------------------------------------------


def test_builtin_formats_are_registered_in_order():
    assert [(s.name, s.suffixes) for s in registered()] == [
        ("text", (".txt",)), ("markdown", (".md",)), ("jsonl", (".jsonl",))]
    assert sources.supported() == ".txt, .md or .jsonl"
    assert all(isinstance(s, Source) for s in registered())


class TsvSource:
    """A tiny format defined here, not in search/: ``id<TAB>title<TAB>body`` per line."""

    name = "tsv-test"
    suffixes = (".tsv",)
    order = 90

    def load(self, file: SourceFile):
        for number, line in enumerate(file.text.splitlines(), start=1):
            if not line.strip():
                continue
            fields = line.split("\t")
            if len(fields) != 3:
                file.problem("expected id, title and body separated by tabs, line skipped", number)
                continue
            article_id, title, body = fields
            yield file.article(article_id, body, {"title": title}, key=article_id, line=number)


@pytest.fixture
def tsv_source():
    source = register(TsvSource())
    yield source
    unregister(source.name)


def test_a_registered_source_is_used_with_no_other_change(tmp_path, tsv_source):
    write(tmp_path / "good.txt", "A text article. It loads.")
    write(tmp_path / "feed.tsv", "t1\tFirst row\tThe body of the first row.\nbroken line\n")
    write(tmp_path / "catalog.yaml", "t1:\n  source: Catalogued Wire\n")
    corpus = load_corpus([tmp_path])
    by_id = corpus.by_id()
    assert sorted(by_id) == ["good", "t1"]
    assert (by_id["t1"].title, by_id["t1"].source, by_id["t1"].text) == (
        "First row", "Catalogued Wire", "The body of the first row.")
    assert [str(p).split("/")[-1] for p in corpus.problems] == [
        "feed.tsv:2: expected id, title and body separated by tabs, line skipped"]
    assert sources.supported().endswith(", .jsonl or .tsv")
    assert load_corpus([tmp_path / "feed.tsv"]).problems[0].line == 2  # a file named directly


def test_without_the_source_the_format_is_unsupported(tmp_path):
    path = write(tmp_path / "feed.tsv", "t1\tTitle\tBody.\n")
    assert load_corpus([tmp_path]).articles == []
    assert "unsupported file type .tsv" in load_corpus([path]).problems[0].message


def test_registry_refuses_a_taken_suffix_and_a_non_source(tsv_source):
    clash = TsvSource()
    clash.name, clash.suffixes = "other", (".txt",)
    with pytest.raises(ValueError, match="already taken by 'text'"):
        register(clash)
    with pytest.raises(ValueError, match="not a Source"):
        register(object())
    assert "other" not in [s.name for s in registered()]


PLUGIN = '''
"""A format in one file: ``.psv``, ``title|body`` on one line."""

from search.sources import SkipFile, register


class PipeSource:
    name = "psv-test"
    suffixes = (".psv",)
    order = 95

    def load(self, file):
        title, sep, body = file.text.partition("|")
        if not sep:
            raise SkipFile("no | between title and body, skipped")
        yield file.article(file.stem_id, body, {"title": title})


register(PipeSource())
'''


@pytest.fixture
def plugin_folder(tmp_path, monkeypatch):
    """An extra folder on the package's path holding one new module, as if the
    file had been dropped into search/sources/; everything undone afterwards."""
    folder = tmp_path / "plugins"
    write(folder / "psv_test_format.py", PLUGIN)
    monkeypatch.setattr(sources, "__path__", [*sources.__path__, str(folder)])
    yield folder
    unregister("psv-test")
    sys.modules.pop("search.sources.psv_test_format", None)


def test_a_new_format_is_one_module_found_by_discovery(tmp_path, plugin_folder):
    corpus_dir = tmp_path / "corpus"
    write(corpus_dir / "a.psv", "Pipe title|Pipe body text.")
    write(corpus_dir / "b.psv", "no separator here")
    corpus = load_corpus([corpus_dir])
    (article,) = corpus.articles
    assert (article.id, article.title, article.text) == ("a", "Pipe title", "Pipe body text.")
    assert [p.message for p in corpus.problems] == ["no | between title and body, skipped"]


def test_registry_is_restored_after_the_plugin_tests():
    names = [s.name for s in registered()]
    assert "psv-test" not in names and "tsv-test" not in names


# -- races: the folder changes between listing and reading (reliability E) ------------------


def _before_listing(monkeypatch, folder: Path, change) -> None:
    """Run ``change`` once, just before ``folder`` is listed: after its parent was."""
    real = os.scandir
    done = []

    def scandir(path="."):
        if not done and Path(os.fsdecode(path)) == folder:
            done.append(True)
            change()
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


def _race_corpus(root: Path) -> Path:
    write(root / "a.txt", "Article a stays. It loads.")
    write(root / "sub" / "b.txt", "Article b is in a subfolder.")
    write(root / "sub" / "deeper" / "c.txt", "Article c is deeper.")
    write(root / "z.txt", "Article z stays too.")
    return root.resolve()


def test_a_subfolder_removed_mid_load(tmp_path, monkeypatch):
    root = _race_corpus(tmp_path / "c")
    _before_listing(monkeypatch, root / "sub", lambda: shutil.rmtree(root / "sub"))
    corpus = load_corpus([root])
    assert [a.id for a in corpus.articles] == ["a", "z"] and corpus.problems == []


def test_a_subfolder_swapped_for_a_file_mid_load(tmp_path, monkeypatch):
    root = _race_corpus(tmp_path / "c")

    def swap():
        shutil.rmtree(root / "sub")
        write(root / "sub", "now a file")

    _before_listing(monkeypatch, root / "sub", swap)
    corpus = load_corpus([root])
    assert [a.id for a in corpus.articles] == ["a", "z"] and corpus.problems == []


def test_a_file_swapped_for_a_folder_mid_load(tmp_path, monkeypatch):
    root = _race_corpus(tmp_path / "c")
    real = Path.read_bytes

    def read_bytes(self):
        if self.name == "a.txt" and self.is_file():
            self.unlink()
            self.mkdir()
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    corpus = load_corpus([root])
    assert sorted(a.id for a in corpus.articles) == ["b", "c", "z"]
    (problem,) = corpus.problems
    assert problem.path.name == "a.txt" and problem.message.startswith("cannot read file")


def test_a_file_deleted_between_listing_and_reading_is_skipped(tmp_path, monkeypatch):
    root = _race_corpus(tmp_path / "c")
    real = Path.read_bytes

    def read_bytes(self):
        if self.name == "b.txt":
            self.unlink()
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    corpus = load_corpus([root])
    assert sorted(a.id for a in corpus.articles) == ["a", "c", "z"] and corpus.problems == []


def test_hidden_files_and_folders_and_folder_symlinks_are_left_out(tmp_path):
    root = _race_corpus(tmp_path / "c")
    write(root / ".hidden.txt", "Hidden file.")
    write(root / ".git" / "x.txt", "Inside a hidden folder.")
    write(tmp_path / "elsewhere" / "far.txt", "Reached only through a link.")
    (root / "link").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (root / "linked.txt").symlink_to(root / "a.txt")
    assert sorted(a.id for a in load_corpus([root]).articles) == ["a", "b", "c", "linked", "z"]


# -- every loader, any bytes: articles or problems out, never an exception ----------------

FAST = settings(max_examples=60, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["id", "title", "body", "text", "date", "source", "url", "x"]), inner, max_size=4),
    max_leaves=10,
)


def _jsonl_lines():
    record = st.fixed_dictionaries({}, optional={
        "id": _json_values, "title": _json_values, "date": _json_values | st.dates().map(str),
        "source": _json_values, "url": _json_values, "body": st.text(max_size=60) | _json_values})
    line = st.one_of(record.map(json.dumps), _json_values.map(json.dumps), st.text(max_size=40))
    return st.lists(line, max_size=5).map(lambda lines: "\n".join(lines).encode("utf-8", "surrogatepass"))


def _front_matter():
    value = st.one_of(st.text(max_size=20), st.dates().map(str), st.sampled_from(["2025-13-45", "0000-00-00", "[a", "*x", "&a b", "{", "9" * 50]))
    key = st.sampled_from(["title", "source", "date", "url", "id", "x", "- a", ""])
    block = st.lists(st.tuples(key, value).map(lambda kv: f"{kv[0]}: {kv[1]}"), max_size=4)
    return st.tuples(block, st.text(max_size=60)).map(lambda fb: ("---\n" + "\n".join(fb[0]) + "\n---\n" + fb[1]).encode("utf-8", "surrogatepass"))


def any_bytes(suffix: str):
    common = [st.binary(max_size=200), st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
              st.text(max_size=40).map(lambda t: f" date 2025-04-28 {t}".encode("utf-8", "surrogatepass"))]
    extra = {".jsonl": [_jsonl_lines()], ".md": [_front_matter()]}.get(suffix, [])
    return st.one_of(*common, *extra)


def _every_suffix():
    return [pytest.param(suffix, id=f"{source.name}{suffix}") for source in registered() for suffix in source.suffixes]


@pytest.mark.parametrize("suffix", _every_suffix())
def test_any_bytes_give_articles_or_problems_never_an_exception(tmp_path_factory, suffix):
    folder = tmp_path_factory.mktemp("fuzz").resolve()
    path = folder / f"fuzzed{suffix}"

    @FAST
    @given(data=any_bytes(suffix))
    def check(data):
        path.write_bytes(data)
        for target in (path, folder):
            corpus = load_corpus([target])
            assert all(isinstance(a, Article) and a.text and a.text == a.text.strip() for a in corpus.articles)
            assert all(isinstance(p, LoadProblem) and p.path == path for p in corpus.problems)
            for problem in corpus.problems:
                line = str(problem)
                assert "\n" not in line and "\x1b" not in line
            assert corpus.articles or corpus.problems

    check()


# -- bytes of a valid article round-trip: the text is kept ----------------------------------

_body_chars = st.characters(exclude_categories=("Cs", "Cc", "Cf", "Cn", "Co"), include_characters="\n\t ")
_bodies = st.text(_body_chars, min_size=1, max_size=120).filter(lambda b: b.strip() and split_date_prefix(b)[0] is None)
_titles = st.text(st.characters(exclude_categories=("Cs", "Cc", "Cf", "Cn", "Co", "Zl", "Zp")), min_size=1, max_size=40).filter(
    lambda t: t.strip())

ENCODERS = {
    ".txt": lambda title, body: body.encode("utf-8"),
    ".md": lambda title, body: f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n{body}".encode("utf-8"),
    ".jsonl": lambda title, body: (json.dumps({"id": "r1", "title": title, "body": body}) + "\n").encode("utf-8"),
}


def test_every_builtin_format_has_a_round_trip():
    builtin = {suffix for s in registered() if s.name in ("text", "markdown", "jsonl") for suffix in s.suffixes}
    assert builtin == set(ENCODERS)


@pytest.mark.parametrize("suffix", sorted(ENCODERS))
def test_a_valid_article_round_trips(tmp_path_factory, suffix):
    folder = tmp_path_factory.mktemp("roundtrip").resolve()
    path = folder / f"article{suffix}"

    @FAST
    @given(title=_titles, body=_bodies)
    def check(title, body):
        path.write_bytes(ENCODERS[suffix](title, body))
        corpus = load_corpus([path])
        assert corpus.problems == []
        (article,) = corpus.articles
        assert article.text == body.strip()
        if suffix != ".txt":
            assert article.title == " ".join(title.split())

    check()


def test_seed_files_load_the_same_through_every_route():
    by_folder = {a.id: a for a in load_corpus([SEEDS]).articles}
    for path in sorted(SEEDS.glob("*.txt")):
        (article,) = load_corpus([path]).articles
        assert article == by_folder[article.id]


def test_a_catalog_deleted_between_looking_and_reading_is_skipped(tmp_path, monkeypatch):
    write(tmp_path / "a.txt", "Body of a. More.")
    catalog = write(tmp_path / "catalog.yaml", "a.txt:\n  title: Catalogued title\n")
    real = Path.read_text

    def read_text(self, *args, **kwargs):
        if self.name == "catalog.yaml":
            self.unlink()
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", read_text)
    corpus = load_corpus([tmp_path])
    assert not catalog.exists()
    assert [a.title for a in corpus.articles] == ["Body of a."] and corpus.problems == []
