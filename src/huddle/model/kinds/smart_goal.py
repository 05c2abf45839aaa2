"""SMART goal builder with layers: a micro goal, a short-term goal and a long-term goal."""

from __future__ import annotations

from typing import Any, Mapping

from ._exercise import check_text_list, make_exercise
from ...i18n import N_

#: The layers, from the step you can take this week to where it leads.
LAYERS = (
    ("micro", N_("Micro goal"), N_("A step small enough to do in the next few days.")),
    ("short", N_("Short-term goal"), N_("Where you want to be in about a month.")),
    ("long", N_("Long-term goal"), N_("What this is building towards this year.")),
)
#: The five SMART checks, each a question a person can answer about their own goal.
CHECKS = (
    ("specific", N_("Specific"), N_("Would someone else know exactly what you will do?")),
    ("measurable", N_("Measurable"), N_("How will you know it happened?")),
    ("achievable", N_("Achievable"), N_("Is it realistic with the time and energy you have?")),
    ("relevant", N_("Relevant"), N_("Does it matter to you, not just to others?")),
    ("time_bound", N_("Time-bound"), N_("By when?")),
)


def _check(settings: Mapping[str, Any]) -> list:
    return check_text_list(settings, "examples", maximum=6)


KIND = make_exercise(
    "smart_goal",
    N_("Exercise: SMART goal builder"),
    frozenset({"examples"}),
    _check,
)
