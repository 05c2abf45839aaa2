"""Measure: a short validated questionnaire (items on one response scale) answered as a set.

The activity's ``instrument`` setting holds the whole instrument (the content adapter expands a
bundled id such as ``brs`` into it, so a session's snapshot keeps the scoring it started with):
its items, response scale, reverse-scored items, scoring rule, citation and licence. Every item
can be left blank; the instrument's ``min_answered`` says how many answered items a score needs.
Scores exist only inside the tally, as a k-suppressed group mean: never per person.
"""

from __future__ import annotations

import math
from typing import Any, Mapping, Sequence

from ..errors import InvalidValue, TooLarge
from ..types import Problem
from ..text import LANGUAGE_TAG
from ._base import OPTION_ID, Answer, Kind, Tally
from ...i18n import N_, _

#: Said beside every measure unless its instrument words it for itself.
NOT_A_DIAGNOSIS = N_(
    "A score on this questionnaire is not a diagnosis: it describes how a group answered on one day."
)
PHASES = ("pre", "post")
METHODS = ("mean", "sum")
MAX_ITEMS = 40
MAX_POINTS = 11
INSTRUMENT_FIELDS = frozenset({
    "id", "name", "citation", "licence", "stem", "scale", "items", "scoring", "range", "higher_means", "not_a_diagnosis",
    "written_in",
})
REQUIRED_TEXT = ("name", "citation", "licence", "stem", "higher_means")
SCORING_FIELDS = frozenset({"method", "multiply", "min_answered", "rule"})


def instrument_of(settings: Mapping[str, Any]) -> Mapping[str, Any]:
    """The activity's expanded instrument (an empty mapping when it has none yet)."""
    instrument = settings.get("instrument")
    return instrument if isinstance(instrument, Mapping) else {}


def scale_values(instrument: Mapping[str, Any]) -> list[int]:
    """The values a person picks from, in the order the instrument shows them."""
    return [point["value"] for point in instrument.get("scale", [])]


def written_in(instrument: Mapping[str, Any], language: str) -> str | None:
    """The language the instrument's text is shown in when that is not ``language`` (a bundled
    questionnaire whose validated wording in ``language`` is not included), else None."""
    shown = instrument.get("written_in")
    return shown if isinstance(shown, str) and shown.split("-")[0] != language.split("-")[0] else None


def not_a_diagnosis(instrument: Mapping[str, Any]) -> str:
    """The sentence saying that a score is not a diagnosis: the instrument's own, or the default."""
    return str(instrument.get("not_a_diagnosis") or _(NOT_A_DIAGNOSIS))


def score(instrument: Mapping[str, Any], answer: Mapping[str, int | None]) -> float | None:
    """One answer's score by the instrument's rule, or None when too few items were answered.

    Reverse-scored items count ``min + max - value`` of the scale. "mean" is the mean of the
    answered items; "sum" is their sum, prorated (mean of the answered items times the number of
    items) when the rule allows some to be missing, so the score's range never depends on how
    many were skipped. Either is then multiplied by ``multiply`` (WHO-5: a sum of 0-25 times 4).
    Only the tally calls this: a person's score is never stored or shown.
    """
    values = scale_values(instrument)
    low, high = min(values), max(values)
    items = instrument.get("items", [])
    scoring = instrument.get("scoring", {})
    answered: list[int] = []
    for item in items:
        value = answer.get(item["id"])
        if value is None:
            continue
        answered.append(low + high - value if item.get("reverse") else value)
    needed = int(scoring.get("min_answered", len(items)))
    if not answered or len(answered) < needed:
        return None
    mean = sum(answered) / len(answered)
    raw = mean if scoring.get("method", "mean") == "mean" else mean * len(items)
    return raw * float(scoring.get("multiply", 1))


def score_range(instrument: Mapping[str, Any]) -> tuple[float, float]:
    """The lowest and highest score the instrument's rule can give."""
    values = scale_values(instrument)
    scoring = instrument.get("scoring", {})
    count = 1 if scoring.get("method", "mean") == "mean" else len(instrument.get("items", []))
    multiply = float(scoring.get("multiply", 1))
    return min(values) * count * multiply, max(values) * count * multiply


# checking the settings ------------------------------------------------------------------------


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text(mapping: Mapping[str, Any], name: str, path: tuple[str | int, ...], *, required: bool = True) -> list[Problem]:
    if name not in mapping:
        return [Problem(path + (name,), "is required")] if required else []
    value = mapping[name]
    return [] if isinstance(value, str) and value.strip() else [Problem(path + (name,), "must be some text")]


