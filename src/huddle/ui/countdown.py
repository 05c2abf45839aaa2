"""A countdown display that ticks in the browser (the kernel only sends the seconds left)."""

from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets


class Countdown(anywidget.AnyWidget):
    """Shows "m:ss left" counting down from ``remaining`` seconds; 0 hides it."""

    _esm = Path(__file__).parent / "static" / "countdown.js"
    remaining = traitlets.Float(0).tag(sync=True)
    stamp = traitlets.Int(0).tag(sync=True)

    def show(self, remaining: float | None) -> None:
        """Start (or clear, with None) the countdown."""
        self.remaining = float(remaining or 0)
        self.stamp += 1  # restart even when the same number of seconds is sent again
