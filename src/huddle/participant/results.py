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
from ..model.kinds.measure import not_a_diagnosis
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


def _questions(result: Mapping[str, Any], activity: Mapping[str, Any] | None) -> str:
    """The shared questions in the tally's order, each with its votes and what became of it."""
    questions = result["tally"]["questions"]
    if not questions:
        return "<p class='huddle-muted'>No questions have been shared with the room yet.</p>"
    items = "".join(
        f"<li><p class='huddle-question-words'>{html.escape(q['text'])}</p><p class='huddle-question-meta'>"
        + ("<span class='huddle-q-badge'>Pinned</span>" if q["pinned"] else "")
        + ("<span class='huddle-q-badge huddle-q-badge-answered'>Answered</span>" if q["answered"] else "")
        + f"<span>{_plural(q['votes'], 'vote')}</span></p></li>"
        for q in questions
    )
    return f"<ul class='huddle-bars'>{items}</ul>"


def _one(value: float) -> str:
    """A mean as the room reads it: one decimal ("3.4")."""
    return f"{value:.1f}"


def _score(result: Mapping[str, Any], activity: Mapping[str, Any] | None) -> str:
    """A questionnaire's group mean on its score range: the only score anyone sees (never one person's)."""
    tally = result["tally"]
    low, high = tally["range"]
    instrument = (activity or {}).get("instrument") if isinstance((activity or {}).get("instrument"), Mapping) else {}
    share = 100 * (tally["mean"] - low) / (high - low) if high > low else 0
    higher = f" Higher means {html.escape(str(instrument['higher_means']))}." if instrument.get("higher_means") else ""
    line = f"{_plural(tally['n'], 'person', 'people')} · mean {_one(tally['mean'])} on {low:g}–{high:g}"
    return (
        f"<p class='huddle-score'><strong>{_one(tally['mean'])}</strong> <span>on {low:g}–{high:g}</span></p>"
        f"<div class='huddle-bar' aria-hidden='true'><span style='width:{max(0.0, min(100.0, share)):.0f}%'></span></div>"
        f"<p>{html.escape(line)} (standard deviation {_one(tally['sd'])}).{higher}</p>"
        f"<p class='huddle-muted'>The group's average: nobody's own score is shown. {html.escape(not_a_diagnosis(instrument))}</p>"
    )


def _before_now(result: Mapping[str, Any], activity: Mapping[str, Any] | None) -> str:
    """Each item's mean rating before and now, each on its own labelled bar; an item too few
    people rated says so instead."""
    tally = result["tally"]
    low, high = tally.get("min", 1), tally.get("max", 5)
    items = []
    for item in tally["items"]:
        label = f"<div class='huddle-bar-label'><span>{html.escape(item['text'])}{_hidden(':')}</span></div>"
        if item["before"] is None:
            items.append(f"<li>{label}<p class='huddle-muted'>Too few ratings to show.</p></li>")
            continue
        rows = "".join(
            f"<div class='huddle-bn-row'><span>{name} {_one(item[when])}{_hidden(separator)}</span>"
            f"<div class='huddle-bar huddle-bar-{when}' aria-hidden='true'><span style='width:{100 * (item[when] - low) / (high - low):.0f}%'></span></div></div>"
            for when, name, separator in (("before", "Before", ","), ("now", "Now", "."))
        )
        items.append(f"<li>{label}{rows}</li>")
    ends = ""
    if activity and activity.get("min_label") and activity.get("max_label"):
        ends = f" ({low} = {html.escape(str(activity['min_label']))}, {high} = {html.escape(str(activity['max_label']))})"
    return (
        f"<p class='huddle-muted'>Average ratings on {low}–{high}{ends}.</p>"
        f"<ul class='huddle-bars huddle-before-now'>{''.join(items)}</ul>"
        f"<p class='huddle-muted'>{_plural(tally['n'], 'person', 'people')} rated these.</p>"
    )


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
    "score": _score,
    "before_now": _before_now,
    "voted_texts": _questions,
}

#: Styles whose rendering says how many people it stands for, so no "N answers so far" is added:
#: a list of approved texts is not all that was written, and a score counts only scored answers.
OWN_COUNT = frozenset({"texts", "score", "before_now", "voted_texts"})


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
    footer = f"<p class='huddle-muted'>{_plural(count, 'answer')} so far.</p>" if isinstance(count, int) and style not in OWN_COUNT else ""
    return f"{body}{footer}"
