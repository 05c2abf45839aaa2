"""The control view: pace the activities, watch results, moderate text, run breakouts, export."""

from __future__ import annotations

import base64
import html
import json
from typing import Any, Callable

import ipywidgets as w

from ..client import ApiError, Client, Unreachable
from ..model.types import Activity
from ..reports._common import kind_label
from ..reports.charts import chart_png
from ..ui.countdown import Countdown

TIMER_PRESETS = ((60, "1 min"), (120, "2 min"), (180, "3 min"), (300, "5 min"), (600, "10 min"))


def _button(label: str, callback: Callable[[], None], *, style: str = "", tooltip: str = "") -> w.Button:
    button = w.Button(description=label, button_style=style, tooltip=tooltip or label, layout=w.Layout(width="auto"))
    button.on_click(lambda _: callback())
    return button


class ControlView:
    """The facilitator's own screen. Every button calls one API command and shows the outcome."""

    def __init__(
        self, client: Client, code: str, key: str, workshop: list[dict[str, Any]], projector_url: str,
        links: list[tuple[str, str]] | None = None,
    ) -> None:
        self.client, self.code, self.key = client, code, key
        self.activities = workshop
        self.snapshot: dict[str, Any] = {}
        self.refresh: Callable[[], None] = lambda: None
        self.header = w.HTML()
        self.message = w.HTML()
        self.rows = w.VBox()
        self.current = w.HTML()
        self.chart = w.Image(format="png", layout=w.Layout(max_width="640px"))
        self.timer = Countdown()
        self.queue = w.VBox()
        buttons = [
            _button("Open", lambda: self.command("open", activity=self._selected()), style="primary"),
            _button("Close", lambda: self.command("close")),
            _button("Reveal results", lambda: self.command("reveal")),
            _button("Hide results", lambda: self.command("hide")),
            _button("Next activity ▶", lambda: self.command("advance"), style="primary"),
        ]
        timers = [_button(label, lambda s=seconds: self.command("timer", seconds=s)) for seconds, label in TIMER_PRESETS]
        timers.append(_button("Stop timer", lambda: self.command("timer", seconds=0)))
        self.self_paced = w.Checkbox(description="Self-paced (participants move through activities themselves)", indent=False, layout=w.Layout(width="auto"))
        self.self_paced.observe(lambda change: self.command("self_paced", enabled=change["new"]) if change["new"] != self._state().get("self_paced") else None, names="value")
        self.ban = w.Text(placeholder="word to hide from word clouds", layout=w.Layout(width="220px"))
        ban_button = _button("Hide word", lambda: self.command("ban_word", word=self.ban.value) and setattr(self.ban, "value", ""))
        self.ban_row = w.HBox([self.ban, ban_button])
        self.queue_title = w.HTML("<h3>Free text waiting for you</h3>")
        self.group_size = w.BoundedIntText(value=4, min=2, max=20, description="Group size", layout=w.Layout(width="170px"))
        self.strategy = w.Dropdown(options=[("Random", "random"), ("Mixed by training stage", "mixed")], value="random", layout=w.Layout(width="220px"))
        breakout = w.HBox([self.group_size, self.strategy, _button("Make groups", lambda: self.command("breakout", size=self.group_size.value, strategy=self.strategy.value), style="primary"), _button("End breakout", lambda: self.command("end_breakout"))])
        self.include_text = w.Checkbox(description="Include free text", indent=False, layout=w.Layout(width="auto"))
        self.download = w.HTML()
        export = w.HBox([_button("Export CSV", lambda: self.export("csv")), _button("Export JSON", lambda: self.export("json")), self.include_text, self.download])
        self.sheet = w.HTML()
        runsheet = w.HBox([_button("Printable run-sheet", self.runsheet), self.sheet])
        self.confirm_end = w.Checkbox(description="Yes, end the session for everyone", indent=False, layout=w.Layout(width="auto"))
        end = w.HBox([self.confirm_end, _button("End session", self.end, style="danger")])
        link = w.HTML(f"<p><a href='{html.escape(projector_url)}' target='_blank' rel='noopener'>Open the projector view in a new window ↗</a></p>")

        left = w.VBox([w.HTML("<h2>Activities</h2>"), self.rows], layout=w.Layout(width="42%"))
        left.add_class("huddle-panel")
        right = w.VBox([
            self.current, w.HBox(buttons, layout=w.Layout(flex_flow="row wrap")), w.HBox(timers, layout=w.Layout(flex_flow="row wrap")), self.timer,
            self.self_paced, self.chart, self.queue_title, self.queue, self.ban_row,
        ], layout=w.Layout(width="58%"))
        right.add_class("huddle-panel")
        shared = [w.HTML("<h2>Links to share</h2><p class='huddle-muted'>Select a link and copy it into an email or a chat.</p>")]
        for label, url in links or []:
            box = w.Text(value=url, description=label, disabled=False, layout=w.Layout(width="100%"), style={"description_width": "260px"})
            box.add_class("huddle-share-link")
            shared.append(box)
        lower = w.VBox([w.HTML("<h2>Small groups</h2>"), breakout, w.HTML("<h2>Run-sheet and export</h2>"), runsheet, export, end, link, *shared])
        lower.add_class("huddle-panel")
        self.selected: str | None = None
        self.view = w.VBox([self.header, self.message, w.HBox([left, right], layout=w.Layout(gap="10px")), lower])

    def _state(self) -> dict[str, Any]:
        return self.snapshot.get("state") or {}

    def _selected(self) -> str | None:
        current = self._state().get("current")
        return self.selected or (current["id"] if current else self.activities[0]["id"])

    def command(self, action: str, **fields: Any) -> bool:
        """Send one control command; show a plain message if it is refused."""
        try:
            self.client.control(self.code, self.key, action, **fields)
        except ApiError as error:
            self.message.value = f"<p class='huddle-stat huddle-alert' role='alert'>{html.escape(error.message)}</p>"
            return False
        except Unreachable:
            self.message.value = "<p class='huddle-stat huddle-alert' role='alert'>The server cannot be reached; try again in a moment.</p>"
            return False
        self.message.value = ""
        self.selected = None
        self.refresh()
        return True

    def select(self, activity_id: str) -> None:
        self.selected = activity_id
        self.update(self.snapshot)

    def export(self, fmt: str) -> None:
        """Offer the raw answers as a file download (free text only when ticked, P4)."""
        try:
            data = self.client.export(self.code, self.key, include_text=self.include_text.value)
        except (ApiError, Unreachable) as error:
            self.message.value = f"<p class='huddle-stat huddle-alert'>{html.escape(str(error))}</p>"
            return
        if fmt == "json":
            body, mime = json.dumps(data, indent=2, ensure_ascii=False), "application/json"
        else:
            from ..export import rows_to_csv

            body, mime = rows_to_csv(data["answers"]), "text/csv"
        encoded = base64.b64encode(body.encode()).decode()
        name = f"huddle-{self.code}.{fmt}"
        self.download.value = f"<a download='{name}' href='data:{mime};base64,{encoded}'>Download {name} ({len(data['answers'])} answers)</a>"

    def runsheet(self) -> None:
        """Offer the one-page run-sheet of this session's workshop as a file to print."""
        from ..model.types import Workshop
        from ..reports.runsheet import runsheet_html

        title = (self._state().get("title")) or "Workshop"
        workshop = Workshop(id="session", title=title, activities=tuple(Activity.from_public(a) for a in self.activities), minutes=sum(a.get("minutes") or 0 for a in self.activities) or None)
        encoded = base64.b64encode(runsheet_html(workshop).encode()).decode()
        self.sheet.value = f"<a download='runsheet-{self.code}.html' href='data:text/html;base64,{encoded}'>Download the run-sheet (open it and print)</a>"

    def end(self) -> None:
        if not self.confirm_end.value:
            self.message.value = "<p class='huddle-stat huddle-alert'>Tick the box first: ending closes the session for everyone.</p>"
            return
        self.command("end")

    def moderate(self, activity: str, item: str, status: str) -> None:
        self.command("moderate", activity=activity, item=item, status=status)

    # drawing ------------------------------------------------------------------------------

    def update(self, snapshot: dict[str, Any]) -> None:
        self.snapshot = snapshot
        state, tally = snapshot.get("state"), snapshot.get("tally")
        if not state or not tally:
            return
        entries = {e["id"]: e for e in tally["activities"]}
        signals = tally["signals"]
        alert = " huddle-alert" if signals["crisis"] else ""
        pause = " huddle-alert" if signals["pause"] else ""
        groups = tally.get("breakout")
        self.header.value = (
            f"<div class='huddle-dash-top'><h1>{html.escape(state['title'])}</h1>"
            f"<span class='huddle-stat'>Code <strong>{html.escape(state['code'])}</strong></span>"
            f"<span class='huddle-stat'>Joined <strong>{tally['participants']}</strong></span>"
            f"<span class='huddle-stat{pause}'>Pause requests <strong>{signals['pause']}</strong></span>"
            f"<span class='huddle-stat{alert}' title='Someone wrote words suggesting crisis; they were shown support resources at once. Consider reminding the room of support.'>Support alerts <strong>{signals['crisis']}</strong></span>"
            f"<span class='huddle-stat'>Status <strong>{html.escape(state['status'])}</strong></span>"
            + (f"<span class='huddle-stat'>Groups <strong>{groups['groups']}</strong> ({', '.join(map(str, groups['sizes']))} people)</span>" if groups else "")
            + "</div>"
        )
        self.self_paced.value = bool(state.get("self_paced"))
        self._draw_rows(state, entries)
        focus = self._selected()
        entry = entries.get(focus)
        activity = next(a for a in self.activities if a["id"] == focus)
        status = (state.get("current") or {}).get("status") if (state.get("current") or {}).get("id") == focus else None
        needed = f" · waiting for {entry['needed']} more before anything can be shown" if entry and entry["suppressed"] and entry["needed"] else ""
        private = bool(entry and (entry.get("tally") or {}).get("private"))
        counts = "private: nothing is collected, everyone works on their own page" if private else (
            f"{_plural(entry['count'] if entry else 0, 'answer')} · {entry['skipped'] if entry else 0} skipped{needed}"
        )
        self.current.value = (
            f"<h2>{html.escape(activity['prompt'])}</h2><p class='huddle-muted'>{kind_label(activity['kind'])}"
            f"{' · ' + status if status else ''} · {counts}</p>"
        )
        timer = state.get("timer")
        self.timer.show(timer["remaining"] if timer else None)
        png = chart_png(entry, Activity.from_public(activity)) if entry and not entry["suppressed"] else None
        self.chart.value = png or b""
        self.chart.layout.display = None if png else "none"
        free_text = activity["kind"] in ("text", "group_report")
        for part in (self.queue_title, self.queue):
            part.layout.display = None if free_text else "none"
        self.ban_row.layout.display = None if activity["kind"] == "word_cloud" else "none"
        self._draw_queue(focus, snapshot.get("moderation") or {"items": [], "held_for_safety": 0})

    def _draw_rows(self, state: dict[str, Any], entries: dict[str, Any]) -> None:
        current = (state.get("current") or {}).get("id")
        focus = self._selected()
        rows = []
        for number, activity in enumerate(self.activities, start=1):
            entry = entries.get(activity["id"], {})
            badges = ""
            if activity["id"] == current:
                status = state["current"]["status"]
                badges += f"<span class='huddle-badge huddle-badge-{status}'>{status}</span>"
                if state.get("revealed"):
                    badges += "<span class='huddle-badge huddle-badge-revealed'>revealed</span>"
            label = w.HTML(f"{number}. {badges}{html.escape(activity['prompt'][:80])} <span class='huddle-muted'>· {entry.get('count', 0)}</span>")
            show = _button("Select", lambda a=activity["id"]: self.select(a))
            row = w.HBox([label, show])
            row.add_class("huddle-activity-row")
            if activity["id"] == focus:
                row.add_class("huddle-current")
            rows.append(row)
        self.rows.children = rows

    def _draw_queue(self, focus: str, moderation: dict[str, Any]) -> None:
        items = [i for i in moderation["items"] if i["activity"] == focus]
        widgets: list[w.Widget] = []
        for item in items:
            group = f"Group {item['group']}: " if item.get("group") else ""
            text = w.HTML(f"<div class='huddle-text'><span class='huddle-badge'>{item['status']}</span>{html.escape(group)}{html.escape(item['text'])}</div>")
            approve = _button("Share with room", lambda i=item: self.moderate(i["activity"], i["item"], "approved"), style="success")
            hide = _button("Hide", lambda i=item: self.moderate(i["activity"], i["item"], "hidden"))
            row = w.HBox([text, approve, hide])
            row.add_class("huddle-queue-item")
            widgets.append(row)
        if moderation.get("held_for_safety"):
            widgets.append(w.HTML(f"<p class='huddle-muted'>{moderation['held_for_safety']} answer(s) held back because they suggested distress; the writer was shown support straight away.</p>"))
        if not widgets:
            widgets.append(w.HTML("<p class='huddle-muted'>Nothing to moderate for this activity.</p>"))
        self.queue.children = widgets


def _plural(count: int, noun: str) -> str:
    """ "1 answer", "2 answers" (translations with proper plural rules come with gettext)."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
