"""Open text: a roomy text box with a character count; seen by the facilitator first."""

from __future__ import annotations

from typing import Any, Mapping

import ipywidgets as w

from ...ui.shared import Parts, observe_only
from ._aria import HIDDEN_LABEL
from ...i18n import N_, ngettext
from ._base import AnswerWidget, Translated


class TextAnswer(AnswerWidget):
    missing = Translated(N_("Type something first, or skip."))
    default_limit = 500
    placeholder = Translated(N_("Type here. Only the facilitator sees it unless they share it, without your name."))

    def __init__(self, activity: Mapping[str, Any], name: str | None = None, parts: Parts | None = None) -> None:
        super().__init__(activity, name, parts)
        self.limit = int(activity.get("max_length", self.default_limit))
        # The box is named by the prompt (the heading above it), not by its placeholder, which
        # disappears as soon as someone types; the label is there for screen readers only.
        self.box = self.parts("text", w.Textarea, placeholder=self.placeholder, description=self.name, value="", classes=(HIDDEN_LABEL,), layout_traits={"width": "100%"})
        self.counter = self.parts("counter", w.HTML, value=self._count(""))
        observe_only(self.box, lambda change: setattr(self.counter, "value", self._count(change["new"])))
        self.view = self._view([self.box, self.counter])

    def _count(self, text: str) -> str:
        over = len(text) > self.limit
        said = ngettext("{count} / {limit} character", "{count} / {limit} characters", self.limit).format(count=len(text), limit=self.limit)
        return f"<p class='huddle-muted{' huddle-status-error' if over else ''}'>{said}</p>"

    def get(self) -> Any:
        return self.box.value.strip() or None

    def set(self, value: Any) -> None:
        self.box.value = value or ""

    def controls(self) -> list[w.Widget]:
        return [self.box]
