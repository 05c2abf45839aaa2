"""Red-flags self-check: tick the coping patterns you recognise and see the healthier counterpart of each.

With ``share`` the participant may send, anonymously, the one flag they recognise most; the
options default to the flags themselves.
"""

from __future__ import annotations

from typing import Any, Mapping

from ..types import Problem
from ._base import OPTION_ID
from ._exercise import make_exercise
from ...i18n import N_


def flags(settings: Mapping[str, Any]) -> list[dict[str, str]]:
    """The flags as given in the workshop file."""
    return list(settings.get("flags") or [])


def _check(settings: Mapping[str, Any]) -> list[Problem]:
    value = settings.get("flags")
    if not isinstance(value, list) or not 2 <= len(value) <= 10:
        return [Problem(("flags",), "needs a list of 2 to 10 flags, each with an id, a label and its healthier counterpart")]
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, flag in enumerate(value):
        if not isinstance(flag, dict) or set(flag) != {"id", "label", "healthier"}:
            problems.append(Problem(("flags", index), "each flag has exactly an id, a label and a healthier counterpart"))
            continue
        if not isinstance(flag["id"], str) or not OPTION_ID.match(flag["id"]) or flag["id"] in seen:
            problems.append(Problem(("flags", index, "id"), "a flag id is unique: lowercase letters, digits, '-' or '_'"))
        seen.add(str(flag["id"]))
        for name in ("label", "healthier"):
            if not isinstance(flag[name], str) or not flag[name].strip():
                problems.append(Problem(("flags", index, name), "must be some text"))
    return problems


def _share_options(settings: Mapping[str, Any]) -> list[dict[str, str]]:
    return [{"id": flag["id"], "label": flag["label"]} for flag in flags(settings)]


KIND = make_exercise(
    "red_flags",
    N_("Exercise: red-flags self-check"),
    frozenset({"flags"}),
    _check,
    share_options=_share_options,
)
