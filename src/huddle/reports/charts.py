"""One activity's tally drawn as a PNG chart, for reports and for the projector.

Figures are built on ``matplotlib.figure.Figure`` with an Agg canvas attached by hand, never
through pyplot: there is no global figure registry and no GUI backend, so charts can be drawn
from several threads at once and nothing is left open afterwards.

Only what the tally already shows is drawn (it is k-suppressed by the core, P3): counts hidden
as ``None`` are left out, a merged bucket is one striped grey bar labelled as combined (never
looking like an option), and a suppressed entry has no chart. When merging leaves nothing but
the combined bar, the chart says "Waiting for more answers" instead. ``chart_summary`` and
``chart_table`` give the same numbers in words, for alt text and screen readers.
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

from ..i18n import N_, _, ngettext
from ..model import Activity
from ..model.kinds import get_kind
from ..model.suppression import too_thin_to_show

INK = "#1d2b36"  # the participant page's colours, so a chart looks like the rest of Huddle
SOFT = "#50616e"
ACCENT = "#0b6e72"
MERGED = "#e4e9ed"  # the combined bar: pale, striped and outlined, unlike any real option
MERGED_EDGE = "#50616e"
GREYED = "#7d8c97"  # a scale point folded into the combined bar (still about 3.4:1 on white)
HATCH = "///"
AXIS = "#cfd8de"
FONT = 15.0  # points: large enough to read from the back of a room
SMALL = 12.5
TOP_WORDS = 15
# Marked with N_: each is translated with _() where it is drawn or said.
OTHER = N_("Other answers, combined")  # the combined bucket's label on a chart or in a table
COMBINED = N_("other answers combined")  # the same inside a sentence
WAITING = N_("Waiting for more answers")
THIN = N_("The answers so far are spread too thinly over the options to show without singling anyone out.")

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
    return ngettext("{count} answer", "{count} answers", count).format(count=count)


def _skips(skipped: Any, *, scale: bool = False) -> str:
    if scale:
        return ngettext("{count} preferred not to say (not in the chart)", "{count} preferred not to say (not in the chart)", skipped).format(count=skipped)
    return ngettext("{count} skipped", "{count} skipped", skipped).format(count=skipped)


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


def _bars_style(colours: Sequence[str]) -> dict[str, Any]:
    """Bar colours, with the combined bucket pale, outlined and striped (``hatch`` is per bar)."""
    merged = [colour == MERGED for colour in colours]
    return {
        "color": list(colours),
        "edgecolor": [MERGED_EDGE if m else colour for m, colour in zip(merged, colours)],
        "linewidth": [1.2 if m else 0 for m in merged],
        "hatch": [HATCH if m else None for m in merged],
    }


def _mark_combined(labels: Sequence[Any], colours: Sequence[str]) -> None:
    """Write the combined bucket's tick label in italics and a softer ink, like a note."""
    for label, colour in zip(labels, colours):
        if colour == MERGED:
            label.set_fontstyle("italic")
            label.set_color(SOFT)


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
    colours = [colour for _, _, colour in rows]
    # The combined bucket sits a little apart, below the real options.
    positions = [index + (0.4 if colour == MERGED else 0.0) for index, colour in enumerate(colours)]
    figure = _figure(width, max(height, rows_inches + 0.2 * (positions[-1] > len(rows) - 1) + _header_inches(title, note)), dpi)
    axes = figure.add_subplot()
    values = [value for _, value, _ in rows]
    axes.barh(positions, values, height=0.66, zorder=2, **_bars_style(colours))
    axes.set_yticks(positions, labels=labels, fontsize=FONT, color=INK)
    _mark_combined(axes.get_yticklabels(), colours)
    axes.set_ylim(positions[-1] + 0.5, -0.5)
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
        rows.append((_(OTHER), tally["merged"]["count"], MERGED))
    if not rows:
        return None
    note = [_counts(entry, size), _("“{other}” (striped) groups options few people chose, so nobody stands out").format(other=_(OTHER)) if tally.get("merged") else ""]
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
        _("Each person could pick several") + (f" · {_counts(entry, size)}" if size["counts"] else ""),
        _hidden_options(hidden) if hidden else "",
    ]
    return _hbars(rows, title=title, note=_note(note), shown=shown, top=respondents or None, **size)


