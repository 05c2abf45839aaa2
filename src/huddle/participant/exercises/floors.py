"""Floors plan: the minimum of each essential to protect, even in the hardest week."""

from __future__ import annotations

from typing import Any, Mapping

import ipywidgets as w

from ...model.kinds.floors import floors
from ._base import ExerciseWidget, answered, labelled, text_area


class FloorsExercise(ExerciseWidget):
    def __init__(self, activity: Mapping[str, Any]) -> None:
        super().__init__(activity)
        self.floors = floors(activity)
        intro = w.HTML("<p class='huddle-muted'>A floor is not a goal: it is the least you will protect when everything else gives way. Keep it small enough to hold on a bad week.</p>")
        self.boxes = {f["id"]: labelled(w.Text(placeholder="My floor", layout=w.Layout(width="100%")), f["label"], f["hint"]) for f in self.floors}
        self.slip = text_area("e.g. I tell my flatmate, and I go to bed early the next night", label="When a floor slips, my first step back is…")
        self.view = self._view([intro, *self.boxes.values(), self.slip])

    def notes(self) -> str:
        pairs = [(f["label"], self.boxes[f["id"]].value) for f in self.floors]
        return answered(pairs + [("When a floor slips", self.slip.value)], 4)
