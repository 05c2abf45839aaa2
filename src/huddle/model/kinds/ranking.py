"""Ranking: put every option in order; the tally is each option's mean rank."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from ..errors import InvalidValue
from ._base import Answer, Kind, Tally, check_options, option_ids
from ...i18n import N_


def _check_answer(settings: Mapping[str, Any], value: Any) -> list[str]:
    allowed = option_ids(settings)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidValue("Please put the options in order.")
    if sorted(value) != sorted(allowed):
        raise InvalidValue("Please rank every option exactly once.")
    return value


def _tally(settings: Mapping[str, Any], answers: Sequence[Answer], k: int) -> Tally:
    if len(answers) < k:
        return Tally(suppressed=True, data=None)
    totals = {option_id: 0 for option_id in option_ids(settings)}
    for answer in answers:
        for rank, option_id in enumerate(answer.value, start=1):
            totals[option_id] += rank
    rows = [
        {"id": o["id"], "label": o["label"], "mean_rank": round(totals[o["id"]] / len(answers), 2)}
        for o in settings["options"]
    ]
    return Tally(suppressed=False, data={"options": sorted(rows, key=lambda row: row["mean_rank"])})


KIND = Kind(
    name="ranking",
    label=N_("Ranking"),
    settings=frozenset({"options"}),
    check_settings=lambda settings: check_options(settings, maximum=8),
    check_answer=_check_answer,
    tally=_tally,
    result_style="places",
)
