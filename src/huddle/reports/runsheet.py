"""A printable one-page run-sheet: the workshop's activities in order, against a running clock."""

from __future__ import annotations

from .. import __version__
from ..model import Workshop
from ._common import kind_label, minutes
from .report import template


def runsheet_html(workshop: Workshop) -> str:
    """The run-sheet of ``workshop`` as a self-contained HTML page, escaped, sized to print on one page.

    Each row shows when the activity starts and ends, in minutes from the start, so the
    facilitator can see at a glance whether the room is ahead or behind.
    """
    rows = []
    clock = 0.0
    for activity in workshop.activities:
        start = clock
        if activity.minutes is not None:
            clock += activity.minutes
        rows.append(
            {
                "start": minutes(start),
                "end": minutes(clock) if activity.minutes is not None else None,
                "minutes": minutes(activity.minutes) if activity.minutes is not None else "–",
                "kind": kind_label(activity.kind),
                "prompt": activity.prompt,
                "content_note": activity.content_note,
            }
        )
    total = workshop.minutes if workshop.minutes is not None else clock
    return template("runsheet.html.j2").render(
        version=__version__,
        title=workshop.title,
        description=workshop.description.strip(),
        total=f"{minutes(total)} minutes",
        end=minutes(clock),
        planned=minutes(clock),
        rows=rows,
    )


__all__ = ["runsheet_html"]
