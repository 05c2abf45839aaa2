"""Priority (Eisenhower) sort: tap a quadrant for each task; the grid fills in as you go."""

from __future__ import annotations

import html
from typing import Any, Mapping

import ipywidgets as w

from ...model.kinds.priority_sort import QUADRANTS
from ..answers._aria import HIDDEN_LABEL, labelled_by, new_id
from ._base import ExerciseWidget

SHORT = {"do": "Do", "plan": "Plan", "hand-off": "Hand off", "drop": "Drop"}
MAX_TASKS = 20


class PrioritySortExercise(ExerciseWidget):
    def __init__(self, activity: Mapping[str, Any]) -> None:
        super().__init__(activity)
        self.tasks: list[tuple[str, w.ToggleButtons]] = []
        self.rows = w.VBox()
        self.matrix = w.HTML()
        self.new_task = w.Text(placeholder="Add a task of your own", description="Add a task of your own")
        self.new_task.add_class(HIDDEN_LABEL)
        add = w.Button(description="Add", button_style="primary")
        add.on_click(lambda _: self.add(self.new_task.value))
        self.new_task.on_submit(lambda _: self.add(self.new_task.value))
        adder = w.HBox([self.new_task, add])
        adder.add_class("huddle-add-row")
        legend = " · ".join(f"<strong>{SHORT[q]}</strong>: {html.escape(name.lower())}" for q, name, _ in QUADRANTS)
        self.view = self._view([w.HTML(f"<p class='huddle-exercise-hint'>{legend}</p>"), self.rows, adder, self.matrix])
        for item in activity.get("items") or []:
            self.add(item)
        self._draw_matrix()

    def add(self, text: str) -> None:
        """Add a task to sort (blank text and more than twenty tasks are ignored)."""
        text = " ".join(text.split())[:120]
        if not text or len(self.tasks) >= MAX_TASKS:
            return
        pick = w.ToggleButtons(options=[(SHORT[q], q) for q, _, _ in QUADRANTS], value=None, tooltips=[f"{n}: {a}" for _, n, a in QUADRANTS])
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
        placed: dict[str, list[str]] = {q: [] for q, _, _ in QUADRANTS}
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
            f"<div class='huddle-q-{q}'><h3>{html.escape(action)}</h3><ul>"
            + "".join(f"<li>{html.escape(t)}</li>" for t in placed[q]) + "</ul></div>"
            for q, _, action in QUADRANTS
        )
        self.matrix.value = f"<div class='huddle-matrix' role='group' aria-label='Your tasks by quadrant'>{cells}</div>"

    def notes(self) -> str:
        placed = self.sorted_tasks()
        return "\n\n".join(
            f"#### {action} ({name.lower()})\n\n" + "\n".join(f"- {t}" for t in placed[q])
            for q, name, action in QUADRANTS if placed[q]
        )
