"""The control view: pace the activities, watch results, moderate text, run breakouts, export.

It draws what ``flow.ControlFlow`` decides and forwards each button to it; the feed's thread and
the facilitator's clicks both redraw through ``update``, under one lock.
"""

from __future__ import annotations

import html
import threading
from typing import Any, Callable

import ipywidgets as w

from ..i18n import N_, _, ngettext
from ..reports._common import kind_label
from ..reports.charts import chart_data_uri
from ..ui.countdown import Countdown
from ..ui.shortcuts import Shortcuts, key_class
from .flow import Action, ControlFlow, ControlPicture, ResultsText, moderation_buttons, notes_html, problem_of, votes

#: The timer buttons' seconds (each labelled "N min", see ``_minutes``).
TIMER_PRESETS = (60, 120, 180, 300, 600)


def _minutes(seconds: int) -> str:
    return _("{minutes} min").format(minutes=seconds // 60)


def _attr(text: str) -> str:
    """Translated text for an HTML attribute in single quotes."""
    return html.escape(text, quote=True)


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
    alt = html.escape(text.summary if text else _("Results chart"), quote=True)
    return f"<figure><img src='{uri}' alt='{alt}'>{_table(text) if text else ''}</figure>"


def _table(text: ResultsText) -> str:
    """The chart's numbers as a small table, folded away: the image's text already says them."""
    if not text.headings or not text.rows:
        return ""
    head = "".join(f"<th scope='col'>{html.escape(h)}</th>" for h in text.headings)
    body = "".join(f"<tr><th scope='row'>{html.escape(label)}</th><td>{html.escape(value)}</td></tr>" for label, value in text.rows)
    summary = html.escape(_("The numbers as a table"), quote=False)
    return f"<details><summary>{summary}</summary><table class='huddle-results-table'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></details>"


#: The control view's keys: open or close, reveal or hide, next, the first timer preset, stop
#: (what each does is translated where the help is shown, see ``_shortcuts``).
SHORTCUTS = {
    "o": ("gate", N_("open or close")),
    "r": ("reveal", N_("reveal or hide results")),
    "n": ("next", N_("next activity")),
    "t": ("timer", N_("1-minute timer")),
    "s": ("stop", N_("stop the timer")),
}


def _shortcuts() -> dict[str, tuple[str, str]]:
    """``SHORTCUTS`` in the current language."""
    return {key: (name, _(what)) for key, (name, what) in SHORTCUTS.items()}


#: A session's, an activity's and a moderated answer's status, in words (the API's value is
#: the badge's class; an unknown value is shown as it is).
SESSION_STATUS = {"waiting": N_("waiting"), "live": N_("live"), "ended": N_("ended")}
ACTIVITY_STATUS = {"ready": N_("ready"), "open": N_("open"), "closed": N_("closed")}
ITEM_STATUS = {"pending": N_("pending"), "approved": N_("approved"), "hidden": N_("hidden"), "pinned": N_("pinned"), "answered": N_("answered")}


def _status(status: str) -> str:
    return _(SESSION_STATUS[status]) if status in SESSION_STATUS else status


def _activity_status(status: str) -> str:
    return _(ACTIVITY_STATUS[status]) if status in ACTIVITY_STATUS else status


def _item_status(status: str) -> str:
    return _(ITEM_STATUS[status]) if status in ITEM_STATUS else status


def _groups(groups: Any, strong: Callable[[object], str]) -> str:
    """"Groups 3 (4, 4, 3 people)"."""
    sizes = ", ".join(map(str, groups["sizes"]))
    return _("Groups {count} ({sizes} people)").format(count=strong(groups["groups"]), sizes=sizes)


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
        self.gate = _button(_("Open"), lambda: self._act(0), style="primary")
        self.reveal = _button(_("Reveal results"), lambda: self._act(1))
        self.next = _button(_("Next activity ▶"), lambda: self._act(2))
        pacing = w.HBox([self.gate, self.reveal, self.next])
        pacing.add_class("huddle-wrap")
        timers = [_button(_minutes(seconds), lambda s=seconds: self.command("timer", seconds=s)) for seconds in TIMER_PRESETS]
        timers.append(_button(_("Stop timer"), lambda: self.command("timer", seconds=0)))
        # Each shortcut presses its visible button, so it does what the button says right now.
        for button, name in ((self.gate, "gate"), (self.reveal, "reveal"), (self.next, "next"), (timers[0], "timer"), (timers[-1], "stop")):
            button.add_class(key_class(name))
        self.shortcuts = Shortcuts(_shortcuts())
        timer_row = w.HBox(timers)
        timer_row.add_class("huddle-wrap")
        self.self_paced = w.Checkbox(description=_("Self-paced (participants move through activities themselves)"), indent=False, layout=w.Layout(width="auto"))
        self.self_paced.observe(self._self_paced_changed, names="value")
        self.ban = w.Text(description=_("Word to hide"), placeholder=_("hidden from word clouds and questions"), layout=w.Layout(width="auto"))
        ban_button = _button(_("Hide word"), self.ban_word)
        self.ban_row = w.HBox([self.ban, ban_button])
        self.ban_row.add_class("huddle-wrap")
        self.queue_title = w.HTML("<h3>" + _("Free text waiting for you") + "</h3>")
        self.group_size = w.BoundedIntText(value=4, min=2, max=20, description=_("Group size"), layout=w.Layout(width="170px"))
        self.strategy = w.Dropdown(description=_("Grouping"), options=[(_("Random"), "random"), (_("Mixed by training stage"), "mixed")], value="random", layout=w.Layout(width="auto"))
        breakout = w.HBox([self.group_size, self.strategy, _button(_("Make groups"), lambda: self.command("breakout", size=self.group_size.value, strategy=self.strategy.value), style="primary"), _button(_("End breakout"), lambda: self.command("end_breakout"))])
        breakout.add_class("huddle-wrap")
        self.include_text = w.Checkbox(description=_("Include free text"), indent=False, layout=w.Layout(width="auto"))
        self.download = w.HTML()
        export = w.HBox([_button(_("Export CSV"), lambda: self.export("csv")), _button(_("Export JSON"), lambda: self.export("json")), self.include_text, self.download])
        export.add_class("huddle-wrap")
        self.sheet = w.HTML()
        runsheet = w.HBox([_button(_("Printable run-sheet"), self.runsheet), self.sheet])
        runsheet.add_class("huddle-wrap")
        self.confirm_end = w.Checkbox(description=_("Yes, end the session for everyone"), indent=False, layout=w.Layout(width="auto"))
        end = w.HBox([self.confirm_end, _button(_("End session"), self.end, style="danger")])
        end.add_class("huddle-wrap")
        link = w.HTML(f"<p><a href='{html.escape(projector_url)}' target='_blank' rel='noopener'>" + _("Open the projector view in a new window ↗") + "</a></p>")

        # One row per activity, made once and redrawn in place, so focus stays on its button.
        self.row_labels: dict[str, w.HTML] = {}
        self.row_buttons: dict[str, w.Button] = {}
        self.row_boxes: dict[str, w.HBox] = {}
        for activity in flow.activities:
            label = w.HTML()
            show = _button(_("Select"), lambda a=activity["id"]: self.select(a))
            box = w.HBox([label, show])
            box.add_class("huddle-activity-row")
            self.row_labels[activity["id"]], self.row_buttons[activity["id"]], self.row_boxes[activity["id"]] = label, show, box
        self.rows = w.VBox(list(self.row_boxes.values()))

        # The activity in focus comes first: on a phone the controls are then at the top, and
        # reading order and visual order agree at every width (see dashboard.css).
        focus = w.VBox([self.current, pacing, timer_row, self.timer, self.self_paced, self.shortcuts, self.notes, self.chart, self.queue_title, self.queue, self.ban_row])
        focus.add_class("huddle-panel")
        focus.add_class("huddle-focus-panel")
        activities = w.VBox([w.HTML("<h2>" + _("Activities") + "</h2>"), self.rows])
        activities.add_class("huddle-panel")
        activities.add_class("huddle-activities-panel")
        columns = w.Box([focus, activities])
        columns.add_class("huddle-dash-columns")
        shared = [w.HTML("<h2>" + _("Links to share") + "</h2><p class='huddle-muted'>" + _("Select a link and copy it into an email or a chat.") + "</p>")]
        for label, url in links or []:
            box = w.Text(value=url, description=label, disabled=False, layout=w.Layout(width="100%"))
            box.add_class("huddle-share-link")
            shared.append(box)
        link.add_class("huddle-dash-links")
        lower = w.VBox([w.HTML("<h2>" + _("Small groups") + "</h2>"), breakout, w.HTML("<h2>" + _("Run-sheet and export") + "</h2>"), runsheet, export, end, *shared])
        lower.add_class("huddle-panel")
        # The projector is what a facilitator opens first: its link sits under the header.
        # Said once, above everything else: the support list needs checking before the room arrives.
        check = _("Check the support list.")
        warning = w.HTML(f"<p class='huddle-warning'><strong>{check}</strong> {html.escape(notice)}</p>" if notice else "")
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
            text = html.escape(_("Download {file}").format(file=label), quote=False)
            self.download.value = f"<a download='{html.escape(label.split(' ')[0])}' href='{url}'>{text}</a>"

    def runsheet(self) -> None:
        """Offer the one-page run-sheet of this session's workshop as a file to print."""
        name, url = self.flow.runsheet()
        with self.lock:
            self.sheet.value = f"<a download='{html.escape(name)}' href='{url}'>" + _("Download the run-sheet (open it and print)") + "</a>"

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

        def strong(value: object) -> str:
            return f"<strong>{html.escape(str(value))}</strong>"

        crisis_hint = _attr(_("Someone wrote words suggesting crisis; they were shown support resources at once. Consider reminding the room of support."))
        series_hint = _attr(_("Sessions of a series are reported together and kept until its last session expires"))
        self.header.value = (
            f"<div class='huddle-dash-top'><h1>{html.escape(picture.title)}</h1>"
            "<span class='huddle-stat'>" + _("Code {code}").format(code=strong(picture.code)) + "</span>"
            "<span class='huddle-stat'>" + _("Joined {count}").format(count=strong(picture.participants)) + "</span>"
            f"<span class='huddle-stat{pause}'>" + _("Pause requests {count}").format(count=strong(picture.pauses)) + "</span>"
            f"<span class='huddle-stat{alert}' title='{crisis_hint}'>" + _("Support alerts {count}").format(count=strong(picture.crisis)) + "</span>"
            "<span class='huddle-stat'>" + _("Status {status}").format(status=strong(_status(picture.status))) + "</span>"
            + (f"<span class='huddle-stat' title='{series_hint}'>" + _("Series {name}").format(name=strong(series)) + "</span>" if (series := self.flow.plan.get("series")) else "")
            + (f"<span class='huddle-stat'>{_groups(groups, strong)}</span>" if groups else "")
            + "</div>"
        )
        self.self_paced.value = picture.self_paced
        self._draw_rows(picture)
        focus = picture.focus
        self.current.value = (
            f"<h2>{html.escape(focus['prompt'])}</h2><p class='huddle-muted'>{html.escape(kind_label(focus['kind']))}"
            f"{' · ' + _activity_status(picture.focus_status) if picture.focus_status else ''} · {html.escape(picture.counts)}</p>"
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
        title = "<h3>" + (_("Questions from the room") if picture.questions else _("Free text waiting for you")) + "</h3>"
        if self.queue_title.value != title:
            self.queue_title.value = title
        self.ban_row.layout.display = None if picture.filters_words else "none"
        self._draw_queue(picture)

    def _draw_rows(self, picture: ControlPicture) -> None:
        for row in picture.rows:
            badges = f"<span class='huddle-badge huddle-badge-{row.status}'>{_activity_status(row.status)}</span>" if row.status else ""
            if row.revealed:
                badges += "<span class='huddle-badge huddle-badge-revealed'>" + _("revealed") + "</span>"
            self.row_labels[row.id].value = f"{row.number}. {badges}{html.escape(row.prompt)} <span class='huddle-muted huddle-nowrap'>({row.answers})</span>"
            button, box = self.row_buttons[row.id], self.row_boxes[row.id]
            # The activity in focus says so in words, not by its row's colour alone (the button
            # stays enabled: disabling it would drop the focus of whoever just pressed it).
            button.description = _("Selected") if row.focus else _("Select")
            button.tooltip = _("Show activity {number} here").format(number=row.number)
            if row.focus:
                box.add_class("huddle-current")
            else:
                box.remove_class("huddle-current")

    def _draw_queue(self, picture: ControlPicture) -> None:
        widgets: list[w.Widget] = []
        for item in picture.queue:
            group = _("Group {group}: ").format(group=item["group"]) if item.get("group") else ""
            counted = f" <span class='huddle-votes'>{votes(item['votes'])}</span>" if "votes" in item else ""
            text = w.HTML(
                f"<div class='huddle-text'><span class='huddle-badge huddle-badge-{html.escape(item['status'])}'>{html.escape(_item_status(item['status']))}</span>"
                f"{html.escape(group)}{html.escape(item['text'])}{counted}</div>"
            )
            buttons = [
                _button(b.label, lambda i=item, status=b.status: self.moderate(i["activity"], i["item"], status), style=b.style, tooltip=b.hint)
                for b in moderation_buttons(item, picture.questions)
            ]
            row = w.HBox([text, *buttons])
            row.add_class("huddle-queue-item")
            widgets.append(row)
        if picture.held_for_safety:
            held = picture.held_for_safety
            said = ngettext(
                "{count} answer held back because it suggested distress; its writer was shown support straight away.",
                "{count} answers held back because they suggested distress; each writer was shown support straight away.",
                held,
            ).format(count=held)
            widgets.append(w.HTML(f"<p class='huddle-muted'>{html.escape(said, quote=False)}</p>"))
        if picture.waiting:
            waiting = picture.waiting
            said = ngettext(
                "{count} more text on the way: texts reach you together, once enough have been sent or when you close "
                "the activity, so nobody can be told by the moment theirs appeared.",
                "{count} more texts on the way: texts reach you together, once enough have been sent or when you close "
                "the activity, so nobody can be told by the moment theirs appeared.",
                waiting,
            ).format(count=waiting)
            widgets.append(w.HTML(f"<p class='huddle-muted'>{html.escape(said, quote=False)}</p>"))
        if not widgets:
            widgets.append(w.HTML("<p class='huddle-muted'>" + _("Nothing to moderate for this activity.") + "</p>"))
        self.queue.children = widgets
