"""What every skill-exercise widget offers: a view, and what the person wrote as Markdown.

Exercise widgets never talk to the workshop server. What a person types lives in their own
page (and its kernel's memory) until they download it or close the page.
"""

from __future__ import annotations

import html
from typing import Any, Mapping, TypeVar

import ipywidgets as w

from ..answers._aria import EXERCISE_SCOPE, FIELD, HIDDEN_LABEL, scoped

W = TypeVar("W", w.Text, w.Textarea)


class ExerciseWidget:
    """A private exercise; ``notes()`` returns the person's own words as Markdown ("" if none)."""

    def __init__(self, activity: Mapping[str, Any]) -> None:
        self.activity = activity
        self.view: w.Widget = w.VBox()

    def _view(self, children: list[w.Widget]) -> w.VBox:
        """The outer box of the exercise (it carries the page's ARIA helper)."""
        return scoped(children, EXERCISE_SCOPE)

    def notes(self) -> str:
        raise NotImplementedError

    def relabel(self) -> None:
        """Say the exercise's own words (labels, hints, buttons) again in the current language,
        keeping everything the person wrote or chose. The page calls it when it is redrawn."""


def label(text: str, hint: str = "") -> w.HTML:
    """A field label with an optional hint under it.

    It names no box for a screen reader: prefer ``text_area(label=...)``, whose label is the box's own.
    """
    hint_html = f"<p class='huddle-exercise-hint'>{html.escape(hint)}</p>" if hint else ""
    return w.HTML(f"<p class='huddle-exercise-label'>{html.escape(text)}</p>{hint_html}")


def labelled(box: W, text: str, hint: str = "") -> W:
    """Give a text box a visible label above it (and the hint under the label) that is its name.

    The label is the widget's own ``description``, which ipywidgets renders as a ``<label for>``
    of the box, so the name needs nothing from the browser beyond what ipywidgets draws.
    """
    hint_html = f" <span>{html.escape(hint)}</span>" if hint else ""
    box.description = f"{html.escape(text)}{hint_html}"
    box.description_allow_html = True
    box.add_class(FIELD)
    return box


def text_area(placeholder: str = "", *, label: str = "", hint: str = "", hidden_label: str = "") -> w.Textarea:
    """A text box for private notes, named by ``label`` shown above it, or by ``hidden_label``
    (for screen readers only, when the words are already on the page)."""
    box = w.Textarea(layout=w.Layout(width="100%"))
    box.add_class("huddle-exercise-text")
    return reword(box, placeholder, label=label, hint=hint, hidden_label=hidden_label)


def reword(box: W, placeholder: str = "", *, label: str = "", hint: str = "", hidden_label: str = "") -> W:
    """Give a box made by ``text_area`` its words (again, after a change of language)."""
    box.placeholder = placeholder
    if label:
        labelled(box, label, hint)
    elif hidden_label:
        box.description = hidden_label
        box.add_class(HIDDEN_LABEL)
    return box


def answered(pairs: list[tuple[str, str]], level: int = 3) -> str:
    """Markdown for ``[(heading, text)]``, leaving out the ones left blank."""
    marks = "#" * level
    return "\n\n".join(f"{marks} {heading}\n\n{text.strip()}" for heading, text in pairs if text.strip())
