"""Debrief journal: one private box per prompt."""

from __future__ import annotations

from typing import Any, Mapping

from ...model.kinds.journal import prompts
from ._base import ExerciseWidget, answered, text_area


class JournalExercise(ExerciseWidget):
    def __init__(self, activity: Mapping[str, Any]) -> None:
        super().__init__(activity)
        self.prompts = prompts(activity)
        self.boxes = [text_area(label=prompt) for prompt in self.prompts]
        self.view = self._view(list(self.boxes))

    def notes(self) -> str:
        return answered([(prompt, box.value) for prompt, box in zip(self.prompts, self.boxes)], 4)
