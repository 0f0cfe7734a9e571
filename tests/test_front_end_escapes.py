"""Part D of the reliability issue for the front ends: nothing from outside (a file or
folder name, a path, a load warning, an annotation note) reaches the terminal with
its escape sequences, whether printed by the command line or shown by the app."""

from __future__ import annotations

import io
import json

from rich.console import Console

from tui.cli import main

from .conftest import write
from .scenarios import make_app, settle, warm_analysis_cache, warm_home  # noqa: F401 - fixtures

TITLE = "\x1b]0;evil\x07"  # sets the terminal's title
CLIPBOARD = "\x1b]52;c;ZXZpbA==\x07"  # writes the clipboard
CSI = "\x1b[2J"  # clears the screen


def hostile_corpus(base):
    folder = base / f"news{TITLE}{CLIPBOARD}"
    write(folder / f"kursk{TITLE}.txt", "Kursk report. Troops in Kursk said the bridge was hit.")
    write(folder / f"second{CLIPBOARD}{CSI}.txt", "Another Kursk story. The mayor of Kursk spoke.")
    write(folder / f"broken{TITLE}.txt", b"\x00\x01 not text")
    return folder


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out + err


def test_search_and_analyze_print_no_escape_sequences(capsys, tmp_path):
    folder = hostile_corpus(tmp_path)
    code, output = run(capsys, "search", "kursk", "--path", str(folder))
    assert code == 0 and "2 results for 'kursk'" in output and "broken" in output
    assert "\x1b" not in output and "\x07" not in output
    code, output = run(capsys, "analyze", str(folder))
    assert code == 0 and "Kursk" in output
    assert "\x1b" not in output and "\x07" not in output
    code, output = run(capsys, "analyze", "--json", str(folder))
    assert code == 0 and "\x1b" not in output and all(json.loads(line) for line in output.splitlines() if line.startswith("{"))


def test_errors_and_index_reports_print_no_escape_sequences(capsys, tmp_path):
    folder = hostile_corpus(tmp_path)
    code, output = run(capsys, "index", str(folder / f"missing{TITLE}"))
    assert code == 2 and "no articles could be loaded" in output
    assert "\x1b" not in output and "\x07" not in output
    code, output = run(capsys, "index", str(folder), "--index-dir", str(tmp_path / f"ix{CLIPBOARD}"))
    assert code == 0 and "indexed 2 articles" in output
    assert "\x1b" not in output and "\x07" not in output


async def test_the_apps_info_tab_and_load_problems_show_no_escape_sequences(tmp_path):
    folder = hostile_corpus(tmp_path)
    app = make_app([folder])
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        console = Console(width=300, record=True, file=io.StringIO(), force_terminal=False)
        console.print(app.query_one("#info").content)
        shown = console.export_text()
        assert "Load problems" in shown and "broken" in shown and "annotations.yaml" in shown
        assert "\x1b" not in shown and "\x07" not in shown
        for option in app.query_one("#articles").options:
            assert "\x1b" not in option.prompt.plain
        assert all("\x1b" not in notice for notice in app.notices)
