"""The participant page: join, privacy notice, follow the facilitator, answer, see results.

Widget callbacks stay thin: each calls one method that shows its success or failure on the
page (Voila hides tracebacks). A background thread long-polls the session so the page follows
the facilitator within a second; every screen change goes through ``_render`` under one lock.
"""

from __future__ import annotations

import html
import threading
from typing import Any, Callable

import ipywidgets as w

from ..client import ApiError, Client, Unreachable, new_submission_id
from ..content.support import load_support
from ..model.identity import looks_like_code, normalise_code
from ..model.safety import mentions_crisis
from .answers import AnswerWidget, answer_widget
from ..ui.countdown import Countdown
from .download import DownloadButton
from .exercises import ExerciseWidget, exercise_widget
from ..ui.presence import Presence
from .query import api_url_for, join_params
from .results import results_html
from .support import SupportPanel
from .theme import html_block as _html, stylesheet

STAGE_CHOICES = [
    ("Prefer not to say", None),
    ("Medical student", "student"),
    ("Resident", "resident"),
    ("Fellow", "fellow"),
    ("Pharmacist", "pharmacist"),
    ("Nurse", "nurse"),
    ("International medical graduate", "img"),
    ("Faculty", "faculty"),
    ("Something else", "other"),
]
PRIVACY_LINES = (
    "Collected: only your answers, with no name, email, device or location, so nobody can tell which are yours.",
    "Not collected: anything about who you are. Every question can be skipped, and free text is seen by the facilitator before anyone else.",
)
#: Shown instead of the notice to someone whose browser already joined (a reload, a phone that slept).
RETURNING_LINE = "Welcome back. Only your answers are kept, never who you are; you can skip anything."
FREE_TEXT = ("text", "group_report")


def _button(description: str, *, primary: bool = False, small: bool = False, tooltip: str = "") -> w.Button:
    button = w.Button(description=description, tooltip=tooltip or description, button_style="primary" if primary else "")
    if small:
        button.add_class("huddle-small-button")
    return button


