"""The series report (one self-contained HTML file), and the same figures as tables and charts
for a notebook.

Everything is built from ``summary`` alone, so the report can show nothing the summary hides
(P3). The page is rendered by Jinja2 with autoescaping on, so a workshop title, a series name or
an option label appears as text, never as markup; charts are inline PNG ``data:`` images, each
with its numbers as alt text and as a table, so the file makes no request when opened.
"""

from __future__ import annotations

import time
from datetime import datetime
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping

import jinja2
import pandas as pd

from .. import __version__
from ..model import effective_k, get_kind
from ._shapes import ItemEntry, Summary
from .figures import Chart, item_chart, measure_chart, participation_chart, retrospective_chart
from .load import Series
from .summary import summary


@lru_cache(maxsize=None)
def _template(name: str) -> jinja2.Template:
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return environment.from_string((resources.files(__package__) / "templates" / name).read_text(encoding="utf-8"))


def kind_label(name: str) -> str:
    """A kind in plain words (its ``Kind.label``), readable even for a kind since retired."""
    kind = get_kind(name)
    return kind.label if kind else name.replace("_", " ").capitalize()


def long_date(value: str) -> str:
    """An ISO timestamp as a date a person reads ("12 March 2027")."""
    try:
        parsed = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return value or ""
    return f"{parsed.day} {parsed:%B %Y}"


def _count(value: int | None, k: int) -> str:
    """A count as the report writes it: the number, or "fewer than k" (never the number)."""
    return f"fewer than {k}" if value is None else str(value)


def _value(value: float | None, k: int) -> str:
    return f"not shown (fewer than {k})" if value is None else f"{value:g}"


def _chart_view(chart: Chart | None) -> dict[str, Any] | None:
    if chart is None:
        return None
    return {"src": chart.data_uri, "alt": chart.alt, "headings": chart.headings, "rows": chart.rows}


def _item_view(item: ItemEntry, chart: Chart | None, k: int) -> dict[str, Any]:
    view: dict[str, Any] = {"prompt": item["prompt"], "kind": kind_label(item["kind"]), "suppressed": item["suppressed"], "chart": None, "counts": ""}
    if item["suppressed"]:
        return view
    counts = [f"{item['count']} answers"]
    counts.append(f"{item['skipped']} skipped" if item["skipped"] is not None else f"fewer than {k} skipped")
    view["counts"] = " · ".join(counts)
    view["chart"] = _chart_view(chart)
    return view


def _charts(found: Summary, series: Series) -> dict[str, list[Chart]]:
    k = found["k"]
    learning = found["learning"]
    drawn: dict[str, list[Chart | None]] = {
        "participation": [participation_chart(found["participation"], k)],
        "reaction": [
            item_chart(item, series.workshops[s["code"]].activity(item["activity"]), f"item-{s['code']}-{item['activity']}")  # type: ignore[arg-type]
            for s in found["reaction"]["sessions"] for item in s["items"]
        ],
        "learning": [measure_chart(m, k) for m in learning["measures"]] + [retrospective_chart(r, k) for r in learning["retrospective"]],
        "behaviour": [
            item_chart(item, series.workshops[c["sessions"][-1]].activity(item["activity"]), f"item-{c['workshop']}-{item['activity']}")  # type: ignore[arg-type]
            for c in found["behaviour"]["checkins"] for item in c["items"]
        ],
    }
    return {section: [c for c in listed if c is not None] for section, listed in drawn.items()}


def charts(series: Series, k: int) -> dict[str, list[Chart]]:
    """Every chart of the report, by level ("participation", "reaction", "learning",
    "behaviour"); each ``Chart`` shows itself in Jupyter and carries its alt text and table."""
    return _charts(summary(series, k), series)


def tables(series: Series, k: int) -> dict[str, pd.DataFrame]:
    """The summary's figures as small DataFrames for a notebook, suppressed as the report is
    (a hidden figure reads "fewer than k"): "participation", "measures", "retrospective",
    "repeated", "reaction" and "behaviour"."""
    found = summary(series, k)
    k = found["k"]
    participation = pd.DataFrame(
        [(s["title"], s["created_at"][:10], s["code"], "follow-up" if s["follow_up"] else "module", _count(s["participants"], k))
         for s in found["participation"]["sessions"]],
        columns=["session", "date", "code", "type", "participants"],
    )
    measures = pd.DataFrame(
        [
            (m["name"], _count(m["pre"]["n"], k), _value(m["pre"]["mean"], k), _count(m["post"]["n"], k), _value(m["post"]["mean"], k),
             _count(m["paired"]["n"], k), _value(m["paired"]["mean_change"], k),
             f"{m['paired']['ci95'][0]:g} to {m['paired']['ci95'][1]:g}" if m["paired"]["ci95"] else "not shown",
             _value(m["paired"]["d_z"], k) if m["paired"]["shown"] else "not shown")
            for m in found["learning"]["measures"]
        ],
        columns=["instrument", "before n", "before mean", "after n", "after mean", "pairs", "mean change", "95% CI", "d_z"],
    )
    retrospective = pd.DataFrame(
        [(r["title"], i["text"], _count(i["n"], k), _value(i["before"], k), _value(i["now"], k), _value(i["change"], k))
         for r in found["learning"]["retrospective"] for i in r["items"]],
        columns=["session", "item", "people", "before", "now", "change"],
    )
    repeated = pd.DataFrame(
        [(r["prompt"], s["title"], s["created_at"][:10], _count(s["n"], k), _value(s["mean"], k))
         for r in found["learning"]["repeated"] for s in r["sessions"]],
        columns=["question", "session", "date", "answers", "mean"],
    )

    def items(groups: list[Any], name: str) -> pd.DataFrame:
        rows = []
        for group in groups:
            for item in group["items"]:
                rows.append((group["title"], item["prompt"], _count(item["count"], k)))
        return pd.DataFrame(rows, columns=[name, "question", "answers"])

    return {
        "participation": participation,
        "measures": measures,
        "retrospective": retrospective,
        "repeated": repeated,
        "reaction": items(found["reaction"]["sessions"], "session"),
        "behaviour": items(found["behaviour"]["checkins"], "check-in"),
    }


