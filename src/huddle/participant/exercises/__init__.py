"""Skill-exercise widgets, one module per exercise kind, registered in one table."""

from __future__ import annotations

from typing import Any, Mapping

from ._base import ExerciseWidget, label, text_area
from .breathing import BreathingExercise
from .floors import FloorsExercise
from .grounding import GroundingExercise
from .journal import JournalExercise
from .priority_sort import PrioritySortExercise
from .red_flags import RedFlagsExercise
from .reframe import ReframeExercise
from .smart_goal import SmartGoalExercise

EXERCISE_WIDGETS: dict[str, type[ExerciseWidget]] = {
    "breathing": BreathingExercise,
    "grounding": GroundingExercise,
    "reframe": ReframeExercise,
    "smart_goal": SmartGoalExercise,
    "priority_sort": PrioritySortExercise,
    "floors": FloorsExercise,
    "red_flags": RedFlagsExercise,
    "journal": JournalExercise,
}


def exercise_widget(activity: Mapping[str, Any]) -> ExerciseWidget | None:
    """The exercise widget for an activity, or None when its kind is not an exercise."""
    widget_class = EXERCISE_WIDGETS.get(activity.get("kind", ""))
    return widget_class(activity) if widget_class else None


__all__ = ["EXERCISE_WIDGETS", "ExerciseWidget", "exercise_widget", "label", "text_area"]
