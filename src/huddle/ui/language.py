"""Choosing a page's language: from its link, the choice made on this browser before, or the
browser's own languages; and the switch at the top of the page.

Each page has a kernel of its own, so choosing a language changes that page alone
(``huddle.i18n.set_language``); the choice is kept in the browser by ``Presence``.
"""

from __future__ import annotations

from typing import Callable, Iterable
from urllib.parse import parse_qs

import ipywidgets as w

from ..i18n import LANGUAGE_NAMES, _, available, negotiate, primary


def choose_language(query: str, stored: str, browser: Iterable[str]) -> str:
    """The page's language: ``?lang=`` in its link, else the one chosen on this browser before,
    else the first of the browser's languages Huddle has; English when none is."""
    asked = (parse_qs(query.lstrip("?")).get("lang") or [""])[-1]
    for choice in (asked, stored):
        if choice and primary(choice) in available():
            return primary(choice)
    return negotiate(list(browser))


class LanguageSwitch:
    """A labelled menu of the languages Huddle has, each named in itself ("Español")."""

    def __init__(self, on_change: Callable[[str], None]) -> None:
        self.menu = w.Dropdown(options=[(LANGUAGE_NAMES.get(code, code), code) for code in available()], value=available()[0])
        self.menu.add_class("huddle-language")
        self.menu.layout.width = "auto"
        self.relabel()
        self.menu.observe(lambda change: on_change(change["new"]) if change["new"] else None, names="value")

    @property
    def view(self) -> w.Widget:
        return self.menu

    def show(self, language: str) -> None:
        """Show ``language`` as chosen (without calling back when it already is)."""
        if self.menu.value != language:
            self.menu.value = language

    def relabel(self) -> None:
        """Name the menu in the current language."""
        self.menu.description = _("Language")
        self.menu.tooltip = _("The language of this page")
