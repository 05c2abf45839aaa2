"""Single choice: one large radio card per option (keyboard: Tab into the group, arrows to move)."""

from __future__ import annotations

from typing import Any, Mapping

import ipywidgets as w

from ...ui.shared import make
from ._aria import name_group
from ._base import AnswerWidget, options_of


class ChoiceAnswer(AnswerWidget):
    css_class = "huddle-choice"

    def __init__(self, activity: Mapping[str, Any], name: str | None = None) -> None:
        super().__init__(activity, name)
        self.radio = make(w.RadioButtons, options=self.options(activity), value=None, layout_traits={"width": "100%"})
        self.radio.add_class(self.css_class)
        self.view = self._view([name_group(self.radio, self.name), self.radio])

    def options(self, activity: Mapping[str, Any]) -> list[tuple[str, Any]]:
        return options_of(activity)

    def get(self) -> Any:
        return self.radio.value

    def set(self, value: Any) -> None:
        if value in [v for _, v in self.radio.options]:
            self.radio.value = value

    def controls(self) -> list[w.Widget]:
        return [self.radio]
