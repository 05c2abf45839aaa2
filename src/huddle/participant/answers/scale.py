"""Rating scale: a row of numbered cards with the two ends labelled; skip is "prefer not to say"."""

from __future__ import annotations

import html
from typing import Any, Mapping

import ipywidgets as w

from ._base import AnswerWidget
from .choice import ChoiceAnswer


class ScaleAnswer(ChoiceAnswer):
    """A choice whose options are the scale's numbers (reading and setting work the same)."""

    skip_label = "Prefer not to say"

    def __init__(self, activity: Mapping[str, Any]) -> None:
        AnswerWidget.__init__(self, activity)
        low, high = int(activity.get("min", 1)), int(activity.get("max", 5))
        low_label, high_label = activity.get("min_label", ""), activity.get("max_label", "")
        labels = [(str(v), v) for v in range(low, high + 1)]
        # The group's description names both ends, so a screen reader announces what 1 and 5 mean.
        self.radio = w.RadioButtons(options=labels, value=None, description=f"{low} = {low_label}, {high} = {high_label}", layout=w.Layout(width="100%"))
        self.radio.add_class("huddle-scale")
        ends = w.HTML(f"<div class='huddle-scale-ends'><span>{low} = {html.escape(low_label)}</span><span>{high} = {html.escape(high_label)}</span></div>")
        self.view = w.VBox([self.radio, ends])
        self.view.add_class("huddle-scale")
        if high - low + 1 > 7:
            self.view.add_class("huddle-scale-long")
