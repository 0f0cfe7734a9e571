"""CSV: one row per annotation with where it sits now (``placed``: exact, moved, fuzzy or orphan)."""

from __future__ import annotations

import csv
import io

from . import ROW_FIELDS

NAME = "csv"
DESCRIPTION = "one row per annotation, tags joined by ';'"


def export(source) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=ROW_FIELDS, extrasaction="ignore")
    writer.writeheader()
    for row in source.rows:
        writer.writerow({**row, "tags": ";".join(row["tags"])})
    return out.getvalue()
