"""The participant page's view: it draws the screens ``flow.ParticipantFlow`` decides on and
forwards clicks to it.

Widget callbacks stay thin: each hands its event to the flow and draws what comes back (Voila
hides tracebacks, so the flow words every failure). A background thread long-polls the session
so the page follows the facilitator within a second; every change to the page's widgets, from a
click or from that thread, happens under one lock.
"""

from __future__ import annotations

import html
import threading
from typing import Any, Callable

import ipywidgets as w

from ..client import Client
from ..content.support import load_support
from ..ui.countdown import Countdown
from ..ui.page import PageGuide
from ..ui.presence import Presence
from .answers import AnswerWidget, answer_widget
from .answers.questions import QuestionsAnswer
from .download import DownloadButton
from .exercises import ExerciseWidget, exercise_widget
from .flow import (
    RETURNING_LINE, ActivityScreen, CodeEntry, Ended, Group, Notice, Outcome, ParticipantFlow, Privacy, Problem,
    Screen, Waiting, Wording, cue,
)
from .query import join_params
from .results import results_html
from .support import CrisisWatch, SupportPanel
from .theme import html_block as _html, stylesheet

TONES = {"ok": "huddle-status-ok", "error": "huddle-status-error", "info": "huddle-muted"}


def _button(description: str, *, primary: bool = False, small: bool = False, tooltip: str = "") -> w.Button:
    button = w.Button(description=description, tooltip=tooltip or description, button_style="primary" if primary else "")
    if small:
        button.add_class("huddle-small-button")
    return button


def _status(outcome: Outcome | None) -> str:
    if outcome is None:
        return ""
    return f"<p class='{TONES[outcome.tone]}' role='status'>{html.escape(outcome.message)}</p>"