def _scale_problems(instrument: Mapping[str, Any]) -> list[Problem]:
    scale = instrument.get("scale")
    path: tuple[str | int, ...] = ("instrument", "scale")
    if not isinstance(scale, list) or not 2 <= len(scale) <= MAX_POINTS:
        return [Problem(path, f"needs a list of 2 to {MAX_POINTS} points, each with a value and a label")]
    problems: list[Problem] = []
    seen: set[int] = set()
    for index, point in enumerate(scale):
        if not isinstance(point, dict):
            problems.append(Problem(path + (index,), "each point needs a value and a label"))
            continue
        unknown = set(point) - {"value", "label"}
        if unknown:
            problems.append(Problem(path + (index,), f"unknown field(s): {', '.join(sorted(map(str, unknown)))}"))
        value = point.get("value")
        if not _is_whole(value) or not 0 <= value <= 100:
            problems.append(Problem(path + (index, "value"), "a point's value is a whole number from 0 to 100"))
        elif value in seen:
            problems.append(Problem(path + (index, "value"), f"the value {value} is used twice"))
        else:
            seen.add(value)
        problems += _text(point, "label", path + (index,))
    if not problems and sorted(seen) != list(range(min(seen), max(seen) + 1)):
        problems.append(Problem(path, "the values must be consecutive whole numbers (like 1 to 5), shown in either order"))
    if not problems and scale_values(instrument) not in (sorted(seen), sorted(seen, reverse=True)):
        problems.append(Problem(path, "list the points in order, lowest first or highest first"))
    return problems


def _item_problems(instrument: Mapping[str, Any]) -> list[Problem]:
    items = instrument.get("items")
    path: tuple[str | int, ...] = ("instrument", "items")
    if not isinstance(items, list) or not 1 <= len(items) <= MAX_ITEMS:
        return [Problem(path, f"needs a list of 1 to {MAX_ITEMS} items, each with an id and a text")]
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            problems.append(Problem(path + (index,), "each item needs an id and a text"))
            continue
        unknown = set(item) - {"id", "text", "reverse"}
        if unknown:
            problems.append(Problem(path + (index,), f"unknown field(s): {', '.join(sorted(map(str, unknown)))}"))
        item_id = item.get("id")
        if not isinstance(item_id, str) or not OPTION_ID.match(item_id):
            problems.append(Problem(path + (index, "id"), "an item id is lowercase letters, digits, '-' or '_' (at most 40)"))
        elif item_id in seen:
            problems.append(Problem(path + (index, "id"), f"the item id '{item_id}' is used twice"))
        else:
            seen.add(item_id)
        problems += _text(item, "text", path + (index,))
        if "reverse" in item and not isinstance(item["reverse"], bool):
            problems.append(Problem(path + (index, "reverse"), "must be true or false"))
    return problems


def _scoring_problems(instrument: Mapping[str, Any]) -> list[Problem]:
    scoring = instrument.get("scoring")
    path: tuple[str | int, ...] = ("instrument", "scoring")
    if not isinstance(scoring, dict):
        return [Problem(path, "needs method, min_answered and rule (and multiply, if the scores are multiplied)")]
    problems = [Problem(path + (key,), "is not part of a scoring rule") for key in scoring if key not in SCORING_FIELDS]
    if scoring.get("method") not in METHODS:
        problems.append(Problem(path + ("method",), f"must be one of: {', '.join(METHODS)}"))
    if "multiply" in scoring and (not _is_number(scoring["multiply"]) or not 0 < scoring["multiply"] <= 100):
        problems.append(Problem(path + ("multiply",), "must be a number above 0 and at most 100"))
    items = instrument.get("items")
    count = len(items) if isinstance(items, list) else MAX_ITEMS
    needed = scoring.get("min_answered")
    if not _is_whole(needed) or not 1 <= needed <= count:
        problems.append(Problem(path + ("min_answered",), f"must be a whole number from 1 to {count} (the number of items)"))
    problems += _text(scoring, "rule", path)
    return problems


def _range_problems(instrument: Mapping[str, Any], checked: bool) -> list[Problem]:
    given = instrument.get("range")
    path: tuple[str | int, ...] = ("instrument", "range")
    if not isinstance(given, list) or len(given) != 2 or not all(_is_number(v) for v in given) or given[0] >= given[1]:
        return [Problem(path, "must be the score's lowest and highest possible value, like [1, 5]")]
    if checked:
        low, high = score_range(instrument)
        if not (math.isclose(given[0], low) and math.isclose(given[1], high)):
            return [Problem(path, f"the scoring rule gives scores from {low:g} to {high:g}, not {given[0]:g} to {given[1]:g}")]
    return []


