"""Small-group report-back: one short text per group, promoted to the room by the facilitator."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from ._base import Answer, Kind, Tally, check_int
from ._free_text import check_free_text, tally_free_text
from ...i18n import N_

DEFAULT_LIMIT = 1000


def _tally(settings: Mapping[str, Any], answers: Sequence[Answer], k: int) -> Tally:
    # A report speaks for a whole group, not one person, so it is not held back until k arrive.
    return tally_free_text(answers, 0)


KIND = Kind(
    name="group_report",
    label=N_("Small-group report-back"),
    settings=frozenset({"max_length", "group_prompt"}),
    check_settings=lambda settings: check_int(settings, "max_length", 20, 4000),
    check_answer=lambda settings, value: check_free_text(settings, value, DEFAULT_LIMIT),
    tally=_tally,
    result_style="texts",
    free_text=True,
    per_group=True,
)
