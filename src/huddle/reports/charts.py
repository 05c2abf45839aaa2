"""One activity's tally drawn as a PNG chart, for reports and for the projector.

Figures are built on ``matplotlib.figure.Figure`` with an Agg canvas attached by hand, never
through pyplot: there is no global figure registry and no GUI backend, so charts can be drawn
from several threads at once and nothing is left open afterwards.

Only what the tally already shows is drawn (it is k-suppressed by the core, P3): counts hidden
as ``None`` are left out, a merged bucket is one grey bar, and a suppressed entry has no chart.
"""

from __future__ import annotations

import base64
import io
import textwrap
from functools import lru_cache
from typing import Any, Callable, Mapping, Sequence

from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ft2font import FT2Font

from ..model import Activity
from ..model.kinds import get_kind

INK = "#1d2b36"  # the participant page's colours, so a chart looks like the rest of Huddle
SOFT = "#50616e"
ACCENT = "#0b6e72"
MERGED = "#9aa8b2"
AXIS = "#cfd8de"
FONT = 15.0  # points: large enough to read from the back of a room
SMALL = 12.5
TOP_WORDS = 15
OTHER = "Other (combined)"

Row = tuple[str, float, str]  # label, value, colour
Drawer = Callable[[Mapping[str, Any], Activity, str | None, dict], Figure | None]  # entry, activity, title, size


# text ---------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _glyphs() -> frozenset[int]:
    """The characters the default font can draw (DejaVu Sans, bundled with matplotlib)."""
    return frozenset(FT2Font(font_manager.findfont(font_manager.FontProperties())).get_charmap())


def _clean(text: Any) -> str:
    """Text safe to draw: glyphs the font lacks (some emoji) dropped, spaces collapsed."""
    known = _glyphs()
    kept = "".join(ch if ch.isspace() or ord(ch) in known else " " for ch in str(text))
    return " ".join(kept.split())


def _literal(text: str) -> str:
    """Stop matplotlib reading "$...$" in participant or workshop text as mathematics."""
    return text.replace("$", r"\$")


def _wrap(text: Any, width: int, max_lines: int = 3) -> str:
    """Wrap a label over at most ``max_lines`` lines, ending with an ellipsis when cut."""
    cleaned = _clean(text)
    lines = textwrap.wrap(cleaned, max(8, width), break_long_words=True, break_on_hyphens=True) or [cleaned]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(1, width - 1)].rstrip() + "…"
    return _literal("\n".join(lines))


def _fill(note: str | None, width: float) -> str | None:
    """Wrap each line of a note to the figure's width (the note is Huddle's own text)."""
    if not note:
        return note
    chars = max(30, int(width * 9.6))
    return "\n".join(textwrap.fill(line, chars) for line in note.split("\n"))


def _note(lines: Sequence[str]) -> str | None:
    return "\n".join(line for line in lines if line) or None


def _counts(entry: Mapping[str, Any], size: Mapping[str, Any]) -> str:
    """Like "12 answers · 3 skipped"; empty when the page around the chart says it already."""
    return f"{_answers(entry['count'])} · {_skips(entry['skipped'])}" if size["counts"] else ""


def _lines(text: str) -> int:
    return text.count("\n") + 1


def _number(value: float) -> str:
    return f"{value:g}"


def _answers(count: Any) -> str:
    return f"{count} answer" + ("" if count == 1 else "s")


def _skips(skipped: Any, *, scale: bool = False) -> str:
    if scale:
        return f"{skipped} preferred not to say (not in the chart)"
    return f"{skipped} skipped"


# figure -------------------------------------------------------------------------------------


def _figure(width: float, height: float, dpi: int) -> Figure:
    figure = Figure(figsize=(width, height), dpi=dpi, facecolor="white", layout="constrained")
    FigureCanvasAgg(figure)
    figure.get_layout_engine().set(w_pad=0.08, h_pad=0.08)
    return figure


def _header_inches(title: str | None, note: str | None) -> float:
    inches = 0.25
    if title:
        inches += 0.3 * _lines(title) + 0.1
    if note:
        inches += 0.24 * _lines(note) + 0.15
    return inches


