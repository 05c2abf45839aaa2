"""Debrief journal: a few guided prompts about something that happened."""

from __future__ import annotations

from typing import Any, Mapping

from ._exercise import check_text_list, make_exercise
from ...i18n import N_, _

#: Used when a workshop file gives no prompts of its own.
DEFAULT_PROMPTS = (
    N_("What happened? Just the facts, as a camera would have seen it."),
    N_("What did I think and feel, then and now?"),
    N_("What did I learn, and what would I do the same or differently?"),
)


def prompts(settings: Mapping[str, Any]) -> list[str]:
    """The journal prompts in force."""
    return list(settings.get("prompts") or [_(prompt) for prompt in DEFAULT_PROMPTS])


def _check(settings: Mapping[str, Any]) -> list:
    return check_text_list(settings, "prompts", maximum=8)


KIND = make_exercise(
    N_("journal"),
    N_("Exercise: debrief journal"),
    frozenset({"prompts"}),
    _check,
)