def _ranking(entry: Mapping[str, Any], activity: Activity, title: str | None, size: dict) -> Figure | None:
    options = entry["tally"]["options"]
    if not options:
        return None
    rows: list[Row] = [(o["label"], o["mean_rank"], ACCENT) for o in options]
    note = [_("Average place, 1 = ranked first: lower is better"), _counts(entry, size)]
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
        _("The {top} most frequent words; {more} more not drawn").format(top=TOP_WORDS, more=more) if more > 0 else "",
        _hidden_words(hidden) if hidden else "",
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
    ends = [
        (0, f"{low} = {settings['min_label']}" if settings.get("min_label") else "", "left"),
        (len(points) - 1, f"{high} = {settings['max_label']}" if settings.get("max_label") else "", "right"),
    ]
    ends = [(index, _wrap(text, end_wrap, 3), align) for index, text, align in ends if text]
    labels = [str(v) for v in points]
    positions = [float(i) for i in range(len(points))]
    values = [counts.get(str(v)) for v in points]
    colours = [ACCENT] * len(points)
    merged = tally.get("merged")
    if merged:
        positions.append(len(points) + 0.4)
        labels.append(_("Other,\ncombined"))
        values.append(merged["count"])
        colours.append(MERGED)
    drawn = [v or 0 for v in values]
    first = [_answers(entry["count"])] if size["counts"] else []
    if tally.get("mean") is not None:
        first.append(_("average {mean}").format(mean=f"{tally['mean']:g}"))
    if size["counts"]:
        first.append(_skips(entry["skipped"], scale=True))
    line = " · ".join(first)
    note = [line[:1].upper() + line[1:], _("The points in grey are combined in the striped bar, so nobody stands out") if merged else ""]
    note = _fill(_note(note), size["width"])
    label_lines = 1 + max([_lines(text) for _, text, _ in ends] + [0])
    needed = 1.6 + 0.26 * label_lines + _header_inches(title, note)
    figure = _figure(size["width"], max(size["height"], needed), size["dpi"])
    axes = figure.add_subplot()
    axes.bar(positions, drawn, width=0.7, zorder=2, **_bars_style(colours))
    axes.set_xticks(positions, labels=labels, fontsize=FONT, color=INK)
    _mark_combined(axes.get_xticklabels(), colours)
    for tick, value in zip(axes.get_xticklabels(), values):
        if value is None:
            tick.set_color(GREYED)
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


def _people(count: int) -> str:
    return ngettext("{count} person", "{count} people", count).format(count=count)


def _hidden_options(count: int) -> str:
    return ngettext("{count} option chosen by too few people to show", "{count} options chosen by too few people to show", count).format(count=count)


def _hidden_words(count: int) -> str:
    return ngettext("{count} word used by too few people to show", "{count} words used by too few people to show", count).format(count=count)


def _instrument(activity: Activity | None) -> Mapping[str, Any]:
    instrument = activity.settings.get("instrument") if activity is not None else None
    return instrument if isinstance(instrument, Mapping) else {}


def _score(entry: Mapping[str, Any], activity: Activity, title: str | None, size: dict) -> Figure | None:
    """A questionnaire's group mean as one bar on the score's whole range, with ± 1 SD."""
    tally = entry["tally"]
    low, high = (float(v) for v in tally["range"])
    mean, sd = float(tally["mean"]), float(tally["sd"])
    instrument = _instrument(activity)
    name = str(instrument.get("name") or tally.get("instrument") or _("Score"))
    higher = _("Higher means {what}").format(what=_plain(instrument["higher_means"])) if instrument.get("higher_means") else ""
    note = _fill(_note([
        _("{people} · mean {mean} on {low}–{high} · the line is ± 1 standard deviation ({sd})").format(
            people=_people(tally["n"]), mean=f"{mean:.1f}", low=f"{low:g}", high=f"{high:g}", sd=f"{sd:.1f}",
        ),
        higher,
        _("A group average, never anyone's own score, and not a diagnosis"),
    ]), size["width"])
    label = _wrap(name, max(14, int(size["width"] * 2.6)), 3)
    figure = _figure(size["width"], max(size["height"] * 0.7, 0.5 * _lines(label) + 0.9 + _header_inches(title, note)), size["dpi"])
    axes = figure.add_subplot()
    axes.barh([0], [mean - low], left=low, height=0.5, color=ACCENT, zorder=2)
    axes.errorbar([mean], [0], xerr=[[min(sd, mean - low)], [min(sd, high - mean)]], fmt="none", ecolor=INK, elinewidth=1.6, capsize=7, zorder=3)
    # The mean is written inside the bar's end (white on teal), clear of the SD line; a bar too
    # short to hold it has it just before the bar's start instead.
    inside = (mean - low) / (high - low) > 0.15 if high > low else False
    axes.annotate(
        f"{mean:.1f}", (mean if inside else low, 0.12), xytext=(-8 if inside else 6, 0), textcoords="offset points",
        ha="right" if inside else "left", va="top", fontsize=FONT + 2, fontweight="bold", color="white" if inside else INK, zorder=4,
    )
    axes.set_xlim(low, high)
    axes.set_ylim(0.75, -0.75)
    axes.set_yticks([0], labels=[label], fontsize=FONT, color=INK)
    ticks = [low + (high - low) * i / 4 for i in range(5)] if high - low > 10 else [low + i for i in range(int(high - low) + 1)]
    axes.set_xticks(ticks, labels=[f"{t:g}" for t in ticks], fontsize=SMALL, color=INK)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.spines["left"].set_color(AXIS)
    axes.spines["bottom"].set_color(AXIS)
    axes.tick_params(length=0, pad=6)
    axes.grid(axis="x", color=AXIS, linewidth=0.8, zorder=0)
    _decorate(figure, title, note)
    return figure


