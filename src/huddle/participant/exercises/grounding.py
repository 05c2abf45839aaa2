"""5-4-3-2-1 grounding, one sense at a time, with an optional note for each step."""

from __future__ import annotations

import html
from typing import Any, Mapping

import ipywidgets as w

from ...model.kinds.grounding import STEPS
from ..answers._aria import LIVE
from ._base import ExerciseWidget, answered, text_area


class GroundingExercise(ExerciseWidget):
    def __init__(self, activity: Mapping[str, Any]) -> None:
        super().__init__(activity)
        self.position = 0
        # Each box is named by its step ("5 things you can see"), which the heading above shows.
        self.boxes = [
            text_area(f"Things you can {sense} (optional)", hidden_label=f"{count} thing{'s' if count > 1 else ''} you can {sense} (optional)")
            for count, sense, _ in STEPS
        ]
        self.back = w.Button(description="◀ Previous sense")
        self.next = w.Button(description="Next sense ▶", button_style="primary")
        self.back.on_click(lambda _: self.go(-1))
        self.next.on_click(lambda _: self.go(+1))
        self.step = w.VBox()
        self.announce = w.HTML("")
        self.announce.add_class(LIVE)
        self.announce.add_class("huddle-visually-hidden")
        self.touched = False
        buttons = w.HBox([self.back, self.next])
        buttons.add_class("huddle-step-row")
        self.view = self._view([self.step, buttons, self.announce])
        self._draw()

    def go(self, step: int) -> None:
        """Move to the previous or next sense (or to the closing screen)."""
        self.position = max(0, min(len(STEPS), self.position + step))
        self._draw()

    def _draw(self) -> None:
        progress = "".join(f"<span class='{'done' if i <= self.position else ''}'></span>" for i in range(len(STEPS)))
        # The bar is drawn for the eye only; the step is said in words, and announced when it
        # changes, since focus stays on the button that was pressed.
        bar = f"<div class='huddle-progress' aria-hidden='true'>{progress}</div>"
        self.back.disabled = self.position == 0
        if self.position == len(STEPS):
            self.next.layout.display = "none"
            self.step.children = [w.HTML(
                f"{bar}<h3>Done</h3>"
                "<p>Take one slow breath and notice your feet on the floor. How do you feel compared with a few minutes ago?</p>"
            )]
            self.announce.value = "Done. Take one slow breath and notice your feet on the floor."
            return
        count, sense, hint = STEPS[self.position]
        self.next.layout.display = None
        self.next.description = "Finish" if self.position == len(STEPS) - 1 else "Next sense ▶"
        step = f"Step {self.position + 1} of {len(STEPS)}"
        title = f"thing{'s' if count > 1 else ''} you can {html.escape(sense)}"
        heading = w.HTML(
            f"<p class='huddle-visually-hidden'>{step}</p>{bar}"
            f"<h3 class='huddle-step-title'><span class='huddle-step-number'>{count}</span> {title}</h3>"
            f"<p class='huddle-exercise-hint'>{html.escape(hint)}</p>"
        )
        self.step.children = [heading, self.boxes[self.position]]
        self.announce.value = f"{step}: {count} {title}." if self.touched else ""
        self.touched = True

    def notes(self) -> str:
        return answered([(f"{count} I could {sense}", box.value) for (count, sense, _), box in zip(STEPS, self.boxes)], 4)
