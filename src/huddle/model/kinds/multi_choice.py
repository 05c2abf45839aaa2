"""Multiple choice: pick any number of options (up to ``max_choices``)."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from ..errors import InvalidValue
from ..suppression import hide_small
from ._base import Answer, Kind, Tally, check_int, check_options, option_ids
from ...i18n import N_


def _check_settings(settings: Mapping[str, Any]) -> list:
    problems = check_options(settings)
    return problems + check_int(settings, "max_choices", 1, 12)


def _check_answer(settings: Mapping[str, Any], value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidValue("Please choose one or more of the options.")
    if not value:
        raise InvalidValue("Please choose at least one option, or skip the question.")
    allowed = option_ids(settings)
    if any(v not in allowed for v in value):
        raise InvalidValue("One of those options is not one of this question's choices.")
    if len(set(value)) != len(value):
        raise InvalidValue("Each option can be chosen only once.")
    limit = settings.get("max_choices", len(allowed))
    if len(value) > limit:
        raise InvalidValue(f"Please choose at most {limit} options.")
    return [v for v in allowed if v in value]


def _tally(settings: Mapping[str, Any], answers: Sequence[Answer], k: int) -> Tally:
    if len(answers) < k:
        return Tally(suppressed=True, data=None)
    counts = {option_id: 0 for option_id in option_ids(settings)}
    for answer in answers:
        for option_id in answer.value:
            if option_id in counts:
                counts[option_id] += 1
    shown = hide_small(counts, k)
    return Tally(
        suppressed=False,
        data={
            "respondents": len(answers),
            "options": [
                {"id": o["id"], "label": o["label"], "count": shown[o["id"]]} for o in settings["options"]
            ],
        },
    )


KIND = Kind(
    name="multi_choice",
    label=N_("Poll: multiple choice"),
    settings=frozenset({"options", "max_choices"}),
    check_settings=_check_settings,
    check_answer=_check_answer,
    tally=_tally,
    result_style="picks",
)
