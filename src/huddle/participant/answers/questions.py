"""Questions from the room: a box to ask one, and the questions the facilitator shared, each
with its votes and an upvote button.

What the list shows is decided by ``flow.question_board``; this widget only draws it. Rows are
kept by question and updated in place, so a refresh every few seconds moves nobody's focus; a
row's widgets are new only when the order of the questions changed.
"""

from __future__ import annotations

import html
from typing import Any, Callable, Mapping

import ipywidgets as w

from ...i18n import N_, _, ngettext
from ..flow import QuestionBoard, QuestionRow
from ._aria import ANSWER_SCOPE, FIELD, NAME_FROM_TOOLTIP, scoped
from ...ui.shared import Parts
from ._base import AnswerWidget, Translated

DEFAULT_LIMIT = 280


class _QuestionView:
    """One question on the page: its text, what the facilitator made of it, its votes, and
    the upvote button (pressed, and disabled, once this person upvoted it)."""

    def __init__(self, item: str, vote: Callable[[str], None]) -> None:
        self.item = item
        self.vote = vote
        self.drawing = False
        self.text = w.HTML()
        self.text.add_class("huddle-question-text")
        self.button = w.ToggleButton(description=_("Upvote"), value=False)
        # The visible word first, then the question's start: the name says which one (WCAG 2.5.3).
        self.button.add_class(NAME_FROM_TOOLTIP)
        self.button.add_class("huddle-upvote")
        self.button.observe(self._pressed, names="value")
        self.box = w.HBox([self.text, self.button])
        self.box.add_class("huddle-question")

    def _pressed(self, change: dict[str, Any]) -> None:
        if self.drawing:
            return  # the page drawing a row is not a press
        if change["new"]:
            self.vote(self.item)
        else:
            # Upvoting is once only: pressing a pressed button takes nothing back.
            self.button.value = True

    def draw(self, row: QuestionRow) -> None:
        # The badge's class is its meaning, whatever language its word is in.
        marks = (["pinned"] if row.pinned else []) + (["answered"] if row.answered else [])
        badges = "".join(f"<span class='huddle-q-badge huddle-q-badge-{mark}'>{html.escape(word)}</span>" for mark, word in zip(marks, row.badges))
        text = (
            f"<p class='huddle-question-words'>{html.escape(row.text)}</p>"
            f"<p class='huddle-question-meta'>{badges}<span class='huddle-votes'>{html.escape(row.count)}</span></p>"
        )
        self.drawing = True
        try:
            if self.text.value != text:
                self.text.value = text
            self.button.value = row.voted
            self.button.description = row.button
            self.button.tooltip = row.label
            self.button.disabled = not row.can_vote
            # A question nobody can upvote now (answered, or the activity closed) shows no
            # button, unless this person upvoted it: then the pressed button says so.
            self.button.layout.display = None if row.can_vote or row.voted else "none"
        finally:
            self.drawing = False


class QuestionsAnswer(AnswerWidget):
    """The "Your question" box (sent with the page's Ask button) and, after that button, the
    board of shared questions (``after``), drawn from a ``QuestionBoard`` by ``show``."""

    missing = Translated(N_("Type your question first."))
    send_label = Translated(N_("Ask"))
    update_label = Translated(N_("Ask"))
    skippable = False
    placeholder = Translated(N_("Type a question. Nobody sees who asked it."))

    def __init__(self, activity: Mapping[str, Any], name: str | None = None, parts: Parts | None = None) -> None:
        super().__init__(activity, name, parts)
        self.limit = int(activity.get("max_length", DEFAULT_LIMIT))
        self.box = w.Textarea(placeholder=self.placeholder, description=_("Your question"), layout=w.Layout(width="100%"))
        self.box.add_class(FIELD)
        self.counter = w.HTML(self._count(""))
        self.box.observe(lambda change: setattr(self.counter, "value", self._count(change["new"])), names="value")
        self.ask_line = w.HTML()
        self.view = self._view([self.box, self.counter, self.ask_line])
        #: Set by the page: what to do when a question's upvote button is pressed.
        self.on_vote: Callable[[str], None] = lambda item: None
        self.rows: dict[str, _QuestionView] = {}
        self.message = w.HTML()
        #: What became of the last upvote, when it did not go through.
        self.note = w.HTML()
        self.list = w.VBox()
        self.list.add_class("huddle-questions")
        title = _("Questions from the room")
        heading = w.HTML(f"<h3 class='huddle-questions-heading'>{html.escape(title)}</h3>")
        self.after = scoped([heading, self.message, self.note, self.list], ANSWER_SCOPE)
        self.after.add_class("huddle-question-board")
        self.board: QuestionBoard | None = None

    def _count(self, text: str) -> str:
        over = len(text) > self.limit
        said = ngettext("{count} / {limit} character", "{count} / {limit} characters", self.limit).format(count=len(text), limit=self.limit)
        return f"<p class='huddle-muted{' huddle-status-error' if over else ''}'>{said}</p>"

    def get(self) -> Any:
        return self.box.value.strip() or None

    def set(self, value: Any) -> None:
        # Each question is sent once and not shown again in the box (a question is not an
        # answer to change), so an earlier one is never put back.
        return None

    def sent(self) -> None:
        """The question went: the box is emptied for the next one."""
        self.box.value = ""

    def controls(self) -> list[w.Widget]:
        return [self.box]

    def set_enabled(self, enabled: bool) -> None:
        self.box.disabled = not (enabled and (self.board is None or self.board.can_ask))

    def _vote(self, item: str) -> None:
        self.on_vote(item)

    def show(self, board: QuestionBoard) -> None:
        """Draw the board: how many more this person may ask, and the shared questions."""
        self.board = board
        line = f"<p class='huddle-muted'>{html.escape(board.ask_line)}</p>" if board.ask_line else ""
        if self.ask_line.value != line:
            self.ask_line.value = line
        self.box.disabled = not board.can_ask
        message = f"<p class='huddle-muted'>{html.escape(board.message)}</p>" if board.message else ""
        if self.message.value != message:
            self.message.value = message
        views = []
        for row in board.rows:
            view = self.rows.get(row.item)
            if view is None:
                view = self.rows[row.item] = _QuestionView(row.item, self._vote)
            view.draw(row)
            views.append(view.box)
        if list(self.list.children) != views:
            self.list.children = views