def _decorate(figure: Figure, title: str | None, note: str | None) -> None:
    if title:
        figure.suptitle(title, x=0.015, ha="left", fontsize=FONT + 1, fontweight="bold", color=INK)
    if note:
        figure.supxlabel(note, x=0.015, ha="left", fontsize=SMALL, color=SOFT)


def _quiet(axes: Any) -> None:
    """No box, no ticks: the numbers are written on the bars."""
    for side in ("top", "right", "bottom"):
        axes.spines[side].set_visible(False)
    axes.spines["left"].set_color(AXIS)
    axes.tick_params(length=0, pad=8)
    axes.xaxis.set_visible(False)


def _hbars(
    rows: Sequence[Row],
    *,
    title: str | None,
    note: str | None,
    shown: Callable[[float], str],
    width: float,
    height: float,
    dpi: int,
    top: float | None = None,
    counts: bool = True,
) -> Figure:
    """Horizontal bars, first row at the top, each with its value written at its end."""
    wrap = max(14, int(width * 3.9))
    note = _fill(note, width)
    labels = [_wrap(label, wrap) for label, _, _ in rows]
    rows_inches = sum(max(0.5, 0.27 * _lines(label) + 0.2) for label in labels)
    figure = _figure(width, max(height, rows_inches + _header_inches(title, note)), dpi)
    axes = figure.add_subplot()
    positions = list(range(len(rows)))
    values = [value for _, value, _ in rows]
    axes.barh(positions, values, height=0.66, color=[colour for _, _, colour in rows], zorder=2)
    axes.set_yticks(positions, labels=labels, fontsize=FONT, color=INK)
    axes.set_ylim(len(rows) - 0.5, -0.5)
    longest = max(len(shown(value)) for value in values)
    scale = top or max(values) or 1
    # Room on the right for the value written after the longest bar.
    axes.set_xlim(0, scale * (1.08 + 0.045 * longest * 6.4 / width))
    for position, value in zip(positions, values):
        axes.annotate(
            shown(value), (value, position), xytext=(6, 0), textcoords="offset points",
            va="center", ha="left", fontsize=FONT, fontweight="bold", color=INK,
        )
    _quiet(axes)
    _decorate(figure, title, note)
    return figure


# one chart per result style ---------------------------------------------------------------------


def _categories(entry: Mapping[str, Any], activity: Activity, title: str | None, size: dict) -> Figure | None:
    tally = entry["tally"]
    rows: list[Row] = [(o["label"], o["count"], ACCENT) for o in tally["options"] if o["count"] is not None]
    if tally.get("merged"):
        rows.append((OTHER, tally["merged"]["count"], MERGED))
    if not rows:
        return None
    note = [_counts(entry, size), f"“{OTHER}” joins small groups so nobody stands out" if tally.get("merged") else ""]
    return _hbars(rows, title=title, note=_note(note), shown=_number, **size)


def _multi(entry: Mapping[str, Any], activity: Activity, title: str | None, size: dict) -> Figure | None:
    tally = entry["tally"]
    respondents = tally.get("respondents") or entry["count"] or 0
    rows: list[Row] = [(o["label"], o["count"], ACCENT) for o in tally["options"] if o["count"] is not None]
    if not rows:
        return None

    def shown(value: float) -> str:
        return f"{value:g} ({100 * value / respondents:.0f}%)" if respondents else _number(value)

    hidden = sum(1 for o in tally["options"] if o["count"] is None)
    note = [
        "Each person could pick several" + (f" · {_counts(entry, size)}" if size["counts"] else ""),
        f"{hidden} option{'s' if hidden != 1 else ''} chosen by too few people to show" if hidden else "",
    ]
    return _hbars(rows, title=title, note=_note(note), shown=shown, top=respondents or None, **size)


