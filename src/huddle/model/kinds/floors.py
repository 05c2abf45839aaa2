"""A "floors" plan: the minimum of sleep, movement and connection to protect in a hard week."""

from __future__ import annotations

from typing import Any, Mapping

from ..types import Problem
from ._base import OPTION_ID
from ._exercise import make_exercise
from ...i18n import N_, _

#: Used when a workshop file gives no floors of its own.
DEFAULT_FLOORS = (
    {"id": "sleep", "label": N_("Sleep"), "hint": N_("e.g. 7 hours or more in each 24, with a protected sleep after a night shift")},
    {"id": "movement", "label": N_("Movement"), "hint": N_("e.g. a 15-minute walk on most days")},
    {"id": "connection", "label": N_("Connection"), "hint": N_("e.g. one call or meal with someone I trust each week")},
)


def floors(settings: Mapping[str, Any]) -> list[dict[str, str]]:
    """The floors in force: the file's own, or sleep, movement and connection."""
    if settings.get("floors"):
        return list(settings["floors"])
    return [{"id": floor["id"], "label": _(floor["label"]), "hint": _(floor["hint"])} for floor in DEFAULT_FLOORS]


def _check(settings: Mapping[str, Any]) -> list[Problem]:
    if "floors" not in settings:
        return []
    value = settings["floors"]
    if not isinstance(value, list) or not 1 <= len(value) <= 6:
        return [Problem(("floors",), "needs a list of 1 to 6 floors, each with an id, a label and a hint")]
    problems: list[Problem] = []
    for index, floor in enumerate(value):
        if not isinstance(floor, dict) or set(floor) != {"id", "label", "hint"}:
            problems.append(Problem(("floors", index), "each floor has exactly an id, a label and a hint"))
        elif not isinstance(floor["id"], str) or not OPTION_ID.match(floor["id"]):
            problems.append(Problem(("floors", index, "id"), "a floor id is lowercase letters, digits, '-' or '_'"))
    return problems


KIND = make_exercise(
    "floors",
    N_("Exercise: floors plan"),
    frozenset({"floors"}),
    _check,
)
