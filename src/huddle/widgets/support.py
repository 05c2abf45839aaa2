"""The support panel (S1): one tap away on every screen."""

from __future__ import annotations

import html
from typing import Any, Mapping

import ipywidgets as w


def support_html(support: Mapping[str, Any], *, urgent: bool = False) -> str:
    """The resources as HTML; ``urgent`` adds a caring line above them (after crisis language)."""
    intro = (
        "<p><strong>It sounds like things may be really hard right now.</strong> You do not have to manage it alone: "
        "please reach out to one of these, or to someone you trust, today.</p>"
        if urgent
        else ""
    )
    items = "".join(
        "<li><strong>{name}</strong>{badge}<br>{offers}<br><span class='huddle-contact'>{contact}</span>"
        "<br><span class='huddle-muted'>Checked {checked}</span></li>".format(
            name=html.escape(r["name"]),
            badge="<span class='huddle-badge'>confidential</span>" if r.get("confidential") else "",
            offers=html.escape(r["offers"]),
            contact=html.escape(r["contact"]),
            checked=html.escape(str(r["checked"])),
        )
        for r in support.get("resources", [])
    )
    note = f"<p class='huddle-muted'>{html.escape(support.get('note', ''))}</p>" if support.get("note") else ""
    return f"<h2>Support</h2>{intro}<ul class='huddle-support-list'>{items}</ul>{note}"


class SupportPanel:
    """A "Support" button and the panel it opens and closes."""

    def __init__(self, support: Mapping[str, Any]) -> None:
        self.support = support
        self.button = w.Button(description="Support", tooltip="Where to find help, now or later")
        self.button.add_class("huddle-small-button")
        self.button.add_class("huddle-support-button")
        self.panel = w.HTML(support_html(support))
        self.panel.add_class("huddle-card")
        self.panel.layout.display = "none"
        self.close = w.Button(description="Close support")
        self.close.on_click(lambda _: self.hide())
        self.box = w.VBox([self.panel, self.close])
        self.box.layout.display = "none"
        self.button.on_click(lambda _: self.toggle())

    def show(self, *, urgent: bool = False) -> None:
        self.panel.value = support_html(self.support, urgent=urgent)
        self.panel.layout.display = None
        self.box.layout.display = None

    def hide(self) -> None:
        self.box.layout.display = "none"

    def toggle(self) -> None:
        if self.box.layout.display == "none":
            self.show()
        else:
            self.hide()
