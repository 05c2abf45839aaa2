"""Open text: a roomy text box with a character count; seen by the facilitator first."""

from __future__ import annotations

from typing import Any, Mapping

import ipywidgets as w

from ._base import AnswerWidget


class TextAnswer(AnswerWidget):
    missing = "Type something first, or skip."
    default_limit = 500
    placeholder = "Type here. Only the facilitator sees it unless they share it, without your name."

    def __init__(self, activity: Mapping[str, Any]) -> None:
        super().__init__(activity)
        self.limit = int(activity.get("max_length", self.default_limit))
        self.box = w.Textarea(placeholder=self.placeholder, layout=w.Layout(width="100%"))
        self.counter = w.HTML(self._count(""))
        self.box.observe(lambda change: setattr(self.counter, "value", self._count(change["new"])), names="value")
        self.view = w.VBox([self.box, self.counter])

    def _count(self, text: str) -> str:
        over = len(text) > self.limit
        return f"<p class='huddle-muted{' huddle-status-error' if over else ''}'>{len(text)} / {self.limit} characters</p>"

    def get(self) -> Any:
        return self.box.value.strip() or None

    def set(self, value: Any) -> None:
        self.box.value = value or ""

    def controls(self) -> list[w.Widget]:
        return [self.box]
