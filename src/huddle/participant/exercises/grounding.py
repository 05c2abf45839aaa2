"""5-4-3-2-1 grounding, one sense at a time, with an optional note for each step."""

from __future__ import annotations

import html
from typing import Any, Mapping

import ipywidgets as w

from ...i18n import _, ngettext
from ...model.kinds.grounding import STEPS
from ..answers._aria import LIVE
from ._base import ExerciseWidget, answered, reword, text_area


def _things(count: int, sense: str) -> str:
    """ "things you can see" (the number is drawn beside it)."""
    return ngettext("thing you can {sense}", "things you can {sense}", count).format(sense=_(sense))


class GroundingExercise(ExerciseWidget):
    def __init__(self, activity: Mapping[str, Any]) -> None:
        super().__init__(activity)
        self.position = 0
        # Each box is named by its step ("5 things you can see"), which the heading above shows.
        self.boxes = [text_area() for _step in STEPS]
        self.back = w.Button()
        self.next = w.Button(button_style="primary")
        self.back.on_click(lambda _: self.go(-1))
        self.next.on_click(lambda _: self.go(+1))
        self.step = w.VBox()
        self.announce = w.HTML("")
        self.announce.add_class(LIVE)
        self.announce.add_class("huddle-visually-hidden")
        buttons = w.HBox([self.back, self.next])
        buttons.add_class("huddle-step-row")
        self.view = self._view([self.step, buttons, self.announce])
        self.relabel()

    def relabel(self) -> None:
        for (count, sense, _hint), box in zip(STEPS, self.boxes):
            hidden = ngettext("{count} thing you can {sense} (optional)", "{count} things you can {sense} (optional)", count)
            reword(box, _("Things you can {sense} (optional)").format(sense=_(sense)), hidden_label=hidden.format(count=count, sense=_(sense)))
        self.back.description = _("◀ Previous sense")
        self._draw(announce=False)

    def go(self, step: int) -> None:
        """Move to the previous or next sense (or to the closing screen)."""
        self.position = max(0, min(len(STEPS), self.position + step))
        self._draw()

    def _draw(self, announce: bool = True) -> None:
        progress = "".join(f"<span class='{'done' if i <= self.position else ''}'></span>" for i in range(len(STEPS)))
        # The bar is drawn for the eye only; the step is said in words, and announced when it
        # changes, since focus stays on the button that was pressed.
        bar = f"<div class='huddle-progress' aria-hidden='true'>{progress}</div>"
        self.back.disabled = self.position == 0
        if self.position == len(STEPS):
            self.next.layout.display = "none"
            done = html.escape(_("Done"))
            breathe = html.escape(_("Take one slow breath and notice your feet on the floor. How do you feel compared with a few minutes ago?"))
            self.step.children = [w.HTML(f"{bar}<h3>{done}</h3><p>{breathe}</p>")]
            if announce:
                self.announce.value = html.escape(_("Done. Take one slow breath and notice your feet on the floor."))
            return
        count, sense, hint = STEPS[self.position]
        self.next.layout.display = None
        self.next.description = _("Finish") if self.position == len(STEPS) - 1 else _("Next sense ▶")
        step = _("Step {number} of {count}").format(number=self.position + 1, count=len(STEPS))
        title = _things(count, sense)
        heading = w.HTML(
            f"<p class='huddle-visually-hidden'>{html.escape(step)}</p>{bar}"
            f"<h3 class='huddle-step-title'><span class='huddle-step-number'>{count}</span> {html.escape(title)}</h3>"
            f"<p class='huddle-exercise-hint'>{html.escape(_(hint))}</p>"
        )
        self.step.children = [heading, self.boxes[self.position]]
        if announce:  # a move, never the first drawing or a change of language
            said = _("{step}: {count} {things}.").format(step=step, count=count, things=title)
            self.announce.value = html.escape(said)

    def notes(self) -> str:
        return answered([(_("{count} I could {sense}").format(count=count, sense=_(sense)), box.value) for (count, sense, _hint), box in zip(STEPS, self.boxes)], 4)
