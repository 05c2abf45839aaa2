"""Rating scale: a row of numbered cards with the two ends labelled."""

from __future__ import annotations

import html
from typing import Any, Mapping

import ipywidgets as w

from ...ui.shared import Parts
from ._aria import group_name
from ._base import AnswerWidget
from .choice import ChoiceAnswer


class ScaleAnswer(ChoiceAnswer):
    """A choice whose options are the scale's numbers (reading and setting work the same)."""

    css_class = "huddle-scale"

    def __init__(self, activity: Mapping[str, Any], name: str | None = None, parts: Parts | None = None) -> None:
        AnswerWidget.__init__(self, activity, name, parts)
        low, high = int(activity.get("min", 1)), int(activity.get("max", 5))
        low_label, high_label = activity.get("min_label", ""), activity.get("max_label", "")
        # The group's name also says what the ends mean, so a screen reader announces what 1 and
        # 5 stand for before the numbers.
        ends = [f"{value} = {text}" for value, text in ((low, low_label), (high, high_label)) if text]
        holder, named = group_name(self.parts, f"{self.name} ({', '.join(ends)})" if ends else self.name)
        self.radio = self._radio([(str(v), v) for v in range(low, high + 1)], named)
        # Shown under the row; hidden from screen readers, which hear the ends in the group's name.
        spans = "".join(f"<span>{value} = {html.escape(text)}</span>" if text else "<span></span>" for value, text in ((low, low_label), (high, high_label)))
        shown = self.parts("ends", w.HTML, value=f"<div class='huddle-scale-ends' aria-hidden='true'>{spans}</div>" if ends else "")
        self.view = self._view([holder, self.radio, shown], ("huddle-scale", "huddle-scale-long" if high - low + 1 > 7 else ""))
