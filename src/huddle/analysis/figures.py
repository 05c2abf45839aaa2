"""The series report's charts, drawn from the summary alone (so they show nothing it hides).

As in ``huddle.reports.charts``, figures are built on ``matplotlib.figure.Figure`` with an Agg
canvas attached by hand, never through pyplot, so nothing global is left open. Every chart comes
with the same numbers as words (``alt``) and as a table, suppressed in the same way. A choice-like
feedback or check-in item is drawn by the session report's own chart code, so it looks the same.
"""

from __future__ import annotations

import base64
import io
import textwrap
from dataclasses import dataclass
from typing import Any, Mapping

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ..model import Activity
from ..reports.charts import ACCENT, AXIS, INK, SOFT, chart_png, chart_summary, chart_table
from .summary import Measure, Participation, Retrospective

BEFORE = "#9aa9b4"  # a pale grey-blue: "before" reads as the quieter of the two
WIDTH, DPI = 6.4, 100
FONT, SMALL = 12.0, 10.5
LEFT = 2.7  # inches kept for the labels: two lines of about 30 characters
ROW = 0.55  # inches per bar or item


@dataclass(frozen=True)
class Chart:
    """One drawn chart and its text equivalents. Shown as a picture in Jupyter."""

    key: str
    title: str
    png: bytes
    alt: str
    headings: tuple[str, ...]
    rows: list[tuple[str, ...]]

    @property
    def data_uri(self) -> str:
        """The PNG as a ``data:`` address for an ``<img>``."""
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")

    def _repr_png_(self) -> bytes:
        return self.png


def _figure(height: float) -> Figure:
    # Margins are set by hand (``_axes``), not by constrained layout: laying out is most of the
    # time a chart takes, and these charts all have the same shape.
    figure = Figure(figsize=(WIDTH, height), dpi=DPI, facecolor="white")
    FigureCanvasAgg(figure)
    return figure


def _axes(figure: Figure, top: float, height: float, *, left: float = LEFT, right: float = 0.75) -> Any:
    """Axes ``height`` inches tall whose top is ``top`` inches below the figure's top, with
    ``left`` inches for the labels and ``right`` for the values written after the bars."""
    total_w, total_h = figure.get_size_inches()
    return figure.add_axes((left / total_w, 1 - (top + height) / total_h, (total_w - left - right) / total_w, height / total_h))


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, facecolor="white", metadata={"Software": None})
    return buffer.getvalue()


def _label(text: str, width: int = 34) -> str:
    # "$" would start matplotlib's mathematics; workshop titles are not formulas.
    lines = textwrap.wrap(" ".join(str(text).split()), width) or [""]
    if len(lines) > 2:
        lines = [lines[0], lines[1][: width - 1].rstrip() + "…"]
    return "\n".join(lines).replace("$", r"\$")


def _quiet(axes: Any, *, keep: str = "left") -> None:
    for side in ("top", "right", "bottom", "left"):
        axes.spines[side].set_visible(side == keep)
    axes.spines[keep].set_color(AXIS)
    axes.tick_params(length=0, labelsize=SMALL, colors=INK)


def _number(value: float) -> str:
    return f"{value:g}"


def participation_chart(participation: Participation, k: int) -> Chart | None:
    """People who joined each session, one bar each; a session below k has no bar, only words."""
    sessions = participation["sessions"]
    if not sessions:
        return None
    labels = [_label(f"{s['title']} ({s['created_at'][:10]})") for s in sessions]
    values = [s["participants"] for s in sessions]
    figure = _figure(ROW * len(sessions) + 0.3)
    axes = _axes(figure, 0.15, ROW * len(sessions))
    positions = list(range(len(sessions)))
    axes.barh(positions, [v or 0 for v in values], height=0.62, color=ACCENT, zorder=2)
    axes.set_yticks(positions, labels=labels)
    axes.set_ylim(len(sessions) - 0.5, -0.5)
    top = max([v or 0 for v in values] + [k])
    axes.set_xlim(0, top * 1.25)
    for position, value in zip(positions, values):
        text = str(value) if value is not None else f"fewer than {k}"
        axes.annotate(text, (value or 0, position), xytext=(5, 0), textcoords="offset points", va="center",
                      fontsize=SMALL, fontweight="bold" if value is not None else "normal", color=INK if value is not None else SOFT)
    _quiet(axes)
    axes.xaxis.set_visible(False)
    rows = [(f"{s['title']} ({s['created_at'][:10]})", str(v) if v is not None else f"fewer than {k}") for s, v in zip(sessions, values)]
    alt = "People who joined each session: " + "; ".join(f"{label}: {value}" for label, value in rows) + "."
    return Chart("participation", "People who joined each session", _png(figure), alt, ("Session", "People who joined"), rows)


def _fmt(value: float | None, k: int, what: str = "") -> str:
    return f"{value:g}" if value is not None else f"not shown (fewer than {k}{what})"


