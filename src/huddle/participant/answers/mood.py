"""Mood check-in: like a single choice, with the default five moods when none are given."""

from __future__ import annotations

from typing import Any, Mapping

from ...model.kinds.mood import options as mood_options
from .choice import ChoiceAnswer


class MoodAnswer(ChoiceAnswer):
    css_class = "huddle-mood"

    def options(self, activity: Mapping[str, Any]) -> list[tuple[str, Any]]:
        return [(o["label"], o["id"]) for o in mood_options(activity)]
