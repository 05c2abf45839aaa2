"""Ranking: tap the arrows to move options up or down until the order feels right."""

from __future__ import annotations

import html
from typing import Any, Mapping

import ipywidgets as w

from ._base import AnswerWidget, options_of


class RankingAnswer(AnswerWidget):
    def __init__(self, activity: Mapping[str, Any]) -> None:
        super().__init__(activity)
        self.labels = {option_id: label for label, option_id in options_of(activity)}
        self.order = list(self.labels)
        self.touched = False
        self.rows = w.VBox()
        self.buttons: list[w.Button] = []
        self.view = w.VBox([w.HTML("<p class='huddle-muted'>Most important at the top. Use the arrows to move an option.</p>"), self.rows])
        self._draw()

    def _move(self, option_id: str, step: int) -> None:
        index = self.order.index(option_id)
        target = index + step
        if 0 <= target < len(self.order):
            self.order[index], self.order[target] = self.order[target], self.order[index]
            self.touched = True
            self._draw()

    def _draw(self) -> None:
        rows, self.buttons = [], []
        for position, option_id in enumerate(self.order, start=1):
            label = self.labels[option_id]
            up = w.Button(description="▲", tooltip=f"Move {label} up", disabled=position == 1)
            down = w.Button(description="▼", tooltip=f"Move {label} down", disabled=position == len(self.order))
            up.on_click(lambda _, o=option_id: self._move(o, -1))
            down.on_click(lambda _, o=option_id: self._move(o, +1))
            row = w.HBox([w.HTML(f"<strong>{position}.</strong> {html.escape(label)}"), up, down])
            row.add_class("huddle-rank-row")
            rows.append(row)
            self.buttons += [up, down]
        self.rows.children = rows

    def get(self) -> Any:
        return list(self.order)

    def set(self, value: Any) -> None:
        if value and sorted(value) == sorted(self.labels):
            self.order = list(value)
            self._draw()

    def controls(self) -> list[w.Widget]:
        return list(self.buttons)

    def set_enabled(self, enabled: bool) -> None:
        for button in self.buttons:
            button.disabled = not enabled
        if enabled:
            self._draw()
