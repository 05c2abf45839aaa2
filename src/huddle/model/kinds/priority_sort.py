"""Priority (Eisenhower) sort: place each task by urgency and importance."""

from __future__ import annotations

from typing import Any, Mapping

from ._exercise import check_text_list, make_exercise

#: (id, label, what to do) for the four quadrants, important-and-urgent first.
QUADRANTS = (
    ("do", "Urgent and important", "Do it now"),
    ("plan", "Important, not urgent", "Put it in the calendar"),
    ("hand-off", "Urgent, not important", "Hand it off or keep it short"),
    ("drop", "Neither", "Let it go"),
)


def _check(settings: Mapping[str, Any]) -> list:
    return check_text_list(settings, "items", maximum=15)


KIND = make_exercise(
    "priority_sort",
    "Exercise: priority sort",
    frozenset({"items"}),
    _check,
)
