"""Single choice: one large radio card per option (keyboard: Tab into the group, arrows to move)."""

from __future__ import annotations

from typing import Any, Mapping

import ipywidgets as w

from ...ui.shared import Parts
from ._aria import group_name
from ._base import AnswerWidget, options_of


class ChoiceAnswer(AnswerWidget):
    css_class = "huddle-choice"

    def __init__(self, activity: Mapping[str, Any], name: str | None = None, parts: Parts | None = None) -> None:
        super().__init__(activity, name, parts)
        holder, named = group_name(self.parts, self.name)
        self.radio = self._radio(self.options(activity), named)
        self.view = self._view([holder, self.radio])

    def _radio(self, options: list[tuple[str, Any]], named: str) -> w.RadioButtons:
        # The options first, then no option chosen: new options alone would choose the first.
        return self.parts("radio", w.RadioButtons, options=options, value=None, classes=(self.css_class, named), layout_traits={"width": "100%"})

    def options(self, activity: Mapping[str, Any]) -> list[tuple[str, Any]]:
        return options_of(activity)

    def get(self) -> Any:
        return self.radio.value

    def set(self, value: Any) -> None:
        if value in [v for _, v in self.radio.options]:
            self.radio.value = value

    def controls(self) -> list[w.Widget]:
        return [self.radio]
