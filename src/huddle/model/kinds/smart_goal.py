"""SMART goal builder with layers: a micro goal, a short-term goal and a long-term goal."""

from __future__ import annotations

from typing import Any, Mapping

from ._exercise import check_text_list, make_exercise

#: The layers, from the step you can take this week to where it leads.
LAYERS = (
    ("micro", "Micro goal", "A step small enough to do in the next few days."),
    ("short", "Short-term goal", "Where you want to be in about a month."),
    ("long", "Long-term goal", "What this is building towards this year."),
)
#: The five SMART checks, each a question a person can answer about their own goal.
CHECKS = (
    ("specific", "Specific", "Would someone else know exactly what you will do?"),
    ("measurable", "Measurable", "How will you know it happened?"),
    ("achievable", "Achievable", "Is it realistic with the time and energy you have?"),
    ("relevant", "Relevant", "Does it matter to you, not just to others?"),
    ("time_bound", "Time-bound", "By when?"),
)


def _check(settings: Mapping[str, Any]) -> list:
    return check_text_list(settings, "examples", maximum=6)


KIND = make_exercise(
    "smart_goal",
    "Exercise: SMART goal builder",
    frozenset({"examples"}),
    _check,
)
