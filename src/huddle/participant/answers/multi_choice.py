"""Multiple choice: one large checkbox card per option."""

from __future__ import annotations

from typing import Any, Mapping

import ipywidgets as w

from ...ui.shared import Parts
from ._aria import group_name
from ...i18n import N_, ngettext
from ._base import AnswerWidget, Translated, options_of


class MultiChoiceAnswer(AnswerWidget):
    missing = Translated(N_("Tick at least one option, or skip."))

    def __init__(self, activity: Mapping[str, Any], name: str | None = None, parts: Parts | None = None) -> None:
        super().__init__(activity, name, parts)
        self.boxes = {
            option_id: self.parts(f"option.{n}", w.Checkbox, value=False, description=label, indent=False, classes=("huddle-option",), layout_traits={"width": "100%"})
            for n, (label, option_id) in enumerate(options_of(activity))
        }
        limit = activity.get("max_choices")
        pick = ngettext("Pick up to {count}.", "Pick up to {count}.", limit or 0).format(count=limit)
        hint = [self.parts("hint", w.HTML, value=f"<p class='huddle-muted'>{pick}</p>")] if limit and limit < len(self.boxes) else []
        holder, named = group_name(self.parts, self.name)
        group = self.parts("options", w.VBox, children=list(self.boxes.values()), classes=("huddle-options", named))
        self.view = self._view([*hint, holder, group])

    def get(self) -> Any:
        chosen = [option_id for option_id, box in self.boxes.items() if box.value]
        return chosen or None

    def set(self, value: Any) -> None:
        for option_id, box in self.boxes.items():
            box.value = option_id in (value or [])

    def controls(self) -> list[w.Widget]:
        return list(self.boxes.values())
