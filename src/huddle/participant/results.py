"""Revealed results as simple HTML charts: no matplotlib in participant kernels.

Each chart is a real list a screen reader reads row by row ("Steady: 6 of 12"); the bars are
decoration hidden from it. Only what the k-suppressed tally shows is written (P3): a merged
bucket is one striped row labelled as combined, never looking like an option, and when merging
left nothing but that bucket the page says it is waiting for more answers instead.
"""

from __future__ import annotations

import html
from typing import Any, Callable, Mapping, NamedTuple

from ..model.kinds import get_kind
from ..model.suppression import too_thin_to_show

WAITING = "<p class='huddle-muted'>Waiting for more answers before results are shown.</p>"
THIN = (
    "<p class='huddle-muted'>Waiting for more answers. The answers so far are spread too thinly over the options "
    "to show without singling anyone out.</p>"
)
PRIVATE = "<p class='huddle-muted'>This exercise is private: nothing from it is collected, so there are no room results.</p>"
COMBINED = "Other answers, combined"


class Row(NamedTuple):
    """One bar: its label, its length, the value written beside it, and words for screen readers."""

    label: str
    value: float
    shown: str
    spoken: str = ""  # read after the value, e.g. " of 12"; hidden from sight
    combined: bool = False


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def _hidden(text: str) -> str:
    return f"<span class='huddle-visually-hidden'>{html.escape(text)}</span>" if text else ""


def _bars(rows: list[Row]) -> str:
    top = max((row.value for row in rows), default=0) or 1
    combined = " class='huddle-bar-combined'"
    items = "".join(
        f"<li{combined if row.combined else ''}>"
        f"<div class='huddle-bar-label'><span>{html.escape(row.label)}{_hidden(':')}</span>"
        f"<span>{html.escape(row.shown)}{_hidden(row.spoken)}</span></div>"
        f"<div class='huddle-bar' aria-hidden='true'><span style='width:{100 * row.value / top:.0f}%'></span></div></li>"
        for row in rows
    )
    return f"<ul class='huddle-bars'>{items}</ul>"


def _of(result: Mapping[str, Any]) -> str:
    count = result.get("count")
    return f" of {count}" if isinstance(count, int) else ""


def _counted(result: Mapping[str, Any], label: Callable[[Mapping[str, Any]], str], combined: str, note: str) -> str:
    """Bars of one count per option (choice, mood, scale), with the merged bucket last."""
    tally, of = result["tally"], _of(result)
    rows = [Row(label(o), o["count"], str(o["count"]), of) for o in tally["options"] if o["count"] is not None]
    merged = tally.get("merged")
    if merged:
        rows.append(Row(combined, merged["count"], str(merged["count"]), of, combined=True))
    return _bars(rows) + (f"<p class='huddle-muted'>{html.escape(note)}</p>" if merged else "")


def _categories(result: Mapping[str, Any], activity: Mapping[str, Any] | None) -> str:
    note = f"“{COMBINED}” groups the options only a few people chose, so nobody stands out."
    return _counted(result, lambda o: o["label"], COMBINED, note)


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def scale_ends(tally: Mapping[str, Any], activity: Mapping[str, Any] | None) -> tuple[str, str] | None:
    """The scale's ends in words, like ("1 = Not at all", "5 = Completely"), or None unknown."""
    if not activity or not activity.get("min_label") or not activity.get("max_label"):
        return None
    low, high = tally.get("min", activity.get("min", 1)), tally.get("max", activity.get("max", 5))
    return f"{low} = {activity['min_label']}", f"{high} = {activity['max_label']}"


