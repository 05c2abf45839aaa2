"""The session report: one self-contained HTML file a programme lead can open, print or archive.

Everything is inline (styles, and charts as ``data:`` images), so the file makes no request when
opened. It is rendered by Jinja2 with autoescaping on, so anything a participant typed appears
as text, never as markup (R5). It shows only what the k-suppressed tally shows (P3) and only the
free text the facilitator approved (P4).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any, Mapping

import jinja2

from .. import __version__
from ..model import Activity, Workshop, get_kind
from ..model.kinds.measure import not_a_diagnosis
from ._common import kind_label, long_date
from ..model.suppression import too_thin_to_show
from .charts import THIN, WAITING, chart_data_uri, chart_summary, chart_table

#: Size of the charts in the report: a little above screen resolution so they print sharply.
CHART_WIDTH = 6.4
CHART_DPI = 120

STATUS = {"waiting": "not started", "live": "still running", "ended": "ended"}

#: Why a chartable result drew nothing, by ``Kind.result_style``: these styles hide a row used
#: by too few people, so every row can be hidden; the other styles merge small rows instead.
NOTHING_DRAWN = {
    "words": "No word was used by enough people to be shown.",
    "picks": "Every option was picked by too few people to be shown.",
}


@lru_cache(maxsize=None)
def template(name: str) -> jinja2.Template:
    """A template of this package, compiled once, with autoescaping always on."""
    environment = jinja2.Environment(
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True
    )
    source = (resources.files(__package__) / "templates" / name).read_text(encoding="utf-8")
    return environment.from_string(source)


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def _rate(count: int, participants: int) -> str:
    return f"{round(100 * count / participants)}%" if participants > 0 else "–"


def _instrument(activity: Activity) -> dict[str, str] | None:
    """A questionnaire's name, scoring rule, source and terms, and that a score is not a diagnosis."""
    instrument = activity.settings.get("instrument")
    if not isinstance(instrument, Mapping):
        return None
    return {
        "name": str(instrument.get("name", "")),
        "rule": str((instrument.get("scoring") or {}).get("rule", "")),
        "citation": str(instrument.get("citation", "")),
        "licence": str(instrument.get("licence", "")),
        "not_a_diagnosis": not_a_diagnosis(instrument),
    }


def question_line(question: Mapping[str, Any]) -> str:
    """A shared question as the report lists it: "How do I say no? (4 upvotes, answered)"."""
    notes = [_plural(int(question.get("votes", 0)), "upvote")]
    if question.get("pinned"):
        notes.append("pinned")
    if question.get("answered"):
        notes.append("answered")
    return f"{question['text']} ({', '.join(notes)})"


def _activity(entry: Mapping[str, Any], activity: Activity, participants: int) -> dict[str, Any]:
    """What the template needs to show one activity; numbers only when not suppressed (P3)."""
    view: dict[str, Any] = {
        "id": activity.id,
        "prompt": activity.prompt,
        "kind_label": kind_label(activity.kind),
        "content_note": activity.content_note,
        "suppressed": bool(entry.get("suppressed")) or entry.get("tally") is None,
        "chart": None,
        "alt": "",
        "table": None,
        "texts": None,
        "texts_note": "",
        "empty": "",
        "private": False,
        "instrument": _instrument(activity),
    }
    if (entry.get("tally") or {}).get("private"):
        view.update(private=True, empty="A private skill exercise: participants worked on their own pages and nothing was collected.")
        return view
    if view["suppressed"]:
        # Not even how many answered: below k the report shows no number at all.
        return view
    count, skipped = int(entry.get("count") or 0), int(entry.get("skipped") or 0)
    kind = get_kind(activity.kind)
    style = kind.result_style if kind else None
    group = bool(kind and kind.per_group)
    answers = _plural(count, "group report") if group else _plural(count, "answer")
    view.update(count=count, skipped=skipped, rate="one per group" if group else _rate(count, participants))
    counts = f"{answers} · {skipped} skipped"
    if not group and participants > 0:
        counts += f" · {view['rate']} of participants answered"
    view["counts"] = counts
    tally = entry["tally"]
    if style == "voted_texts":
        questions = tally.get("questions", [])
        view["texts"] = [question_line(q) for q in questions]
        view["texts_note"] = (
            f"Showing {len(questions)} of {_plural(count, 'question')}: only those the facilitator shared with the room, most upvoted first."
            if questions else "None of these questions was shared with the room, so none is shown."
        )
        return view
    if style == "texts":
        texts = [item["text"] for item in tally.get("approved", [])]
        view["texts"] = texts
        if texts:
            view["texts_note"] = (
                f"Showing {len(texts)} of {answers}: only what the facilitator approved for sharing."
            )
        else:
            view["texts_note"] = "None of these answers was approved for sharing, so none is shown."
        return view
    if too_thin_to_show(tally):
        # Only the combined bucket would be left: a bar that tells the reader nothing.
        view["empty"] = f"{WAITING}: {THIN[:1].lower()}{THIN[1:]}"
        return view
    view["chart"] = chart_data_uri(
        entry, activity, width=CHART_WIDTH, dpi=CHART_DPI, show_prompt=False, show_counts=False
    )
    if view["chart"]:
        # The same numbers in words: as the image's alt text, and as a table anyone can open.
        view["alt"] = chart_summary(entry, activity)
        table = chart_table(entry, activity)
        if table:
            view["table"] = {"headings": table[0], "rows": table[1]}
    else:
        view["empty"] = NOTHING_DRAWN.get(style or "", "There is no chart for this kind of activity.")
    return view


def build_report(summary: Mapping[str, Any], tally: Mapping[str, Any], workshop: Workshop, *, generated: str) -> str:
    """The report of one session as a single self-contained HTML document.

    ``summary`` is ``Service.summary(code)``, ``tally`` is ``Service.tally(code)`` and
    ``workshop`` the session's workshop (``Service.workshop(code)``); ``generated`` is the
    moment the report was made, as it should be printed.
    """
    participants = int(tally.get("participants") or 0)
    signals = tally.get("signals") or {}
    activities = []
    for entry in tally.get("activities", []):
        activity = workshop.activity(entry.get("id", ""))
        if activity is not None:
            activities.append(_activity(entry, activity, participants))
    status = summary.get("status", "")
    return template("report.html.j2").render(
        version=__version__,
        title=summary.get("title") or workshop.title,
        code=summary.get("code", ""),
        date=long_date(summary.get("created_at")),
        status=f"session {STATUS.get(status, status)}" if status else "",
        generated=generated,
        k=tally.get("k"),
        participants=participants,
        pause=int(signals.get("pause", 0)),
        crisis=int(signals.get("crisis", 0)),
        activities=activities,
        measured=any(a["instrument"] for a in activities),
    )


__all__ = ["build_report"]
