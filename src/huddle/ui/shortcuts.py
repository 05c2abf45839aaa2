"""Single-key shortcuts for a page's main buttons, with the switch WCAG 2.1.4 asks for.

The keys are handled in the browser: a key press clicks the button that carries the key's
class (``huddle-key-<name>``), so a shortcut does exactly what the visible button does and
follows it when its label changes (Open becomes Close). Keys typed into a text box, or with
Ctrl, Alt or Meta, are left alone, and the switch (kept in the browser) turns them all off.
"""

from __future__ import annotations

from pathlib import Path
from typing import Mapping

import anywidget
import traitlets

from ..i18n import _


def key_class(name: str) -> str:
    """The class a button carries to be pressed by the shortcut called ``name``."""
    return f"huddle-key-{name}"


class Shortcuts(anywidget.AnyWidget):
    """A one-line help with an on/off switch; ``keys`` maps a key to ``(name, what it does)``."""

    _esm = Path(__file__).parent / "static" / "shortcuts.js"
    bindings = traitlets.Dict().tag(sync=True)
    #: The help line's own words, translated here (``{keys}`` is filled in the browser).
    labels = traitlets.Dict().tag(sync=True)

    def __init__(self, keys: Mapping[str, tuple[str, str]]) -> None:
        super().__init__(bindings=self._bindings(keys), labels=self._labels())

    @staticmethod
    def _bindings(keys: Mapping[str, tuple[str, str]]) -> dict[str, dict[str, str]]:
        """``does`` is the caller's words, already in the page's language."""
        return {key.lower(): {"target": key_class(name), "does": does} for key, (name, does) in keys.items()}

    @staticmethod
    def _labels() -> dict[str, str]:
        return {"shortcuts": _("Keyboard shortcuts: {keys}")}

    def relabel(self, keys: Mapping[str, tuple[str, str]] | None = None) -> None:
        """Say the help line in the current language (with ``keys`` worded anew, when given)."""
        with self.hold_sync():
            self.labels = self._labels()
            if keys is not None:
                self.bindings = self._bindings(keys)
