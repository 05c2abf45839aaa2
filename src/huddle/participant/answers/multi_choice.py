"""Multiple choice: one large checkbox card per option."""

from __future__ import annotations

from typing import Any, Mapping

import ipywidgets as w

from ...ui.shared import make
from ._aria import name_group
from ...i18n import N_, ngettext
from ._base import AnswerWidget, Translated, options_of


class MultiChoiceAnswer(AnswerWidget):
    missing = Translated(N_("Tick at least one option, or skip."))

    def __init__(self, activity: Mapping[str, Any], name: str | None = None) -> None:
        super().__init__(activity, name)
        self.boxes = {option_id: make(w.Checkbox, value=False, description=label, indent=False, layout_traits={"width": "100%"}) for label, option_id in options_of(activity)}
        for box in self.boxes.values():
            box.add_class("huddle-option")
        limit = activity.get("max_choices")
        pick = ngettext("Pick up to {count}.", "Pick up to {count}.", limit or 0).format(count=limit)
        hint = [make(w.HTML, value=f"<p class='huddle-muted'>{pick}</p>")] if limit and limit < len(self.boxes) else []
        group = make(w.VBox, children=list(self.boxes.values()))
        group.add_class("huddle-options")
        self.view = self._view([*hint, name_group(group, self.name), group])

    def get(self) -> Any:
        chosen = [option_id for option_id, box in self.boxes.items() if box.value]
        return chosen or None

    def set(self, value: Any) -> None:
        for option_id, box in self.boxes.items():
            box.value = option_id in (value or [])

    def controls(self) -> list[w.Widget]:
        return list(self.boxes.values())
