"""The projector view: the join code and QR, the current prompt, the timer and revealed results."""

from __future__ import annotations

import html
import threading
from typing import Any

import ipywidgets as w
import segno

from ..model.kinds import get_kind
from ..model.types import Activity
from ..reports.charts import chart_data_uri
from ..ui.countdown import Countdown
from .flow import plural, projector_prompt


def qr_svg(url: str) -> str:
    """The join address as an inline SVG QR code."""
    return segno.make(url, error="m").svg_inline(scale=8, dark="#0f2f33", light="#ffffff", border=2)




def results_block(state: dict[str, Any], entry: dict[str, Any] | None, k: int) -> str:
    """What the room sees of the current activity: a chart once revealed, else the count only."""
    current = state.get("current")
    if not current or entry is None:
        return ""
    if (entry.get("tally") or {}).get("private"):
        return "<p class='huddle-projector-meta'>Everyone works privately on their own phone. Nothing is collected.</p>"
    if not state.get("revealed"):
        return f"<p class='huddle-projector-meta'>{plural(entry['count'], 'answer')} so far</p>"
    if entry["suppressed"]:
        return f"<p class='huddle-projector-meta'>Waiting for more answers: results show once at least {k} people have answered.</p>"
    kind = get_kind(current["kind"])
    if kind is not None and kind.result_style == "texts":
        items = "".join(f"<li>“{html.escape(e['text'])}”</li>" for e in entry["tally"]["approved"])
        return f"<ul class='huddle-projector-texts'>{items or '<li>Nothing shared yet.</li>'}</ul>"
    uri = chart_data_uri(entry, Activity.from_public(current), width=12, height=5.2, dpi=110)
    return f"<img alt='Results chart' src='{uri}'>" if uri else ""


class ProjectorView:
    """Everything the room sees, updated from the dashboard feed."""

    def __init__(self, join_url: str, code: str) -> None:
        self.lock = threading.Lock()
        self.join = w.HTML(
            f"<p class='huddle-projector-meta'>Join at</p><p class='huddle-join-url'>{html.escape(join_url)}</p>"
            f"<p class='huddle-projector-meta'>with code</p><p class='huddle-join-code'>{html.escape(code)}</p>"
        )
        self.qr = w.HTML(f"<div class='huddle-qr' role='img' aria-label='QR code of the join address'>{qr_svg(join_url)}</div>")
        self.prompt = w.HTML()
        self.timer = Countdown()
        self.timer.add_class("huddle-projector-timer")
        self.results = w.HTML()
        grid = w.HTML()  # placeholder keeps the layout stable while results render
        top = w.Box([w.VBox([self.join, self.prompt, self.timer]), self.qr])
        top.add_class("huddle-projector-grid")
        self.view = w.VBox([top, self.results, grid])
        self.view.add_class("huddle-projector")

    def update(self, snapshot: dict[str, Any]) -> None:
        """Draw a snapshot of the session (from the feed's thread)."""
        state, tally = snapshot.get("state"), snapshot.get("tally")
        if not state or not tally:
            return
        with self.lock:
            current = state.get("current")
            self.prompt.value = f"<p class='huddle-projector-prompt'>{html.escape(projector_prompt(state))}</p>"
            timer = state.get("timer")
            self.timer.show(timer["remaining"] if timer else None)
            entries = {e["id"]: e for e in tally["activities"]}
            self.results.value = results_block(state, entries.get(current["id"]) if current else None, tally["k"])
