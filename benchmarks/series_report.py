"""Benchmark: how long the series report takes for 6 sessions of 60 participants.

Makes the generated example series (``huddle.analysis.example_series``: the six modules in order,
60 made-up people each answering the measures with pairing codes, the then-and-now ratings, the
rating scales and the feedback through the real ``Service`` over SQLite in a temporary folder,
plus a four-week check-in), then times the report end to end: ``load_series`` (pandas) and
``series_report_html`` (the summary, every chart drawn, the page rendered). Prints one JSON line.

    .venv/bin/python benchmarks/series_report.py [--sessions 6] [--participants 60] [--out report.html]

Target (issue 15): under 5 s.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from huddle.analysis import example_series, load_series, series_report_html
from huddle.store import open_store


def run(sessions: int, participants: int, out: Path | None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="huddle-series-bench-") as folder:
        name = example_series(Path(folder) / "data", sessions=sessions, participants=participants)
        store = open_store(Path(folder) / "data")
        began = time.perf_counter()
        series = load_series(store, name)
        loaded = time.perf_counter()
        html = series_report_html(series, 5)
        seconds = time.perf_counter() - began
        answers = len(series.answers)
        store.close()
    if out:
        out.write_text(html, encoding="utf-8")
    return {
        "sessions": sessions,
        "participants": participants,
        "answers": answers,
        "load_seconds": round(loaded - began, 3),
        "seconds": round(seconds, 3),
        "html_bytes": len(html.encode()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=6, help="module sessions (2 to 6)")
    parser.add_argument("--participants", type=int, default=60)
    parser.add_argument("--out", type=Path, help="also save the report here")
    args = parser.parse_args()
    print(json.dumps(run(args.sessions, args.participants, args.out)))


if __name__ == "__main__":
    main()
