"""5-4-3-2-1 grounding, one sense at a time, with an optional note for each step."""

from __future__ import annotations

import html
from typing import Any, Mapping

import ipywidgets as w

from ...model.kinds.grounding import STEPS
from ._base import ExerciseWidget, answered, text_area


class GroundingExercise(ExerciseWidget):
    def __init__(self, activity: Mapping[str, Any]) -> None:
        super().__init__(activity)
        self.position = 0
        self.boxes = [text_area(f"Things you can {sense} (optional)") for _, sense, _ in STEPS]
        self.back = w.Button(description="◀ Previous sense")
        self.next = w.Button(description="Next sense ▶", button_style="primary")
        self.back.on_click(lambda _: self.go(-1))
        self.next.on_click(lambda _: self.go(+1))
        self.step = w.VBox()
        buttons = w.HBox([self.back, self.next])
        buttons.add_class("huddle-step-row")
        self.view = w.VBox([self.step, buttons])
        self._draw()

    def go(self, step: int) -> None:
        """Move to the previous or next sense (or to the closing screen)."""
        self.position = max(0, min(len(STEPS), self.position + step))
        self._draw()

    def _draw(self) -> None:
        progress = "".join(f"<span class='{'done' if i <= self.position else ''}'></span>" for i in range(len(STEPS)))
        self.back.disabled = self.position == 0
        if self.position == len(STEPS):
            self.next.layout.display = "none"
            self.step.children = [w.HTML(
                f"<div class='huddle-progress' aria-hidden='true'>{progress}</div><h3>Done</h3>"
                "<p>Take one slow breath and notice your feet on the floor. How do you feel compared with a few minutes ago?</p>"
            )]
            return
        count, sense, hint = STEPS[self.position]
        self.next.layout.display = None
        self.next.description = "Finish" if self.position == len(STEPS) - 1 else "Next sense ▶"
        heading = w.HTML(
            f"<div class='huddle-progress' aria-label='Step {self.position + 1} of {len(STEPS)}'>{progress}</div>"
            f"<p class='huddle-step-number'>{count}</p><h3>thing{'s' if count > 1 else ''} you can {html.escape(sense)}</h3>"
            f"<p class='huddle-exercise-hint'>{html.escape(hint)}</p>"
        )
        self.step.children = [heading, self.boxes[self.position]]

    def notes(self) -> str:
        return answered([(f"{count} I could {sense}", box.value) for (count, sense, _), box in zip(STEPS, self.boxes)], 4)
