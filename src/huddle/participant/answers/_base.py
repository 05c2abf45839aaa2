"""What every answer widget offers the participant page."""

from __future__ import annotations

from typing import Any, Mapping

import ipywidgets as w


class AnswerWidget:
    """Shows an activity's answer controls; ``get`` returns the answer or None if incomplete."""

    skip_label = "Skip this one"
    missing = "Choose an answer first, or skip."

    def __init__(self, activity: Mapping[str, Any]) -> None:
        self.activity = activity
        self.view: w.Widget = w.VBox()

    def get(self) -> Any:
        raise NotImplementedError

    def set(self, value: Any) -> None:
        raise NotImplementedError

    def controls(self) -> list[w.Widget]:
        """The widgets to enable or disable together."""
        return [self.view]

    def set_enabled(self, enabled: bool) -> None:
        for control in self.controls():
            if hasattr(control, "disabled"):
                control.disabled = not enabled


def options_of(activity: Mapping[str, Any]) -> list[tuple[str, str]]:
    """``[(label, id)]`` for a choice-like activity."""
    return [(option["label"], option["id"]) for option in activity.get("options", [])]