def measure_chart(measure: Measure, k: int) -> Chart | None:
    """Before and after means on the instrument's range, and the paired change with its 95 %
    confidence interval; only the figures the summary shows. None when it shows none."""
    pre, post, paired = measure["pre"], measure["post"], measure["paired"]
    means = [(label, phase) for label, phase in (("Before", pre), ("After", post)) if phase["mean"] is not None]
    if not means and not paired["shown"]:
        return None
    means_h, paired_h, title_h, axis_h = ROW * len(means), 0.7, 0.55, 0.45
    height = (title_h + means_h + axis_h if means else 0) + (title_h + paired_h + axis_h if paired["shown"] else 0) + 0.1
    figure = _figure(height)
    low, high = measure["range"] or [0.0, max(p["mean"] for _, p in means) if means else 1.0]
    top = title_h
    if means:
        axes = _axes(figure, top, means_h, left=1.3)
        top += means_h + axis_h + title_h
        positions = list(range(len(means)))
        axes.barh(positions, [p["mean"] - low for _, p in means], left=low, height=0.55,
                  color=[BEFORE if label == "Before" else ACCENT for label, _ in means], zorder=2)
        axes.set_yticks(positions, labels=[f"{label}\n(n = {p['n']})" for label, p in means])
        axes.set_ylim(len(means) - 0.5, -0.5)
        axes.set_xlim(low, high)
        axes.set_xticks([low, high], labels=[_number(low), _number(high)])
        for position, (_, phase) in zip(positions, means):
            axes.annotate(f"{phase['mean']:g}", (phase["mean"], position), xytext=(-5, 0), textcoords="offset points",
                          ha="right", va="center", fontsize=SMALL, fontweight="bold", color="white")
        axes.set_title(f"Average score (range {_number(low)} to {_number(high)})", loc="left", fontsize=SMALL, color=SOFT)
        _quiet(axes, keep="bottom")
    if paired["shown"]:
        axes = _axes(figure, top, paired_h, left=1.3)
        lo, hi = paired["ci95"] or [paired["mean_change"]] * 2
        axes.errorbar([paired["mean_change"]], [0], xerr=[[paired["mean_change"] - lo], [hi - paired["mean_change"]]],
                      fmt="o", color=ACCENT, ecolor=INK, elinewidth=2, capsize=6, markersize=9, zorder=3)
        span = max(abs(lo), abs(hi), 0.1) * 1.4
        axes.axvline(0, color=SOFT, linewidth=1, linestyle="--", zorder=1)
        axes.set_xlim(-span, span)
        axes.set_yticks([0], labels=[f"Paired change\n(n = {paired['n']})"])
        axes.set_ylim(-0.8, 0.8)
        axes.set_title(f"Mean change (after minus before) with its 95% confidence interval:\n{paired['mean_change']:g} ({lo:g} to {hi:g})",
                       loc="left", fontsize=SMALL, color=SOFT)
        _quiet(axes, keep="bottom")
    rows = [
        ("Before: answers scored", _fmt(pre["n"], k)), ("Before: mean", _fmt(pre["mean"], k, " answers")),
        ("After: answers scored", _fmt(post["n"], k)), ("After: mean", _fmt(post["mean"], k, " answers")),
        ("Pairs", _fmt(paired["n"], k)),
    ]
    if paired["shown"]:
        lo, hi = paired["ci95"] or [None, None]
        rows += [("Paired mean change", f"{paired['mean_change']:g}"), ("95% confidence interval", f"{lo:g} to {hi:g}"),
                 ("Effect size d_z", _fmt(paired["d_z"], k) if paired["d_z"] is not None else "not defined (no spread in the changes)")]
    alt = f"{measure['name']}: " + "; ".join(f"{label}: {value}" for label, value in rows) + "."
    return Chart(f"measure-{measure['instrument']}", measure["name"], _png(figure), alt, ("Figure", "Value"), rows)


def retrospective_chart(retro: Retrospective, k: int) -> Chart | None:
    """Each rated item's mean before and now (1-5), as two dots joined by an arrow; items below
    k are left out of the picture and said to be hidden in the table."""
    items = retro["items"]
    drawn = [i for i in items if i["before"] is not None and i["now"] is not None]
    rows = [
        (i["text"], _fmt(i["before"], k, " ratings"), _fmt(i["now"], k, " ratings"), _fmt(i["n"], k))
        for i in items
    ]
    if not drawn:
        return None
    figure = _figure(ROW * len(drawn) + 0.9)
    axes = _axes(figure, 0.4, ROW * len(drawn) + 0.1, right=0.3)
    for position, item in enumerate(drawn):
        axes.annotate("", xy=(item["now"], position), xytext=(item["before"], position),
                      arrowprops={"arrowstyle": "-|>", "color": ACCENT, "linewidth": 2, "shrinkA": 5, "shrinkB": 5})
        axes.plot([item["before"]], [position], "o", color=BEFORE, markersize=9, zorder=3)
        axes.plot([item["now"]], [position], "o", color=ACCENT, markersize=9, zorder=3)
    axes.set_yticks(range(len(drawn)), labels=[_label(i["text"], 30) for i in drawn])
    axes.set_ylim(len(drawn) - 0.5, -0.6)
    axes.set_xlim(0.8, 5.2)
    axes.set_xticks([1, 2, 3, 4, 5])
    axes.grid(axis="x", color=AXIS, linewidth=0.6, zorder=0)
    axes.set_title("Grey dot: before · green dot: now (1 to 5)", loc="left", fontsize=SMALL, color=SOFT)
    _quiet(axes, keep="bottom")
    alt = "Average self-rating before and now, 1 to 5: " + "; ".join(
        f"{text}: before {before}, now {now}" for text, before, now, _ in rows
    ) + "."
    return Chart(f"retro-{retro['code']}-{retro['activity']}", retro["prompt"], _png(figure), alt, ("Item", "Before", "Now", "People"), rows)


def item_chart(item: Mapping[str, Any], activity: Activity, key: str) -> Chart | None:
    """A feedback or check-in item, drawn by the session report's chart code from its tally."""
    entry = {**item, "id": item["activity"]}
    png = chart_png(entry, activity, width=WIDTH, dpi=DPI, show_prompt=False, show_counts=False)
    if png is None:
        return None
    table = chart_table(entry, activity)
    headings, rows = table if table else (("Answer", "People"), [])
    return Chart(key, activity.prompt, png, chart_summary(entry, activity), tuple(headings), [tuple(r) for r in rows])


__all__ = ["Chart", "item_chart", "measure_chart", "participation_chart", "retrospective_chart"]
