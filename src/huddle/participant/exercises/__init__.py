"""Skill-exercise widgets, one module per exercise kind, registered in one table."""

from __future__ import annotations

from typing import Any, Mapping

from ...model import kinds
from ._base import ExerciseWidget, label, text_area
from .breathing import BreathingExercise
from .floors import FloorsExercise
from .grounding import GroundingExercise
from .journal import JournalExercise
from .priority_sort import PrioritySortExercise
from .red_flags import RedFlagsExercise
from .reframe import ReframeExercise
from .smart_goal import SmartGoalExercise

#: The widget of every skill-exercise kind, by ``Kind.name``.
EXERCISE_WIDGETS: dict[str, type[ExerciseWidget]] = {
    kinds.breathing.KIND.name: BreathingExercise,
    kinds.grounding.KIND.name: GroundingExercise,
    kinds.reframe.KIND.name: ReframeExercise,
    kinds.smart_goal.KIND.name: SmartGoalExercise,
    kinds.priority_sort.KIND.name: PrioritySortExercise,
    kinds.floors.KIND.name: FloorsExercise,
    kinds.red_flags.KIND.name: RedFlagsExercise,
    kinds.journal.KIND.name: JournalExercise,
}


def exercise_widget(activity: Mapping[str, Any]) -> ExerciseWidget | None:
    """The exercise widget for an activity, or None when its kind is not an exercise."""
    widget_class = EXERCISE_WIDGETS.get(activity.get("kind", ""))
    return widget_class(activity) if widget_class else None


__all__ = ["EXERCISE_WIDGETS", "ExerciseWidget", "exercise_widget", "label", "text_area"]
