"""A follow-up reflection page: private journaling, skill practice and a Markdown download.

It works with no workshop server at all (on Binder, say). Only when the link carries a join
address (``?server=...&code=...``) does it offer an optional anonymous check-in, and even then
nothing is sent unless the participant ticks the box and presses send. Journal text never is.

The page is long (six sections of prompts and exercises), so each section is a collapsible card:
only the first is open at first, and each ends with a button that opens the next one.
"""

from __future__ import annotations

import html
import threading
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import ipywidgets as w

from ..client import ApiError, Client, Unreachable, new_submission_id
from ..content.reflections import load_reflection
from ..content.support import load_support
from ..model.identity import normalise_code
from ..model.reflection import Reflection, journal_markdown
from .answers import AnswerWidget, answer_widget
from .download import DownloadButton
from .drafts import LocalDrafts
from .exercises import ExerciseWidget, exercise_widget, label, text_area
from .sections import Section, after_next
from ..ui.presence import Presence
from .query import api_url_for, join_params
from .support import CrisisWatch, SupportPanel
from .theme import html_block as _html, stylesheet

#: Said once on the page, under the introduction (the reflection files' intros do not repeat it).
PRIVATE_NOTE = (
    "<p><strong>Private:</strong> what you write here stays on this page and is not sent anywhere. It is gone when "
    "you close the page, unless you keep a draft in this browser (just below) or download it at the end.</p>"
)


@lru_cache(maxsize=1)
def _css() -> str:
    return (Path(__file__).parent / "static" / "reflection.css").read_text(encoding="utf-8")


def how_to_move(count: int) -> str:
    """The line telling a reader how the page's ``count`` sections work."""
    return (
        f"<p class='huddle-muted'>{count} short sections. Open one at a time with its heading; each ends with a "
        "button to the next. Skip any you like.</p>"
    )


