"""The session report: one self-contained HTML file a programme lead can open, print or archive.

Everything is inline (styles, and charts as ``data:`` images), so the file makes no request when
opened. It is rendered by Jinja2 with autoescaping on, so anything a participant typed appears
as text, never as markup (R5). It shows only what the k-suppressed tally shows (P3) and only the
free text the facilitator approved (P4).
"""

from __future__ import annotations

from contextlib import nullcontext
from functools import lru_cache
from importlib import resources
from typing import Any, ContextManager, Mapping

import jinja2

from .. import __version__
from ..i18n import N_, _, current_language, ngettext, using
from ..model import Activity, Workshop, get_kind
from ..model.kinds.measure import not_a_diagnosis
from ._common import kind_label, long_date
from ..model.suppression import too_thin_to_show
from .charts import THIN, WAITING, chart_data_uri, chart_summary, chart_table

#: Size of the charts in the report: a little above screen resolution so they print sharply.
CHART_WIDTH = 6.4
CHART_DPI = 120

#: The session's status as the report's header says it (marked with N_, translated there).
STATUS = {"waiting": N_("session not started"), "live": N_("session still running"), "ended": N_("session ended")}

#: Why a chartable result drew nothing, by ``Kind.result_style``: these styles hide a row used
#: by too few people, so every row can be hidden; the other styles merge small rows instead.
NOTHING_DRAWN = {
    "words": N_("No word was used by enough people to be shown."),
    "picks": N_("Every option was picked by too few people to be shown."),
}


@lru_cache(maxsize=None)
def template(name: str) -> jinja2.Template:
    """A template of this package, compiled once, with autoescaping always on.

    Its text is translated when it is rendered (``jinja2.ext.i18n``): the callables installed
    follow the current language (``huddle.i18n``), so one compiled template serves every language.
    """
    environment = jinja2.Environment(
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    environment.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda message: _(message), ngettext=lambda one, many, n: ngettext(one, many, n), newstyle=True,
    )
    source = (resources.files(__package__) / "templates" / name).read_text(encoding="utf-8")
    return environment.from_string(source)


def in_language(language: str | None) -> ContextManager[None]:
    """Translate into ``language`` inside the block; with None, keep the current language."""
    return using(language) if language else nullcontext()


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
    votes = int(question.get("votes", 0))
    notes = [ngettext("{count} upvote", "{count} upvotes", votes).format(count=votes)]
    if question.get("pinned"):
        notes.append(_("pinned"))
    if question.get("answered"):
        notes.append(_("answered"))
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
        view.update(private=True, empty=_("A private skill exercise: participants worked on their own pages and nothing was collected."))
        return view
    if view["suppressed"]:
        # Not even how many answered: below k the report shows no number at all.
        return view
    count, skipped = int(entry.get("count") or 0), int(entry.get("skipped") or 0)
    kind = get_kind(activity.kind)
    style = kind.result_style if kind else None
    group = bool(kind and kind.per_group)
    answers = (
        ngettext("{count} group report", "{count} group reports", count) if group
        else ngettext("{count} answer", "{count} answers", count)
    ).format(count=count)
    view.update(count=count, skipped=skipped, rate=_("one per group") if group else _rate(count, participants))
    counts = f"{answers} · " + ngettext("{count} skipped", "{count} skipped", skipped).format(count=skipped)
    if not group and participants > 0:
        counts += " · " + _("{rate} of participants answered").format(rate=view["rate"])
    view["counts"] = counts
    tally = entry["tally"]
    if style == "voted_texts":
        questions = tally.get("questions", [])
        view["texts"] = [question_line(q) for q in questions]
        view["texts_note"] = (
            ngettext(
                "Showing {shown} of {count} question: only those the facilitator shared with the room, most upvoted first.",
                "Showing {shown} of {count} questions: only those the facilitator shared with the room, most upvoted first.",
                count,
            ).format(shown=len(questions), count=count)
            if questions else _("None of these questions was shared with the room, so none is shown.")
        )
        return view
    if style == "texts":
        texts = [item["text"] for item in tally.get("approved", [])]
        view["texts"] = texts
        if texts:
            view["texts_note"] = _("Showing {shown} of {answers}: only what the facilitator approved for sharing.").format(shown=len(texts), answers=answers)
        else:
            view["texts_note"] = _("None of these answers was approved for sharing, so none is shown.")
        return view
    if too_thin_to_show(tally):
        # Only the combined bucket would be left: a bar that tells the reader nothing.
        thin = _(THIN)
        view["empty"] = f"{_(WAITING)}: {thin[:1].lower()}{thin[1:]}"
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
        view["empty"] = _(NOTHING_DRAWN[style]) if style in NOTHING_DRAWN else _("There is no chart for this kind of activity.")
    return view


def build_report(summary: Mapping[str, Any], tally: Mapping[str, Any], workshop: Workshop, *, generated: str, language: str | None = None) -> str:
    """The report of one session as a single self-contained HTML document.

    ``summary`` is ``Service.summary(code)``, ``tally`` is ``Service.tally(code)`` and
    ``workshop`` the session's workshop (``Service.workshop(code)``); ``generated`` is the
    moment the report was made, as it should be printed. It is written in ``language`` (a
    language of ``huddle.i18n.available()``), else in the current language; its ``<html lang>``
    says which.
    """
    with in_language(language):
        return _build_report(summary, tally, workshop, generated=generated)


def _build_report(summary: Mapping[str, Any], tally: Mapping[str, Any], workshop: Workshop, *, generated: str) -> str:
    participants = int(tally.get("participants") or 0)
    signals = tally.get("signals") or {}
    activities = []
    for entry in tally.get("activities", []):
        activity = workshop.activity(entry.get("id", ""))
        if activity is not None:
            activities.append(_activity(entry, activity, participants))
    status = summary.get("status", "")
    return template("report.html.j2").render(
        lang=current_language(),
        version=__version__,
        title=summary.get("title") or workshop.title,
        code=summary.get("code", ""),
        date=long_date(summary.get("created_at")),
        status=(_(STATUS[status]) if status in STATUS else _("session {status}").format(status=status)) if status else "",
        generated=generated,
        k=tally.get("k"),
        participants=participants,
        pause=int(signals.get("pause", 0)),
        crisis=int(signals.get("crisis", 0)),
        activities=activities,
        measured=any(a["instrument"] for a in activities),
    )


__all__ = ["build_report"]
