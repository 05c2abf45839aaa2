"""Paced breathing: the anywidget pacer, with counts the person can adjust."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

import anywidget
import ipywidgets as w
import traitlets

from ...model.kinds.breathing import counts
from ._base import ExerciseWidget


class BreathingPacer(anywidget.AnyWidget):
    """A circle that grows and shrinks with the breath; animated in the browser."""

    _esm = Path(__file__).parent.parent / "static" / "breathing.js"
    inhale = traitlets.Int(4).tag(sync=True)
    hold = traitlets.Int(4).tag(sync=True)
    exhale = traitlets.Int(6).tag(sync=True)
    hold_after = traitlets.Int(0).tag(sync=True)
    rounds = traitlets.Int(6).tag(sync=True)
    completed = traitlets.Int(0).tag(sync=True)


class BreathingExercise(ExerciseWidget):
    def __init__(self, activity: Mapping[str, Any]) -> None:
        super().__init__(activity)
        self.pacer = BreathingPacer(**counts(activity))
        intro = w.HTML(
            "<p class='huddle-muted'>Sit comfortably, let your shoulders drop, and follow the circle: in as it grows, "
            "out as it shrinks. Change the counts with − and + until it feels easy, not strained.</p>"
        )
        self.view = self._view([intro, self.pacer])

    def notes(self) -> str:
        p = self.pacer
        rhythm = f"in {p.inhale} s, hold {p.hold} s, out {p.exhale} s" + (f", rest {p.hold_after} s" if p.hold_after else "")
        if not p.completed:
            return f"Paced breathing rhythm that suits me: {rhythm}."
        return f"Paced breathing: {p.completed} breaths at {rhythm}."
