"""Reading the join parameters from the page's query string (Voila puts it in QUERY_STRING)."""

from __future__ import annotations

import os
from urllib.parse import parse_qs


def join_params(query: str | None = None) -> dict[str, str]:
    """``{"code": ..., "server": ...}`` from the query string; Jupyter's ``token=`` is ignored."""
    raw = os.environ.get("QUERY_STRING", "") if query is None else query
    parsed = parse_qs(raw.lstrip("?"), keep_blank_values=False)
    return {name: values[-1].strip() for name, values in parsed.items() if name in ("code", "server") and values}
