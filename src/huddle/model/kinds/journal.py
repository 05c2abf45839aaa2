"""Debrief journal: a few guided prompts about something that happened."""

from __future__ import annotations

from typing import Any, Mapping

from ._exercise import check_text_list, make_exercise

#: Used when a workshop file gives no prompts of its own.
DEFAULT_PROMPTS = (
    "What happened? Just the facts, as a camera would have seen it.",
    "What did I think and feel, then and now?",
    "What did I learn, and what would I do the same or differently?",
)


def prompts(settings: Mapping[str, Any]) -> list[str]:
    """The journal prompts in force."""
    return list(settings.get("prompts") or DEFAULT_PROMPTS)


def _check(settings: Mapping[str, Any]) -> list:
    return check_text_list(settings, "prompts", maximum=8)


KIND = make_exercise(
    "journal",
    "Exercise: debrief journal",
    frozenset({"prompts"}),
    _check,
)
