"""The table of activity kinds: one module per kind, registered here and nowhere else."""

from __future__ import annotations

from . import (
    breathing,
    choice,
    floors,
    grounding,
    group_report,
    journal,
    measure,
    mood,
    multi_choice,
    priority_sort,
    questions,
    ranking,
    red_flags,
    reframe,
    retrospective,
    scale,
    smart_goal,
    text,
    word_cloud,
)
from ._base import RESULT_STYLES, Answer, Kind, ResultStyle, Tally

KINDS: dict[str, Kind] = {
    module.KIND.name: module.KIND
    for module in (
        choice, multi_choice, scale, word_cloud, text, ranking, mood, group_report,
        # Questions from the room: moderated like free text, then upvoted.
        questions,
        # Programme evaluation: a validated questionnaire, and then-and-now self-ratings.
        measure, retrospective,
        # Individual skill exercises: private unless the activity adds a share question.
        breathing, grounding, reframe, smart_goal, priority_sort, floors, red_flags, journal,
    )
}

#: The names of the skill-exercise kinds, in the order above.
EXERCISE_KINDS: tuple[str, ...] = tuple(name for name, kind in KINDS.items() if kind.exercise)


def get_kind(name: str) -> Kind | None:
    """The kind registered under ``name``, or None."""
    return KINDS.get(name)


__all__ = ["EXERCISE_KINDS", "KINDS", "RESULT_STYLES", "Answer", "Kind", "ResultStyle", "Tally", "get_kind"]
