"""Single choice: pick one option."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from ._base import Answer, Kind, Tally, check_options, option_answer
from ._categorical import tally_categories
from ...i18n import N_


def _tally(settings: Mapping[str, Any], answers: Sequence[Answer], k: int) -> Tally:
    options = [(o["id"], o["label"]) for o in settings["options"]]
    return tally_categories(options, answers, k)


KIND = Kind(
    name="choice",
    label=N_("Poll: single choice"),
    settings=frozenset({"options"}),
    check_settings=lambda settings: check_options(settings),
    check_answer=option_answer,
    tally=_tally,
    result_style="categories",
)
