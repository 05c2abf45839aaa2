"""A countdown display that ticks in the browser (the kernel only sends the seconds left)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anywidget
import traitlets

from ..i18n import _


def countdown_labels() -> dict[str, str]:
    """What countdown.js shows, translated here (``{time}`` is filled in the browser)."""
    return {"left": _("⏱ {time} left"), "up": _("⏱ Time is up")}


class Countdown(anywidget.AnyWidget):
    """Shows "m:ss left" counting down from ``remaining`` seconds; 0 hides it."""

    _esm = Path(__file__).parent / "static" / "countdown.js"
    remaining = traitlets.Float(0).tag(sync=True)
    stamp = traitlets.Int(0).tag(sync=True)
    labels = traitlets.Dict().tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("labels", countdown_labels())
        super().__init__(**kwargs)

    def relabel(self) -> None:
        """Say "left" and "Time is up" in the current language."""
        self.labels = countdown_labels()

    def show(self, remaining: float | None) -> None:
        """Start (or clear, with None) the countdown."""
        if not remaining and not self.remaining:
            return  # no timer before or now: nothing for the page to do
        self.remaining = float(remaining or 0)
        self.stamp += 1  # restart even when the same number of seconds is sent again
