"""The support button and sheet (S1): one tap away on every screen, even offline."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any, Mapping

import anywidget
import traitlets

URGENT_INTRO = (
    "<p class='huddle-urgent'><strong>It sounds like things may be really hard right now.</strong> You do not have to "
    "manage it alone: please reach out to one of these, or to someone you trust, today.</p>"
)


#: Words that say a contact line is about calling or texting: only then are its numbers linked.
_CALLING = re.compile(r"\b(call|phone|telephone|tel|text|sms|ring|dial|freephone)\b", re.IGNORECASE)
_VOICE = re.compile(r"\b(call|phone|telephone|tel|ring|dial|freephone)\b", re.IGNORECASE)
#: A phone number: 3 to 15 digits, single spaces, dots or hyphens between them, an optional
#: leading + and area code in brackets. Not part of a longer token (a time "9:30", "24/7", a price
#: "$1.50", a word), and not followed by more digits (no number is cut short to fit).
_PHONE = re.compile(r"(?<![\w+/.:$€£-])\+?(?:\(\d{1,5}\)[ .-]?)?\d(?:[ .-]?\d){2,14}(?![\w/:]|[.-]?\d)")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _phone_target(number: str, scheme: str) -> str | None:
    """The ``tel:`` (or ``sms:``) address for a number found in a contact line, or None when it is not one."""
    digits = re.sub(r"\D", "", number)
    if not 3 <= len(digits) <= 15 or _DATE.fullmatch(number):
        return None
    return f"{scheme}:" + ("+" if number.startswith("+") else "") + digits


def contact_html(contact: str) -> str:
    """A contact line as HTML: escaped, its phone numbers made ``tel:`` (or, for a text-only
    line, ``sms:``) links a phone can call.

    Conservative: numbers are linked only in a line that speaks of calling or texting, so a
    date, an opening time or a room number is never offered as something to dial.
    """
    if not _CALLING.search(contact):
        return html.escape(contact)
    # "Text SHOUT to 85258" opens messages; a line that says call (or "call or text") dials.
    scheme = "tel" if _VOICE.search(contact) else "sms"
    out, last = [], 0
    for match in _PHONE.finditer(contact):
        target = _phone_target(match.group(), scheme)
        if target is None:
            continue
        out.append(html.escape(contact[last:match.start()]))
        out.append(f"<a class='huddle-tel' href='{target}'>{html.escape(match.group())}</a>")
        last = match.end()
    out.append(html.escape(contact[last:]))
    return "".join(out)


def support_html(support: Mapping[str, Any]) -> str:
    """The resources as HTML (every field escaped); the sheet puts its own heading above it."""
    items = "".join(
        "<li><strong>{name}</strong>{badge}<br>{offers}<br><span class='huddle-contact'>{contact}</span>"
        "<br><span class='huddle-muted'>Checked {checked}</span></li>".format(
            name=html.escape(r["name"]),
            badge=" <span class='huddle-badge'>confidential</span>" if r.get("confidential") else "",
            offers=html.escape(r["offers"]),
            contact=contact_html(r["contact"]),
            checked=html.escape(str(r["checked"])),
        )
        for r in support.get("resources", [])
    )
    note = f"<p class='huddle-muted'>{html.escape(support.get('note', ''))}</p>" if support.get("note") else ""
    return f"<ul class='huddle-support-list'>{items}</ul>{note}"


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
