"""Ranking: tap the arrows to move options up or down until the order feels right."""

from __future__ import annotations

import html
from typing import Any, Mapping

import ipywidgets as w

from ...i18n import _
from ..theme import paragraph
from ._aria import LIVE, NAME_FROM_TOOLTIP, name_group
from ._base import AnswerWidget, options_of


class RankingAnswer(AnswerWidget):
    def __init__(self, activity: Mapping[str, Any], name: str | None = None) -> None:
        super().__init__(activity, name)
        self.labels = {option_id: label for label, option_id in options_of(activity)}
        self.order = list(self.labels)
        self.touched = False
        self.rows = w.VBox()
        self.rows.add_class("huddle-rank-list")
        self.buttons: list[w.Button] = []
        # Where the moved option landed, said politely: focus stays on its button (see aria.js),
        # so a screen reader would otherwise not hear the new order.
        self.moved = w.HTML("")
        self.moved.add_class("huddle-visually-hidden")
        self.moved.add_class(LIVE)
        self.view = self._view([
            w.HTML(paragraph(_("Most important at the top. Use the arrows to move an option."), "huddle-muted")),
            name_group(self.rows, self.name),
            self.rows,
            self.moved,
        ])
        self._draw()

    def _move(self, option_id: str, step: int) -> None:
        index = self.order.index(option_id)
        target = index + step
        if 0 <= target < len(self.order):
            self.order[index], self.order[target] = self.order[target], self.order[index]
            self.touched = True
            self._draw()
            self.moved.value = html.escape(
                _("{option}: now {position} of {count}.").format(option=self.labels[option_id], position=target + 1, count=len(self.order))
            )

    def _draw(self) -> None:
        rows, self.buttons = [], []
        for position, option_id in enumerate(self.order, start=1):
            label = self.labels[option_id]
            # The arrows are what people see; the tooltip is the button's name ("Move Rest up").
            up = w.Button(description="▲", tooltip=_("Move {option} up").format(option=label), disabled=position == 1)
            down = w.Button(description="▼", tooltip=_("Move {option} down").format(option=label), disabled=position == len(self.order))
            for button in (up, down):
                button.add_class(NAME_FROM_TOOLTIP)
                button.add_class("huddle-rank-button")
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
