"""Export rows as CSV, shared by the API, the CLI and the dashboard."""

from __future__ import annotations

import csv
import io
from typing import Any


#: What a spreadsheet takes for the start of a formula (or a cell break), when a cell begins with it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A cell a spreadsheet shows as text: one that would start a formula gets a leading ``'``
    (M3: a participant's "=HYPERLINK(...)" must not run when the export is opened)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def rows_to_csv(rows: list[dict[str, Any]]) -> str:
    """Export rows as CSV; list answers become ``a; b; c``, and no cell can start a formula."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["session", "activity", "kind", "skipped", "value", "text_withheld", "moderation"])
    writer.writeheader()
    for row in rows:
        value = row["value"]
        flat = {**row, "value": "; ".join(map(str, value)) if isinstance(value, list) else value}
        writer.writerow({name: safe_cell(cell) for name, cell in flat.items()})
    return out.getvalue()
