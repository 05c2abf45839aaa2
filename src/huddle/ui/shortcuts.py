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


def key_class(name: str) -> str:
    """The class a button carries to be pressed by the shortcut called ``name``."""
    return f"huddle-key-{name}"


class Shortcuts(anywidget.AnyWidget):
    """A one-line help with an on/off switch; ``keys`` maps a key to ``(name, what it does)``."""

    _esm = Path(__file__).parent / "static" / "shortcuts.js"
    bindings = traitlets.Dict().tag(sync=True)

    def __init__(self, keys: Mapping[str, tuple[str, str]]) -> None:
        super().__init__(bindings={key.lower(): {"target": key_class(name), "does": does} for key, (name, does) in keys.items()})
