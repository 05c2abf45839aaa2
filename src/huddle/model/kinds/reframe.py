"""Reframing a thought: the thought, the evidence for and against it, a more useful alternative."""

from __future__ import annotations

from typing import Any, Mapping

from ..types import Problem
from ._base import check_text
from ._exercise import make_exercise
from ...i18n import N_


def _check(settings: Mapping[str, Any]) -> list:
    problems = check_text(settings, "example_thought") + check_text(settings, "example_alternative")
    if ("example_thought" in settings) != ("example_alternative" in settings):
        problems.append(Problem(("example_alternative",), "give the example thought and its alternative together"))
    return problems


KIND = make_exercise(
    "reframe",
    N_("Exercise: reframing a thought"),
    frozenset({"example_thought", "example_alternative"}),
    _check,
)