class ReflectionApp:
    """One person's reflection page; ``view`` is the widget to display."""

    def __init__(self, reflection_id: str, client_factory: Callable[[str | None], Client] = Client) -> None:
        self.reflection: Reflection = load_reflection(reflection_id)
        self.client_factory = client_factory
        self.boxes: dict[str, list[w.Textarea]] = {}
        self.exercises: dict[str, ExerciseWidget] = {}
        self.checkin_answers: list[tuple[str, AnswerWidget]] = []
        self.presence = Presence()
        self.drafts = LocalDrafts(storage_key=f"huddle-reflection-{self.reflection.id}")
        self.drafts.on_restore(self.restore)
        self.support = SupportPanel(load_support().to_data())
        self.checkin = w.VBox()
        header = w.HBox([_html(f"<h1>{html.escape(self.reflection.title)}</h1>"), self.support])
        header.add_class("huddle-header")
        count = len(self.reflection.sections)
        self.sections: list[Section] = [
            self._section(index, section, count) for index, section in enumerate(self.reflection.sections)
        ]
        self.download = DownloadButton(self.journal_file, label="Download what I wrote (Markdown file)")
        closing = w.VBox([_html(f"<h2>Before you go</h2><p>{html.escape(self.reflection.closing)}</p>"), self.download])
        closing.add_class("huddle-card")
        intro = _html(
            f"<div class='huddle-privacy'><p>{html.escape(self.reflection.intro)}</p>{PRIVATE_NOTE}</div>{how_to_move(count)}"
        )
        style = w.HTML(f"<style>{_css()}</style>", layout=w.Layout(height="0px", margin="0"))
        self.view = w.VBox([
            stylesheet(), style, self.presence, header, intro, self.drafts, *(s.view for s in self.sections), closing, self.checkin,
        ])
        self.view.add_class("huddle-app")
        self.view.add_class("huddle-reflection")
        # Private writing is where a hard week is most likely to show: words of crisis open the
        # support sheet here too, and nothing about it leaves the page.
        self.crisis = CrisisWatch(self.support.show_urgent)
        for section in self.sections:
            self.crisis.watch(section.view)
        self.presence.when_ready(self._ready)

    def _section(self, index: int, section: Any, count: int) -> Section:
        """One section as a collapsible card: its text, its exercise, a named box per prompt."""
        parts: list[w.Widget] = [_html(f"<p>{html.escape(section.text)}</p>")]
        if section.exercise:
            exercise = exercise_widget({"id": section.id, "prompt": section.title, **section.exercise})
            if exercise is not None:
                self.exercises[section.id] = exercise
                parts.append(exercise.view)
        self.boxes[section.id] = []
        for prompt in section.prompts:
            # The prompt is the box's own <label>, so a screen reader names the box by its question.
            box = text_area(label=prompt)
            box.observe(lambda _: self.drafts.remember(self.texts()), names="value")
            self.boxes[section.id].append(box)
            parts.append(box)
        if index + 1 < count:
            following = self.reflection.sections[index + 1]
            forward = w.Button(description=f"Next: {index + 2}. {following.title} ▶")
            forward.add_class("huddle-next-section")
            forward.on_click(lambda _: self.next_section(index))
            parts.append(forward)
        return Section(f"{index + 1}. {section.title}", parts, expanded=index == 0)

    def next_section(self, index: int) -> None:
        """Close section ``index``, open the one after it and move the focus to its heading."""
        for section, expanded in zip(self.sections, after_next([s.expanded for s in self.sections], index)):
            section.expanded = expanded
        if index + 1 < len(self.sections):
            self.sections[index + 1].toggle.focus()

    def texts(self) -> dict[str, str]:
        """What is written under each prompt, keyed ``section-id/number``; blank ones left out."""
        return {
            f"{section_id}/{number}": box.value
            for section_id, boxes in self.boxes.items()
            for number, box in enumerate(boxes)
            if box.value.strip()
        }

    def restore(self, drafts: dict[str, Any]) -> None:
        """Put a draft the browser kept back under its prompts (never over newer text)."""
        for section_id, boxes in self.boxes.items():
            for number, box in enumerate(boxes):
                kept = drafts.get(f"{section_id}/{number}")
                if isinstance(kept, str) and not box.value:
                    box.value = kept

    def journal_file(self) -> tuple[str, str]:
        """``(filename, Markdown)`` of everything written on this page."""
        answers = {section_id: [box.value for box in boxes] for section_id, boxes in self.boxes.items()}
        notes = {section_id: exercise.notes() for section_id, exercise in self.exercises.items()}
        today = date.today().isoformat()
        return f"huddle-reflection-{self.reflection.id}-{today}.md", journal_markdown(self.reflection, answers, notes, date=today)

    # the optional anonymous check-in --------------------------------------------------------

    def _ready(self, token: str, query: str) -> None:
        params = join_params(query)
        # A Binder link can say where the room is (?region=uk); without it, the sheet asks.
        self.support.open_on(params.get("region"))
        if not (params.get("server") and params.get("code")):
            self.checkin.children = []  # no join address: fully private, nothing to offer
            return
        self.token = token
        try:
            self.client = self.client_factory(api_url_for(params["server"]))
        except ValueError as error:
            self._checkin_card([_html(f"<p class='huddle-status-error'>{html.escape(str(error))}</p>")])
            return
        self.code = normalise_code(params["code"])
        threading.Thread(target=self._offer_checkin, name="huddle-checkin", daemon=True).start()

    def _offer_checkin(self) -> None:
        try:
            state = self.client.state(self.code)
            self.support.use(self.client.support())
        except (ApiError, Unreachable):
            self._checkin_card([_html("<p class='huddle-muted'>The workshop's check-in cannot be reached, so nothing is sent from this page. Everything above still works.</p>")])
            return
        activities = [a for a in state.get("activities") or [] if a.get("status") != "closed"]
        if state.get("status") == "ended" or not activities:
            self._checkin_card([_html("<p class='huddle-muted'>The workshop's check-in has closed, so nothing is sent from this page. Everything above still works.</p>")])
            return
        tick = w.Checkbox(value=False, description="Yes, send a short anonymous check-in to the workshop team", indent=False, layout=w.Layout(width="100%"))
        tick.add_class("huddle-option")
        questions = w.VBox()
        questions.layout.display = "none"
        self.checkin_answers = []
        parts: list[w.Widget] = []
        for activity in activities:
            widget = answer_widget(activity)
            if widget is None:
                continue
            self.checkin_answers.append((activity["id"], widget))
            parts += [label(activity["prompt"]), widget.view]
        send = w.Button(description="Send check-in", button_style="primary")
        self.checkin_status = _html("")
        send.on_click(lambda _: self.send_checkin())
        questions.children = [*parts, send, self.checkin_status]
        tick.observe(lambda change: setattr(questions.layout, "display", None if change["new"] else "none"), names="value")
        self._checkin_card([
            _html("<h2>Optional: an anonymous check-in</h2><p class='huddle-muted'>Only the choices below are sent, with no name and "
                  "never anything you wrote above. The team sees combined counts once enough people have answered.</p>"),
            tick,
            questions,
        ])

    def send_checkin(self) -> None:
        """Send the check-in answers given (unanswered ones are left out)."""
        given = [(activity_id, widget.get()) for activity_id, widget in self.checkin_answers if widget.get() not in (None, [])]
        if not given:
            self.checkin_status.value = "<p class='huddle-status-error' role='status'>Choose at least one answer first.</p>"
            return
        try:
            self.client.join(self.code, self.token, None)
            for activity_id, value in given:
                self.client.submit(self.code, activity_id, self.token, value, submission_id=new_submission_id())
        except ApiError as error:
            self.checkin_status.value = f"<p class='huddle-status-error' role='status'>{html.escape(error.message)}</p>"
            return
        except Unreachable:
            self.checkin_status.value = "<p class='huddle-status-error' role='status'>Not sent: the connection dropped. Try again in a moment.</p>"
            return
        self.checkin_status.value = "<p class='huddle-status-ok' role='status'>✓ Sent anonymously. Thank you.</p>"

    def _checkin_card(self, children: list[w.Widget]) -> None:
        card = w.VBox(children)
        card.add_class("huddle-card")
        self.checkin.children = [card]


def reflection_app(reflection_id: str) -> w.Widget:
    """The reflection page for ``one-week`` or ``four-weeks``, ready to display."""
    return ReflectionApp(reflection_id).view
