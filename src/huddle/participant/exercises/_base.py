"""What every skill-exercise widget offers: a view, and what the person wrote as Markdown.

Exercise widgets never talk to the workshop server. What a person types lives in their own
page (and its kernel's memory) until they download it or close the page.
"""

from __future__ import annotations

import html
from typing import Any, Mapping

import ipywidgets as w


class ExerciseWidget:
    """A private exercise; ``notes()`` returns the person's own words as Markdown ("" if none)."""

    def __init__(self, activity: Mapping[str, Any]) -> None:
        self.activity = activity
        self.view: w.Widget = w.VBox()

    def notes(self) -> str:
        raise NotImplementedError


def label(text: str, hint: str = "") -> w.HTML:
    """A field label with an optional hint under it."""
    hint_html = f"<p class='huddle-exercise-hint'>{html.escape(hint)}</p>" if hint else ""
    return w.HTML(f"<p class='huddle-exercise-label'>{html.escape(text)}</p>{hint_html}")


def text_area(placeholder: str = "") -> w.Textarea:
    """A text box for private notes."""
    box = w.Textarea(placeholder=placeholder, layout=w.Layout(width="100%"))
    box.add_class("huddle-exercise-text")
    return box


def answered(pairs: list[tuple[str, str]], level: int = 3) -> str:
    """Markdown for ``[(heading, text)]``, leaving out the ones left blank."""
    marks = "#" * level
    return "\n\n".join(f"{marks} {heading}\n\n{text.strip()}" for heading, text in pairs if text.strip())
