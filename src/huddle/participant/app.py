"""The participant page's view: it draws the screens ``flow.ParticipantFlow`` decides on and
forwards clicks to it.

Widget callbacks stay thin: each hands its event to the flow and draws what comes back (Voila
hides tracebacks, so the flow words every failure). A background thread long-polls the session
so the page follows the facilitator within a second; every change to the page's widgets, from a
click or from that thread, happens under one lock.

Every word is translated as it is drawn, in the page's language of that moment; after a change
of language, ``relabel`` says the whole page again in the new one.
"""

from __future__ import annotations

import contextlib
import html
import threading
from typing import Any, Callable

import ipywidgets as w

from ..client import Client
from ..content.support import load_support
from ..i18n import LANGUAGE_NAMES, N_, _, current_language, ngettext, set_language
from ..ui.countdown import Countdown
from ..ui.page import PageGuide
from ..ui.language import LanguageSwitch, choose_language
from ..ui.presence import Presence
from ..ui.shared import ReusedParts, close_tree, keep, layout, make, style_for
from .answers import AnswerWidget, answer_widget
from .answers._aria import aria_helper
from .answers.questions import QuestionsAnswer
from .download import DownloadButton
from .exercises import ExerciseWidget, exercise_widget
from .flow import (
    RETURNING_LINE, ActivityScreen, CodeEntry, Cue, Ended, Group, Notice, Outcome, ParticipantFlow, Privacy, Problem,
    Screen, Waiting, Wording, cue,
)
from .query import join_params
from .results import results_html
from .support import CrisisWatch, SupportPanel
from .theme import html_block as _html, paragraph, stylesheet

TONES = {"ok": "huddle-status-ok", "error": "huddle-status-error", "info": "huddle-muted"}
#: The words of an exercise's download button (marked here, translated where the button is labelled).
NOTES_LABEL = N_("Download what I wrote")