def _ranking(entry: Mapping[str, Any], activity: Activity, title: str | None, size: dict) -> Figure | None:
    options = entry["tally"]["options"]
    if not options:
        return None
    rows: list[Row] = [(o["label"], o["mean_rank"], ACCENT) for o in options]
    note = ["Average place, 1 = ranked first: lower is better", _counts(entry, size)]
    return _hbars(rows, title=title, note=_note(note), shown=lambda v: f"{v:.1f}", top=len(options), **size)


def _words(entry: Mapping[str, Any], activity: Activity, title: str | None, size: dict) -> Figure | None:
    tally = entry["tally"]
    words = sorted(tally["words"], key=lambda w: (-w["count"], w["word"]))[:TOP_WORDS]
    if not words:
        return None
    rows: list[Row] = [(w["word"], w["count"], ACCENT) for w in words]
    more = len(tally["words"]) - len(words)
    hidden = tally.get("hidden_words") or 0
    note = [
        _counts(entry, size),
        f"The {TOP_WORDS} most frequent words; {more} more not drawn" if more > 0 else "",
        f"{hidden} word{'s' if hidden != 1 else ''} used by too few people to show" if hidden else "",
    ]
    return _hbars(rows, title=title, note=_note(note), shown=_number, **size)


def _scale(entry: Mapping[str, Any], activity: Activity, title: str | None, size: dict) -> Figure | None:
    tally = entry["tally"]
    settings = activity.settings
    low, high = int(tally.get("min", settings.get("min", 1))), int(tally.get("max", settings.get("max", 5)))
    counts = {o["id"]: o["count"] for o in tally["options"]}
    points = list(range(low, high + 1))
    # The end labels sit under the first and last points, reaching inwards, so they have room to
    # be read even on an 11-point scale.
    end_wrap = max(10, int(size["width"] * 3.6))
    ends = [(0, settings.get("min_label"), "left"), (len(points) - 1, settings.get("max_label"), "right")]
    ends = [(index, _wrap(text, end_wrap, 3), align) for index, text, align in ends if text]
    labels = [str(v) for v in points]
    positions = [float(i) for i in range(len(points))]
    values = [counts.get(str(v)) for v in points]
    colours = [ACCENT] * len(points)
    merged = tally.get("merged")
    if merged:
        positions.append(len(points) + 0.4)
        labels.append("Other")
        values.append(merged["count"])
        colours.append(MERGED)
    drawn = [v or 0 for v in values]
    first = [_answers(entry["count"])] if size["counts"] else []
    if tally.get("mean") is not None:
        first.append(f"average {tally['mean']:g}")
    if size["counts"]:
        first.append(_skips(entry["skipped"], scale=True))
    line = " · ".join(first)
    note = [line[:1].upper() + line[1:], "“Other” combines the points in grey, so nobody stands out" if merged else ""]
    note = _fill(_note(note), size["width"])
    label_lines = 1 + max([_lines(text) for _, text, _ in ends] + [0])
    needed = 1.6 + 0.26 * label_lines + _header_inches(title, note)
    figure = _figure(size["width"], max(size["height"], needed), size["dpi"])
    axes = figure.add_subplot()
    axes.bar(positions, drawn, width=0.7, color=colours, zorder=2)
    axes.set_xticks(positions, labels=labels, fontsize=FONT, color=INK)
    for tick, value in zip(axes.get_xticklabels(), values):
        if value is None:
            tick.set_color(MERGED)
    top = max(drawn) or 1
    axes.set_ylim(0, top * 1.22)
    for position, value in zip(positions, values):
        if value is not None:
            axes.annotate(
                _number(value), (position, value), xytext=(0, 5), textcoords="offset points",
                ha="center", va="bottom", fontsize=FONT, fontweight="bold", color=INK,
            )
    for index, text, align in ends:
        edge = positions[index] + (-0.35 if align == "left" else 0.35)
        axes.annotate(
            text, (edge, 0), xycoords=axes.get_xaxis_transform(), xytext=(0, -30), textcoords="offset points",
            ha=align, va="top", fontsize=SMALL + 0.5, color=INK, annotation_clip=False,
        )
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    axes.spines["bottom"].set_color(AXIS)
    axes.tick_params(length=0, pad=6)
    axes.yaxis.set_visible(False)
    _decorate(figure, title, note)
    return figure


