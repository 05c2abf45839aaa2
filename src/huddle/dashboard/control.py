"""The control view: pace the activities, watch results, moderate text, run breakouts, export.

It draws what ``flow.ControlFlow`` decides and forwards each button to it; the feed's thread and
the facilitator's clicks both redraw through ``update``, under one lock.
"""

from __future__ import annotations

import html
import threading
from typing import Any, Callable

import ipywidgets as w

from ..reports._common import kind_label
from ..reports.charts import chart_png
from ..ui.countdown import Countdown
from .flow import ControlFlow, ControlPicture, plural, problem_of

TIMER_PRESETS = ((60, "1 min"), (120, "2 min"), (180, "3 min"), (300, "5 min"), (600, "10 min"))


def _button(label: str, callback: Callable[[], None], *, style: str = "", tooltip: str = "") -> w.Button:
    button = w.Button(description=label, button_style=style, tooltip=tooltip or label, layout=w.Layout(width="auto"))
    button.on_click(lambda _: callback())
    return button


def _alert(message: str) -> str:
    return f"<p class='huddle-stat huddle-alert' role='alert'>{html.escape(message)}</p>" if message else ""


class ControlView:
    """The facilitator's own screen. Every button calls one API command and shows the outcome."""

    def __init__(self, flow: ControlFlow, projector_url: str, links: list[tuple[str, str]] | None = None) -> None:
        self.flow = flow
        self.lock = threading.RLock()
        self.header = w.HTML()
        self.problem = w.HTML()
        self.message = w.HTML()
        self.rows = w.VBox()
        self.current = w.HTML()
        self.chart = w.Image(format="png", layout=w.Layout(max_width="640px"))
        self.timer = Countdown()
        self.queue = w.VBox()
        buttons = [
            _button("Open", lambda: self.command("open", activity=self.flow.focus_id), style="primary"),
            _button("Close", lambda: self.command("close")),
            _button("Reveal results", lambda: self.command("reveal")),
            _button("Hide results", lambda: self.command("hide")),
            _button("Next activity ▶", lambda: self.command("advance"), style="primary"),
        ]
        timers = [_button(label, lambda s=seconds: self.command("timer", seconds=s)) for seconds, label in TIMER_PRESETS]
        timers.append(_button("Stop timer", lambda: self.command("timer", seconds=0)))
        self.self_paced = w.Checkbox(description="Self-paced (participants move through activities themselves)", indent=False, layout=w.Layout(width="auto"))
        self.self_paced.observe(self._self_paced_changed, names="value")
        self.ban = w.Text(placeholder="word to hide from word clouds", layout=w.Layout(width="220px"))
        ban_button = _button("Hide word", self.ban_word)
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
        self.view = w.VBox([self.header, self.problem, self.message, w.HBox([left, right], layout=w.Layout(gap="10px")), lower])

    # clicks --------------------------------------------------------------------------------

    def command(self, action: str, **fields: Any) -> bool:
        """Send one control command; show a plain message if it is refused."""
        refused = self.flow.command(action, **fields)
        with self.lock:
            self.message.value = _alert(refused)
        return not refused

    def _self_paced_changed(self, change: dict[str, Any]) -> None:
        # Drawing a new snapshot sets the box too; only a facilitator's click is a command.
        if change["new"] != bool(self.flow.state.get("self_paced")):
            self.command("self_paced", enabled=change["new"])

    def ban_word(self) -> None:
        if self.command("ban_word", word=self.ban.value):
            self.ban.value = ""

    def select(self, activity_id: str) -> None:
        self.flow.select(activity_id)
        self.update(self.flow.snapshot)

    def export(self, fmt: str) -> None:
        """Offer the raw answers as a file download (free text only when ticked, P4)."""
        made = self.flow.export(fmt, self.include_text.value)
        with self.lock:
            if isinstance(made, str):
                self.message.value = _alert(made)
                return
            label, url = made
            self.download.value = f"<a download='{html.escape(label.split(' ')[0])}' href='{url}'>Download {html.escape(label)}</a>"

    def runsheet(self) -> None:
        """Offer the one-page run-sheet of this session's workshop as a file to print."""
        name, url = self.flow.runsheet()
        with self.lock:
            self.sheet.value = f"<a download='{html.escape(name)}' href='{url}'>Download the run-sheet (open it and print)</a>"

    def end(self) -> None:
        refused = self.flow.end(self.confirm_end.value)
        with self.lock:
            self.message.value = _alert(refused)

    def moderate(self, activity: str, item: str, status: str) -> None:
        self.command("moderate", activity=activity, item=item, status=status)

    # drawing ------------------------------------------------------------------------------

    def update(self, snapshot: dict[str, Any]) -> None:
        """Draw a snapshot of the session (from the feed's thread or after a click)."""
        with self.lock:
            picture = self.flow.picture(snapshot)
            self.problem.value = _alert(problem_of(snapshot))
            if picture is None:
                return
            self._draw(picture)

    def _draw(self, picture: ControlPicture) -> None:
        alert = " huddle-alert" if picture.crisis else ""
        pause = " huddle-alert" if picture.pauses else ""
        groups = picture.groups
        self.header.value = (
            f"<div class='huddle-dash-top'><h1>{html.escape(picture.title)}</h1>"
            f"<span class='huddle-stat'>Code <strong>{html.escape(picture.code)}</strong></span>"
            f"<span class='huddle-stat'>Joined <strong>{picture.participants}</strong></span>"
            f"<span class='huddle-stat{pause}'>Pause requests <strong>{picture.pauses}</strong></span>"
            f"<span class='huddle-stat{alert}' title='Someone wrote words suggesting crisis; they were shown support resources at once. Consider reminding the room of support.'>Support alerts <strong>{picture.crisis}</strong></span>"
            f"<span class='huddle-stat'>Status <strong>{html.escape(picture.status)}</strong></span>"
            + (f"<span class='huddle-stat'>Groups <strong>{groups['groups']}</strong> ({', '.join(map(str, groups['sizes']))} people)</span>" if groups else "")
            + "</div>"
        )
        self.self_paced.value = picture.self_paced
        self._draw_rows(picture)
        focus = picture.focus
        self.current.value = (
            f"<h2>{html.escape(focus['prompt'])}</h2><p class='huddle-muted'>{kind_label(focus['kind'])}"
            f"{' · ' + picture.focus_status if picture.focus_status else ''} · {picture.counts}</p>"
        )
        self.timer.show(picture.timer)
        png = chart_png(*picture.chart) if picture.chart else None
        self.chart.value = png or b""
        self.chart.layout.display = None if png else "none"
        for part in (self.queue_title, self.queue):
            part.layout.display = None if picture.moderates else "none"
        self.ban_row.layout.display = None if picture.filters_words else "none"
        self._draw_queue(picture)

    def _draw_rows(self, picture: ControlPicture) -> None:
        rows = []
        for row in picture.rows:
            badges = f"<span class='huddle-badge huddle-badge-{row.status}'>{row.status}</span>" if row.status else ""
            if row.revealed:
                badges += "<span class='huddle-badge huddle-badge-revealed'>revealed</span>"
            label = w.HTML(f"{row.number}. {badges}{html.escape(row.prompt)} <span class='huddle-muted'>· {row.count}</span>")
            show = _button("Select", lambda a=row.id: self.select(a))
            box = w.HBox([label, show])
            box.add_class("huddle-activity-row")
            if row.focus:
                box.add_class("huddle-current")
            rows.append(box)
        self.rows.children = rows

    def _draw_queue(self, picture: ControlPicture) -> None:
        widgets: list[w.Widget] = []
        for item in picture.queue:
            group = f"Group {item['group']}: " if item.get("group") else ""
            text = w.HTML(f"<div class='huddle-text'><span class='huddle-badge'>{item['status']}</span>{html.escape(group)}{html.escape(item['text'])}</div>")
            approve = _button("Share with room", lambda i=item: self.moderate(i["activity"], i["item"], "approved"), style="success")
            hide = _button("Hide", lambda i=item: self.moderate(i["activity"], i["item"], "hidden"))
            row = w.HBox([text, approve, hide])
            row.add_class("huddle-queue-item")
            widgets.append(row)
        if picture.held_for_safety:
            widgets.append(w.HTML(f"<p class='huddle-muted'>{picture.held_for_safety} answer(s) held back because they suggested distress; the writer was shown support straight away.</p>"))
        if picture.waiting:
            widgets.append(w.HTML(
                f"<p class='huddle-muted'>{plural(picture.waiting, 'more text')} on the way: texts reach you together, once enough "
                "have been sent or when you close the activity, so nobody can be told by the moment theirs appeared.</p>"
            ))
        if not widgets:
            widgets.append(w.HTML("<p class='huddle-muted'>Nothing to moderate for this activity.</p>"))
        self.queue.children = widgets
