"""Red-flags self-check: tick what you recognise; the healthier counterpart appears under it."""

from __future__ import annotations

import html
from typing import Any, Mapping

import ipywidgets as w

from ...model.kinds.red_flags import flags
from ..answers._aria import name_group
from ._base import ExerciseWidget


class RedFlagsExercise(ExerciseWidget):
    def __init__(self, activity: Mapping[str, Any]) -> None:
        super().__init__(activity)
        self.flags = flags(activity)
        self.ticks: dict[str, w.Checkbox] = {}
        self.healthier: dict[str, w.HTML] = {}
        hint = w.HTML("<p class='huddle-muted'>Tick any you recognise. Nobody sees your ticks; each one shows a healthier counterpart to try.</p>")
        parts: list[w.Widget] = []
        for flag in self.flags:
            tick = w.Checkbox(value=False, description=flag["label"], indent=False, layout=w.Layout(width="100%"))
            tick.add_class("huddle-option")
            better = w.HTML(f"<p class='huddle-healthier'><strong>Healthier:</strong> {html.escape(flag['healthier'])}</p>")
            better.layout.display = "none"
            tick.observe(lambda change, b=better: setattr(b.layout, "display", None if change["new"] else "none"), names="value")
            self.ticks[flag["id"]], self.healthier[flag["id"]] = tick, better
            parts += [tick, better]
        group = w.VBox(parts)
        group.add_class("huddle-options")
        self.view = self._view([hint, name_group(group, str(activity.get("prompt", ""))), group])

    def recognised(self) -> list[str]:
        """The ids of the flags ticked, in order."""
        return [flag["id"] for flag in self.flags if self.ticks[flag["id"]].value]

    def notes(self) -> str:
        ticked = [f for f in self.flags if self.ticks[f["id"]].value]
        return "\n".join(f"- I recognise: {f['label']}. Healthier: {f['healthier']}" for f in ticked)