def _before_now(entry: Mapping[str, Any], activity: Activity, title: str | None, size: dict) -> Figure | None:
    """Each item's mean rating before (hollow) and now (filled), joined by an arrow, on 1–5."""
    tally = entry["tally"]
    low, high = int(tally.get("min", 1)), int(tally.get("max", 5))
    items = tally["items"]
    if not items:
        return None
    wrap = max(14, int(size["width"] * 3.2))
    labels = [_wrap(item["text"] if item["before"] is not None else _("{item} (too few ratings to show)").format(item=item["text"]), wrap) for item in items]
    settings = activity.settings
    ends = f"{low} = {_plain(settings['min_label'])}, {high} = {_plain(settings['max_label'])}" if settings.get("min_label") and settings.get("max_label") else _("{low} to {high}").format(low=low, high=high)
    note = _fill(_note([
        _("Average rating: hollow dot before, filled dot now ({ends})").format(ends=ends),
        _people(tally["n"]) if size["counts"] else "",
    ]), size["width"])
    rows_inches = sum(max(0.55, 0.27 * _lines(label) + 0.25) for label in labels)
    figure = _figure(size["width"], max(size["height"], rows_inches + 0.6 + _header_inches(title, note)), size["dpi"])
    axes = figure.add_subplot()
    for row, item in enumerate(items):
        if item["before"] is None:
            continue
        before, now = float(item["before"]), float(item["now"])
        if abs(now - before) > 0.05:
            axes.annotate("", xy=(now, row), xytext=(before, row), arrowprops={"arrowstyle": "-|>", "color": SOFT, "lw": 1.8, "shrinkA": 7, "shrinkB": 7}, zorder=2)
        axes.plot([before], [row], marker="o", markersize=12, markerfacecolor="white", markeredgecolor=INK, markeredgewidth=2, zorder=3)
        axes.plot([now], [row], marker="o", markersize=12, color=ACCENT, zorder=4)
        for value, offset, align in ((before, -10, "right") if before <= now else (before, 10, "left"), (now, 10, "left") if before <= now else (now, -10, "right")):
            axes.annotate(f"{value:.1f}", (value, row), xytext=(offset, 0), textcoords="offset points", ha=align, va="center", fontsize=SMALL, color=INK, fontweight="bold")
    axes.set_yticks(range(len(items)), labels=labels, fontsize=FONT, color=INK)
    for tick, item in zip(axes.get_yticklabels(), items):
        if item["before"] is None:
            tick.set_color(SOFT)
            tick.set_fontstyle("italic")
    axes.set_ylim(len(items) - 0.5, -0.5)
    axes.set_xlim(low - 0.6, high + 0.6)
    axes.set_xticks(range(low, high + 1), labels=[str(v) for v in range(low, high + 1)], fontsize=SMALL, color=INK)
    axes.grid(axis="x", color=AXIS, linewidth=0.8, zorder=0)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    axes.spines["bottom"].set_color(AXIS)
    axes.tick_params(length=0, pad=8)
    _decorate(figure, title, note)
    return figure