def _points(result: Mapping[str, Any], activity: Mapping[str, Any] | None) -> str:
    tally = result["tally"]
    merged = [str(point) for point in (tally.get("merged") or {}).get("options", [])]
    # Which points are combined is plain from the points missing above it, so naming them adds
    # nothing a viewer could not see, and no count (P3).
    combined = f"Points {_and(merged)}, combined" if merged else COMBINED
    note = "Points only a few people chose are combined, so nobody stands out."
    ends = scale_ends(tally, activity)
    if ends is None:  # no activity to read the ends from: the tally's labels carry them
        return _counted(result, lambda o: o["label"], combined, note)
    caption = f"<p class='huddle-scale-caption'>From <strong>{html.escape(ends[0])}</strong> to <strong>{html.escape(ends[1])}</strong></p>"
    return caption + _counted(result, lambda o: str(o["id"]), combined, note)


def _multi(result: Mapping[str, Any], activity: Mapping[str, Any] | None) -> str:
    tally = result["tally"]
    people = tally.get("respondents") or result.get("count")
    of = f" of {people} people" if isinstance(people, int) else ""
    rows = [Row(o["label"], o["count"], str(o["count"]), of) for o in tally["options"] if o["count"] is not None]
    hidden = sum(1 for o in tally["options"] if o["count"] is None)
    note = f"<p class='huddle-muted'>{_plural(hidden, 'option')} chosen by too few people to show.</p>" if hidden else ""
    return "<p class='huddle-muted'>Each person could pick several.</p>" + _bars(rows) + note


def _ranking(result: Mapping[str, Any], activity: Mapping[str, Any] | None) -> str:
    options = result["tally"]["options"]
    count = len(options)
    rows = [Row(o["label"], count + 1 - o["mean_rank"], f"average place {o['mean_rank']:g}") for o in options]
    return "<p class='huddle-muted'>Average place, 1 = ranked first.</p>" + _bars(rows)


def _words(result: Mapping[str, Any], activity: Mapping[str, Any] | None) -> str:
    words = result["tally"]["words"]
    if not words:
        return "<p class='huddle-muted'>No word was shared by enough people to show yet.</p>"
    top = max(w["count"] for w in words)
    items = "".join(
        f"<li style='font-size:{1 + 1.4 * w['count'] / top:.2f}rem'>{html.escape(w['word'])}"
        f"{_hidden(': ' + str(w['count']))}</li>"
        for w in words
    )
    return f"<ul class='huddle-words'>{items}</ul>"


def _texts(result: Mapping[str, Any], activity: Mapping[str, Any] | None) -> str:
    approved = result["tally"]["approved"]
    if not approved:
        return "<p class='huddle-muted'>Nothing has been shared with the room yet.</p>"
    return "<ul class='huddle-bars'>" + "".join(f"<li>“{html.escape(entry['text'])}”</li>" for entry in approved) + "</ul>"


Renderer = Callable[[Mapping[str, Any], Mapping[str, Any] | None], str]

#: The renderer of each ``Kind.result_style``; a phone shows a scale's points as plain bars. A skill
#: exercise's share question is "categories" (a private one never gets here).
RENDERERS: dict[str, Renderer] = {
    "categories": _categories,
    "points": _points,
    "picks": _multi,
    "places": _ranking,
    "words": _words,
    "texts": _texts,
}


def results_html(result: Mapping[str, Any], activity: Mapping[str, Any] | None = None) -> str:
    """The room's view of one revealed activity; below k it shows no number at all (P3).

    ``result`` is ``Service.results``; ``activity`` the activity's public form, when known,
    gives a scale its end labels.
    """
    if result.get("suppressed") or result.get("tally") is None:
        return WAITING
    if result["tally"].get("private"):
        return PRIVATE
    kind = get_kind(result.get("kind", ""))
    style = kind.result_style if kind else ""
    render = RENDERERS.get(style)
    if render is None:
        return WAITING
    if too_thin_to_show(result["tally"]):
        # Only the combined bucket (or hidden rows) would be left: a bar that tells the room nothing.
        return THIN
    body = render(result, activity)
    count = result.get("count")
    # A list of approved texts is not all that was written, so a count under it would mislead.
    footer = f"<p class='huddle-muted'>{_plural(count, 'answer')} so far.</p>" if isinstance(count, int) and style != "texts" else ""
    return f"{body}{footer}"
