"""Opt-in drafts in the browser's own storage, so a reload does not lose a private journal."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import anywidget
import traitlets


class LocalDrafts(anywidget.AnyWidget):
    """A "keep a draft in this browser" switch with a Forget button.

    ``drafts`` (set from Python) is written to ``localStorage`` only while ``keep`` is on;
    ``restored`` is what the browser had kept, sent once when the page opens.
    """

    _esm = Path(__file__).parent / "static" / "drafts.js"
    storage_key = traitlets.Unicode("").tag(sync=True)
    keep = traitlets.Bool(False).tag(sync=True)
    drafts = traitlets.Dict().tag(sync=True)
    restored = traitlets.Dict().tag(sync=True)

    def on_restore(self, callback: Callable[[dict[str, Any]], None]) -> None:
        """Call ``callback(drafts)`` when the browser brings back a kept draft."""
        self.observe(lambda change: callback(dict(change["new"])), names=["restored"])

    def remember(self, drafts: dict[str, Any]) -> None:
        """Offer the current texts; the browser stores them only if the person chose to keep drafts."""
        if self.keep:
            self.drafts = dict(drafts)