#: The drawer of each ``Kind.result_style`` (a skill exercise's share question is "categories").
DRAW: dict[str, Drawer | None] = {
    "categories": _categories,
    "points": _scale,
    "picks": _multi,
    "places": _ranking,
    "words": _words,
    "texts": None,  # approved free texts are shown as a list, never drawn
}


def _style(kind_name: Any) -> str | None:
    """The result style of the kind named ``kind_name``, or None for a name not registered."""
    kind = get_kind(kind_name) if isinstance(kind_name, str) else None
    return kind.result_style if kind else None


def chart_png(
    entry: Mapping[str, Any],
    activity: Activity,
    *,
    width: float = 6.4,
    height: float = 3.2,
    dpi: int = 100,
    show_prompt: bool = True,
    show_counts: bool = True,
) -> bytes | None:
    """A PNG chart of one activity's tally entry (from ``Service.tally``), or None.

    None when there is nothing to draw: the entry is suppressed (fewer than k answers), the kind
    is free text (a list, not a chart) or has no chart, or every category is hidden. ``height`` is
    a minimum: a chart with many or long labels grows so nothing overlaps. ``show_prompt`` puts
    the activity's prompt above the chart and ``show_counts`` how many answered and skipped under
    it; a report that prints these already can leave them out.
    """
    if entry.get("suppressed") or entry.get("tally") is None:
        return None
    if entry["tally"].get("private"):  # a private skill exercise collects nothing to draw
        return None
    draw = DRAW.get(_style(entry.get("kind", activity.kind)) or "")
    if draw is None:
        return None
    title = _wrap(activity.prompt, int(width * 7.4), 3) if show_prompt else None
    figure = draw(entry, activity, title, {"width": width, "height": height, "dpi": dpi, "counts": show_counts})
    if figure is None:
        return None
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, facecolor="white", metadata={"Software": None})
    return buffer.getvalue()


def chart_data_uri(entry: Mapping[str, Any], activity: Activity, **options: Any) -> str | None:
    """The chart as a ``data:image/png;base64,...`` address for an ``<img>``, or None.

    ``options`` are those of ``chart_png``.
    """
    png = chart_png(entry, activity, **options)
    return None if png is None else "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _alt_categories(tally: Mapping[str, Any]) -> str:
    parts = [f"{_clean(o['label'])}: {o['count']}" for o in tally.get("options", []) if o["count"] is not None]
    if tally.get("merged"):
        parts.append(f"{OTHER}: {tally['merged']['count']}")
    return "Bar chart of answers. " + "; ".join(parts) + "."


def _alt_picks(tally: Mapping[str, Any]) -> str:
    parts = [f"{_clean(o['label'])}: {o['count']}" for o in tally.get("options", []) if o["count"] is not None]
    return "Bar chart of how many people picked each option. " + "; ".join(parts) + "."


def _alt_ranking(tally: Mapping[str, Any]) -> str:
    parts = [f"{_clean(o['label'])}: {o['mean_rank']:.1f}" for o in tally.get("options", [])]
    return "Average place of each option, lower is better. " + "; ".join(parts) + "."


def _alt_words(tally: Mapping[str, Any]) -> str:
    words = sorted(tally.get("words", []), key=lambda w: (-w["count"], w["word"]))[:TOP_WORDS]
    return "Most frequent words. " + "; ".join(f"{w['word']}: {w['count']}" for w in words) + "."


#: The words for each drawn style (every style in ``DRAW`` with a drawer has one).
ALT: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "categories": _alt_categories,
    "points": _alt_categories,
    "picks": _alt_picks,
    "places": _alt_ranking,
    "words": _alt_words,
}


def chart_alt(entry: Mapping[str, Any]) -> str:
    """What a chart shows, in words, for screen readers and for a report read without images."""
    describe = ALT.get(_style(entry.get("kind")) or "")
    return describe(entry.get("tally") or {}) if describe else "Chart of the answers."


__all__ = ["chart_alt", "chart_data_uri", "chart_png"]
