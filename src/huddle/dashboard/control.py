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
from ..reports.charts import chart_data_uri
from ..ui.countdown import Countdown
from ..ui.shortcuts import Shortcuts, key_class
from .flow import Action, ControlFlow, ControlPicture, ResultsText, moderation_buttons, notes_html, plural, problem_of

TIMER_PRESETS = ((60, "1 min"), (120, "2 min"), (180, "3 min"), (300, "5 min"), (600, "10 min"))


def _button(label: str, callback: Callable[[], None], *, style: str = "", tooltip: str = "") -> w.Button:
    button = w.Button(description=label, button_style=style, tooltip=tooltip or label, layout=w.Layout(width="auto"))
    button.on_click(lambda _: callback())
    return button


def _show(button: w.Button, action: Action | None) -> None:
    """Make ``button`` look like ``action`` (hidden when there is none)."""
    if action is None:
        button.layout.display = "none"
        return
    button.layout.display = None
    button.description, button.tooltip = action.label, action.hint or action.label
    button.button_style = "primary" if action.primary else ""


def _chart_html(picture: ControlPicture) -> str:
    """The focused activity's chart with its numbers in words ("" when nothing is drawn)."""
    # The heading above says the prompt and the counts already: the chart leaves them out.
    uri = chart_data_uri(*picture.chart, show_prompt=False, show_counts=False) if picture.chart else None
    if not uri:
        return ""
    text = picture.results
    alt = html.escape(text.summary if text else "Results chart", quote=True)
    return f"<figure><img src='{uri}' alt='{alt}'>{_table(text) if text else ''}</figure>"


def _table(text: ResultsText) -> str:
    """The chart's numbers as a small table, folded away: the image's text already says them."""
    if not text.headings or not text.rows:
        return ""
    head = "".join(f"<th scope='col'>{html.escape(h)}</th>" for h in text.headings)
    body = "".join(f"<tr><th scope='row'>{html.escape(label)}</th><td>{html.escape(value)}</td></tr>" for label, value in text.rows)
    return f"<details><summary>The numbers as a table</summary><table class='huddle-results-table'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></details>"


#: The control view's keys: open or close, reveal or hide, next, the first timer preset, stop.
SHORTCUTS = {
    "o": ("gate", "open or close"),
    "r": ("reveal", "reveal or hide results"),
    "n": ("next", "next activity"),
    "t": ("timer", "1-minute timer"),
    "s": ("stop", "stop the timer"),
}


def _alert(message: str) -> str:
    return f"<p class='huddle-stat huddle-alert' role='alert'>{html.escape(message)}</p>" if message else ""


