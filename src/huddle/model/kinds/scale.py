"""Rating scale (Likert): a whole number between labelled ends; "Skip this one" is a skip."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from ..errors import InvalidValue
from ..types import Problem
from ._base import Answer, Kind, Tally, check_int, check_text
from ._categorical import tally_categories
from ...i18n import N_


def bounds(settings: Mapping[str, Any]) -> tuple[int, int]:
    """The lowest and highest value of the scale (1 to 5 unless the file says otherwise)."""
    return int(settings.get("min", 1)), int(settings.get("max", 5))


def _check_settings(settings: Mapping[str, Any]) -> list[Problem]:
    problems = check_int(settings, "min", 0, 10) + check_int(settings, "max", 1, 11)
    problems += check_text(settings, "min_label", required=True) + check_text(settings, "max_label", required=True)
    if not problems:
        low, high = bounds(settings)
        if not 2 <= high - low + 1 <= 11:
            problems.append(Problem(("max",), "a scale needs between 2 and 11 points"))
    return problems


def _check_answer(settings: Mapping[str, Any], value: Any) -> int:
    low, high = bounds(settings)
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValue(f"Please pick a whole number from {low} to {high}.")
    if not low <= value <= high:
        raise InvalidValue(f"Please pick a number from {low} to {high}.")
    return value


def _tally(settings: Mapping[str, Any], answers: Sequence[Answer], k: int) -> Tally:
    low, high = bounds(settings)
    labels = {low: settings.get("min_label", str(low)), high: settings.get("max_label", str(high))}
    points = [(str(v), f"{v}" + (f" ({labels[v]})" if v in labels else "")) for v in range(low, high + 1)]
    result = tally_categories(points, answers, k)
    if result.data is not None:
        result.data["min"], result.data["max"] = low, high
        # A mean together with a merged bucket would let someone solve for the hidden counts.
        result.data["mean"] = (
            round(sum(a.value for a in answers) / len(answers), 2) if result.data["merged"] is None else None
        )
    return result


KIND = Kind(
    name="scale",
    label=N_("Rating scale"),
    settings=frozenset({"min", "max", "min_label", "max_label"}),
    check_settings=_check_settings,
    check_answer=_check_answer,
    tally=_tally,
    result_style="points",
)
