"""The page around the screens: its title, where focus goes, and what a screen reader is told.

A tiny anywidget that draws nothing. Its browser side sets ``document.title``, moves focus to a
new screen's heading once that heading is in the page, and keeps one polite live region
(``role=status``) for the whole page: made once, so screen readers keep listening to it while
the widgets around it are redrawn.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anywidget
import traitlets

#: The attribute that marks the heading focus goes to: ``<h2 tabindex="-1" data-huddle-heading="…">``.
HEADING_ATTRIBUTE = "data-huddle-heading"


class PageGuide(anywidget.AnyWidget):
    """Sets the tab's title, focuses headings, and announces through one live region."""

    _esm = Path(__file__).parent / "static" / "page.js"
    title = traitlets.Unicode("").tag(sync=True)
    #: The heading to focus: the value of its ``data-huddle-heading`` attribute.
    focus = traitlets.Unicode("").tag(sync=True)
    announcement = traitlets.Unicode("").tag(sync=True)
    #: Counts announcements, so the same words can be said twice.
    announcements = traitlets.Int(0).tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._headings = 0

    def heading(self, text_html: str, *, level: int = 2, describedby: str = "") -> tuple[str, str]:
        """A focusable heading for a new screen, as HTML (``text_html`` is already escaped),
        and its marker for ``focus_on``."""
        self._headings += 1
        marker = f"screen-{self._headings}"
        described = f" aria-describedby='{describedby}'" if describedby else ""
        return f"<h{level} tabindex='-1' {HEADING_ATTRIBUTE}='{marker}'{described}>{text_html}</h{level}>", marker

    def focus_on(self, marker: str) -> None:
        """Move focus to the heading ``marker`` as soon as the browser shows it."""
        self.focus = marker

    def announce(self, text: str) -> None:
        """Say ``text`` through the live region (politely: after what is being read)."""
        if text:
            with self.hold_sync():
                self.announcement = text
                self.announcements += 1
