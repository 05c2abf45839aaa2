"""Ranking: tap the arrows to move options up or down until the order feels right."""

from __future__ import annotations

import html
from typing import Any, Mapping, NamedTuple

import ipywidgets as w

from ...i18n import _
from ...ui.shared import Parts, click_only
from ..theme import paragraph
from ._aria import LIVE, NAME_FROM_TOOLTIP, group_name
from ._base import AnswerWidget, options_of


class Row(NamedTuple):
    """One place in the list: what is there now, and its two arrows."""

    box: w.HBox
    label: w.HTML
    up: w.Button
    down: w.Button


class RankingAnswer(AnswerWidget):
    """The list is one row per place; a move gives the rows new words (the option now at each
    place) instead of drawing every row again."""

    def __init__(self, activity: Mapping[str, Any], name: str | None = None, parts: Parts | None = None) -> None:
        super().__init__(activity, name, parts)
        self.labels = {option_id: label for label, option_id in options_of(activity)}
        self.order = list(self.labels)
        self.touched = False
        self.enabled = True
        self.places = [self._row(place) for place in range(len(self.order))]
        holder, named = group_name(self.parts, self.name)
        self.rows = self.parts("rank.rows", w.VBox, children=[row.box for row in self.places], classes=("huddle-rank-list", named))
        # Where the moved option landed, said politely: focus follows it to its button (see
        # aria.js), so a screen reader would otherwise not hear the new order.
        self.moved = self.parts("rank.moved", w.HTML, value="", classes=("huddle-visually-hidden", LIVE))
        intro = self.parts("rank.intro", w.HTML, value=paragraph(_("Most important at the top. Use the arrows to move an option."), "huddle-muted"))
        self.view = self._view([intro, holder, self.rows, self.moved])

    def _row(self, place: int) -> Row:
        # Made with the words of the option at this place, so a new row is one message, not two.
        words = self._words(place)
        buttons = []
        for arrow, step, (tooltip, disabled) in (("▲", -1, words["up"]), ("▼", +1, words["down"])):
            # The arrows are what people see; the tooltip is the button's name ("Move Rest up").
            button = self.parts(
                f"rank.{place}.{step}", w.Button, description=arrow, tooltip=tooltip, disabled=disabled,
                classes=(NAME_FROM_TOOLTIP, "huddle-rank-button"),
            )
            click_only(button, lambda _, place=place, step=step: self._move(place, step))
            buttons.append(button)
        label = self.parts(f"rank.{place}.label", w.HTML, value=words["label"])
        box = self.parts(f"rank.{place}.row", w.HBox, children=[label, *buttons], classes=("huddle-rank-row",))
        return Row(box, label, *buttons)

    def _words(self, place: int) -> dict[str, Any]:
        """What the row at ``place`` says for the option there now: its label, and each arrow's
        name and whether it can be pressed."""
        label = self.labels[self.order[place]]
        return {
            "label": f"<strong>{place + 1}.</strong> {html.escape(label)}",
            "up": (_("Move {option} up").format(option=label), not self.enabled or place == 0),
            "down": (_("Move {option} down").format(option=label), not self.enabled or place == len(self.order) - 1),
        }

    def _move(self, place: int, step: int) -> None:
        target = place + step
        if self.enabled and 0 <= target < len(self.order):
            option_id = self.order[place]
            self.order[place], self.order[target] = self.order[target], self.order[place]
            self.touched = True
            self._draw()
            self.moved.value = html.escape(
                _("{option}: now {position} of {count}.").format(option=self.labels[option_id], position=target + 1, count=len(self.order))
            )

    def _draw(self) -> None:
        for place, row in enumerate(self.places):
            words = self._words(place)
            row.label.value = words["label"]
            for button, (tooltip, disabled) in ((row.up, words["up"]), (row.down, words["down"])):
                with button.hold_sync():
                    button.tooltip, button.disabled = tooltip, disabled

    def get(self) -> Any:
        return list(self.order)

    def set(self, value: Any) -> None:
        if value and sorted(value) == sorted(self.labels):
            self.order = list(value)
            self._draw()

    def controls(self) -> list[w.Widget]:
        return [button for row in self.places for button in (row.up, row.down)]

    def set_enabled(self, enabled: bool) -> None:
        self.enabled = enabled
        self._draw()
