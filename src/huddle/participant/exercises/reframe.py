"""Reframing a thought: write it down, weigh the evidence, find a more useful alternative."""

from __future__ import annotations

import html
from typing import Any, Mapping

import ipywidgets as w

from ._base import ExerciseWidget, answered, text_area

FIELDS = (
    ("thought", "The thought", "Write it the way it sounds in your head.", "e.g. I always get it wrong"),
    ("for", "Evidence for it", "Facts only: what actually happened?", ""),
    ("against", "Evidence against it", "What would a fair friend point out? What went fine?", ""),
    ("alternative", "A more balanced thought", "Something true that helps you act next.", "e.g. This is data about what to practise"),
)


class ReframeExercise(ExerciseWidget):
    def __init__(self, activity: Mapping[str, Any]) -> None:
        super().__init__(activity)
        parts: list[w.Widget] = []
        if activity.get("example_thought"):
            parts.append(w.HTML(
                f"<div class='huddle-example'><strong>Example</strong><br>“{html.escape(activity['example_thought'])}”"
                f"<br>→ “{html.escape(activity['example_alternative'])}”</div>"
            ))
        self.boxes: dict[str, w.Textarea] = {}
        for key, title, hint, placeholder in FIELDS:
            self.boxes[key] = text_area(placeholder, label=title, hint=hint)
            parts.append(self.boxes[key])
        self.view = self._view(parts)

    def notes(self) -> str:
        return answered([(title, self.boxes[key].value) for key, title, _, _ in FIELDS], 4)
