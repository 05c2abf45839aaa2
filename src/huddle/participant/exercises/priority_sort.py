"""Priority (Eisenhower) sort: tap a quadrant for each task; the grid fills in as you go."""

from __future__ import annotations

import html
from typing import Any, Mapping

import ipywidgets as w

from ...i18n import N_, _
from ...model.kinds.priority_sort import QUADRANTS
from ...ui.shared import new_id
from ..answers._aria import HIDDEN_LABEL, labelled_by
from ._base import ExerciseWidget

#: Each quadrant's button word, marked here and translated where it is shown.
SHORT = {"do": N_("Do"), "plan": N_("Plan"), "hand-off": N_("Hand off"), "drop": N_("Drop")}
MAX_TASKS = 20


def _choices() -> list[tuple[str, str]]:
    return [(_(SHORT[q]), q) for q, _name, _action in QUADRANTS]


def _tooltips() -> list[str]:
    return [_("{quadrant}: {action}").format(quadrant=_(name), action=_(action)) for _q, name, action in QUADRANTS]


class PrioritySortExercise(ExerciseWidget):
    def __init__(self, activity: Mapping[str, Any]) -> None:
        super().__init__(activity)
        self.tasks: list[tuple[str, w.ToggleButtons]] = []
        self.rows = w.VBox()
        self.matrix = w.HTML()
        self.new_task = w.Text()
        self.new_task.add_class(HIDDEN_LABEL)
        self.add_button = w.Button(button_style="primary")
        self.add_button.on_click(lambda _: self.add(self.new_task.value))
        self.new_task.on_submit(lambda _: self.add(self.new_task.value))
        adder = w.HBox([self.new_task, self.add_button])
        adder.add_class("huddle-add-row")
        self.legend = w.HTML()
        self.view = self._view([self.legend, self.rows, adder, self.matrix])
        self.relabel()
        for item in activity.get("items") or []:
            self.add(item)
        self._draw_matrix()

    def relabel(self) -> None:
        legend = " · ".join(
            f"<strong>{html.escape(_(SHORT[q]))}</strong>: {html.escape(_(name).lower())}" for q, name, _action in QUADRANTS
        )
        self.legend.value = f"<p class='huddle-exercise-hint'>{legend}</p>"
        self.new_task.placeholder = self.new_task.description = _("Add a task of your own")
        self.add_button.description = _("Add")
        for _text, pick in self.tasks:
            chosen = pick.value
            pick.options, pick.tooltips = _choices(), _tooltips()
            pick.value = chosen  # new words for the same choices: what was picked stays picked
        self._draw_matrix()

    def add(self, text: str) -> None:
        """Add a task to sort (blank text and more than twenty tasks are ignored)."""
        text = " ".join(text.split())[:120]
        if not text or len(self.tasks) >= MAX_TASKS:
            return
        pick = w.ToggleButtons(options=_choices(), value=None, tooltips=_tooltips())
        pick.add_class("huddle-quadrant-pick")
        pick.observe(lambda _: self._draw_matrix(), names="value")
        self.tasks.append((text, pick))
        # The four buttons are a group named by the task above them (every task has a "Do"), and
        # each says whether it is pressed (see aria.js).
        task_id = new_id()
        labelled_by(pick, task_id)
        row = w.VBox([w.HTML(f"<strong id='{task_id}'>{html.escape(text)}</strong>"), pick])
        row.add_class("huddle-task")
        self.rows.children = [*self.rows.children, row]
        self.new_task.value = ""
        self._draw_matrix()

    def sorted_tasks(self) -> dict[str, list[str]]:
        """Task texts by quadrant id, in the order they were added."""
        placed: dict[str, list[str]] = {q: [] for q, _name, _action in QUADRANTS}
        for text, pick in self.tasks:
            if pick.value:
                placed[pick.value].append(text)
        return placed

    def _draw_matrix(self) -> None:
        placed = self.sorted_tasks()
        if not any(placed.values()):
            self.matrix.value = ""
            return
        cells = "".join(
            f"<div class='huddle-q-{q}'><h3>{html.escape(_(action))}</h3><ul>"
            + "".join(f"<li>{html.escape(t)}</li>" for t in placed[q]) + "</ul></div>"
            for q, _name, action in QUADRANTS
        )
        name = html.escape(_("Your tasks by quadrant"))
        self.matrix.value = f"<div class='huddle-matrix' role='group' aria-label='{name}'>{cells}</div>"

    def notes(self) -> str:
        placed = self.sorted_tasks()
        return "\n\n".join(
            f"#### {_(action)} ({_(name).lower()})\n\n" + "\n".join(f"- {t}" for t in placed[q])
            for q, name, action in QUADRANTS if placed[q]
        )
