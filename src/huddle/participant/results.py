"""Revealed results as simple HTML charts: no matplotlib in participant kernels.

Each chart is a real list a screen reader reads row by row ("Steady: 6 of 12"); the bars are
decoration hidden from it. Only what the k-suppressed tally shows is written (P3): a merged
bucket is one striped row labelled as combined, never looking like an option, and when merging
left nothing but that bucket the page says it is waiting for more answers instead.
"""

from __future__ import annotations

import html
from typing import Any, Callable, Mapping, NamedTuple

from ..i18n import N_, _, ngettext
from ..model.kinds import get_kind
from ..model.kinds.measure import not_a_diagnosis
from ..model.suppression import too_thin_to_show

#: What is said instead of a chart, marked here and translated when a result is drawn.
WAITING_TEXT = N_("Waiting for more answers before results are shown.")
THIN_TEXT = N_(
    "Waiting for more answers. The answers so far are spread too thinly over the options "
    "to show without singling anyone out."
)
PRIVATE_TEXT = N_("This exercise is private: nothing from it is collected, so there are no room results.")
COMBINED = N_("Other answers, combined")


def _muted(text: str) -> str:
    return f"<p class='huddle-muted'>{html.escape(text, quote=False)}</p>"


#: The same as ``results_html`` says them in the source language (English), for comparing.
WAITING = _muted(WAITING_TEXT)
THIN = _muted(THIN_TEXT)
PRIVATE = _muted(PRIVATE_TEXT)


class Row(NamedTuple):
    """One bar: its label, its length, the value written beside it, and words for screen readers."""

    label: str
    value: float
    shown: str
    spoken: str = ""  # read after the value, e.g. " of 12"; hidden from sight
    combined: bool = False


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
    return " " + _("of {count}").format(count=count) if isinstance(count, int) else ""


def _counted(result: Mapping[str, Any], label: Callable[[Mapping[str, Any]], str], combined: str, note: str) -> str:
    """Bars of one count per option (choice, mood, scale), with the merged bucket last."""
    tally, of = result["tally"], _of(result)
    rows = [Row(label(o), o["count"], str(o["count"]), of) for o in tally["options"] if o["count"] is not None]
    merged = tally.get("merged")
    if merged:
        rows.append(Row(combined, merged["count"], str(merged["count"]), of, combined=True))
    return _bars(rows) + (_muted(note) if merged else "")


def _categories(result: Mapping[str, Any], activity: Mapping[str, Any] | None) -> str:
    note = _("“{combined}” groups the options only a few people chose, so nobody stands out.").format(combined=_(COMBINED))
    return _counted(result, lambda o: o["label"], _(COMBINED), note)


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else _("{first} and {last}").format(first=", ".join(names[:-1]), last=names[-1])


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
    combined = _("Points {points}, combined").format(points=_and(merged)) if merged else _(COMBINED)
    note = _("Points only a few people chose are combined, so nobody stands out.")
    ends = scale_ends(tally, activity)
    if ends is None:  # no activity to read the ends from: the tally's labels carry them
        return _counted(result, lambda o: o["label"], combined, note)
    words = html.escape(_("From {low} to {high}"), quote=False).format(
        low=f"<strong>{html.escape(ends[0])}</strong>", high=f"<strong>{html.escape(ends[1])}</strong>",
    )
    caption = f"<p class='huddle-scale-caption'>{words}</p>"
    return caption + _counted(result, lambda o: str(o["id"]), combined, note)


def _multi(result: Mapping[str, Any], activity: Mapping[str, Any] | None) -> str:
    tally = result["tally"]
    people = tally.get("respondents") or result.get("count")
    of = " " + ngettext("of {count} person", "of {count} people", people).format(count=people) if isinstance(people, int) else ""
    rows = [Row(o["label"], o["count"], str(o["count"]), of) for o in tally["options"] if o["count"] is not None]
    hidden = sum(1 for o in tally["options"] if o["count"] is None)
    note = _muted(ngettext(
        "{count} option chosen by too few people to show.", "{count} options chosen by too few people to show.", hidden,
    ).format(count=hidden)) if hidden else ""
    return _muted(_("Each person could pick several.")) + _bars(rows) + note


def _ranking(result: Mapping[str, Any], activity: Mapping[str, Any] | None) -> str:
    options = result["tally"]["options"]
    count = len(options)
    rows = [Row(o["label"], count + 1 - o["mean_rank"], _("average place {place}").format(place=f"{o['mean_rank']:g}")) for o in options]
    return _muted(_("Average place, 1 = ranked first.")) + _bars(rows)


