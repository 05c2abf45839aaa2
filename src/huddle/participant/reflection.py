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
from ..i18n import N_, _, current_language, ngettext, set_language
from ..model.identity import normalise_code
from ..model.reflection import Reflection, journal_markdown
from .answers import AnswerWidget, answer_widget
from .download import DownloadButton
from .drafts import LocalDrafts
from .exercises import ExerciseWidget, exercise_widget, label, text_area
from .exercises._base import reword
from .sections import Section, after_next
from ..ui.language import LanguageSwitch, choose_language
from ..ui.presence import Presence
from .query import api_url_for, join_params
from .support import CrisisWatch, SupportPanel
from .theme import html_block as _html, paragraph, stylesheet

#: The download button's words (marked here, translated where the button is labelled).
DOWNLOAD_LABEL = N_("Download what I wrote (Markdown file)")
#: What the check-in card says when there is nothing to send to (marked, translated when shown).
CHECKIN_UNREACHABLE = N_("The workshop's check-in cannot be reached, so nothing is sent from this page. Everything above still works.")
CHECKIN_CLOSED = N_("The workshop's check-in has closed, so nothing is sent from this page. Everything above still works.")


def private_note() -> str:
    """Said once on the page, under the introduction (the reflection files' intros do not repeat it)."""
    word = html.escape(_("Private:"), quote=False)
    rest = html.escape(_(
        "what you write here stays on this page and is not sent anywhere. It is gone when "
        "you close the page, unless you keep a draft in this browser (just below) or download it at the end."
    ), quote=False)
    return f"<p><strong>{word}</strong> {rest}</p>"


@lru_cache(maxsize=1)
def _css() -> str:
    return (Path(__file__).parent / "static" / "reflection.css").read_text(encoding="utf-8")


def how_to_move(count: int) -> str:
    """The line telling a reader how the page's ``count`` sections work."""
    return paragraph(ngettext(
        "{count} short section. Open one at a time with its heading; each ends with a button to the next. Skip any you like.",
        "{count} short sections. Open one at a time with its heading; each ends with a button to the next. Skip any you like.",
        count,
    ).format(count=count), "huddle-muted")


def next_label(number: int, title: str) -> str:
    """The button at the end of a section that opens the next one."""
    return _("Next: {number}. {title} ▶").format(number=number, title=title)


