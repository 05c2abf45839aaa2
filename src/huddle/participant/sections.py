"""Collapsible sections for long pages: each heading is a button that shows or hides its section.

A tiny anywidget draws the heading as ``<h2><button aria-expanded>``, so a screen reader hears a
heading it can jump to and whether the section is open; the section's body is an ordinary
ipywidgets box that Python shows or hides when ``expanded`` changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

import anywidget
import ipywidgets as w
import traitlets


class SectionToggle(anywidget.AnyWidget):
    """A section's heading as a toggle button; ``expanded`` is whether the section is open."""

    _esm = Path(__file__).parent / "static" / "section.js"
    title = traitlets.Unicode("").tag(sync=True)
    level = traitlets.Int(2).tag(sync=True)
    expanded = traitlets.Bool(False).tag(sync=True)
    #: Raised by ``focus``: the browser moves the keyboard focus to the heading's button.
    focus_requests = traitlets.Int(0).tag(sync=True)

    def focus(self) -> None:
        """Move the keyboard focus (and the view) to this heading."""
        self.focus_requests += 1


class Section:
    """A heading toggle and the body it shows or hides; ``view`` is the whole card."""

    def __init__(self, title: str, children: Sequence[w.Widget], *, expanded: bool = False) -> None:
        self.toggle = SectionToggle(title=title, expanded=expanded)
        self.body = w.VBox(list(children))
        self.body.add_class("huddle-section-body")
        self.view = w.VBox([self.toggle, self.body])
        self.view.add_class("huddle-card")
        self.view.add_class("huddle-section")
        self.toggle.observe(lambda _: self._draw(), names="expanded")
        self._draw()

    @property
    def expanded(self) -> bool:
        return self.toggle.expanded

    @expanded.setter
    def expanded(self, value: bool) -> None:
        self.toggle.expanded = value

    def _draw(self) -> None:
        self.body.layout.display = None if self.toggle.expanded else "none"


def after_next(expanded: Sequence[bool], current: int) -> list[bool]:
    """Which sections are open after "Next" is pressed at the end of section ``current``.

    That section closes (the page stays short on a phone) and the next one opens; the others
    keep whatever the person chose.
    """
    opened = list(expanded)
    opened[current] = False
    if current + 1 < len(opened):
        opened[current + 1] = True
    return opened


__all__ = ["Section", "SectionToggle", "after_next"]


