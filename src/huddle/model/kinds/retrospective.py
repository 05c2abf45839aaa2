"""Retrospective ("then and now") self-ratings: for each item, 1-5 before the workshop and now.

Asked once, at the end: a person rates where they started and where they are, on the same
labelled 1-5 scale, for a few items (usually the module's objectives). Items may be left out.
The tally is each item's mean before and mean now, k-suppressed; no one's own pair is shown.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from ..errors import InvalidValue, TooLarge
from ..types import Problem
from ._base import OPTION_ID, Answer, Kind, Tally, check_text
from ...i18n import N_

LOW, HIGH = 1, 5
WHEN = ("before", "now")
MIN_ITEMS, MAX_ITEMS = 2, 8


def items_of(settings: Mapping[str, Any]) -> list[dict[str, str]]:
    """The activity's items, ``[{"id", "text"}]``, in order."""
    items = settings.get("items")
    return list(items) if isinstance(items, list) else []


def _check_settings(settings: Mapping[str, Any]) -> list[Problem]:
    problems = check_text(settings, "min_label", required=True) + check_text(settings, "max_label", required=True)
    items = settings.get("items")
    if not isinstance(items, list) or not MIN_ITEMS <= len(items) <= MAX_ITEMS:
        return problems + [Problem(("items",), f"needs a list of {MIN_ITEMS} to {MAX_ITEMS} items, each with an id and a text")]
    seen: set[str] = set()
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            problems.append(Problem(("items", index), "each item needs an id and a text"))
            continue
        unknown = set(item) - {"id", "text"}
        if unknown:
            problems.append(Problem(("items", index), f"unknown field(s): {', '.join(sorted(map(str, unknown)))}"))
        item_id = item.get("id")
        if not isinstance(item_id, str) or not OPTION_ID.match(item_id):
            problems.append(Problem(("items", index, "id"), "an item id is lowercase letters, digits, '-' or '_' (at most 40)"))
        elif item_id in seen:
            problems.append(Problem(("items", index, "id"), f"the item id '{item_id}' is used twice"))
        else:
            seen.add(item_id)
        text = item.get("text")
        if not isinstance(text, str) or not text.strip() or len(text) > 200:
            problems.append(Problem(("items", index, "text"), "an item needs a text of at most 200 characters"))
    return problems


def _rating(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and LOW <= value <= HIGH


def _check_answer(settings: Mapping[str, Any], value: Any) -> dict[str, dict[str, int]]:
    if not isinstance(value, Mapping):
        raise InvalidValue("Please rate the items as a set: for each, a number from 1 to 5 for before and for now.")
    if len(value) > MAX_ITEMS:
        raise TooLarge(f"A then-and-now answer has at most {MAX_ITEMS} items.")
    normalised: dict[str, dict[str, int]] = {}
    known = [item["id"] for item in items_of(settings)]
    unknown = [str(key) for key in value if key not in known]
    if unknown:
        raise InvalidValue(f"'{unknown[0][:40]}' is not one of this activity's items.")
    for number, item_id in enumerate(known, start=1):
        pair = value.get(item_id)
        if pair is None:
            continue  # left out
        if not isinstance(pair, Mapping) or set(pair) != set(WHEN) or not all(_rating(pair[when]) for when in WHEN):
            raise InvalidValue(f"Item {number}: please pick a number from 1 to 5 for both before and now, or leave the item out.")
        normalised[item_id] = {when: pair[when] for when in WHEN}
    if not normalised:
        raise InvalidValue("Please rate at least one item, or skip the activity.")
    return normalised


def _tally(settings: Mapping[str, Any], answers: Sequence[Answer], k: int) -> Tally:
    given = [a.value for a in answers if isinstance(a.value, Mapping) and a.value]
    if len(given) < k:
        return Tally(suppressed=True, data=None)
    rows = []
    for item in items_of(settings):
        pairs = [answer[item["id"]] for answer in given if isinstance(answer.get(item["id"]), Mapping)]
        # An item rated by fewer than k people is hidden on its own: items are separate
        # questions, so no total lets its numbers be worked out from the others.
        shown = len(pairs) >= k
        rows.append({
            "id": item["id"],
            "text": item["text"],
            "n": len(pairs) if shown else None,
            "before": round(sum(p["before"] for p in pairs) / len(pairs), 2) if shown else None,
            "now": round(sum(p["now"] for p in pairs) / len(pairs), 2) if shown else None,
        })
    return Tally(suppressed=False, data={"n": len(given), "min": LOW, "max": HIGH, "items": rows})


KIND = Kind(
    name="retrospective",
    label=N_("Then and now self-rating"),
    settings=frozenset({"items", "min_label", "max_label"}),
    check_settings=_check_settings,
    check_answer=_check_answer,
    tally=_tally,
    result_style="before_now",
)
