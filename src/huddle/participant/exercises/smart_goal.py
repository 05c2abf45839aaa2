"""SMART goal builder: three layers, each with a goal and the five SMART checks as chips."""

from __future__ import annotations

import html
from typing import Any, Mapping

import ipywidgets as w

from ...i18n import _
from ...model.kinds.smart_goal import CHECKS, LAYERS
from ..answers._aria import name_group, rename
from ._base import ExerciseWidget, reword, text_area


class SmartGoalExercise(ExerciseWidget):
    def __init__(self, activity: Mapping[str, Any]) -> None:
        super().__init__(activity)
        self.meaning = w.HTML()
        parts: list[w.Widget] = [self.meaning]
        examples = activity.get("examples") or []
        if examples:
            parts.append(w.HTML("<div class='huddle-example'>" + "<br>".join(html.escape(e) for e in examples) + "</div>"))
        self.goals: dict[str, w.Textarea] = {}
        self.checks: dict[str, list[w.ToggleButton]] = {}
        self.hints: list[w.HTML] = []
        self.names: dict[str, w.HTML] = {}
        for layer, _title, _hint in LAYERS:
            self.goals[layer] = text_area()
            # Toggle buttons, each announced as pressed or not (see aria.js), in a group named
            # after its layer, since every layer has the same five.
            chips = [w.ToggleButton(value=False) for _check in CHECKS]
            row = w.HBox(chips)
            row.add_class("huddle-chips")
            self.checks[layer] = chips
            hint = w.HTML()
            self.hints.append(hint)
            self.names[layer] = name_group(row, "")
            box = w.VBox([self.goals[layer], hint, self.names[layer], row])
            box.add_class("huddle-layer")
            parts.append(box)
        self.view = self._view(parts)
        self.relabel()

    def relabel(self) -> None:
        what = html.escape(_("What SMART means"))
        self.meaning.value = (
            f"<details class='huddle-muted'><summary>{what}</summary><ul>"
            + "".join(f"<li><strong>{html.escape(_(name))}</strong>: {html.escape(_(question))}</li>" for _check, name, question in CHECKS)
            + "</ul></details>"
        )
        tap = html.escape(_("Tap each one your goal meets:"))
        for hint in self.hints:
            hint.value = f"<p class='huddle-exercise-hint'>{tap}</p>"
        for layer, title, hint_text in LAYERS:
            reword(self.goals[layer], _("My goal…"), label=_(title), hint=_(hint_text))
            rename(self.names[layer], _("SMART checks your {goal} meets").format(goal=_(title).lower()))
            for chip, (_check, name, question) in zip(self.checks[layer], CHECKS):
                chip.description, chip.tooltip = _(name), _(question)

    def notes(self) -> str:
        sections = []
        for layer, title, _hint in LAYERS:
            goal = self.goals[layer].value.strip()
            if not goal:
                continue
            met = [_(name) for chip, (_check, name, _question) in zip(self.checks[layer], CHECKS) if chip.value]
            line = "\n\n" + _("SMART checks met: {checks}.").format(checks=", ".join(met)) if met else ""
            sections.append(f"#### {_(title)}\n\n{goal}{line}")
        return "\n\n".join(sections)