def _words(result: Mapping[str, Any], activity: Mapping[str, Any] | None) -> str:
    words = result["tally"]["words"]
    if not words:
        return _muted(_("No word was shared by enough people to show yet."))
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
        return _muted(_("Nothing has been shared with the room yet."))
    return "<ul class='huddle-bars'>" + "".join(f"<li>“{html.escape(entry['text'])}”</li>" for entry in approved) + "</ul>"


def _votes(count: int) -> str:
    return ngettext("{count} vote", "{count} votes", count).format(count=count)


def _questions(result: Mapping[str, Any], activity: Mapping[str, Any] | None) -> str:
    """The shared questions in the tally's order, each with its votes and what became of it."""
    questions = result["tally"]["questions"]
    if not questions:
        return _muted(_("No questions have been shared with the room yet."))
    pinned, answered = html.escape(_("Pinned")), html.escape(_("Answered"))
    items = "".join(
        f"<li><p class='huddle-question-words'>{html.escape(q['text'])}</p><p class='huddle-question-meta'>"
        + (f"<span class='huddle-q-badge'>{pinned}</span>" if q["pinned"] else "")
        + (f"<span class='huddle-q-badge huddle-q-badge-answered'>{answered}</span>" if q["answered"] else "")
        + f"<span>{html.escape(_votes(q['votes']))}</span></p></li>"
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
    higher = " " + _("Higher means {what}.").format(what=str(instrument["higher_means"])) if instrument.get("higher_means") else ""
    span = _("on {low}–{high}").format(low=f"{low:g}", high=f"{high:g}")
    line = ngettext(
        "{count} person · mean {mean} on {low}–{high}", "{count} people · mean {mean} on {low}–{high}", tally["n"],
    ).format(count=tally["n"], mean=_one(tally["mean"]), low=f"{low:g}", high=f"{high:g}")
    said = _("{line} (standard deviation {sd}).").format(line=line, sd=_one(tally["sd"])) + higher
    average = _("The group's average: nobody's own score is shown.")
    return (
        f"<p class='huddle-score'><strong>{_one(tally['mean'])}</strong> <span>{html.escape(span)}</span></p>"
        f"<div class='huddle-bar' aria-hidden='true'><span style='width:{max(0.0, min(100.0, share)):.0f}%'></span></div>"
        f"<p>{html.escape(said, quote=False)}</p>"
        f"<p class='huddle-muted'>{html.escape(average, quote=False)} {html.escape(not_a_diagnosis(instrument))}</p>"
    )


def _before_now(result: Mapping[str, Any], activity: Mapping[str, Any] | None) -> str:
    """Each item's mean rating before and now, each on its own labelled bar; an item too few
    people rated says so instead."""
    tally = result["tally"]
    low, high = tally.get("min", 1), tally.get("max", 5)
    items = []
    few = _muted(_("Too few ratings to show."))
    sides = (("before", html.escape(_("Before")), ","), ("now", html.escape(_("Now")), "."))
    for item in tally["items"]:
        label = f"<div class='huddle-bar-label'><span>{html.escape(item['text'])}{_hidden(':')}</span></div>"
        if item["before"] is None:
            items.append(f"<li>{label}{few}</li>")
            continue
        rows = "".join(
            f"<div class='huddle-bn-row'><span>{name} {_one(item[when])}{_hidden(separator)}</span>"
            f"<div class='huddle-bar huddle-bar-{when}' aria-hidden='true'><span style='width:{100 * (item[when] - low) / (high - low):.0f}%'></span></div></div>"
            for when, name, separator in sides
        )
        items.append(f"<li>{label}{rows}</li>")
    ends = ""
    if activity and activity.get("min_label") and activity.get("max_label"):
        ends = f" ({low} = {activity['min_label']}, {high} = {activity['max_label']})"
    rated = ngettext("{count} person rated these.", "{count} people rated these.", tally["n"]).format(count=tally["n"])
    return (
        _muted(_("Average ratings on {low}–{high}{ends}.").format(low=low, high=high, ends=ends))
        + f"<ul class='huddle-bars huddle-before-now'>{''.join(items)}</ul>"
        + _muted(rated)
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
        return _muted(_(WAITING_TEXT))
    if result["tally"].get("private"):
        return _muted(_(PRIVATE_TEXT))
    kind = get_kind(result.get("kind", ""))
    style = kind.result_style if kind else ""
    render = RENDERERS.get(style)
    if render is None:
        return _muted(_(WAITING_TEXT))
    if too_thin_to_show(result["tally"]):
        # Only the combined bucket (or hidden rows) would be left: a bar that tells the room nothing.
        return _muted(_(THIN_TEXT))
    body = render(result, activity)
    count = result.get("count")
    footer = (
        _muted(ngettext("{count} answer so far.", "{count} answers so far.", count).format(count=count))
        if isinstance(count, int) and style not in OWN_COUNT else ""
    )
    return f"{body}{footer}"
