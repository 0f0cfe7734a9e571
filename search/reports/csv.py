"""CSV: one row per listed article or board claim; the board's rows repeat their cluster's columns."""

from __future__ import annotations

import csv
import io

NAME = "csv"
SUFFIX = ".csv"
DESCRIPTION = "one row per result or claim"

# A cell a spreadsheet would run as a formula starts with one of these: article text is data.
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def render(report) -> str:
    out = io.StringIO()
    fields = [*report.section_columns, *report.columns]
    writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in report.rows:
        writer.writerow({name: _safe(row.get(name, "")) for name in fields})
    return out.getvalue()


def _safe(value):
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value
