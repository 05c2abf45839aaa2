"""The support button and sheet (S1): one tap away on every screen, even offline."""

from __future__ import annotations

import html
import re
import threading
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping

import anywidget
import ipywidgets as w
import traitlets

from ..i18n import _
from ..model.safety import mentions_crisis


def urgent_intro() -> str:
    """The caring note put above the resources after crisis language (S2), in the current language."""
    lead = html.escape(_("It sounds like things may be really hard right now."), quote=False)
    rest = html.escape(_("You do not have to manage it alone: please reach out to one of these, or to someone you trust, today."), quote=False)
    return f"<p class='huddle-urgent'><strong>{lead}</strong> {rest}</p>"


def sheet_labels() -> dict[str, str]:
    """The words support.js draws around the resources, translated here (English is its fallback)."""
    return {
        "support": _("Support"),
        "close_support": _("Close support"),
        "close": _("Close"),
        "back": _("Back to the session"),
    }


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


def _resource_html(resource: Mapping[str, Any], regions: Mapping[str, str], narrowed: bool) -> str:
    codes = [str(code) for code in resource.get("region") or ["any"]]
    where = "" if narrowed or "any" in codes else " · ".join(html.escape(regions.get(code, code.upper())) for code in codes)
    details = [part for part in (resource.get("audience"), resource.get("hours")) if part]
    confidential = html.escape(_("confidential"))
    return (
        "<li data-regions='{codes}'><strong>{name}</strong>{badge}{where}<br>{offers}<br><span class='huddle-contact'>{contact}</span>"
        "{details}<br><span class='huddle-muted'>{checked_label}</span></li>"
    ).format(
        codes=html.escape(" ".join(codes)),
        name=html.escape(str(resource["name"])),
        badge=f" <span class='huddle-badge'>{confidential}</span>" if resource.get("confidential") else "",
        where=f" <span class='huddle-region-name'>({where})</span>" if where else "",
        offers=html.escape(str(resource["offers"])),
        contact=contact_html(str(resource["contact"])),
        details="<br><span class='huddle-support-for'>" + html.escape(" · ".join(map(str, details))) + "</span>" if details else "",
        checked_label=html.escape(_("Checked {date}")).format(date=html.escape(str(resource["checked"]))),
    )


def region_choice_html(regions: Mapping[str, str]) -> str:
    """The "Where are you?" chooser shown above a list that covers several regions.

    Choosing happens in the browser (support.js), so it works with no connection and nothing
    about where someone is leaves the page.
    """
    options = "".join(f"<option value='{html.escape(code)}'>{html.escape(name)}</option>" for code, name in regions.items())
    where, every = html.escape(_("Where are you?"), quote=False), html.escape(_("Show every region"), quote=False)
    return (
        f"<p class='huddle-region-choice'><label>{where} <select class='huddle-region'>"
        f"<option value=''>{every}</option>{options}</select></label></p>"
    )


def support_html(support: Mapping[str, Any]) -> str:
    """The resources as HTML (every field escaped); the sheet puts its own heading above it.

    A list narrowed to one region shows just that region's entries; a list covering several
    names each entry's region and offers a chooser to narrow it.
    """
    regions = support.get("regions") or {}
    resources = support.get("resources", [])
    narrowed = bool(support.get("region"))
    used = {code for r in resources for code in (r.get("region") or ["any"]) if code != "any"}
    choice = region_choice_html({code: name for code, name in regions.items() if code in used}) if not narrowed and len(used) > 1 else ""
    items = "".join(_resource_html(r, regions, narrowed) for r in resources)
    note = f"<p class='huddle-muted'>{html.escape(support.get('note', ''))}</p>" if support.get("note") else ""
    return f"{choice}<ul class='huddle-support-list'>{items}</ul>{note}"


class SupportPanel(anywidget.AnyWidget):
    """A "Support" button opening a sheet of resources; ``show_urgent`` opens it with a caring note."""

    _esm = Path(__file__).parent / "static" / "support.js"
    content = traitlets.Unicode("").tag(sync=True)
    urgent_intro = traitlets.Unicode("").tag(sync=True)
    #: The sheet's own words (its button, heading and close controls), translated in the kernel.
    labels = traitlets.Dict().tag(sync=True)
    urgent_opens = traitlets.Int(0).tag(sync=True)
    #: The region to narrow a several-region list to, from the page's link (``?region=uk``); "" lets the person choose.
    region = traitlets.Unicode("").tag(sync=True)

    def __init__(self, support: Mapping[str, Any], **kwargs: Any) -> None:
        super().__init__(content=support_html(support), urgent_intro=urgent_intro(), labels=sheet_labels(), **kwargs)
        self._support = support
        self._regions = set(support.get("regions") or {})

    def use(self, support: Mapping[str, Any]) -> None:
        """Show this list of resources instead (the server's own, when it has one)."""
        self._support = support
        self.content = support_html(support)
        self._regions = set(support.get("regions") or {})

    def relabel(self) -> None:
        """Say the sheet's own words again in the current language (the resources themselves are
        the support file's data, shown as they are)."""
        with self.hold_sync():
            self.labels = sheet_labels()
            self.urgent_intro = urgent_intro()
            self.content = support_html(self._support)

    def open_on(self, region: str | None) -> None:
        """Narrow a several-region list to ``region`` (from the page's link) when the list knows
        it; anything else, a hostile ``?region=`` included, leaves the choice to the person."""
        if region and region in self._regions:
            self.region = region

    def show_urgent(self) -> None:
        """Open the sheet now, with the caring note on top (after crisis language, S2)."""
        self.urgent_opens += 1


def text_boxes(root: w.Widget) -> Iterator[w.Widget]:
    """Every text box under ``root`` (a page, a section, an exercise)."""
    if isinstance(root, (w.Textarea, w.Text)):
        yield root
    for child in getattr(root, "children", ()):
        yield from text_boxes(child)


class CrisisWatch:
    """Opens the support sheet when private writing (a journal, a reflection, an exercise's
    notes) uses crisis language (S2 for words that are never sent).

    It runs in the page's own kernel: nothing is sent to the workshop server, counted or logged.
    It waits until typing pauses for ``pause`` seconds, so the sheet does not take the keyboard
    in the middle of a word, and opens once each time such words appear in a box.
    """

    def __init__(self, urgent: Callable[[], None], pause: float = 1.5) -> None:
        self.urgent = urgent
        self.pause = pause
        self._timers: dict[int, threading.Timer] = {}
        self._flagged: dict[int, bool] = {}
        self._lock = threading.Lock()

    def watch(self, root: w.Widget) -> None:
        """Watch every text box under ``root``."""
        for box in text_boxes(root):
            box.observe(lambda change, box=box: self._typed(box), names="value")

    def _typed(self, box: w.Widget) -> None:
        if self.pause <= 0:
            self.check(box)
            return
        with self._lock:
            waiting = self._timers.pop(id(box), None)
            if waiting:
                waiting.cancel()
            timer = threading.Timer(self.pause, self.check, (box,))
            timer.daemon = True
            self._timers[id(box)] = timer
        timer.start()

    def check(self, box: w.Widget) -> None:
        """Look at what ``box`` holds now; open the sheet if crisis words have just appeared."""
        crisis = mentions_crisis(str(box.value or ""))
        with self._lock:
            was = self._flagged.get(id(box), False)
            self._flagged[id(box)] = crisis
        if crisis and not was:
            self.urgent()