def _button(description: str, *, primary: bool = False, small: bool = False, tooltip: str = "", hideable: bool = False) -> w.Button:
    """A button; ``hideable`` when the page will hide and show it (it then has a layout of its
    own, the others share the page's)."""
    options = {"description": description, "tooltip": tooltip or description, "button_style": "primary" if primary else ""}
    button = w.Button(**options) if hideable else make(w.Button, **options)
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
        # The page shows one answer at a time, so its controls are reused from one activity to the
        # next (new options in the same radio group: one update message, not a dozen widgets).
        self.parts = ReusedParts()
        self.stage: w.Dropdown | None = None
        # An activity screen's frame outlives each activity: moving on changes its words (a few
        # update messages) instead of sending every part of it to the browser again.
        self.prompt_block = keep(_html(""))
        self.status = keep(_html("", "huddle-status"))
        self.results = keep(_html(""))
        self.code_feedback = _html("")
        self.submit_button = keep(_button("", primary=True, hideable=True))
        self.skip_button = keep(_button("", hideable=True))
        self.submit_button.on_click(lambda _: self.send(skip=False))
        self.skip_button.on_click(lambda _: self.send(skip=True))
        self.activity_box = keep(make(w.VBox))
        self.nav_row: w.HBox | None = None
        self.nav_where: w.HTML | None = None
        for css in ("huddle-screen", "huddle-frame", "huddle-card"):
            self.activity_box.add_class(css)
        self.code_box: w.Text | None = None
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
        self.loading = _html("")
        self.body = w.VBox([self.loading])
        self.pause_button = _button("", small=True)
        self.pause_button.on_click(lambda _: self.pause())
        self.pause_button.add_class("huddle-pause")
        self.pause_status = _html("")
        self.footer = w.VBox([self.pause_button, self.pause_status])
        self.footer.layout.display = "none"
        self.footer.add_class("huddle-footer")
        self.language = LanguageSwitch(self.switch_language)
        header = w.HBox([self.title, self.language.view, self.support])
        header.add_class("huddle-header")
        # The frame's boxes do not scroll, so they never cut a focus ring (see participant.css).
        for box in (header, self.body, self.footer):
            box.add_class("huddle-frame")
        self.view = w.VBox([stylesheet(), self.presence, self.guide, header, self.connection, self.reminder, self.countdown, self.body, self.footer])
        self.view.add_class("huddle-app")
        self._label_frame()
        self._prepare()
        self.presence.when_ready(self._ready)

    @staticmethod
    def _prepare() -> None:
        """Make, while a pooled page waits for someone, what every activity screen shares: the
        page's layouts and styles and its ARIA helper. The page's first load brings them, and the
        room's first activity then sends only its own parts."""
        aria_helper()
        for traits in ({}, {"width": "100%"}, {"display": "none"}):
            layout(**traits)
        for widget_class in (w.HTML, w.RadioButtons, w.Button, w.Checkbox, w.Text, w.Textarea):
            style_for(widget_class)

    def _label_frame(self) -> None:
        """The words of the parts of the page that outlive its screens."""
        self.loading.value = paragraph(_("Loading…"), "huddle-muted")
        # The activity screen's usual words, ready before the first activity needs them.
        self._label_button(self.submit_button, AnswerWidget.send_label)
        self._label_button(self.skip_button, AnswerWidget.skip_label)
        self.pause_button.description = _("I need a pause")
        self.pause_button.tooltip = _("Tell the facilitator, anonymously, that someone would like a short pause")

    def relabel(self) -> None:
        """Say the whole page again in the current language (just after ``i18n.set_language``).

        The frame, the support sheet, the countdown, the lost-connection banner and every
        exercise (keeping what was written in it) are relabelled, and the screen on show is
        drawn again, without moving focus or announcing anything; the answer being written, a
        typed code and a chosen stage are kept. Only what was already said about something
        past (the last status line, a problem's message, the pause confirmation) stays in the
        language it was said in.
        """
        with self.lock:
            self._label_frame()
            self.presence.relabel()
            self.countdown.relabel()
            self.support.relabel()
            for widget, download in self.exercises.values():
                widget.relabel()
                download.label = _(NOTES_LABEL)
            screen = self.screen
            if screen is None:
                return
            if isinstance(screen, ActivityScreen) and self.flow.state:
                screen = self.flow.show(self.flow.state)  # with the answer sent since it was drawn
            typed = self.code_box.value if self.code_box is not None else ""
            stage = self.stage.value if self.stage is not None else None
            self.draw(screen, again=True)
            if isinstance(screen, CodeEntry) and self.code_box is not None:
                self.code_box.value = typed
            if isinstance(screen, Privacy) and self.stage is not None:
                self.stage.value = stage

    # events -------------------------------------------------------------------------------

    def _ready(self, token: str, query: str) -> None:
        # The language first, so the first screen is drawn in it.
        self._use_language(choose_language(query, self.presence.language, self.presence.languages))
        screen = self.flow.open(token, query)
        support = self.flow.support()
        if support:
            self.support.use(support)  # the server's own list, which a site may have edited
        self.support.open_on(join_params(query).get("region"))  # a several-region list opens on the link's region
        self.draw(screen)

    def _use_language(self, language: str) -> None:
        set_language(language)
        self.presence.remember = True
        self.presence.language = language  # kept in this browser, and put in <html lang>
        self.language.show(language)
        with self.lock:
            self._label_frame()
            self.language.relabel()
            self.presence.relabel()
            self.countdown.relabel()
            self.support.relabel()

    def switch_language(self, language: str) -> None:
        """The participant chose another language: this page alone is said again in it (the
        session's text too, where the workshop has it); answers already sent stay as they are."""
        if language == current_language():
            return
        self._use_language(language)
        support = self.flow.support()  # the site's list, in the new language where it has it
        if support:
            self.support.use(support)
        if self.flow.client is not None and self.flow.code and self.flow.state:
            try:
                self.flow.show(self.flow.client.state(self.flow.code))
            except Exception:  # noqa: BLE001 - redrawn from the state already held instead
                pass
        self.relabel()
        self.guide.announce(_("This page is now in {language}.").format(language=LANGUAGE_NAMES.get(language, language)))

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
            if answer is not self.answer:
                return  # the room moved on while it was sent: the receipt belongs to a screen gone
            self.status.value = _status(outcome)
            # After a skip there is no answer to update: the button still offers to send one.
            if outcome.done and not skip:
                self._label_button(self.submit_button, answer.update_label)
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

    def draw(self, screen: Screen, *, again: bool = False) -> None:
        """Show ``screen``: a new screen is built and focused; the same one again (the long poll,
        a results refresh) only has its results or message brought up to date. ``again`` builds
        it anew in place (a change of language): focus stays where it is, nothing is announced."""
        # The guide's title, focus and announcement for this screen go out as one message.
        with self.lock, self.guide.hold_sync():
            change = Cue(moved=True) if again else cue(self.screen, screen)
            self.screen = screen
            self.title.value = f"<h1>{html.escape(self.flow.title)}</h1>"
            self.guide.title = self.flow.page_title
            self.reminder.value = paragraph(_(RETURNING_LINE), "huddle-muted huddle-reminder") if self.flow.returning else ""
            self.footer.layout.display = None if self.flow.joined and not isinstance(screen, Ended) else "none"
            self.countdown.show(self.flow.timer)
            if change.activity_changed:
                self.pause_status.value = ""  # it answered a request made during another activity
            if change.moved:
                if isinstance(screen, ActivityScreen):
                    # The frame's new words go out after the new screen's parts are in place:
                    # never the next prompt above the controls of the one before.
                    with contextlib.ExitStack() as held:
                        for part in self._frame_parts():
                            held.enter_context(part.hold_sync())
                        with self.parts.held():
                            self._build_activity(screen)
                else:
                    self.answer = None
                    DRAW[type(screen)](self, screen)
                if not again:
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
                f"{self._heading(_(Wording.BAD_LINK_HEADING))}{paragraph(screen.message, 'huddle-status-error')}"
            )], "huddle-card")
            return
        heading = self._heading(_("Open your facilitator's join link"))
        support = paragraph(_("The Support button above works without it."), "huddle-muted")
        self._show([_html(f"{heading}{paragraph(screen.message)}{support}")], "huddle-card")

    @staticmethod
    def _code_message(screen: CodeEntry) -> str:
        return f"<p class='huddle-status-error' role='alert'>{html.escape(screen.message)}</p>" if screen.message else ""

    def _code_entry(self, screen: CodeEntry) -> None:
        # The instruction is the box's label (ipywidgets ties its description to the input). The
        # value is sent once, when the box is left: ipywidgets holds back a stream of keystroke
        # updates while one is in flight, and Join's click could overtake the last of them.
        box = w.Text(
            placeholder=_("CODE"), description=_("Type the code shown on the screen in the room."), continuous_update=False,
            layout=w.Layout(width="100%"),
        )
        box.add_class("huddle-code-input")
        self.code_box = box
        join = _button(_("Join"), primary=True)
        self.code_feedback = _html(self._code_message(screen))
        join.on_click(lambda _: self.check_code(box.value))
        self._show([_html(self._heading(_("Join a session"))), box, join, self.code_feedback], "huddle-card")

    def _problem(self, screen: Problem) -> None:
        again = _button(_("Try again"), primary=True)
        again.on_click(lambda _: self.draw(screen.retry()))
        self._show([_html(
            f"{self._heading(_(Wording.PROBLEM_HEADING))}<p class='huddle-status-error' role='alert'>{html.escape(screen.message)}</p>"
        ), again], "huddle-card")

    def _privacy(self, screen: Privacy) -> None:
        join = _button(_("Join"), primary=True)
        join.on_click(lambda _: self.join())
        lines = "".join(paragraph(_(line)) for line in screen.lines)
        if screen.destination_line:
            lines += f"<p class='huddle-destination'><strong>{html.escape(screen.destination_line)}</strong></p>"
        # The first choice ("Prefer not to say", no stage) shows from the start, never a blank box;
        # the description is the select's own <label>, so the select has a name.
        label = html.escape(_("Your training stage, if you like"), quote=False)
        hint = html.escape(_("Optional. It only helps mix small groups, and is never attached to your answers."), quote=False)
        self.stage = w.Dropdown(
            options=[(_(name), stage) for name, stage in screen.stages], index=0, layout=w.Layout(width="100%"), description_allow_html=True,
            description=f"{label} <span>{hint}</span>",
        )
        self.stage.add_class("huddle-stage")
        heading = self._heading(_("Before you join"))
        self._show([_html(f"<div class='huddle-privacy'>{heading}{lines}</div>"), self.stage, join], "huddle-card")

    def _waiting(self, screen: Waiting) -> None:
        heading = self._heading(_("You're in"))
        next_one = paragraph(_("The next activity will appear here by itself when the facilitator opens it."))
        breathe = paragraph(_("While you wait: breathe in as the circle grows, out as it shrinks."), "huddle-muted")
        self._show([_html(
            "<div class='huddle-waiting'><div class='huddle-breath' aria-hidden='true'></div>"
            f"{heading}{next_one}{breathe}</div>"
        )], "huddle-card")

    def _ended(self, screen: Ended) -> None:
        message = _("This session has closed.") if screen.purged else _("This session has ended.")
        said = _("{ended} Your answers stay anonymous.").format(ended=message)
        support = _("If anything today stirred things up, the support list is one tap away at the top of this page.")
        heading = self._heading(_("Thank you for taking part"))
        self._show([_html(f"{heading}{paragraph(said)}{paragraph(support)}")], "huddle-card")

    def _build_activity(self, screen: ActivityScreen) -> None:
        activity = screen.activity
        keep = self.answer.get() if self.answer and self.answer.activity.get("id") == activity["id"] else None
        self.answer = answer_widget(activity, self.parts)
        parts: list[w.Widget] = []
        # The group and the content note come before the prompt; focus lands on the prompt, so
        # they are its description too (a screen reader reads them with it).
        described: list[str] = []
        if screen.group is not None:
            described.append("huddle-group-banner")
            parts.append(self._group_banner(activity, screen.group))
        if activity.get("content_note"):
            described.append("huddle-content-note")
            title = html.escape(_("Content note:"), quote=False)
            skip = html.escape(_("You can skip this one at any time."), quote=False)
            parts.append(_html(
                f"<div class='huddle-note' id='huddle-content-note'><strong>{title}</strong> {html.escape(activity['content_note'])} "
                f"{skip}</div>"
            ))
        self.prompt_block.value = self._heading(activity["prompt"], describedby=" ".join(described))
        parts.append(self.prompt_block)
        self.status.value = ""
        self.results.value = ""
        exercise = self._exercise(activity)
        if exercise is not None:
            widget, download = exercise
            parts += [
                _html(paragraph(_("Just for you: what you write here stays on this page and is never sent. Download it to keep it."), "huddle-private")),
                widget.view,
                download,
            ]
            if self.answer is not None:
                parts.append(_html(
                    f"<h3>{html.escape(activity['share']['question'])}</h3>"
                    + paragraph(_("Optional and anonymous: only the room's combined count is ever shown."), "huddle-muted"),
                    "huddle-share",
                ))
        if self.answer is None and exercise is None:
            parts.append(_html(paragraph(_("Follow the facilitator's instructions for this part."), "huddle-muted")))
        elif self.answer is not None:
            previous = screen.previous
            if keep is not None:
                self.answer.set(keep)
            elif previous and not previous["skipped"]:
                self.answer.set(previous["value"])
            self._label_button(self.submit_button, self.answer.update_label if previous else self.answer.send_label)
            self._label_button(self.skip_button, self.answer.skip_label)
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
        self._show(parts, box=self.activity_box)

    def _frame_parts(self) -> list[w.Widget]:
        """The activity screen's parts that outlive activities (their words change in place)."""
        parts: list[w.Widget] = [self.prompt_block, self.status, self.results, self.submit_button, self.skip_button]
        if self.nav_row is not None:
            parts += list(self.nav_row.children)
        return parts

    @staticmethod
    def _label_button(button: w.Button, label: str) -> None:
        """Give a button that outlives screens new words (one update message, not two)."""
        with button.hold_sync():
            button.description = label
            button.tooltip = label

    def _exercise(self, activity: dict[str, Any]) -> tuple[ExerciseWidget, DownloadButton] | None:
        """The page's widget and download button for an exercise activity, made once and kept."""
        if activity["id"] not in self.exercises:
            widget = exercise_widget(activity)
            if widget is None:
                return None
            download = DownloadButton(lambda: notes_file(activity, widget), label=_(NOTES_LABEL))
            self.crisis.watch(widget.view)
            self.exercises[activity["id"]] = (widget, download)
        return self.exercises[activity["id"]]

    @staticmethod
    def _group_banner(activity: dict[str, Any], group: Group) -> w.Widget:
        if group.number is None:
            alone = html.escape(_("You are not in a group yet. Ask the facilitator which group to sit with; you can still listen in."), quote=False)
            return _html(f"<div class='huddle-note' id='huddle-group-banner'>{alone}</div>")
        prompt = activity.get("group_prompt", "")
        groups = ngettext("of {count} group", "of {count} groups", group.groups).format(count=group.groups)
        members = ngettext("{count} person in yours", "{count} people in yours", group.members).format(count=group.members)
        return _html(
            "<div class='huddle-group' id='huddle-group-banner'>"
            + paragraph(_("Group {number}").format(number=group.number), "huddle-group-number")
            + paragraph(f"{groups} · {members}", "huddle-muted")
            + (paragraph(prompt) if prompt else "")
            + paragraph(_("One of you types the group's answer below; anyone in the group can update it."), "huddle-muted")
            + "</div>"
        )

    def _navigation(self, position: int, total: int) -> w.Widget:
        """The self-paced Back / Next row. It outlives screens: a quick second press of Next
        lands on the same, still open, button instead of one already replaced."""
        if self.nav_row is None:
            back = keep(_button("", small=True))
            forward = keep(_button("", small=True))
            back.on_click(lambda _: self.go(-1))
            forward.on_click(lambda _: self.go(+1))
            self.nav_where = keep(_html(""))
            self.nav_row = keep(w.HBox([back, self.nav_where, forward], layout=w.Layout(justify_content="space-between", align_items="center")))
            self.nav_row.add_class("huddle-nav")
            self.nav_row.add_class("huddle-frame")
        back, _where, forward = self.nav_row.children
        with back.hold_sync():
            back.description, back.tooltip, back.disabled = _("◀ Back"), _("Previous activity"), position == 0
        with forward.hold_sync():
            forward.description, forward.tooltip, forward.disabled = _("Next ▶"), _("Next ▶"), position >= total - 1
        self.nav_where.value = paragraph(_("{position} of {total}, at your own pace").format(position=position + 1, total=total), "huddle-muted")
        return self.nav_row

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
            heading = html.escape(_("What the room said"))
            self.results.value = f"<h2>{heading}</h2>{results_html(result, screen.activity)}"

    def _show(self, children: list[w.Widget], css: str = "", box: w.VBox | None = None) -> None:
        """Put ``children`` on the page as its screen: in a new box, or in ``box`` (the activity
        screen's, which outlives activities)."""
        replaced: list[w.Widget] = [screen for screen in self.body.children if screen is not box]
        if box is None:
            box = make(w.VBox, children=children)
            for name in ("huddle-screen", "huddle-frame", css):
                if name:
                    box.add_class(name)
        else:
            replaced += [part for part in box.children if part not in children]
            box.children = children
        if tuple(self.body.children) != (box,):
            self.body.children = [box]
        # What the screen before showed is closed, not left in the browser's and the kernel's
        # memory; the exercises (and what was written in them) outlive it.
        outliving = [part for widget, download in self.exercises.values() for part in (widget.view, download)]
        for part in replaced:
            close_tree(part, also_keep=[self.loading, *outliving])


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
    notes = exercise.notes() or "_" + _("Nothing written yet.") + "_"
    footer = _("Written during a Huddle workshop. This file was made on your own device; nothing in it was sent anywhere.")
    text = f"# {activity['prompt']}\n\n{notes}\n\n---\n{footer}\n"
    return f"huddle-{activity['id']}.md", text


def participant_app() -> w.Widget:
    """The participant page, ready to display in a notebook cell."""
    return ParticipantApp().view