class ParticipantApp:
    """One participant's page; ``view`` is the widget to display, ``flow`` what it shows."""

    def __init__(self, client_factory: Callable[[str | None], Client] = Client) -> None:
        self.flow = ParticipantFlow(client_factory)
        self.lock = threading.RLock()
        self.screen: Screen | None = None
        #: The marker of the heading of the screen on the page (where focus goes when it is new).
        self.heading = ""
        self.answer: AnswerWidget | None = None
        self.stage: w.Dropdown | None = None
        self.status = _html("", "huddle-status")
        self.results = _html("")
        self.code_feedback = _html("")
        self.submit_button: w.Button | None = None
        self.skip_button: w.Button | None = None
        # Exercise widgets (and their download buttons) live as long as the page, so nothing typed
        # is lost when the screen is redrawn.
        self.exercises: dict[str, tuple[ExerciseWidget, DownloadButton]] = {}

        self.presence = Presence()
        self.guide = PageGuide(title=self.flow.page_title)
        self.countdown = Countdown()
        self.support = SupportPanel(load_support().to_data())
        # An exercise's notes are private and never sent; crisis words in them still open support.
        self.crisis = CrisisWatch(self.support.show_urgent)
        self.title = _html("<h1>Huddle</h1>")
        self.connection = _html("")
        self.reminder = _html("")
        self.body = w.VBox([_html("<p class='huddle-muted'>Loading…</p>")])
        self.pause_button = _button("I need a pause", small=True, tooltip="Tell the facilitator, anonymously, that someone would like a short pause")
        self.pause_button.on_click(lambda _: self.pause())
        self.pause_button.add_class("huddle-pause")
        self.pause_status = _html("")
        self.footer = w.VBox([self.pause_button, self.pause_status])
        self.footer.layout.display = "none"
        self.footer.add_class("huddle-footer")
        header = w.HBox([self.title, self.support])
        header.add_class("huddle-header")
        # The frame's boxes do not scroll, so they never cut a focus ring (see participant.css).
        for box in (header, self.body, self.footer):
            box.add_class("huddle-frame")
        self.view = w.VBox([stylesheet(), self.presence, self.guide, header, self.connection, self.reminder, self.countdown, self.body, self.footer])
        self.view.add_class("huddle-app")
        self.presence.when_ready(self._ready)

    # events -------------------------------------------------------------------------------

    def _ready(self, token: str, query: str) -> None:
        screen = self.flow.open(token, query)
        support = self.flow.support()
        if support:
            self.support.use(support)  # the server's own list, which a site may have edited
        self.support.open_on(join_params(query).get("region"))  # a several-region list opens on the link's region
        self.draw(screen)

    def check_code(self, code: str) -> None:
        """A code was typed: look it up."""
        self.draw(self.flow.check_code(code))

    def join(self) -> None:
        """Join pressed on the privacy notice."""
        self.draw(self.flow.join(self.stage.value if self.stage is not None else None))

    def show_state(self, state: dict[str, Any]) -> None:
        """Draw the page for a session state (what the follow thread does with each change)."""
        self.draw(self.flow.show(state))

    def refresh(self) -> None:
        """Fetch the session's state now and draw it."""
        assert self.flow.client is not None
        self.show_state(self.flow.client.state(self.flow.code))

    def go(self, step: int) -> None:
        """Back (-1) or Next (+1), self-paced."""
        with self.lock:
            self.draw(self.flow.go(step))

    def send(self, *, skip: bool) -> None:
        """Send (or change, or skip) the answer to the activity on screen."""
        with self.lock:
            answer = self.answer
        if answer is None:
            return
        outcome = self.flow.send(
            answer.activity, None if skip else answer.get(), skip=skip, missing=answer.missing, urgent=self.support.show_urgent,
            link=None if skip else answer.link(),
        )
        with self.lock:
            self.status.value = _status(outcome)
            # After a skip there is no answer to update: the button still offers to send one.
            if outcome.done and not skip and self.submit_button is not None:
                self.submit_button.description = answer.update_label
            if outcome.done and not skip:
                answer.sent()
                if isinstance(self.screen, ActivityScreen) and isinstance(answer, QuestionsAnswer) and answer is self.answer:
                    answer.show(self.flow.board(self.screen))  # one fewer left to ask

    def vote(self, item: str) -> None:
        """Upvote a question on the questions board on screen."""
        with self.lock:
            answer = self.answer
        if not isinstance(answer, QuestionsAnswer):
            return
        outcome = self.flow.vote(answer.activity, item)
        with self.lock:
            answer.note.value = _status(outcome) if outcome.message else ""
            if isinstance(self.screen, ActivityScreen) and answer is self.answer:
                answer.show(self.flow.board(self.screen))  # its count, and the button pressed

    def pause(self) -> None:
        """Tell the facilitator, anonymously, that someone would like a pause (S4)."""
        outcome = self.flow.pause()
        if outcome is not None:
            with self.lock:
                self.pause_status.value = _status(outcome)

    def _follow(self) -> None:
        while self.flow.following:
            update = self.flow.poll()
            with self.lock:
                self.connection.value = f"<p class='huddle-status-error' role='status'>{html.escape(update.connection)}</p>" if update.connection else ""
            if update.screen is not None:
                self.draw(update.screen)
            if update.stop:
                return
            if update.wait:
                threading.Event().wait(update.wait)

    # drawing ------------------------------------------------------------------------------

    def draw(self, screen: Screen) -> None:
        """Show ``screen``: a new screen is built and focused; the same one again (the long poll,
        a results refresh) only has its results or message brought up to date."""
        with self.lock:
            change = cue(self.screen, screen)
            self.screen = screen
            self.title.value = f"<h1>{html.escape(self.flow.title)}</h1>"
            self.guide.title = self.flow.page_title
            self.reminder.value = f"<p class='huddle-muted huddle-reminder'>{html.escape(RETURNING_LINE)}</p>" if self.flow.returning else ""
            self.footer.layout.display = None if self.flow.joined and not isinstance(screen, Ended) else "none"
            self.countdown.show(self.flow.timer)
            if change.activity_changed:
                self.pause_status.value = ""  # it answered a request made during another activity
            if change.moved:
                if isinstance(screen, ActivityScreen):
                    self._build_activity(screen)
                else:
                    self.answer = None
                    DRAW[type(screen)](self, screen)
                self.guide.focus_on(self.heading)
            elif isinstance(screen, CodeEntry):
                self.code_feedback.value = self._code_message(screen)
            if isinstance(screen, ActivityScreen):
                self._update_results(screen)
            self.guide.announce(change.announce)
        if self.flow.joined and not self.flow.following and not isinstance(screen, Ended):
            self.flow.following = True
            threading.Thread(target=self._follow, name="huddle-follow", daemon=True).start()

    def _heading(self, text: str, **options: Any) -> str:
        """The new screen's heading (escaped here), remembered as the one to focus."""
        # Element content, never an attribute: quotes can stay as they are ("You're in").
        heading, self.heading = self.guide.heading(html.escape(text, quote=False), **options)
        return heading

    def _notice(self, screen: Notice) -> None:
        if screen.error:
            self._show([_html(
                f"{self._heading(Wording.BAD_LINK_HEADING)}<p class='huddle-status-error'>{html.escape(screen.message)}</p>"
            )], "huddle-card")
            return
        heading = self._heading("Open your facilitator's join link")
        self._show([_html(
            f"{heading}<p>{html.escape(screen.message)}</p><p class='huddle-muted'>The "
            "Support button above works without it.</p>"
        )], "huddle-card")

    @staticmethod
    def _code_message(screen: CodeEntry) -> str:
        return f"<p class='huddle-status-error' role='alert'>{html.escape(screen.message)}</p>" if screen.message else ""

    def _code_entry(self, screen: CodeEntry) -> None:
        # The instruction is the box's label (ipywidgets ties its description to the input). The
        # value is sent once, when the box is left: ipywidgets holds back a stream of keystroke
        # updates while one is in flight, and Join's click could overtake the last of them.
        box = w.Text(
            placeholder="CODE", description="Type the code shown on the screen in the room.", continuous_update=False,
            layout=w.Layout(width="100%"),
        )
        box.add_class("huddle-code-input")
        join = _button("Join", primary=True)
        self.code_feedback = _html(self._code_message(screen))
        join.on_click(lambda _: self.check_code(box.value))
        self._show([_html(self._heading("Join a session")), box, join, self.code_feedback], "huddle-card")

    def _problem(self, screen: Problem) -> None:
        again = _button("Try again", primary=True)
        again.on_click(lambda _: self.draw(screen.retry()))
        self._show([_html(
            f"{self._heading(Wording.PROBLEM_HEADING)}<p class='huddle-status-error' role='alert'>{html.escape(screen.message)}</p>"
        ), again], "huddle-card")

    def _privacy(self, screen: Privacy) -> None:
        join = _button("Join", primary=True)
        join.on_click(lambda _: self.join())
        lines = "".join(f"<p>{html.escape(line)}</p>" for line in screen.lines)
        if screen.destination_line:
            lines += f"<p class='huddle-destination'><strong>{html.escape(screen.destination_line)}</strong></p>"
        # The first choice ("Prefer not to say", no stage) shows from the start, never a blank box;
        # the description is the select's own <label>, so the select has a name.
        self.stage = w.Dropdown(
            options=list(screen.stages), index=0, layout=w.Layout(width="100%"), description_allow_html=True,
            description="Your training stage, if you like <span>Optional. It only helps mix small groups, and is never attached to your answers.</span>",
        )
        self.stage.add_class("huddle-stage")
        self._show([_html(f"<div class='huddle-privacy'>{self._heading('Before you join')}{lines}</div>"), self.stage, join], "huddle-card")

    def _waiting(self, screen: Waiting) -> None:
        heading = self._heading("You're in")
        self._show([_html(
            "<div class='huddle-waiting'><div class='huddle-breath' aria-hidden='true'></div>"
            f"{heading}<p>The next activity will appear here by itself when the facilitator opens it.</p>"
            "<p class='huddle-muted'>While you wait: breathe in as the circle grows, out as it shrinks.</p></div>"
        )], "huddle-card")

    def _ended(self, screen: Ended) -> None:
        message = "This session has closed." if screen.purged else "This session has ended."
        self._show([_html(
            f"{self._heading('Thank you for taking part')}<p>{message} Your answers stay anonymous.</p>"
            "<p>If anything today stirred things up, the support list is one tap away at the top of this page.</p>"
        )], "huddle-card")

    def _build_activity(self, screen: ActivityScreen) -> None:
        activity = screen.activity
        keep = self.answer.get() if self.answer and self.answer.activity.get("id") == activity["id"] else None
        self.answer = answer_widget(activity)
        parts: list[w.Widget] = []
        # The group and the content note come before the prompt; focus lands on the prompt, so
        # they are its description too (a screen reader reads them with it).
        described: list[str] = []
        if screen.group is not None:
            described.append("huddle-group-banner")
            parts.append(self._group_banner(activity, screen.group))
        if activity.get("content_note"):
            described.append("huddle-content-note")
            parts.append(_html(
                f"<div class='huddle-note' id='huddle-content-note'><strong>Content note:</strong> {html.escape(activity['content_note'])} "
                "You can skip this one at any time.</div>"
            ))
        parts.append(_html(self._heading(activity["prompt"], describedby=" ".join(described))))
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
            previous = screen.previous
            if keep is not None:
                self.answer.set(keep)
            elif previous and not previous["skipped"]:
                self.answer.set(previous["value"])
            self.submit_button = _button(self.answer.update_label if previous else self.answer.send_label, primary=True)
            self.skip_button = _button(self.answer.skip_label)
            self.submit_button.on_click(lambda _: self.send(skip=False))
            self.skip_button.on_click(lambda _: self.send(skip=True))
            parts += [self.answer.view, self.submit_button, *([self.skip_button] if self.answer.skippable else []), self.status]
            if self.answer.after is not None:
                parts.append(self.answer.after)
            if isinstance(self.answer, QuestionsAnswer):
                self.answer.on_vote = self.vote
            self.answer.set_enabled(screen.accepting)
            for button in (self.submit_button, self.skip_button):
                button.layout.display = None if screen.accepting else "none"
            said = screen.previous_message()
            if said:
                self.status.value = _status(Outcome(said, "ok" if previous else "info"))
        parts.append(self.results)
        if screen.navigation:
            parts.append(self._navigation(*screen.navigation))
        self._show(parts, "huddle-card")

    def _exercise(self, activity: dict[str, Any]) -> tuple[ExerciseWidget, DownloadButton] | None:
        """The page's widget and download button for an exercise activity, made once and kept."""
        if activity["id"] not in self.exercises:
            widget = exercise_widget(activity)
            if widget is None:
                return None
            download = DownloadButton(lambda: notes_file(activity, widget), label="Download what I wrote")
            self.crisis.watch(widget.view)
            self.exercises[activity["id"]] = (widget, download)
        return self.exercises[activity["id"]]

    @staticmethod
    def _group_banner(activity: dict[str, Any], group: Group) -> w.Widget:
        if group.number is None:
            return _html("<div class='huddle-note' id='huddle-group-banner'>You are not in a group yet. Ask the facilitator which group to sit with; you can still listen in.</div>")
        prompt = activity.get("group_prompt", "")
        return _html(
            f"<div class='huddle-group' id='huddle-group-banner'><p class='huddle-group-number'>Group {group.number}</p>"
            f"<p class='huddle-muted'>of {group.groups} groups · {group.members} people in yours</p>"
            f"{f'<p>{html.escape(prompt)}</p>' if prompt else ''}"
            "<p class='huddle-muted'>One of you types the group's answer below; anyone in the group can update it.</p></div>"
        )

    def _navigation(self, position: int, total: int) -> w.Widget:
        back = _button("◀ Back", small=True, tooltip="Previous activity")
        forward = _button("Next ▶", small=True)
        back.disabled = position == 0
        forward.disabled = position >= total - 1
        back.on_click(lambda _: self.go(-1))
        forward.on_click(lambda _: self.go(+1))
        where = _html(f"<p class='huddle-muted'>{position + 1} of {total}, at your own pace</p>")
        row = w.HBox([back, where, forward], layout=w.Layout(justify_content="space-between", align_items="center"))
        row.add_class("huddle-nav")
        row.add_class("huddle-frame")
        return row

    def _update_results(self, screen: ActivityScreen) -> None:
        if isinstance(self.answer, QuestionsAnswer) and self.answer.activity.get("id") == screen.activity["id"]:
            # The board is this activity's results: shared questions show while it is open.
            self.answer.show(self.flow.board(screen))
            self.results.value = ""
            return
        result = self.flow.results(screen.activity["id"]) if screen.revealed else None
        if not screen.revealed:
            self.results.value = ""
        elif result is not None:
            self.results.value = f"<h2>What the room said</h2>{results_html(result, screen.activity)}"

    def _show(self, children: list[w.Widget], css: str = "") -> None:
        box = w.VBox(children)
        box.add_class("huddle-screen")
        box.add_class("huddle-frame")
        if css:
            box.add_class(css)
        self.body.children = [box]


#: How each screen that is not an activity is drawn.
DRAW: dict[type, Callable[[ParticipantApp, Any], None]] = {
    Notice: ParticipantApp._notice,
    CodeEntry: ParticipantApp._code_entry,
    Problem: ParticipantApp._problem,
    Privacy: ParticipantApp._privacy,
    Waiting: ParticipantApp._waiting,
    Ended: ParticipantApp._ended,
}


def notes_file(activity: dict[str, Any], exercise: ExerciseWidget) -> tuple[str, str]:
    """The Markdown file a participant downloads from an exercise: their own words only."""
    notes = exercise.notes() or "_Nothing written yet._"
    text = f"# {activity['prompt']}\n\n{notes}\n\n---\nWritten during a Huddle workshop. This file was made on your own device; nothing in it was sent anywhere.\n"
    return f"huddle-{activity['id']}.md", text


def participant_app() -> w.Widget:
    """The participant page, ready to display in a notebook cell."""
    return ParticipantApp().view
