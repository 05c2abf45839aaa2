"""Opt-in drafts in the browser's own storage, so a reload does not lose a private journal."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import anywidget
import traitlets

from ..i18n import _


def draft_labels() -> dict[str, str]:
    """What drafts.js shows, translated in the kernel (its English is only a fallback)."""
    return {
        "keep": _("Keep a draft of what I write in this browser, so a reload does not lose it"),
        "note": _("Only on this device, never sent anywhere. On a shared computer, leave this off or press Forget when you finish."),
        "forget": _("Forget my draft on this device"),
        "kept": _("Drafts are kept in this browser."),
        "not_kept": _("Drafts are no longer kept."),
        "removed": _("Your draft was removed from this device."),
        "restored": _("Your draft from earlier was brought back."),
    }


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
    labels = traitlets.Dict().tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("labels", draft_labels())
        super().__init__(**kwargs)

    def relabel(self) -> None:
        """Say the switch, its note and its button again in the current language."""
        self.labels = draft_labels()

    def on_restore(self, callback: Callable[[dict[str, Any]], None]) -> None:
        """Call ``callback(drafts)`` when the browser brings back a kept draft."""
        self.observe(lambda change: callback(dict(change["new"])), names=["restored"])

    def remember(self, drafts: dict[str, Any]) -> None:
        """Offer the current texts; the browser stores them only if the person chose to keep drafts."""
        if self.keep:
            self.drafts = dict(drafts)