class ControlView:
    """The facilitator's own screen. Every button calls one API command and shows the outcome."""

    def __init__(self, flow: ControlFlow, projector_url: str, links: list[tuple[str, str]] | None = None, notice: str = "") -> None:
        self.flow = flow
        self.lock = threading.RLock()
        self.header = w.HTML()
        self.problem = w.HTML()
        self.message = w.HTML()
        self.current = w.HTML()
        self.notes = w.HTML()
        self.chart = w.HTML()
        self.chart.add_class("huddle-chart")
        self.timer = Countdown()
        self.queue = w.VBox()
        # Three pacing buttons that change label and highlight (flow.pacing) rather than six
        # fixed ones: the same widget stays under a keyboard user's focus after a press.
        self.actions: tuple[Action | None, ...] = (None, None, None)
        self.gate = _button("Open", lambda: self._act(0), style="primary")
        self.reveal = _button("Reveal results", lambda: self._act(1))
        self.next = _button("Next activity ▶", lambda: self._act(2))
        pacing = w.HBox([self.gate, self.reveal, self.next])
        pacing.add_class("huddle-wrap")
        timers = [_button(label, lambda s=seconds: self.command("timer", seconds=s)) for seconds, label in TIMER_PRESETS]
        timers.append(_button("Stop timer", lambda: self.command("timer", seconds=0)))
        # Each shortcut presses its visible button, so it does what the button says right now.
        for button, name in ((self.gate, "gate"), (self.reveal, "reveal"), (self.next, "next"), (timers[0], "timer"), (timers[-1], "stop")):
            button.add_class(key_class(name))
        self.shortcuts = Shortcuts(SHORTCUTS)
        timer_row = w.HBox(timers)
        timer_row.add_class("huddle-wrap")
        self.self_paced = w.Checkbox(description="Self-paced (participants move through activities themselves)", indent=False, layout=w.Layout(width="auto"))
        self.self_paced.observe(self._self_paced_changed, names="value")
        self.ban = w.Text(description="Word to hide", placeholder="hidden from word clouds and questions", layout=w.Layout(width="auto"))
        ban_button = _button("Hide word", self.ban_word)
        self.ban_row = w.HBox([self.ban, ban_button])
        self.ban_row.add_class("huddle-wrap")
        self.queue_title = w.HTML("<h3>Free text waiting for you</h3>")
        self.group_size = w.BoundedIntText(value=4, min=2, max=20, description="Group size", layout=w.Layout(width="170px"))
        self.strategy = w.Dropdown(description="Grouping", options=[("Random", "random"), ("Mixed by training stage", "mixed")], value="random", layout=w.Layout(width="auto"))
        breakout = w.HBox([self.group_size, self.strategy, _button("Make groups", lambda: self.command("breakout", size=self.group_size.value, strategy=self.strategy.value), style="primary"), _button("End breakout", lambda: self.command("end_breakout"))])
        breakout.add_class("huddle-wrap")
        self.include_text = w.Checkbox(description="Include free text", indent=False, layout=w.Layout(width="auto"))
        self.download = w.HTML()
        export = w.HBox([_button("Export CSV", lambda: self.export("csv")), _button("Export JSON", lambda: self.export("json")), self.include_text, self.download])
        export.add_class("huddle-wrap")
        self.sheet = w.HTML()
        runsheet = w.HBox([_button("Printable run-sheet", self.runsheet), self.sheet])
        runsheet.add_class("huddle-wrap")
        self.confirm_end = w.Checkbox(description="Yes, end the session for everyone", indent=False, layout=w.Layout(width="auto"))
        end = w.HBox([self.confirm_end, _button("End session", self.end, style="danger")])
        end.add_class("huddle-wrap")
        link = w.HTML(f"<p><a href='{html.escape(projector_url)}' target='_blank' rel='noopener'>Open the projector view in a new window ↗</a></p>")

        # One row per activity, made once and redrawn in place, so focus stays on its button.
        self.row_labels: dict[str, w.HTML] = {}
        self.row_buttons: dict[str, w.Button] = {}
        self.row_boxes: dict[str, w.HBox] = {}
        for activity in flow.activities:
            label = w.HTML()
            show = _button("Select", lambda a=activity["id"]: self.select(a))
            box = w.HBox([label, show])
            box.add_class("huddle-activity-row")
            self.row_labels[activity["id"]], self.row_buttons[activity["id"]], self.row_boxes[activity["id"]] = label, show, box
        self.rows = w.VBox(list(self.row_boxes.values()))

        # The activity in focus comes first: on a phone the controls are then at the top, and
        # reading order and visual order agree at every width (see dashboard.css).
        focus = w.VBox([self.current, pacing, timer_row, self.timer, self.self_paced, self.shortcuts, self.notes, self.chart, self.queue_title, self.queue, self.ban_row])
        focus.add_class("huddle-panel")
        focus.add_class("huddle-focus-panel")
        activities = w.VBox([w.HTML("<h2>Activities</h2>"), self.rows])
        activities.add_class("huddle-panel")
        activities.add_class("huddle-activities-panel")
        columns = w.Box([focus, activities])
        columns.add_class("huddle-dash-columns")
        shared = [w.HTML("<h2>Links to share</h2><p class='huddle-muted'>Select a link and copy it into an email or a chat.</p>")]
        for label, url in links or []:
            box = w.Text(value=url, description=label, disabled=False, layout=w.Layout(width="100%"))
            box.add_class("huddle-share-link")
            shared.append(box)
        link.add_class("huddle-dash-links")
        lower = w.VBox([w.HTML("<h2>Small groups</h2>"), breakout, w.HTML("<h2>Run-sheet and export</h2>"), runsheet, export, end, *shared])
        lower.add_class("huddle-panel")
        # The projector is what a facilitator opens first: its link sits under the header.
        # Said once, above everything else: the support list needs checking before the room arrives.
        warning = w.HTML(f"<p class='huddle-warning'><strong>Check the support list.</strong> {html.escape(notice)}</p>" if notice else "")
        self.view = w.VBox([self.header, warning, link, self.problem, self.message, columns, lower])

    # clicks --------------------------------------------------------------------------------

    def command(self, action: str, **fields: Any) -> bool:
        """Send one control command; show a plain message if it is refused."""
        refused = self.flow.command(action, **fields)
        with self.lock:
            self.message.value = _alert(refused)
        return not refused

    def _act(self, slot: int) -> None:
        """Send what pacing button ``slot`` stands for now."""
        action = self.actions[slot]
        if action is None:
            return
        fields = {"activity": self.flow.focus_id} if action.command in ("open", "close") else {}
        self.command(action.command, **fields)

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
        # Drawn first (it takes a moment), so the heading never changes above the last chart.
        chart = _chart_html(picture)
        self.header.value = (
            f"<div class='huddle-dash-top'><h1>{html.escape(picture.title)}</h1>"
            f"<span class='huddle-stat'>Code <strong>{html.escape(picture.code)}</strong></span>"
            f"<span class='huddle-stat'>Joined <strong>{picture.participants}</strong></span>"
            f"<span class='huddle-stat{pause}'>Pause requests <strong>{picture.pauses}</strong></span>"
            f"<span class='huddle-stat{alert}' title='Someone wrote words suggesting crisis; they were shown support resources at once. Consider reminding the room of support.'>Support alerts <strong>{picture.crisis}</strong></span>"
            f"<span class='huddle-stat'>Status <strong>{html.escape(picture.status)}</strong></span>"
            + (f"<span class='huddle-stat' title='Sessions of a series are reported together and kept until its last session expires'>Series <strong>{html.escape(series)}</strong></span>" if (series := self.flow.plan.get("series")) else "")
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
        notes = notes_html(focus.get("notes"))
        if self.notes.value != notes:  # redrawn only when the activity changes, so a folded note stays folded
            self.notes.value = notes
        self.timer.show(picture.timer)
        for button, action in zip((self.gate, self.reveal, self.next), picture.actions):
            _show(button, action)
        self.actions = picture.actions
        self.chart.value = chart
        self.chart.layout.display = None if chart else "none"
        for part in (self.queue_title, self.queue):
            part.layout.display = None if picture.moderates else "none"
        title = "<h3>Questions from the room</h3>" if picture.questions else "<h3>Free text waiting for you</h3>"
        if self.queue_title.value != title:
            self.queue_title.value = title
        self.ban_row.layout.display = None if picture.filters_words else "none"
        self._draw_queue(picture)

    def _draw_rows(self, picture: ControlPicture) -> None:
        for row in picture.rows:
            badges = f"<span class='huddle-badge huddle-badge-{row.status}'>{row.status}</span>" if row.status else ""
            if row.revealed:
                badges += "<span class='huddle-badge huddle-badge-revealed'>revealed</span>"
            self.row_labels[row.id].value = f"{row.number}. {badges}{html.escape(row.prompt)} <span class='huddle-muted huddle-nowrap'>({row.answers})</span>"
            button, box = self.row_buttons[row.id], self.row_boxes[row.id]
            # The activity in focus says so in words, not by its row's colour alone (the button
            # stays enabled: disabling it would drop the focus of whoever just pressed it).
            button.description = "Selected" if row.focus else "Select"
            button.tooltip = f"Show activity {row.number} here"
            if row.focus:
                box.add_class("huddle-current")
            else:
                box.remove_class("huddle-current")

    def _draw_queue(self, picture: ControlPicture) -> None:
        widgets: list[w.Widget] = []
        for item in picture.queue:
            group = f"Group {item['group']}: " if item.get("group") else ""
            votes = f" <span class='huddle-votes'>{plural(item['votes'], 'vote')}</span>" if "votes" in item else ""
            text = w.HTML(
                f"<div class='huddle-text'><span class='huddle-badge huddle-badge-{html.escape(item['status'])}'>{html.escape(item['status'])}</span>"
                f"{html.escape(group)}{html.escape(item['text'])}{votes}</div>"
            )
            buttons = [
                _button(b.label, lambda i=item, status=b.status: self.moderate(i["activity"], i["item"], status), style=b.style, tooltip=b.hint)
                for b in moderation_buttons(item, picture.questions)
            ]
            row = w.HBox([text, *buttons])
            row.add_class("huddle-queue-item")
            widgets.append(row)
        if picture.held_for_safety:
            one = picture.held_for_safety == 1
            widgets.append(w.HTML(
                f"<p class='huddle-muted'>{plural(picture.held_for_safety, 'answer')} held back because {'it' if one else 'they'} suggested distress; "
                f"{'its writer was' if one else 'each writer was'} shown support straight away.</p>"
            ))
        if picture.waiting:
            widgets.append(w.HTML(
                f"<p class='huddle-muted'>{plural(picture.waiting, 'more text')} on the way: texts reach you together, once enough "
                "have been sent or when you close the activity, so nobody can be told by the moment theirs appeared.</p>"
            ))
        if not widgets:
            widgets.append(w.HTML("<p class='huddle-muted'>Nothing to moderate for this activity.</p>"))
        self.queue.children = widgets
