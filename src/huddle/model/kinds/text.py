"""Open text: a free answer, seen by the facilitator first and shown only once approved (P4)."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from ._base import Answer, Kind, Tally, check_int
from ._free_text import check_free_text, tally_free_text
from ...i18n import N_

DEFAULT_LIMIT = 500


def _tally(settings: Mapping[str, Any], answers: Sequence[Answer], k: int) -> Tally:
    return tally_free_text(answers, k)


KIND = Kind(
    name="text",
    label=N_("Open text (moderated)"),
    settings=frozenset({"max_length"}),
    check_settings=lambda settings: check_int(settings, "max_length", 20, 2000),
    check_answer=lambda settings, value: check_free_text(settings, value, DEFAULT_LIMIT),
    tally=_tally,
    result_style="texts",
    free_text=True,
)
