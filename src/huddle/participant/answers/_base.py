"""What every answer widget offers the participant page."""

from __future__ import annotations

from typing import Any, Mapping

import ipywidgets as w

from ...i18n import N_, _
from ...ui.shared import Parts
from ._aria import ANSWER_SCOPE, scoped


class Translated:
    """A wording kept on a class (a label, a hint, a prompt to try again), marked with ``N_``
    where the class is defined and translated each time it is read: ``widget.missing`` is said
    in the page's language of that moment, never the one at import."""

    def __init__(self, message: str) -> None:
        self.message = message

    def __get__(self, instance: Any, owner: Any = None) -> str:
        return _(self.message)


class AnswerWidget:
    """Shows an activity's answer controls; ``get`` returns the answer or None if incomplete.

    ``name`` is what a screen reader calls the controls: the activity's prompt unless given (an
    exercise's share question names its options, not the exercise's prompt). ``parts`` is where
    the controls come from: new widgets, or the live page's reused ones (``ReusedParts``).
    """

    #: The same on every kind, so "skip" always looks and reads the same (a scale's own
    #: "prefer not to say" would be an option inside the scale, not this button).
    skip_label = Translated(N_("Skip this one"))
    missing = Translated(N_("Choose an answer first, or skip."))
    #: The page's send button, before and after a first answer.
    send_label = Translated(N_("Send answer"))
    update_label = Translated(N_("Update answer"))
    #: Whether the page offers its skip button (questions need none: not asking is skipping).
    skippable = True

    def __init__(self, activity: Mapping[str, Any], name: str | None = None, parts: Parts | None = None) -> None:
        self.activity = activity
        self.parts = parts or Parts()
        self.name: str = name or str(activity.get("prompt", ""))
        self.view: w.Widget  # every kind sets it (a default box would be two more models per activity)
        #: Shown after the page's send button and its status line (None: nothing).
        self.after: w.Widget | None = None

    def sent(self) -> None:
        """The answer was received (questions empty their box for the next one)."""

    def _view(self, children: list[w.Widget], classes: tuple[str, ...] = ()) -> w.VBox:
        """The outer box of the answer controls (it carries the page's ARIA helper)."""
        return scoped(children, ANSWER_SCOPE, self.parts, classes)

    def get(self) -> Any:
        raise NotImplementedError

    def link(self) -> str | None:
        """The opt-in pairing code to send with the answer (P10); only a measure has one."""
        return None

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
