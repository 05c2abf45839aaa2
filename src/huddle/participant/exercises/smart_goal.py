"""SMART goal builder: three layers, each with a goal and the five SMART checks as chips."""

from __future__ import annotations

import html
from typing import Any, Mapping

import ipywidgets as w

from ...model.kinds.smart_goal import CHECKS, LAYERS
from ..answers._aria import name_group
from ._base import ExerciseWidget, text_area


class SmartGoalExercise(ExerciseWidget):
    def __init__(self, activity: Mapping[str, Any]) -> None:
        super().__init__(activity)
        parts: list[w.Widget] = [w.HTML(
            "<details class='huddle-muted'><summary>What SMART means</summary><ul>"
            + "".join(f"<li><strong>{name}</strong>: {html.escape(question)}</li>" for _, name, question in CHECKS)
            + "</ul></details>"
        )]
        examples = activity.get("examples") or []
        if examples:
            parts.append(w.HTML("<div class='huddle-example'>" + "<br>".join(html.escape(e) for e in examples) + "</div>"))
        self.goals: dict[str, w.Textarea] = {}
        self.checks: dict[str, list[w.ToggleButton]] = {}
        for layer, title, hint in LAYERS:
            self.goals[layer] = text_area("My goal…", label=title, hint=hint)
            # Toggle buttons, each announced as pressed or not (see aria.js), in a group named
            # after its layer, since every layer has the same five.
            chips = [w.ToggleButton(description=name, tooltip=question, value=False) for _, name, question in CHECKS]
            row = w.HBox(chips)
            row.add_class("huddle-chips")
            self.checks[layer] = chips
            box = w.VBox([
                self.goals[layer],
                w.HTML("<p class='huddle-exercise-hint'>Tap each one your goal meets:</p>"),
                name_group(row, f"SMART checks your {title.lower()} meets"),
                row,
            ])
            box.add_class("huddle-layer")
            parts.append(box)
        self.view = self._view(parts)

    def notes(self) -> str:
        sections = []
        for layer, title, _ in LAYERS:
            goal = self.goals[layer].value.strip()
            if not goal:
                continue
            met = [chip.description for chip in self.checks[layer] if chip.value]
            line = f"\n\nSMART checks met: {', '.join(met)}." if met else ""
            sections.append(f"#### {title}\n\n{goal}{line}")
        return "\n\n".join(sections)
