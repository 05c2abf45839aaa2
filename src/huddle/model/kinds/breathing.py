"""Paced breathing: a visual pacer with adjustable counts (inhale, hold, exhale, hold)."""

from __future__ import annotations

from typing import Any, Mapping

from ._base import check_int
from ._exercise import make_exercise
from ...i18n import N_

#: Seconds for each phase when the workshop file does not set them.
DEFAULTS = {"inhale": 4, "hold": 4, "exhale": 6, "hold_after": 0, "rounds": 6}


def counts(settings: Mapping[str, Any]) -> dict[str, int]:
    """The pacer's counts in force: the file's own, or the defaults."""
    return {name: int(settings.get(name, default)) for name, default in DEFAULTS.items()}


def _check(settings: Mapping[str, Any]) -> list:
    return (
        check_int(settings, "inhale", 2, 10)
        + check_int(settings, "hold", 0, 10)
        + check_int(settings, "exhale", 2, 12)
        + check_int(settings, "hold_after", 0, 10)
        + check_int(settings, "rounds", 1, 30)
    )


KIND = make_exercise(
    "breathing",
    N_("Exercise: paced breathing"),
    frozenset(DEFAULTS),
    _check,
)