def _waiting(title: str | None, size: dict) -> Figure:
    """A short picture saying "Waiting for more answers", in place of a chart that would show
    only the combined bucket (``height`` is ignored: a tall empty picture would look broken)."""
    width = size["width"]
    note = _fill(_(THIN), width * 0.95)
    heights = [0.45 * _lines(title) + 0.2 if title else 0.0, 0.55, 0.27 * _lines(note) + 0.3]
    figure = Figure(figsize=(width, sum(heights) + 0.2), dpi=size["dpi"], facecolor="white")
    FigureCanvasAgg(figure)
    total, top = sum(heights) + 0.2, 0.15
    if title:
        figure.text(0.015, 1 - top / total, title, ha="left", va="top", fontsize=FONT + 1, fontweight="bold", color=INK)
        top += heights[0]
    figure.text(0.015, 1 - top / total, _(WAITING), ha="left", va="top", fontsize=FONT + 5, fontweight="bold", color=INK)
    top += heights[1]
    figure.text(0.015, 1 - top / total, note, ha="left", va="top", fontsize=SMALL + 1, color=SOFT, linespacing=1.35)
    return figure


#: The drawer of each ``Kind.result_style`` (a skill exercise's share question is "categories").
DRAW: dict[str, Drawer | None] = {
    "categories": _categories,
    "points": _scale,
    "picks": _multi,
    "places": _ranking,
    "words": _words,
    "texts": None,  # approved free texts are shown as a list, never drawn
    "score": _score,
    "before_now": _before_now,
    "voted_texts": None,  # the room's questions are a list with their votes, never drawn
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
    is free text (a list, not a chart) or has no chart, or there are no rows at all. When merging
    or hiding left nothing but the combined bucket, the picture says "Waiting for more answers"
    (see ``too_thin_to_show``). ``height`` is a minimum: a chart with many or long labels grows so
    nothing overlaps. ``show_prompt`` puts the activity's prompt above the chart and
    ``show_counts`` how many answered and skipped under it; a report that prints these already
    can leave them out.
    """
    if entry.get("suppressed") or entry.get("tally") is None:
        return None
    if entry["tally"].get("private"):  # a private skill exercise collects nothing to draw
        return None
    draw = DRAW.get(_style(entry.get("kind", activity.kind)) or "")
    if draw is None:
        return None
    title = _wrap(activity.prompt, int(width * 7.4), 3) if show_prompt else None
    size = {"width": width, "height": height, "dpi": dpi, "counts": show_counts}
    figure = _waiting(title, size) if too_thin_to_show(entry["tally"]) else draw(entry, activity, title, size)
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


# the same numbers in words ------------------------------------------------------------------

Table = tuple[tuple[str, str], list[tuple[str, str]]]  # (label heading, value heading), rows


def _plain(text: Any) -> str:
    """Workshop or participant text on one line, for a sentence or a table cell."""
    return " ".join(str(text).split())


def _settings(activity: Activity | None) -> Mapping[str, Any]:
    return activity.settings if activity is not None else {}


def scale_ends(tally: Mapping[str, Any], settings: Mapping[str, Any]) -> tuple[str, str]:
    """A scale's two ends in words, like ("1 = Not at all", "5 = Completely")."""
    low, high = int(tally.get("min", settings.get("min", 1))), int(tally.get("max", settings.get("max", 5)))
    return (
        f"{low} = {_plain(settings['min_label'])}" if settings.get("min_label") else str(low),
        f"{high} = {_plain(settings['max_label'])}" if settings.get("max_label") else str(high),
    )


def _rows_counted(tally: Mapping[str, Any], name: Callable[[Mapping[str, Any]], str]) -> list[tuple[str, str]]:
    rows = [(name(o), str(o["count"])) for o in tally.get("options", []) if o["count"] is not None]
    if tally.get("merged"):
        rows.append((_(OTHER), str(tally["merged"]["count"])))
    return rows


def _rows_categories(tally: Mapping[str, Any]) -> list[tuple[str, str]]:
    return _rows_counted(tally, lambda o: _plain(o["label"]))


def _rows_points(tally: Mapping[str, Any]) -> list[tuple[str, str]]:
    # The point's number is the label: the scale's ends are said once, before the rows.
    return _rows_counted(tally, lambda o: str(o["id"]))


def _rows_picks(tally: Mapping[str, Any]) -> list[tuple[str, str]]:
    return [(_plain(o["label"]), str(o["count"])) for o in tally.get("options", []) if o["count"] is not None]


def _rows_places(tally: Mapping[str, Any]) -> list[tuple[str, str]]:
    return [(_plain(o["label"]), f"{o['mean_rank']:.1f}") for o in tally.get("options", [])]


def _rows_words(tally: Mapping[str, Any]) -> list[tuple[str, str]]:
    words = sorted(tally.get("words", []), key=lambda w: (-w["count"], w["word"]))[:TOP_WORDS]
    return [(_plain(w["word"]), str(w["count"])) for w in words]


def _rows_score(tally: Mapping[str, Any]) -> list[tuple[str, str]]:
    low, high = tally["range"]
    return [
        (_("People with a score"), str(tally["n"])),
        (_("Mean"), f"{tally['mean']:.2f}"),
        (_("Standard deviation"), f"{tally['sd']:.2f}"),
        (_("Possible range"), f"{low:g}–{high:g}"),
    ]


def _rows_before_now(tally: Mapping[str, Any]) -> list[tuple[str, str]]:
    return [
        (_plain(item["text"]), f"{item['before']:.1f} → {item['now']:.1f}" if item["before"] is not None else _("too few ratings to show"))
        for item in tally.get("items", [])
    ]


#: Each drawn bar's label and value as text, in the chart's order (hidden counts left out), for
#: every style in ``DRAW`` with a drawer.
ALT: dict[str, Callable[[Mapping[str, Any]], list[tuple[str, str]]]] = {
    "categories": _rows_categories,
    "points": _rows_points,
    "picks": _rows_picks,
    "places": _rows_places,
    "words": _rows_words,
    "score": _rows_score,
    "before_now": _rows_before_now,
}


#: The headings of a chart's table, by result style (marked with N_, translated by ``chart_table``).
HEADINGS: dict[str, tuple[str, str]] = {
    "categories": (N_("Answer"), N_("People")),
    "points": (N_("Point"), N_("People")),
    "picks": (N_("Option"), N_("People who picked it")),
    "places": (N_("Option"), N_("Average place (1 = ranked first)")),
    "words": (N_("Word"), N_("People who used it")),
    "score": (N_("Group figure"), N_("Value")),
    "before_now": (N_("Item"), N_("Average before → now")),
}


def _drawn(entry: Mapping[str, Any], activity: Activity | None) -> str | None:
    """The result style of an entry that has a chart with rows, or None when nothing is drawn."""
    tally = entry.get("tally")
    if entry.get("suppressed") or not tally or tally.get("private") or too_thin_to_show(tally):
        return None
    style = _style(entry.get("kind", activity.kind if activity is not None else None))
    return style if style in ALT else None


def chart_table(entry: Mapping[str, Any], activity: Activity | None = None) -> Table | None:
    """The numbers the chart of ``entry`` shows, as ``((label heading, value heading), rows)``.

    Rows are in the chart's order and suppressed exactly as the chart is: hidden counts are
    not rows, a merged bucket is the last row ("Other answers, combined"). None when there is no
    chart with rows (suppressed, too thin to show, free text, private).
    """
    style = _drawn(entry, activity)
    if style is None:
        return None
    rows = ALT[style](entry["tally"])
    label, value = HEADINGS[style]
    return ((_(label), _(value)), rows) if rows else None


def _totals(entry: Mapping[str, Any], style: str) -> str:
    parts = [_answers(entry["count"])] if isinstance(entry.get("count"), int) else []
    if isinstance(entry.get("skipped"), int):
        skipped = entry["skipped"]
        parts.append(ngettext("{count} preferred not to say", "{count} preferred not to say", skipped).format(count=skipped) if style == "points" else _skips(skipped))
    return ", ".join(parts)


def _join(parts: Sequence[str]) -> str:
    return "; ".join(part for part in parts if part)


def _sentence(parts: Sequence[str]) -> str:
    text = _join(parts)
    return (text[:1].upper() + text[1:] + ".") if text else ""


def chart_summary(entry: Mapping[str, Any], activity: Activity | None) -> str:
    """A one-paragraph plain-text equivalent of what the chart of a tally entry shows.

    ``entry`` is a tally entry (``{"id", "kind", "count", "skipped", "suppressed", "tally"}``),
    ``activity`` its activity (for a scale's end labels). Suppressed exactly as the chart:
    "Waiting for more answers" below k or when only the combined bucket would be left, and a
    merged bucket as "other answers combined: N". For example "Charged up: 0, Steady: 6,
    Running on fumes: 6, It changes by the hour: 0; 12 answers, 0 skipped."
    """
    tally = entry.get("tally")
    if entry.get("suppressed") or tally is None:
        return _(WAITING) + "."
    if tally.get("private"):
        return _("A private exercise: nothing is collected, so there are no results to show.")
    style = _style(entry.get("kind", activity.kind if activity is not None else None)) or ""
    if style == "texts":
        shared = len(tally.get("approved", []))
        return ngettext("{count} answer shared with the room, shown as a list.", "{count} answers shared with the room, shown as a list.", shared).format(count=shared)
    if style == "voted_texts":
        shared = len(tally.get("questions", []))
        return ngettext(
            "{count} question shared with the room, shown as a list with their upvotes.",
            "{count} questions shared with the room, shown as a list with their upvotes.", shared,
        ).format(count=shared)
    if too_thin_to_show(tally):
        return _(WAITING) + ". " + _(THIN)
    if style == "score":
        return _score_summary(tally, activity)
    if style == "before_now":
        return _before_now_summary(tally, activity)
    table = chart_table(entry, activity)
    other, combined = _(OTHER), _(COMBINED)
    rows = ", ".join(f"{combined if label == other else label}: {value}" for label, value in (table[1] if table else []))
    totals = _totals(entry, style)
    if style == "points":
        low, high = scale_ends(tally, _settings(activity))
        average = _("average {mean}").format(mean=f"{tally['mean']:g}") if tally.get("mean") is not None else ""
        return _("From {low} to {high}.").format(low=low, high=high) + " " + _sentence([rows, average, totals])
    if style == "picks":
        hidden = sum(1 for o in tally.get("options", []) if o["count"] is None)
        note = _hidden_options(hidden) if hidden else ""
        return _("Each person could pick several.") + " " + _sentence([rows, note, totals])
    if style == "places":
        return _("Average place, 1 = ranked first (lower is better): {rows}.").format(rows=_join([rows, totals]))
    if style == "words":
        hidden = tally.get("hidden_words") or 0
        more = len(tally.get("words", [])) - TOP_WORDS
        notes = [
            _("{count} more not shown").format(count=more) if more > 0 else "",
            _hidden_words(hidden) if hidden else "",
        ]
        if not rows:
            return _sentence([_("No word was used by enough people to show"), *notes, totals])
        return _("Most used words:") + " " + _sentence([rows, *notes, totals])
    if not rows:
        return _("There is no chart for this kind of activity.")
    return _sentence([rows, totals])


def _score_summary(tally: Mapping[str, Any], activity: Activity | None) -> str:
    """Like "Brief Resilience Scale: 12 people · mean 3.4 on 1–5 (standard deviation 0.6)...". """
    instrument = _instrument(activity)
    name = _plain(instrument.get("name") or tally.get("instrument") or _("Score"))
    low, high = tally["range"]
    higher = " " + _("Higher means {what}.").format(what=_plain(instrument["higher_means"])) if instrument.get("higher_means") else ""
    figures = _("{name}: {people} · mean {mean} on {low}–{high} (standard deviation {sd}).").format(
        name=name, people=_people(tally["n"]), mean=f"{tally['mean']:.1f}", low=f"{low:g}", high=f"{high:g}", sd=f"{tally['sd']:.1f}",
    )
    return figures + higher + " " + _("A group average, never anyone's own score, and not a diagnosis.")


def _before_now_summary(tally: Mapping[str, Any], activity: Activity | None) -> str:
    """Like "Average rating before → now on 1 to 5: Describing resilience 2.4 → 3.9; 12 people."."""
    settings = _settings(activity)
    low, high = tally.get("min", 1), tally.get("max", 5)
    if settings.get("min_label") and settings.get("max_label"):
        ends = _("{low} = {low_label} to {high} = {high_label}").format(
            low=low, low_label=_plain(settings["min_label"]), high=high, high_label=_plain(settings["max_label"]),
        )
    else:
        ends = _("{low} to {high}").format(low=low, high=high)
    rows = "; ".join(
        _("{item}: before {before}, now {now}").format(item=_plain(item["text"]), before=f"{item['before']:.1f}", now=f"{item['now']:.1f}")
        if item["before"] is not None else _plain(item["text"]) + ": " + _("too few ratings to show")
        for item in tally.get("items", [])
    )
    return _("Average rating before and now, from {ends}. {rows}; {people}.").format(ends=ends, rows=rows, people=_people(tally["n"]))


def chart_alt(entry: Mapping[str, Any]) -> str:
    """``chart_summary`` without the activity (a scale's ends are then given as numbers only)."""
    return chart_summary(entry, None)


__all__ = ["HEADINGS", "chart_alt", "chart_data_uri", "chart_png", "chart_summary", "chart_table", "scale_ends"]
