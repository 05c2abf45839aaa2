"""The projector view: the join code and QR, the current prompt, the timer and revealed results.

Everything is sized from the window (dashboard.css): the same page fits a 1024×768 lecture hall
projector and a 4K screen without scrolling.
"""

from __future__ import annotations

import html
import threading
from typing import Any

import ipywidgets as w
import segno

from ..i18n import _
from ..reports.charts import chart_data_uri
from ..ui.countdown import Countdown
from .flow import ProjectorResults, projector_prompt, projector_results

#: The chart's size in inches: about the shape of the space it gets on a 16:9 or 4:3 screen,
#: small enough that its text stays large once the picture is fitted there.
CHART_INCHES = (8.0, 5.0)
#: Sharp on a 1080p screen and still fair when stretched over a 4K one.
CHART_DPI = 240


def qr_svg(url: str) -> str:
    """The join address as an inline SVG QR code that scales to its box (viewBox, no fixed size)."""
    return segno.make(url, error="m").svg_inline(scale=8, dark="#0f2f33", light="#ffffff", border=2, omitsize=True)


def join_html(short_address: str, code: str) -> str:
    """The address to type and the code, big; the address may break after its slash only."""
    host, _slash, path = short_address.rpartition("/")
    shown = f"{html.escape(host)}/<wbr>{html.escape(path)}" if host else html.escape(short_address)
    href = html.escape(f"//{short_address}", quote=True)
    return (
        "<p class='huddle-projector-meta'>" + _("Join at") + f"</p><p class='huddle-join-url'><a href='{href}'>{shown}</a></p>"
        "<p class='huddle-projector-meta'>" + _("Code") + f"</p><p class='huddle-join-code'>{html.escape(code)}</p>"
    )


def results_html(results: ProjectorResults) -> str:
    """The results area drawn from ``flow.projector_results``: a message, the shared texts, the
    room's top questions or a chart."""
    if results.what == "message":
        return f"<p class='huddle-projector-meta huddle-projector-message'>{html.escape(results.message)}</p>"
    if results.what == "texts":
        items = "".join(f"<li>“{html.escape(text)}”</li>" for text in results.texts) or "<li>" + _("Nothing shared yet.") + "</li>"
        # A long list scrolls; a scrolling region must be reachable from the keyboard.
        label = html.escape(_("Answers shared with the room"), quote=True)
        return f"<ul class='huddle-projector-texts' tabindex='0' aria-label='{label}'>{items}</ul>"
    if results.what == "voted":
        pinned, now = " class='huddle-pinned'", "<span class='huddle-pq-pinned'>" + _("Now: ") + "</span>"
        items = "".join(
            f"<li{pinned if q.pinned else ''}><span class='huddle-pq-text'>{now if q.pinned else ''}{html.escape(q.text)}</span>"
            f"<span class='huddle-pq-votes'><span aria-hidden='true'>▲ </span>{html.escape(q.count)}</span></li>"
            for q in results.questions
        )
        label = html.escape(_("Questions from the room, most upvoted first"), quote=True)
        return f"<ol class='huddle-projector-questions' tabindex='0' aria-label='{label}'>{items}</ol>"
    if results.what == "chart" and results.chart:
        width, height = CHART_INCHES
        # The heading above already says the prompt: the chart leaves its title out.
        uri = chart_data_uri(*results.chart, width=width, height=height, dpi=CHART_DPI, show_prompt=False)
        if uri:
            alt = results.text.summary if results.text else _("Results chart")
            return f"<figure class='huddle-projector-figure'><img src='{uri}' alt='{html.escape(alt, quote=True)}'></figure>"
    return ""


class ProjectorView:
    """Everything the room sees, updated from the dashboard feed."""

    def __init__(self, join_url: str, short_address: str, code: str) -> None:
        self.lock = threading.Lock()
        self.join = w.HTML(join_html(short_address, code))
        self.join.add_class("huddle-projector-join")
        # The QR code carries the full join address: it works even where the short one is not routed.
        label = html.escape(_("QR code of the join address"), quote=True)
        self.qr = w.HTML(f"<div class='huddle-qr' role='img' aria-label='{label}'>{qr_svg(join_url)}</div>")
        self.qr.add_class("huddle-projector-qr")
        self.timer = Countdown()
        self.timer.add_class("huddle-projector-timer")
        # The timer sits with the code, above the QR code (which shrinks to make room for it),
        # so a running timer never narrows the prompt and the chart.
        side = w.VBox([self.join, self.timer, self.qr])
        side.add_class("huddle-projector-side")
        self.prompt = w.HTML()
        self.prompt.add_class("huddle-projector-head")
        self.results = w.HTML()
        self.results.add_class("huddle-projector-results")
        self.view = w.Box([side, self.prompt, self.results])
        self.view.add_class("huddle-projector")

    def update(self, snapshot: dict[str, Any]) -> None:
        """Draw a snapshot of the session (from the feed's thread)."""
        state, tally = snapshot.get("state"), snapshot.get("tally")
        if not state or not tally:
            return
        with self.lock:
            current = state.get("current")
            entries = {e["id"]: e for e in tally["activities"]}
            # Drawing the chart takes a moment: everything is ready before anything changes, so
            # a new prompt never shows above the last activity's chart.
            results = results_html(projector_results(state, entries.get(current["id"]) if current else None, tally["k"]))
            self.prompt.value = f"<h1 class='huddle-projector-prompt'>{html.escape(projector_prompt(state))}</h1>"
            self.results.value = results
            timer = state.get("timer")
            self.timer.show(timer["remaining"] if timer else None)
