"""The support button and sheet (S1): one tap away on every screen, even offline."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any, Mapping

import anywidget
import traitlets

URGENT_INTRO = (
    "<p class='huddle-urgent'><strong>It sounds like things may be really hard right now.</strong> You do not have to "
    "manage it alone: please reach out to one of these, or to someone you trust, today.</p>"
)


def support_html(support: Mapping[str, Any]) -> str:
    """The resources as HTML (every field escaped)."""
    items = "".join(
        "<li><strong>{name}</strong>{badge}<br>{offers}<br><span class='huddle-contact'>{contact}</span>"
        "<br><span class='huddle-muted'>Checked {checked}</span></li>".format(
            name=html.escape(r["name"]),
            badge=" <span class='huddle-badge'>confidential</span>" if r.get("confidential") else "",
            offers=html.escape(r["offers"]),
            contact=html.escape(r["contact"]),
            checked=html.escape(str(r["checked"])),
        )
        for r in support.get("resources", [])
    )
    note = f"<p class='huddle-muted'>{html.escape(support.get('note', ''))}</p>" if support.get("note") else ""
    return f"<h2>Support</h2><ul class='huddle-support-list'>{items}</ul>{note}"


class SupportPanel(anywidget.AnyWidget):
    """A "Support" button opening a sheet of resources; ``show_urgent`` opens it with a caring note."""

    _esm = Path(__file__).parent / "static" / "support.js"
    content = traitlets.Unicode("").tag(sync=True)
    urgent_intro = traitlets.Unicode(URGENT_INTRO).tag(sync=True)
    urgent_opens = traitlets.Int(0).tag(sync=True)

    def __init__(self, support: Mapping[str, Any], **kwargs: Any) -> None:
        super().__init__(content=support_html(support), **kwargs)

    def use(self, support: Mapping[str, Any]) -> None:
        """Show this list of resources instead (the server's own, when it has one)."""
        self.content = support_html(support)

    def show_urgent(self) -> None:
        """Open the sheet now, with the caring note on top (after crisis language, S2)."""
        self.urgent_opens += 1
