"""The command line: search output for people and for scripts, indexing, errors."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from tui.cli import main

from .conftest import write


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_search_json(capsys):
    code, out, _ = run(capsys, "search", "sacred mission", "--json", "--limit", "2")
    assert code == 0
    data = json.loads(out)
    assert data["query"] == "sacred mission" and data["total"] == 3
    assert len(data["results"]) == 2
    first = data["results"][0]
    assert set(first) == {"id", "title", "source", "date", "score", "snippet"}
    assert first["id"] == "003_05f515925bae56c5" and first["source"] == "TASS" and first["date"] == "2025-04-28"
    assert "sacred mission" in first["snippet"]


def test_search_text_output(capsys):
    code, out, _ = run(capsys, "search", "source:tass")
    assert code == 0
    assert "1 result for 'source:tass'" in out
    assert "2025-04-28 · TASS · 003_05f515925bae56c5" in out


def test_search_suggestion(capsys):
    code, out, _ = run(capsys, "search", "kurks")
    assert code == 0 and "no results for 'kurks'; did you mean: kursk" in out


def test_search_bad_query_exits_2_with_one_line(capsys):
    code, out, err = run(capsys, "search", "author:smith")
    assert code == 2 and out == ""
    assert err.strip().startswith("error: unknown field 'author'") and err.count("\n") == 1


def test_search_bad_limit(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["search", "kursk", "--limit", "0"])
    assert exit_info.value.code == 2
    assert "must be 1 or more" in capsys.readouterr().err


def test_search_a_given_folder_and_report_skipped_files(capsys, tmp_path):
    write(tmp_path / "a.txt", "Quokkas are marsupials. They smile.")
    write(tmp_path / "b.txt", b"\x00binary")
    code, out, err = run(capsys, "search", "quokkas", "--json", "--path", str(tmp_path))
    assert code == 0 and json.loads(out)["results"][0]["id"] == "a"
    assert "b.txt: binary file" in err


@pytest.mark.usefixtures("seeds_analysed")  # the analysis comes from the cache; the model is not the subject
def test_index_command_reports_what_it_did(capsys, seeds_copy):
    code, _, err = run(capsys, "index", str(seeds_copy))
    assert code == 0 and "indexed 5 articles (new index)" in err
    code, _, err = run(capsys, "index", str(seeds_copy))
    assert "index up to date (5 articles)" in err


def test_index_nothing_loadable(capsys, tmp_path):
    code, _, err = run(capsys, "index", str(tmp_path / "missing"))
    assert code == 2
    assert "no such file or folder" in err and "error: no articles could be loaded" in err


def test_index_dir_option(capsys, seeds_copy, tmp_path):
    code, _, err = run(capsys, "index", str(seeds_copy), "--index-dir", str(tmp_path / "ix"))
    assert code == 0 and str(tmp_path / "ix") in err


def test_version_and_help(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0 and capsys.readouterr().out.startswith("newsdesk ")
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "newsdesk search QUERY" in out and "newsdesk index" in out


def test_opening_nothing_loadable_is_a_clear_error(capsys, tmp_path):
    code, _, err = run(capsys, str(tmp_path / "nowhere"))
    assert code == 2 and "no articles could be loaded" in err


@pytest.mark.skipif(shutil.which("newsdesk") is None and not (os.path.dirname(sys.executable) and os.path.exists(os.path.join(os.path.dirname(sys.executable), "newsdesk"))), reason="newsdesk is not installed as a command")
def test_installed_command_works_from_any_directory(tmp_path):
    command = os.path.join(os.path.dirname(sys.executable), "newsdesk")
    if not os.path.exists(command):
        command = shutil.which("newsdesk")
    env = {**os.environ, "NEWSDESK_HOME": str(tmp_path / "home")}
    done = subprocess.run([command, "search", "kursk", "--json"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["total"] == 5


def test_search_piped_output_is_plain_and_unwrapped(capsys, monkeypatch):
    # A pipe (capsys is not a terminal) gets one unstyled line per field, however
    # long: a script's grep sees each title and snippet whole.
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    code, out, _ = run(capsys, "search", "sacred mission", "--limit", "1")
    assert code == 0 and "\x1b[" not in out
    lines = out.splitlines()
    assert lines[0].endswith("for 'sacred mission'")
    assert lines[1].startswith(" 1. ") and lines[2].startswith("    ") and " · score " in lines[2]
    assert "sacred mission" in lines[3] and len(lines) == 4


def test_search_forced_colour_draws_styled_results(capsys, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    code, out, _ = run(capsys, "search", "source:tass")
    assert code == 0 and "\x1b[" in out
    assert "1 result for 'source:tass'" in out
