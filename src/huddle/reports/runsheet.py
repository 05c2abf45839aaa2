"""A printable one-page run-sheet: the workshop's activities in order, against a running clock."""

from __future__ import annotations

from .. import __version__
from ..i18n import _, current_language, ngettext
from ..model import Workshop
from ._common import kind_label, minutes
from .report import in_language, template


def runsheet_html(workshop: Workshop, *, language: str | None = None) -> str:
    """The run-sheet of ``workshop`` as a self-contained HTML page, escaped, sized to print on one page,
    in ``language`` (else the current language; its ``<html lang>`` says which).

    Each row shows when the activity starts and ends, in minutes from the start, so the
    facilitator can see at a glance whether the room is ahead or behind. Joining and a break
    are rows of their own; the minutes for moving between activities are spread over the
    clock, rounded to whole minutes, so the last activity ends when the plan does.
    """
    with in_language(language):
        return _runsheet_html(workshop)


def _runsheet_html(workshop: Workshop) -> str:
    allowances = workshop.allowances
    spread = allowances.get("transitions", 0.0)
    gaps = max(sum(1 for a in workshop.activities if a.minutes is not None) - 1, 1)
    rows: list[dict] = []
    offset = allowances.get("joining", 0.0)  # everything that is not an activity, so far
    if offset:
        rows.append(_allowance(_("Joining and settling: the join code on the projector, phones out, the privacy line"), 0.0, offset))
    spent = 0.0  # activity minutes so far
    done = 0  # timed activities so far
    for activity in workshop.activities:
        start = offset + spent + _whole(spread * done / gaps)
        end = start + (activity.minutes or 0)
        if activity.minutes is not None:
            spent += activity.minutes
            done += 1
        rows.append(
            {
                "start": minutes(start),
                "end": minutes(end) if activity.minutes is not None else None,
                "minutes": minutes(activity.minutes) if activity.minutes is not None else "–",
                "kind": kind_label(activity.kind),
                "prompt": activity.prompt,
                "content_note": activity.content_note,
                "allowance": False,
            }
        )
        if activity.id == workshop.break_after and allowances.get("break"):
            rows.append(_allowance(_("Break"), end, end + allowances["break"]))
            offset += allowances["break"]
    clock = offset + spent + spread
    total = workshop.minutes if workshop.minutes is not None else clock
    count = sum(1 for row in rows if not row["allowance"])
    return template("runsheet.html.j2").render(
        lang=current_language(),
        version=__version__,
        title=workshop.title,
        description=workshop.description.strip(),
        total=_total(total),
        count=count,
        end=minutes(clock),
        planned=minutes(workshop.planned_minutes()),
        transitions=minutes(spread) if spread else None,
        rows=rows,
    )


def _total(total: float) -> str:
    """The plan's length in words: "60 minutes" (a fraction, "2.5 minutes", is always plural)."""
    if float(total).is_integer():
        return ngettext("{minutes} minute", "{minutes} minutes", int(total)).format(minutes=minutes(total))
    return _("{minutes} minutes").format(minutes=minutes(total))


def _whole(value: float) -> float:
    """Round a clock reading to a whole minute (halves go up), as a facilitator reads a watch."""
    return float(int(value + 0.5))


def _allowance(label: str, start: float, end: float) -> dict:
    return {"start": minutes(start), "end": minutes(end), "minutes": minutes(end - start), "kind": "—", "prompt": label, "content_note": None, "allowance": True}


__all__ = ["runsheet_html"]
