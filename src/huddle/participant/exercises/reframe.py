"""Reframing a thought: write it down, weigh the evidence, find a more useful alternative."""

from __future__ import annotations

import html
from typing import Any, Mapping

import ipywidgets as w

from ...i18n import N_, _
from ._base import ExerciseWidget, answered, reword, text_area

#: ``(key, title, hint, placeholder)``: the words are marked here and translated where shown.
FIELDS = (
    ("thought", N_("The thought"), N_("Write it the way it sounds in your head."), N_("e.g. I always get it wrong")),
    ("for", N_("Evidence for it"), N_("Facts only: what actually happened?"), ""),
    ("against", N_("Evidence against it"), N_("What would a fair friend point out? What went fine?"), ""),
    ("alternative", N_("A more balanced thought"), N_("Something true that helps you act next."), N_("e.g. This is data about what to practise")),
)


class ReframeExercise(ExerciseWidget):
    def __init__(self, activity: Mapping[str, Any]) -> None:
        super().__init__(activity)
        parts: list[w.Widget] = []
        self.example: w.HTML | None = None
        if activity.get("example_thought"):
            self.example = w.HTML()
            parts.append(self.example)
        self.boxes: dict[str, w.Textarea] = {}
        for key, *_words in FIELDS:
            self.boxes[key] = text_area()
            parts.append(self.boxes[key])
        self.view = self._view(parts)
        self.relabel()

    def relabel(self) -> None:
        if self.example is not None:
            word = html.escape(_("Example"))
            self.example.value = (
                f"<div class='huddle-example'><strong>{word}</strong><br>“{html.escape(self.activity['example_thought'])}”"
                f"<br>→ “{html.escape(self.activity['example_alternative'])}”</div>"
            )
        for key, title, hint, placeholder in FIELDS:
            reword(self.boxes[key], _(placeholder) if placeholder else "", label=_(title), hint=_(hint))

    def notes(self) -> str:
        return answered([(_(title), self.boxes[key].value) for key, title, _hint, _placeholder in FIELDS], 4)