def _measure_view(measure: Mapping[str, Any], chart: Chart | None, k: int) -> dict[str, Any]:
    paired = measure["paired"]
    low_high = measure["range"]
    if paired["shown"]:
        lo, hi = paired["ci95"]
        paired_text = (
            f"{paired['n']} people gave the same pairing code before and after. Their mean change (after minus before) "
            f"was {paired['mean_change']:g} points, 95% confidence interval {lo:g} to {hi:g}"
            + (f", effect size d_z = {paired['d_z']:g}." if paired["d_z"] is not None else "; the changes did not vary, so there is no effect size.")
        )
    else:
        paired_text = (
            f"Fewer than {k} people gave the same pairing code before and after, so no paired change is shown; "
            "the before and after means below come from different, partly overlapping groups."
        )
    return {
        "name": measure["name"], "instrument": measure["instrument"], "citation": measure["citation"], "licence": measure["licence"],
        "rule": measure["rule"], "higher_means": measure["higher_means"], "not_a_diagnosis": measure["not_a_diagnosis"],
        "range": f"{low_high[0]:g} to {low_high[1]:g}" if low_high else "", "paired_shown": paired["shown"], "paired_text": paired_text,
        "chart": _chart_view(chart),
        "rows": [
            ("Before", _count(measure["pre"]["n"], k), _value(measure["pre"]["mean"], k), _value(measure["pre"]["sd"], k)),
            ("After", _count(measure["post"]["n"], k), _value(measure["post"]["mean"], k), _value(measure["post"]["sd"], k)),
        ],
    }


def series_report_html(series: Series, k: int, *, generated: str | None = None) -> str:
    """The series report as one self-contained HTML document, by Kirkpatrick level.

    ``k`` is the smallest group shown (as in ``summary``); ``generated`` is the moment printed
    as the report's date (now, by default).
    """
    found = summary(series, effective_k(k))
    k = found["k"]
    drawn = _charts(found, series)
    by_key = {chart.key: chart for listed in drawn.values() for chart in listed}
    sessions = found["participation"]["sessions"]
    learning = found["learning"]
    return _template("series-report.html.j2").render(
        version=__version__,
        name=found["series"],
        k=k,
        generated=generated or time.strftime("%d %B %Y, %H:%M"),
        first=long_date(sessions[0]["created_at"]) if sessions else "",
        last=long_date(sessions[-1]["created_at"]) if sessions else "",
        n=found["n"],
        attendances=_count(found["n"]["attendances"], k) if found["n"]["attendances"] is not None else "not shown",
        limits=found["limits"],
        not_a_diagnosis=found["not_a_diagnosis"],
        participation={
            "chart": _chart_view(by_key.get("participation")),
            "note": found["participation"]["note"],
            "rows": [(s["title"], long_date(s["created_at"]), s["code"], "Follow-up check-in" if s["follow_up"] else "Module",
                      _count(s["participants"], k)) for s in sessions],
        },
        reaction=[
            {"title": s["title"], "code": s["code"], "items": [_item_view(item, by_key.get(f"item-{s['code']}-{item['activity']}"), k) for item in s["items"]]}
            for s in found["reaction"]["sessions"]
        ],
        measures=[_measure_view(m, by_key.get(f"measure-{m['instrument']}"), k) for m in learning["measures"]],
        retrospective=[
            {"title": r["title"], "code": r["code"], "prompt": r["prompt"], "chart": _chart_view(by_key.get(f"retro-{r['code']}-{r['activity']}")),
             "rows": [(i["text"], _count(i["n"], k), _value(i["before"], k), _value(i["now"], k), _value(i["change"], k)) for i in r["items"]]}
            for r in learning["retrospective"]
        ],
        repeated=[
            {"prompt": r["prompt"], "scale": f"{r['min']} = {r['min_label']} to {r['max']} = {r['max_label']}",
             "rows": [(s["title"], long_date(s["created_at"]), _count(s["n"], k), _value(s["mean"], k)) for s in r["sessions"]]}
            for r in learning["repeated"]
        ],
        checkins=[
            {"title": c["title"], "sessions": len(c["sessions"]), "attendances": _count(c["attendances"], k),
             "items": [_item_view(item, by_key.get(f"item-{c['workshop']}-{item['activity']}"), k) for item in c["items"]]}
            for c in found["behaviour"]["checkins"]
        ],
    )


__all__ = ["charts", "series_report_html", "tables"]