class ReflectionApp:
    """One person's reflection page; ``view`` is the widget to display."""

    def __init__(self, reflection_id: str, client_factory: Callable[[str | None], Client] = Client) -> None:
        self.reflection: Reflection = load_reflection(reflection_id)
        self.client_factory = client_factory
        self.boxes: dict[str, list[w.Textarea]] = {}
        self.exercises: dict[str, ExerciseWidget] = {}
        self.checkin_answers: list[tuple[str, AnswerWidget]] = []
        #: The section-end buttons, with the number and title of the section each opens.
        self.next_buttons: list[tuple[w.Button, int, str]] = []
        #: Says the check-in card's words again (set when the card is drawn).
        self._relabel_checkin: Callable[[], None] = lambda: None
        self.presence = Presence()
        self.drafts = LocalDrafts(storage_key=f"huddle-reflection-{self.reflection.id}")
        self.drafts.on_restore(self.restore)
        self.support = SupportPanel(load_support().to_data())
        self.checkin = w.VBox()
        self.heading = _html(f"<h1>{html.escape(self.reflection.title)}</h1>")
        self.section_texts: list[w.HTML] = []
        self.language = LanguageSwitch(self.switch_language)
        header = w.HBox([self.heading, self.language.view, self.support])
        header.add_class("huddle-header")
        count = len(self.reflection.sections)
        self.sections: list[Section] = [
            self._section(index, section, count) for index, section in enumerate(self.reflection.sections)
        ]
        self.download = DownloadButton(self.journal_file, label=_(DOWNLOAD_LABEL))
        self.closing = _html("")
        closing = w.VBox([self.closing, self.download])
        closing.add_class("huddle-card")
        self.intro = intro = _html("")
        self._label_page()
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

    def _label_page(self) -> None:
        """The page's own words around the reflection's (which are the file's, shown as they are)."""
        count = len(self.reflection.sections)
        before = html.escape(_("Before you go"), quote=False)
        self.closing.value = f"<h2>{before}</h2><p>{html.escape(self.reflection.closing)}</p>"
        self.intro.value = (
            f"<div class='huddle-privacy'><p>{html.escape(self.reflection.intro)}</p>{private_note()}</div>{how_to_move(count)}"
        )

    def relabel(self) -> None:
        """Say the page's own words again in the current language (just after
        ``i18n.set_language``), keeping everything written on it: the introduction's note, the
        section buttons, the drafts switch, the exercises, the download button, the support
        sheet and the check-in card's own words. The check-in's answer widgets keep theirs."""
        self._label_page()
        for button, number, title in self.next_buttons:
            button.description = next_label(number, title)
        self.download.label = _(DOWNLOAD_LABEL)
        self.drafts.relabel()
        self.presence.relabel()
        self.support.relabel()
        for exercise in self.exercises.values():
            exercise.relabel()
        self._relabel_checkin()

    def _section(self, index: int, section: Any, count: int) -> Section:
        """One section as a collapsible card: its text, its exercise, a named box per prompt."""
        text = _html(f"<p>{html.escape(section.text)}</p>")
        self.section_texts.append(text)
        parts: list[w.Widget] = [text]
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
            forward = w.Button(description=next_label(index + 2, following.title))
            self.next_buttons.append((forward, index + 2, following.title))
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

    def switch_language(self, language: str) -> None:
        """The person chose another language: the page and the reflection's own text are said
        again in it; everything written stays where it is."""
        if language != current_language():
            self._use_language(language)

    def _use_language(self, language: str) -> None:
        set_language(language)
        self.presence.remember = True
        self.presence.language = language  # kept in this browser, and put in <html lang>
        self.language.show(language)
        self.language.relabel()
        self.reflection = load_reflection(self.reflection.id, language)
        self.heading.value = f"<h1>{html.escape(self.reflection.title)}</h1>"
        for index, section in enumerate(self.reflection.sections):
            self.sections[index].toggle.title = f"{index + 1}. {section.title}"
            self.section_texts[index].value = f"<p>{html.escape(section.text)}</p>"
            for box, prompt in zip(self.boxes.get(section.id, []), section.prompts):
                reword(box, label=prompt)
        self.next_buttons = [(button, number, self.reflection.sections[number - 1].title) for button, number, _title in self.next_buttons]
        self.relabel()

    def _ready(self, token: str, query: str) -> None:
        self._use_language(choose_language(query, self.presence.language, self.presence.languages))
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
            self._checkin_card([_html(paragraph(str(error), "huddle-status-error"))])  # worded by query.py
            return
        self.code = normalise_code(params["code"])
        threading.Thread(target=self._offer_checkin, name="huddle-checkin", daemon=True).start()

    def _offer_checkin(self) -> None:
        try:
            state = self.client.state(self.code)
            self.support.use(self.client.support())
        except (ApiError, Unreachable):
            self._checkin_note(CHECKIN_UNREACHABLE)
            return
        activities = [a for a in state.get("activities") or [] if a.get("status") != "closed"]
        if state.get("status") == "ended" or not activities:
            self._checkin_note(CHECKIN_CLOSED)
            return
        tick = w.Checkbox(value=False, indent=False, layout=w.Layout(width="100%"))
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
        send = w.Button(button_style="primary")
        self.checkin_status = _html("")
        send.on_click(lambda _: self.send_checkin())
        questions.children = [*parts, send, self.checkin_status]
        tick.observe(lambda change: setattr(questions.layout, "display", None if change["new"] else "none"), names="value")
        intro = _html("")

        def words() -> None:
            heading = html.escape(_("Optional: an anonymous check-in"), quote=False)
            intro.value = f"<h2>{heading}</h2>" + paragraph(_(
                "Only the choices below are sent, with no name and never anything you wrote above. "
                "The team sees combined counts once enough people have answered."
            ), "huddle-muted")
            tick.description = _("Yes, send a short anonymous check-in to the workshop team")
            send.description = _("Send check-in")

        words()
        self._relabel_checkin = words
        self._checkin_card([intro, tick, questions])

    def send_checkin(self) -> None:
        """Send the check-in answers given (unanswered ones are left out)."""
        given = [(activity_id, widget.get()) for activity_id, widget in self.checkin_answers if widget.get() not in (None, [])]
        if not given:
            self._checkin_said(_("Choose at least one answer first."), "huddle-status-error")
            return
        try:
            self.client.join(self.code, self.token, None)
            for activity_id, value in given:
                self.client.submit(self.code, activity_id, self.token, value, submission_id=new_submission_id())
        except ApiError as error:
            self._checkin_said(error.message, "huddle-status-error")
            return
        except Unreachable:
            self._checkin_said(_("Not sent: the connection dropped. Try again in a moment."), "huddle-status-error")
            return
        self._checkin_said(_("✓ Sent anonymously. Thank you."), "huddle-status-ok")

    def _checkin_said(self, text: str, css: str) -> None:
        self.checkin_status.value = f"<p class='{css}' role='status'>{html.escape(text, quote=False)}</p>"

    def _checkin_note(self, message: str) -> None:
        """A check-in card that only says why nothing can be sent (``message`` is marked, not translated)."""
        note = _html("")

        def words() -> None:
            note.value = paragraph(_(message), "huddle-muted")

        words()
        self._relabel_checkin = words
        self._checkin_card([note])

    def _checkin_card(self, children: list[w.Widget]) -> None:
        card = w.VBox(children)
        card.add_class("huddle-card")
        self.checkin.children = [card]


def reflection_app(reflection_id: str) -> w.Widget:
    """The reflection page for ``one-week`` or ``four-weeks``, ready to display."""
    return ReflectionApp(reflection_id).view
