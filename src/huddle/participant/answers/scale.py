"""Rating scale: a row of numbered cards with the two ends labelled."""

from __future__ import annotations

import html
from typing import Any, Mapping

import ipywidgets as w

from ...ui.shared import make
from ._aria import name_group
from ._base import AnswerWidget
from .choice import ChoiceAnswer


class ScaleAnswer(ChoiceAnswer):
    """A choice whose options are the scale's numbers (reading and setting work the same)."""

    def __init__(self, activity: Mapping[str, Any], name: str | None = None) -> None:
        AnswerWidget.__init__(self, activity, name)
        low, high = int(activity.get("min", 1)), int(activity.get("max", 5))
        low_label, high_label = activity.get("min_label", ""), activity.get("max_label", "")
        labels = [(str(v), v) for v in range(low, high + 1)]
        self.radio = make(w.RadioButtons, options=labels, value=None, layout_traits={"width": "100%"})
        self.radio.add_class("huddle-scale")
        # The group's name also says what the ends mean, so a screen reader announces what 1 and
        # 5 stand for before the numbers.
        ends = [f"{value} = {text}" for value, text in ((low, low_label), (high, high_label)) if text]
        group = name_group(self.radio, f"{self.name} ({', '.join(ends)})" if ends else self.name)
        # Shown under the row; hidden from screen readers, which hear the ends in the group's name.
        spans = "".join(f"<span>{value} = {html.escape(text)}</span>" if text else "<span></span>" for value, text in ((low, low_label), (high, high_label)))
        shown = make(w.HTML, value=f"<div class='huddle-scale-ends' aria-hidden='true'>{spans}</div>" if ends else "")
        self.view = self._view([group, self.radio, shown])
        self.view.add_class("huddle-scale")
        if high - low + 1 > 7:
            self.view.add_class("huddle-scale-long")
