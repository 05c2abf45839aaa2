"""Priority (Eisenhower) sort: place each task by urgency and importance."""

from __future__ import annotations

from typing import Any, Mapping

from ._exercise import check_text_list, make_exercise
from ...i18n import N_

#: (id, label, what to do) for the four quadrants, important-and-urgent first.
QUADRANTS = (
    ("do", N_("Urgent and important"), N_("Do it now")),
    ("plan", N_("Important, not urgent"), N_("Put it in the calendar")),
    ("hand-off", N_("Urgent, not important"), N_("Hand it off or keep it short")),
    ("drop", N_("Neither"), N_("Let it go")),
)


def _check(settings: Mapping[str, Any]) -> list:
    return check_text_list(settings, "items", maximum=15)


KIND = make_exercise(
    "priority_sort",
    N_("Exercise: priority sort"),
    frozenset({"items"}),
    _check,
)
