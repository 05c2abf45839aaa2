"""Floors plan: the minimum of each essential to protect, even in the hardest week."""

from __future__ import annotations

from typing import Any, Mapping

import ipywidgets as w

from ...i18n import _
from ...model.kinds.floors import floors
from ..theme import paragraph
from ._base import ExerciseWidget, answered, labelled, reword, text_area


class FloorsExercise(ExerciseWidget):
    def __init__(self, activity: Mapping[str, Any]) -> None:
        super().__init__(activity)
        self.floors = floors(activity)
        self.intro = w.HTML()
        # Each floor's label and hint are the workshop's (or the kind's default) words.
        self.boxes = {f["id"]: labelled(w.Text(layout=w.Layout(width="100%")), f["label"], f["hint"]) for f in self.floors}
        self.slip = text_area()
        self.view = self._view([self.intro, *self.boxes.values(), self.slip])
        self.relabel()

    def relabel(self) -> None:
        self.intro.value = paragraph(_(
            "A floor is not a goal: it is the least you will protect when everything else gives way. Keep it small enough to hold on a bad week."
        ), "huddle-muted")
        for box in self.boxes.values():
            box.placeholder = _("My floor")
        reword(self.slip, _("e.g. I tell my flatmate, and I go to bed early the next night"), label=_("When a floor slips, my first step back is…"))

    def notes(self) -> str:
        pairs = [(f["label"], self.boxes[f["id"]].value) for f in self.floors]
        return answered(pairs + [(_("When a floor slips"), self.slip.value)], 4)
