"""Mood check-in: pick the option closest to how you feel right now."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from ._base import Answer, Kind, Tally, check_options, option_answer
from ._categorical import tally_categories
from ...i18n import N_, _

#: Used when a workshop file gives no options of its own.
DEFAULT_MOODS = (
    {"id": "great", "label": N_("😄 Great")},
    {"id": "good", "label": N_("🙂 Good")},
    {"id": "okay", "label": N_("😐 Okay")},
    {"id": "low", "label": N_("😕 Low")},
    {"id": "struggling", "label": N_("😣 Struggling")},
)


def options(settings: Mapping[str, Any]) -> list[dict[str, str]]:
    """The mood options in force: the file's own, or the default five."""
    if settings.get("options"):
        return list(settings["options"])
    # The defaults are said in the page's language; their ids are the same in every one.
    return [{"id": mood["id"], "label": _(mood["label"])} for mood in DEFAULT_MOODS]


def _check_settings(settings: Mapping[str, Any]) -> list:
    return check_options(settings) if "options" in settings else []


def _check_answer(settings: Mapping[str, Any], value: Any) -> str:
    return option_answer({"options": options(settings)}, value)


def _tally(settings: Mapping[str, Any], answers: Sequence[Answer], k: int) -> Tally:
    return tally_categories([(o["id"], o["label"]) for o in options(settings)], answers, k)


KIND = Kind(
    name="mood",
    label=N_("Mood check-in"),
    settings=frozenset({"options"}),
    check_settings=_check_settings,
    check_answer=_check_answer,
    tally=_tally,
    result_style="categories",
)