def check_instrument(instrument: Any) -> list[Problem]:
    """Every problem with an instrument mapping, each located under ``("instrument", ...)``."""
    path: tuple[str | int, ...] = ("instrument",)
    if not isinstance(instrument, dict):
        return [Problem(path, "must be an instrument: the id of a bundled one (like brs), or a mapping with items, scale and scoring")]
    problems = [Problem(path + (key,), "is not a field of an instrument") for key in instrument if key not in INSTRUMENT_FIELDS]
    if not isinstance(instrument.get("id"), str) or not OPTION_ID.match(instrument["id"]):
        problems.append(Problem(path + ("id",), "an instrument id is lowercase letters, digits, '-' or '_' (at most 40)"))
    for name in REQUIRED_TEXT:
        problems += _text(instrument, name, path)
    problems += _text(instrument, "not_a_diagnosis", path, required=False)
    if "written_in" in instrument and not (isinstance(instrument["written_in"], str) and LANGUAGE_TAG.match(instrument["written_in"])):
        problems.append(Problem(path + ("written_in",), "must be the language tag its text is written in, such as en"))
    structure = _scale_problems(instrument) + _item_problems(instrument) + _scoring_problems(instrument)
    return problems + structure + _range_problems(instrument, checked=not structure)


def _check_settings(settings: Mapping[str, Any]) -> list[Problem]:
    if "instrument" not in settings:
        return [Problem(("instrument",), "is required: the id of a bundled instrument (like brs or who5), or the instrument itself")]
    problems = check_instrument(settings["instrument"])
    if "phase" in settings and settings["phase"] not in PHASES:
        problems.append(Problem(("phase",), f"must be one of: {', '.join(PHASES)} (before or after the programme)"))
    return problems


# answers and the tally -----------------------------------------------------------------------


def _check_answer(settings: Mapping[str, Any], value: Any) -> dict[str, int | None]:
    instrument = instrument_of(settings)
    items = instrument.get("items", [])
    if not isinstance(value, Mapping):
        raise InvalidValue("Please answer the questionnaire as a set: each item with the point you picked, or nothing to leave it blank.")
    if len(value) > MAX_ITEMS:
        raise TooLarge(f"A questionnaire answer has at most {MAX_ITEMS} items.")
    ids = [item["id"] for item in items]
    unknown = [str(key) for key in value if key not in ids]
    if unknown:
        raise InvalidValue(f"'{unknown[0][:40]}' is not one of this questionnaire's items.")
    allowed = scale_values(instrument)
    low, high = min(allowed), max(allowed)
    normalised: dict[str, int | None] = {}
    for number, item_id in enumerate(ids, start=1):
        given = value.get(item_id)
        if given is not None and (not _is_whole(given) or given not in allowed):
            raise InvalidValue(f"Item {number}: please pick a whole number from {low} to {high}, or leave it blank.")
        normalised[item_id] = given
    if all(given is None for given in normalised.values()):
        raise InvalidValue("Please answer at least one item, or skip the whole questionnaire.")
    return normalised


def _tally(settings: Mapping[str, Any], answers: Sequence[Answer], k: int) -> Tally:
    instrument = instrument_of(settings)
    scores = [s for s in (score(instrument, a.value) for a in answers if isinstance(a.value, Mapping)) if s is not None]
    # Counted in scored answers: a mean of fewer than k scores is too close to one person's.
    if len(scores) < k:
        return Tally(suppressed=True, data=None)
    mean = sum(scores) / len(scores)
    sd = math.sqrt(sum((s - mean) ** 2 for s in scores) / (len(scores) - 1)) if len(scores) > 1 else 0.0
    low, high = instrument.get("range") or score_range(instrument)
    return Tally(
        suppressed=False,
        data={
            "n": len(scores),
            "mean": round(mean, 2),
            "sd": round(sd, 2),
            "range": [low, high],
            "instrument": instrument.get("id"),
            "phase": settings.get("phase"),
        },
    )


KIND = Kind(
    name="measure",
    label=N_("Questionnaire (validated measure)"),
    settings=frozenset({"instrument", "phase"}),
    check_settings=_check_settings,
    check_answer=_check_answer,
    tally=_tally,
    result_style="score",
    # Before-and-after pairs are made only from questionnaire answers, and only by opting in (P10).
    pairs=True,
)
