"""``newsdesk meta``: corrections from the command line, written to catalog.yaml; bad input writes nothing."""

from __future__ import annotations

import shutil

from search.errors import load_yaml
from tui.cli import main

from .conftest import ANALYSIS_CACHE

TARGET = "004_6decb479083189bf"


def test_meta_writes_the_catalog_and_prints_the_new_values(seeds_copy, warm_analysis_cache, isolated_home, capsys):
    shutil.copy2(warm_analysis_cache, isolated_home / ANALYSIS_CACHE)
    catalog = seeds_copy / "catalog.yaml"
    before = catalog.read_text(encoding="utf-8")
    assert main(["meta", TARGET, str(seeds_copy), "--outlet", "Desk Wire", "--date", "2025-02-03"]) == 0
    out = capsys.readouterr().out
    assert out.strip() == f"{TARGET}\t2025-02-03\tDesk Wire\t" + out.strip().split("\t")[3]
    text = catalog.read_text(encoding="utf-8")
    assert text.startswith(before)  # the seeds' own comments and entries kept
    assert load_yaml(text, dates=False)[f"{TARGET}.txt"] == {"source": "Desk Wire", "date": "2025-02-03"}
    assert main(["search", 'source:"desk wire"', "--path", str(seeds_copy), "--json"]) == 0
    assert TARGET in capsys.readouterr().out


def test_meta_refuses_bad_input_and_unknown_ids_writing_nothing(seeds_copy, capsys):
    catalog = seeds_copy / "catalog.yaml"
    before = catalog.read_bytes()
    assert main(["meta", TARGET, str(seeds_copy), "--date", "3 Feb"]) == 1
    assert "is not a date in YYYY-MM-DD form" in capsys.readouterr().err
    assert main(["meta", TARGET, str(seeds_copy), "--title", " "]) == 1
    assert "the title cannot be empty" in capsys.readouterr().err
    assert main(["meta", "no-such-id", str(seeds_copy), "--title", "X"]) == 2
    assert "no article with id" in capsys.readouterr().err
    assert main(["meta", TARGET, str(seeds_copy)]) == 2
    assert catalog.read_bytes() == before
