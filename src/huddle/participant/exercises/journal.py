"""Debrief journal: one private box per prompt."""

from __future__ import annotations

from typing import Any, Mapping

import ipywidgets as w

from ...model.kinds.journal import prompts
from ._base import ExerciseWidget, answered, label, text_area


class JournalExercise(ExerciseWidget):
    def __init__(self, activity: Mapping[str, Any]) -> None:
        super().__init__(activity)
        self.prompts = prompts(activity)
        self.boxes = [text_area() for _ in self.prompts]
        parts: list[w.Widget] = []
        for prompt, box in zip(self.prompts, self.boxes):
            parts += [label(prompt), box]
        self.view = w.VBox(parts)

    def notes(self) -> str:
        return answered([(prompt, box.value) for prompt, box in zip(self.prompts, self.boxes)], 4)