class ParticipantApp:
    """One participant's page; ``view`` is the widget to display."""

    def __init__(self, client_factory: Callable[[str | None], Client] = Client) -> None:
        self.client_factory = client_factory
        self.client: Client | None = None
        self.code = ""
        self.token = ""
        self.state: dict[str, Any] = {}
        self.answers: dict[str, dict[str, Any]] = {}
        self.sent: dict[str, tuple[Any, bool]] = {}
        self.lock = threading.RLock()
        self.following = False
        self.self_paced_position = 0
        self.screen_key: tuple | None = None
        self.answer: AnswerWidget | None = None
        self.stage: w.Dropdown | None = None
        self.group: dict[str, Any] | None = None
        self.group_revision: int | None = None
        # Exercise widgets (and their download buttons) live as long as the page, so nothing typed
        # is lost when the screen is redrawn.
        self.exercises: dict[str, tuple[ExerciseWidget, DownloadButton]] = {}

        self.presence = Presence()
        self.countdown = Countdown()
        self.support = SupportPanel(load_support().to_data())
        self.title = _html("<h1>Huddle</h1>")
        self.connection = _html("")
        self.reminder = _html("")
        self.body = w.VBox([_html("<p class='huddle-muted'>Loading…</p>")])
        self.pause_button = _button("I need a pause", small=True, tooltip="Tell the facilitator, anonymously, that someone would like a short pause")
        self.pause_button.on_click(lambda _: self.pause())
        self.pause_status = _html("")
        self.footer = w.VBox([self.pause_button, self.pause_status])
        self.footer.layout.display = "none"
        header = w.HBox([self.title, self.support])
        header.add_class("huddle-header")
        self.view = w.VBox([stylesheet(), self.presence, header, self.connection, self.reminder, self.countdown, self.body, self.footer])
        self.view.add_class("huddle-app")
        self.presence.when_ready(self._ready)

    # joining ------------------------------------------------------------------------------

    def _ready(self, token: str, query: str) -> None:
        self.token = token
        params = join_params(query)
        try:
            api_url = api_url_for(params.get("server"))
        except ValueError as error:
            self._show([_html(f"<p class='huddle-status-error'>{html.escape(str(error))}</p>", "huddle-card")])
            return
        if api_url is None and not params.get("code"):
            # Opened on its own (a plain Binder launch, say): no server address and no code.
            self._show([_html(
                "<h2>Open your facilitator's join link</h2><p>This page joins a live workshop, and it needs the link your "
                "facilitator shares: it carries the workshop's address and session code.</p><p class='huddle-muted'>The "
                "Support button above works without it.</p>"
            )], "huddle-card")
            return
        self.client = self.client_factory(api_url)
        self._load_support()
        if params.get("code"):
            self.check_code(params["code"])
        else:
            self.code_entry()

    def _load_support(self) -> None:
        try:
            self.support.use(self.client.support())  # the server's own list, which a site may have edited
        except (ApiError, Unreachable):
            pass  # the bundled list stays

    def code_entry(self, message: str = "") -> None:
        """The screen for typing a session code."""
        box = w.Text(placeholder="CODE", layout=w.Layout(width="100%"))
        box.add_class("huddle-code-input")
        join = _button("Join", primary=True)
        feedback = _html(f"<p class='huddle-status-error' role='alert'>{html.escape(message)}</p>" if message else "")

        def submit(*_: Any) -> None:
            code = normalise_code(box.value)
            if not looks_like_code(code):
                feedback.value = "<p class='huddle-status-error' role='alert'>A session code has 6 letters and numbers, like K7MPX4. Check the screen and try again.</p>"
                return
            self.check_code(code)

        join.on_click(submit)
        self._show([_html("<h2>Join a session</h2><p>Type the code shown on the screen in the room.</p>"), box, join, feedback], "huddle-card")

    def check_code(self, code: str) -> None:
        """Look the session up and show the privacy notice, or say plainly what went wrong."""
        code = normalise_code(code)
        assert self.client is not None
        try:
            state = self.client.state(code)
        except ApiError as error:
            if error.status == 404:
                self.code_entry(f"There is no session with the code {code}. Check the code on the screen and try again.")
            else:
                self._problem(error.message, lambda: self.check_code(code))
            return
        except Unreachable:
            self._problem("We cannot reach the workshop server right now. Check your Wi-Fi or data connection, then try again.", lambda: self.check_code(code))
            return
        self.code = state["code"]
        self.title.value = f"<h1>{html.escape(state['title'])}</h1>"
        if state["status"] == "ended":
            self._ended()
            return
        try:
            returning = bool(self.client.mine(self.code, self.token).get("joined"))
        except (ApiError, Unreachable):
            returning = False  # the notice and the Join button are always a safe way in
        if returning:
            # This browser already saw the notice and joined (R7): straight back to the activity.
            self.reminder.value = f"<p class='huddle-muted huddle-reminder'>{html.escape(RETURNING_LINE)}</p>"
            self.join()
            return
        self._privacy()

    def _problem(self, message: str, retry: Callable[[], None]) -> None:
        again = _button("Try again", primary=True)
        again.on_click(lambda _: retry())
        self._show([_html(f"<p class='huddle-status-error' role='alert'>{html.escape(message)}</p>"), again], "huddle-card")

    def _privacy(self) -> None:
        join = _button("Join", primary=True)
        join.on_click(lambda _: self.join())
        lines = "".join(f"<p>{html.escape(line)}</p>" for line in PRIVACY_LINES)
        self.stage = w.Dropdown(options=STAGE_CHOICES, value=None, description="", layout=w.Layout(width="100%"))
        stage_label = _html("<p class='huddle-muted'><label>Your training stage, if you like (optional): it only helps mix small groups, and is never attached to your answers.</label></p>")
        self._show([_html(f"<div class='huddle-privacy'><h2>Before you join</h2>{lines}</div>"), stage_label, self.stage, join])

    def join(self) -> None:
        """Count this participant in, restore their earlier answers, and follow the session."""
        assert self.client is not None
        try:
            state = self.client.join(self.code, self.token, self.stage.value if self.stage is not None else None)
            self.answers = self.client.my_answers(self.code, self.token)
        except ApiError as error:
            if error.status == 409:
                self._ended()
            else:
                self._problem(error.message, self.join)
            return
        except Unreachable:
            self._problem("We cannot reach the workshop server right now. Check your connection, then try again.", self.join)
            return
        self.sent = {activity: (a["value"], a["skipped"]) for activity, a in self.answers.items()}
        self.footer.layout.display = None
        self._render(state)
        if not self.following:
            self.following = True
            threading.Thread(target=self._follow, name="huddle-follow", daemon=True).start()

    # following the facilitator ------------------------------------------------------------

    def _follow(self) -> None:
        delay = 0.5
        while self.following and self.client is not None:
            try:
                seconds = 3 if self.state.get("revealed") or self.state.get("self_paced") else 25
                state = self.client.state(self.code, wait_for_change_from=self.state.get("revision", 0), wait_seconds=seconds)
            except ApiError as error:
                if error.status == 404:
                    self.following = False
                    self._ended(purged=True)
                    return
                threading.Event().wait(delay)
                continue
            except Unreachable:
                self.connection.value = "<p class='huddle-status-error' role='status'>Reconnecting to the workshop server…</p>"
                threading.Event().wait(delay)
                delay = min(delay * 2, 8.0)
                continue
            delay = 0.5
            self.connection.value = ""
            self._render(state)

    def _render(self, state: dict[str, Any]) -> None:
        with self.lock:
            self.state = state
            timer = state.get("timer")
            self.countdown.show(timer["remaining"] if timer else None)
            if state["status"] == "ended":
                self.following = False
                self._ended()
                return
            if state.get("self_paced") and state.get("activities"):
                activities = state["activities"]
                self.self_paced_position = min(self.self_paced_position, len(activities) - 1)
                self._activity(activities[self.self_paced_position], navigation=True)
            elif state.get("current") is None:
                self._waiting()
            else:
                self._activity(state["current"], navigation=False)

    def _waiting(self) -> None:
        if self.screen_key == ("waiting",):
            return
        self.screen_key = ("waiting",)
        self.answer = None
        self._show([_html(
            "<div class='huddle-waiting'><div class='huddle-breath' aria-hidden='true'></div>"
            "<h2>You're in</h2><p>The next activity will appear here by itself when the facilitator opens it.</p>"
            "<p class='huddle-muted'>While you wait: breathe in as the circle grows, out as it shrinks.</p></div>"
        )], "huddle-card")

    def _ended(self, purged: bool = False) -> None:
        self.screen_key = ("ended",)
        self.answer = None
        self.countdown.show(None)
        self.footer.layout.display = "none"
        message = "This session has closed." if purged else "This session has ended."
        self._show([_html(
            f"<h2>Thank you for taking part</h2><p>{message} Your answers stay anonymous.</p>"
            "<p>If anything today stirred things up, the support list is one tap away at the top of this page.</p>"
        )], "huddle-card")

    # one activity --------------------------------------------------------------------------

    def _activity(self, activity: dict[str, Any], *, navigation: bool) -> None:
        activity_id = activity["id"]
        open_now = activity.get("status") == "open" or (self.state.get("self_paced") and activity.get("status") != "closed")
        current = self.state.get("current") or {}
        revealed = bool(self.state.get("revealed")) and current.get("id") == activity_id
        breakout = self.state.get("breakout") or {}
        group = self._group() if breakout.get("activity") == activity_id else None
        key = ("activity", activity_id, open_now, navigation, self.self_paced_position if navigation else None, group)
        if key != self.screen_key:
            self.screen_key = key
            self._build_activity(activity, open_now, navigation)
        self._update_results(activity_id, revealed)

    def _build_activity(self, activity: dict[str, Any], open_now: bool, navigation: bool) -> None:
        keep = self.answer.get() if self.answer and self.answer.activity.get("id") == activity["id"] else None
        self.answer = answer_widget(activity)
        parts: list[w.Widget] = []
        breakout = self.state.get("breakout") or {}
        if breakout.get("activity") == activity["id"]:
            parts.append(self._group_banner(activity))
            open_now = open_now and bool(self.group and self.group.get("group"))
        if activity.get("content_note"):
            parts.append(_html(f"<div class='huddle-note'><strong>Content note:</strong> {html.escape(activity['content_note'])} You can skip this one at any time.</div>"))
        parts.append(_html(f"<h2>{html.escape(activity['prompt'])}</h2>"))
        self.status = _html("", "huddle-status")
        self.results = _html("")
        exercise = self._exercise(activity)
        if exercise is not None:
            widget, download = exercise
            parts += [
                _html("<p class='huddle-private'>Just for you: what you write here stays on this page and is never sent. Download it to keep it.</p>"),
                widget.view,
                download,
            ]
            if self.answer is not None:
                parts.append(_html(
                    f"<h3>{html.escape(activity['share']['question'])}</h3>"
                    "<p class='huddle-muted'>Optional and anonymous: only the room's combined count is ever shown.</p>",
                    "huddle-share",
                ))
        if self.answer is None and exercise is None:
            parts.append(_html("<p class='huddle-muted'>Follow the facilitator's instructions for this part.</p>"))
        elif self.answer is not None:
            previous = self.answers.get(activity["id"])
            if keep is not None:
                self.answer.set(keep)
            elif previous and not previous["skipped"]:
                self.answer.set(previous["value"])
            self.submit_button = _button("Update answer" if previous else "Send answer", primary=True)
            self.skip_button = _button(self.answer.skip_label)
            self.submit_button.on_click(lambda _: self.send(skip=False))
            self.skip_button.on_click(lambda _: self.send(skip=True))
            parts += [self.answer.view, self.submit_button, self.skip_button, self.status]
            self.answer.set_enabled(open_now)
            for button in (self.submit_button, self.skip_button):
                button.layout.display = None if open_now else "none"
            if previous:
                said = "You skipped this one." if previous["skipped"] else "Your answer is saved."
                more = " You can change it while this activity is open." if open_now else ""
                self._say(said + more, "ok")
            elif not open_now:
                self._say("This activity is closed now.", "info")
        parts.append(self.results)
        if navigation:
            parts.append(self._navigation())
        self._show(parts, "huddle-card")

    def _exercise(self, activity: dict[str, Any]) -> tuple[ExerciseWidget, DownloadButton] | None:
        """The page's widget and download button for an exercise activity, made once and kept."""
        if activity["id"] not in self.exercises:
            widget = exercise_widget(activity)
            if widget is None:
                return None
            download = DownloadButton(lambda: notes_file(activity, widget), label="Download what I wrote")
            self.exercises[activity["id"]] = (widget, download)
        return self.exercises[activity["id"]]

    def _group(self) -> int | None:
        """This participant's breakout group, asked for once per state revision."""
        revision = self.state.get("revision")
        if getattr(self, "group_revision", None) != revision and self.client is not None:
            try:
                self.group = self.client.my_group(self.code, self.token)
            except (ApiError, Unreachable):
                self.group = None
            self.group_revision = revision
        return (self.group or {}).get("group")

    def _group_banner(self, activity: dict[str, Any]) -> w.Widget:
        group = self.group or {}
        if not group.get("group"):
            return _html("<div class='huddle-note'>Groups were made before you joined. Ask the facilitator which group to sit with; you can still listen in.</div>")
        prompt = activity.get("group_prompt", "")
        return _html(
            f"<div class='huddle-group'><p class='huddle-group-number'>Group {group['group']}</p>"
            f"<p class='huddle-muted'>of {group['groups']} groups · {group['members']} people in yours</p>"
            f"{f'<p>{html.escape(prompt)}</p>' if prompt else ''}"
            "<p class='huddle-muted'>One of you types the group's answer below; anyone in the group can update it.</p></div>"
        )

    def _navigation(self) -> w.Widget:
        activities = self.state.get("activities") or []
        back = _button("◀ Back", small=True, tooltip="Previous activity")
        forward = _button("Next ▶", small=True)
        back.disabled = self.self_paced_position == 0
        forward.disabled = self.self_paced_position >= len(activities) - 1
        back.on_click(lambda _: self._go(-1))
        forward.on_click(lambda _: self._go(+1))
        where = _html(f"<p class='huddle-muted'>{self.self_paced_position + 1} of {len(activities)}, at your own pace</p>")
        row = w.HBox([back, where, forward], layout=w.Layout(justify_content="space-between", align_items="center"))
        row.add_class("huddle-nav")
        return row

    def _go(self, step: int) -> None:
        with self.lock:
            self.self_paced_position += step
            self._render(self.state)

    def _update_results(self, activity_id: str, revealed: bool) -> None:
        if not revealed or self.client is None:
            self.results.value = ""
            return
        try:
            result = self.client.results(self.code, activity_id)
        except (ApiError, Unreachable):
            return
        self.results.value = f"<h2>What the room said</h2>{results_html(result)}"

    def _say(self, message: str, tone: str) -> None:
        css = {"ok": "huddle-status-ok", "error": "huddle-status-error", "info": "huddle-muted"}[tone]
        self.status.value = f"<p class='{css}' role='status'>{html.escape(message)}</p>"

    def send(self, *, skip: bool) -> None:
        """Send (or change, or skip) the answer to the activity on screen."""
        with self.lock:
            answer = self.answer
            if answer is None or self.client is None:
                return
            activity = answer.activity
        value = None if skip else answer.get()
        if not skip and value is None:
            self._say(answer.missing, "error")
            return
        supported = activity["kind"] in FREE_TEXT and isinstance(value, str) and mentions_crisis(value)
        if supported:
            self.support.show_urgent()  # at once, whether or not the answer gets through (S2)
        if self.sent.get(activity["id"]) == (value, skip):
            # The same answer again (a double tap, or clicks replayed after a reconnect): nothing to send.
            self._confirm(skip)
            return
        try:
            receipt = self.client.submit(self.code, activity["id"], self.token, value, skip=skip, submission_id=new_submission_id())
        except ApiError as error:
            self._say(error.message, "error")
            return
        except Unreachable:
            self._say("Not sent: the connection dropped. Press the button again when you are back online.", "error")
            return
        self.sent[activity["id"]] = (value, skip)
        self.answers[activity["id"]] = {"value": value, "skipped": skip}
        if receipt.get("support") and not supported:
            self.support.show_urgent()
        self._confirm(skip)

    def _confirm(self, skip: bool) -> None:
        self.submit_button.description = "Update answer"
        if skip:
            self._say("Skipped. That is completely fine.", "ok")
        else:
            self._say("✓ Received. You can change it while this activity is open.", "ok")

    def pause(self) -> None:
        """Tell the facilitator, anonymously, that someone would like a pause (S4)."""
        if self.client is None or not self.code:
            return
        try:
            self.client.signal(self.code, self.token, "pause")
        except ApiError as error:
            message = "Already sent: the facilitator has it." if error.status == 429 else error.message
            self.pause_status.value = f"<p class='huddle-muted' role='status'>{html.escape(message)}</p>"
            return
        except Unreachable:
            self.pause_status.value = "<p class='huddle-status-error' role='status'>Not sent: the connection dropped. Try again in a moment.</p>"
            return
        self.pause_status.value = "<p class='huddle-status-ok' role='status'>Sent. The facilitator sees only that someone asked, never who.</p>"

    # helpers -------------------------------------------------------------------------------

    def _show(self, children: list[w.Widget], css: str = "") -> None:
        box = w.VBox(children)
        if css:
            box.add_class(css)
        self.body.children = [box]


def notes_file(activity: dict[str, Any], exercise: ExerciseWidget) -> tuple[str, str]:
    """The Markdown file a participant downloads from an exercise: their own words only."""
    notes = exercise.notes() or "_Nothing written yet._"
    text = f"# {activity['prompt']}\n\n{notes}\n\n---\nWritten during a Huddle workshop. This file was made on your own device; nothing in it was sent anywhere.\n"
    return f"huddle-{activity['id']}.md", text


def participant_app() -> w.Widget:
    """The participant page, ready to display in a notebook cell."""
    return ParticipantApp().view
