"""Names and states for screen readers that ipywidgets does not render, asked for with CSS classes.

ipywidgets can put a CSS class on any widget but no ARIA attribute, and it redraws views whenever
the kernel changes them. So the widgets here only carry classes (and, for a group's name, an
element with an id), and ``static/aria.js`` turns them into ARIA attributes in the page after
every redraw. See that file for what each class means.
"""

from __future__ import annotations

import html
from pathlib import Path

import anywidget
import ipywidgets as w

from ...ui.shared import Parts, keep

#: The class on an answer widget's outer box; focus is kept inside it after a press, and the
#: buttons that follow it on the page (Send, Skip) are styled from it.
ANSWER_SCOPE = "huddle-answer"
#: The same for a skill exercise's outer box.
EXERCISE_SCOPE = "huddle-exercise"
#: A text widget whose description (its <label>) is for screen readers only, because the same
#: words are already on the page (the prompt as the heading, "Word 1" as the placeholder).
HIDDEN_LABEL = "huddle-hidden-label"
#: A text widget whose description is its visible label, above the box.
FIELD = "huddle-field"
#: An HTML widget whose changing text is announced politely by screen readers.
LIVE = "huddle-live"
#: A widget whose text is in another language than the page's: ``LANG + "en"`` gives it lang="en".
LANG = "huddle-lang--"
#: A button whose accessible name is its tooltip (its visible text is only an arrow).
NAME_FROM_TOOLTIP = "huddle-name-from-tooltip"


class AriaHelper(anywidget.AnyWidget):
    """Shows nothing; loads ``aria.js`` into the page, which applies the classes below to it."""

    _esm = Path(__file__).parent.parent / "static" / "aria.js"

    def __init__(self) -> None:
        super().__init__(layout=w.Layout(display="none"))


def aria_helper() -> AriaHelper:
    """The page's one ARIA helper: its script installs one observer for the whole page, so every
    answer widget and exercise shows the same widget instead of sending its script again."""
    global _HELPER
    if _HELPER is None or _HELPER.comm is None:
        _HELPER = keep(AriaHelper())
    return _HELPER


_HELPER: AriaHelper | None = None


def labelled_by_class(element_id: str) -> str:
    """The class that names a widget by the page element with ``element_id`` (see aria.js)."""
    return f"huddle-labelledby--{element_id}"


def labelled_by(widget: w.DOMWidget, element_id: str) -> None:
    """Name ``widget`` (a group of options, or a text box) by the page element with ``element_id``."""
    widget.add_class(labelled_by_class(element_id))


def hidden_name(text: str, parts: Parts | None = None, place: str = "name") -> tuple[w.HTML, str]:
    """An element that only names something, never shown or read out by itself; and its id.
    ``parts`` gives it (the live page reuses it in ``place``).

    ``aria-labelledby`` may point at an element that is not displayed, so the group's name (the
    prompt, already shown as the heading) is not read twice when a screen reader reads the page.
    """
    parts = parts or Parts()
    element_id = parts.element_id(place)
    holder = parts(place, w.HTML, value=f"<span id='{element_id}'>{html.escape(text)}</span>", layout_traits={"display": "none"})
    return holder, element_id


def name_group(widget: w.DOMWidget, text: str) -> w.HTML:
    """Give a group of options (radio buttons, checkboxes, toggle buttons) the name ``text``.

    Returns the hidden element carrying the name, to be put on the page next to the group.
    """
    holder, element_id = hidden_name(text)
    labelled_by(widget, element_id)
    return holder


def group_name(parts: Parts, text: str, place: str = "name") -> tuple[w.HTML, str]:
    """The hidden element naming a group made from ``parts`` (see ``hidden_name``), and the class
    that ties the group to it: given when the group is made, so it is in its first state."""
    holder, element_id = hidden_name(text, parts, place)
    return holder, labelled_by_class(element_id)


def rename(holder: w.HTML, text: str) -> None:
    """Give the element made by ``hidden_name`` (or ``name_group``) new words, keeping its id
    (after a change of language)."""
    element_id = holder.value.split("'", 2)[1]
    holder.value = f"<span id='{element_id}'>{html.escape(text)}</span>"


def scoped(children: list[w.Widget], scope: str, parts: Parts | None = None, classes: tuple[str, ...] = ()) -> w.VBox:
    """The outer box of an answer widget or exercise: its parts plus the page's ARIA helper."""
    return (parts or Parts())("box", w.VBox, children=[*children, aria_helper()], classes=(scope, *classes))
