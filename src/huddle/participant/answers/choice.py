"""Single choice: one large radio card per option (keyboard: arrows to move, space to pick)."""

from __future__ import annotations

from typing import Any, Mapping

import ipywidgets as w

from ._base import AnswerWidget, options_of


class ChoiceAnswer(AnswerWidget):
    css_class = "huddle-choice"

    def __init__(self, activity: Mapping[str, Any]) -> None:
        super().__init__(activity)
        self.radio = w.RadioButtons(options=self.options(activity), value=None, layout=w.Layout(width="100%"))
        self.radio.add_class(self.css_class)
        self.view = w.VBox([self.radio])

    def options(self, activity: Mapping[str, Any]) -> list[tuple[str, Any]]:
        return options_of(activity)

    def get(self) -> Any:
        return self.radio.value

    def set(self, value: Any) -> None:
        if value in [v for _, v in self.radio.options]:
            self.radio.value = value

    def controls(self) -> list[w.Widget]:
        return [self.radio]
