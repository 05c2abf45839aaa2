"""Export rows as CSV, shared by the API, the CLI and the dashboard."""

from __future__ import annotations

import csv
import io
from typing import Any


def rows_to_csv(rows: list[dict[str, Any]]) -> str:
    """Export rows as CSV; list answers become ``a; b; c``."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["session", "activity", "kind", "skipped", "value", "text_withheld", "moderation"])
    writer.writeheader()
    for row in rows:
        value = row["value"]
        writer.writerow({**row, "value": "; ".join(map(str, value)) if isinstance(value, list) else value})
    return out.getvalue()
