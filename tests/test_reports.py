"""Search results and the claims board as Markdown and CSV: the engine's formats and ``newsdesk export`` (issue 11)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from search import Library
from search import reports
from search.reports import ExportError, board_report, default_name, render, results_report, write_new
from search.views import BoardClaim, BoardCluster
from tui.cli import main

from .conftest import write

ARTICLES = {
    "harbour.md": """---
title: Ferry numbers | a dispute over the *winter* figures
source: Coastal Gazette
date: 2026-03-14
url: https://gazette.example/ferries
---
The ferry carried 4,000 passengers last winter, the mayor said. The harbour board put the figure at 2,500.
""",
    "bridge.md": """---
title: =HYPERLINK("http://evil.example") bridge repairs
source: River Post
date: 2026-03-12
---
Repairs to the old bridge will take two more winters and close one lane of traffic.
""",
}


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "news"
    for name, text in ARTICLES.items():
        write(folder / name, text)
    return folder


@pytest.fixture
def lib(corpus, tmp_path):
    library = Library.load([corpus], index_root=tmp_path / "ix", prefer_model=False)
    yield library
    library.close()


def test_results_as_markdown_and_csv(lib):
    report = results_report(lib, "winter", ["harbour", "bridge"], {"harbour": "passengers last winter"}, total=2)
    assert report.summary == "2 results listed" and not report.empty
    text = render("md", report)
    assert text.startswith("# Search results for 'winter'\n")
    assert "| rank | date | outlet | title | url | article | snippet |" in text
    # Article text is data: Markdown's table and emphasis characters are escaped.
    assert "Ferry numbers \\| a dispute over the \\*winter\\* figures" in text
    assert "<https://gazette.example/ferries>" in text
    rows = list(csv.DictReader(io.StringIO(render("csv", report))))
    assert [r["article"] for r in rows] == ["harbour", "bridge"]
    assert rows[0]["url"] == "https://gazette.example/ferries" and rows[0]["snippet"] == "passengers last winter"
    assert rows[1]["title"].startswith("'=HYPERLINK")  # never a spreadsheet formula


def test_board_rows_repeat_their_cluster_in_csv_and_head_it_in_markdown(lib):
    cluster = BoardCluster("c1", (
        # ``source`` names the outlet counted (``outlet`` is only the label shown).
        BoardClaim("harbour", 0, "Coastal Gazette", "2026-03-14", "The ferry carried 4,000 passengers.", 0.8, "Coastal Gazette"),
        BoardClaim("bridge", 0, "River Post", "2026-03-12", "The ferry carried 2,500\npassengers.", 0.6, "River Post"),
    ), ("passengers: Coastal Gazette 4,000, River Post 2,500",))
    report = board_report(lib, [cluster], single_claims=3)
    assert report.summary == "1 claim made by several outlets; 3 single-outlet claims not listed"
    text = render("md", report)
    assert "## 2 outlets · score 0.80" in text and "- ⚠ conflict: passengers: Coastal Gazette 4,000, River Post 2,500" in text
    assert "| 2026-03-12 | River Post | The ferry carried 2,500 passengers. |" in text
    rows = list(csv.DictReader(io.StringIO(render("csv", report))))
    assert list(rows[0])[:3] == ["cluster", "outlets", "conflicts"]
    assert {r["cluster"] for r in rows} == {"c1"} and rows[1]["conflicts"].startswith("passengers:")
    assert rows[0]["url"] == "https://gazette.example/ferries" and rows[1]["url"] == ""


def test_a_new_format_is_one_registration(lib):
    reports.register("tsv", lambda report: "\n".join("\t".join(str(r[c]) for c in report.columns) for r in report.rows), ".tsv")
    try:
        assert "tsv" in reports.formats()
        assert render("tsv", results_report(lib, "", ["bridge"])).startswith("1\t2026-03-12\tRiver Post")
    finally:
        reports.unregister("tsv")
    with pytest.raises(ExportError, match="unknown export format 'tsv'"):
        render("tsv", results_report(lib, "", ["bridge"]))
    folder = Path(reports.__file__).parent
    assert {"md", "csv"} <= set(reports.formats()) and (folder / "markdown.py").exists() and (folder / "csv.py").exists()


def test_writing_never_replaces_a_file_without_force(tmp_path):
    target = tmp_path / "out" / "results.md"
    assert write_new(target, "one") == target and target.read_text() == "one"
    with pytest.raises(ExportError, match="already exists"):
        write_new(target, "two")
    assert target.read_text() == "one"
    write_new(target, "three", force=True)
    assert target.read_text() == "three"
    with pytest.raises(ExportError, match="is a folder"):
        write_new(tmp_path, "x")
    assert [p.name for p in target.parent.iterdir()] == ["results.md"]  # no temporary file left behind
    assert default_name("search", ".md", "Ferry & winter!").startswith("search-ferry-winter-")


def test_an_unwritable_place_is_one_line(tmp_path):
    not_a_folder = write(tmp_path / "notes.txt", "a file, not a folder")  # unwritable even for root
    with pytest.raises(ExportError, match="cannot write to"):
        write_new(not_a_folder / "a.md", "x")
    assert not_a_folder.read_text() == "a file, not a folder"


# -- the command line ------------------------------------------------------------------------
def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_exports_search_results_to_stdout_and_a_file(capsys, corpus, tmp_path):
    code, out, _ = run(capsys, "export", "search", "winter", "--path", str(corpus))
    assert code == 0 and out.startswith("# Search results for 'winter'") and "harbour" in out
    target = tmp_path / "found.csv"
    code, out, err = run(capsys, "export", "search", "winter", "--path", str(corpus), "-o", str(target))
    assert code == 0 and out == "" and err.strip() == f"wrote 2 results listed to {target}"
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert {r["article"] for r in rows} == {"harbour", "bridge"}
    # An existing file is kept, with one line saying so; --force replaces it.
    code, _, err = run(capsys, "export", "search", "ferry", "--path", str(corpus), "-o", str(target))
    assert code == 2 and err.count("\n") == 1 and "already exists" in err and "--force" in err
    assert len(list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))) == 2
    code, _, _ = run(capsys, "export", "search", "ferry", "--path", str(corpus), "-o", str(target), "--force")
    assert code == 0 and [r["article"] for r in csv.DictReader(io.StringIO(target.read_text(encoding="utf-8")))] == ["harbour"]


@pytest.mark.parametrize("args, message", [
    (["search", "zzqxv"], "error: nothing to export: no results for 'zzqxv'"),
    (["search", "winter", "--format", "pdf"], "error: unknown export format 'pdf' (known: csv, md)"),
    (["search", "winter", "-o", "out.pdf"], "error: cannot tell the format from 'out.pdf'; pass --format (csv, md)"),
    (["search", "date:[2026-01-01 TO"], "error: "),
])
def test_cli_bad_input_is_one_line(capsys, corpus, args, message):
    code, out, err = run(capsys, "export", *args, "--path", str(corpus))
    assert code == 2 and out == ""
    assert err.startswith(message) and err.count("\n") == 1, err


def test_cli_unwritable_path_is_one_line(capsys, corpus, tmp_path):
    not_a_folder = write(tmp_path / "notes.txt", "a file")
    code, _, err = run(capsys, "export", "search", "winter", "--path", str(corpus), "-o", str(not_a_folder / "x.md"))
    assert code == 2 and err.startswith("error: cannot write") and err.count("\n") == 1


def test_cli_exports_the_claims_board(capsys, tmp_path):
    target = tmp_path / "board.md"
    code, _, err = run(capsys, "export", "board", "-o", str(target))
    assert code == 0 and "claims made by several outlets" in err
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Claims board") and "## " in text and "| date | outlet | claim | url | article | score |" in text
