"""Huddle's one translation function: gettext catalogues compiled by Babel, shipped in the wheel.

Interface strings are written in English in the code, wrapped in ``_()`` (or ``ngettext()`` for
plurals, ``N_()`` to mark a module-level constant that is translated where it is shown), and
extracted, updated and compiled with the Makefile's ``i18n-extract``, ``i18n-update`` and
``i18n-compile`` (Babel). Catalogues live in ``huddle/locale/LANG/LC_MESSAGES/huddle.po``;
the compiled ``.mo`` files sit beside them and ship in the wheel.

**Whose language.** Every page has a kernel of its own, serving one person, so a kernel has one
current language (``set_language``), chosen from what the browser asks for (``negotiate``) or
picked on the page. One participant's choice never reaches another's page. The server process
and the CLI speak the language of their environment (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``,
``LANG``); a report takes its own (``translation(language)``, ``using(language)``).

Placeholders are named (``_("{count} joined").format(count=n)``), so a translation can move
them; a test fails when a translation lacks a placeholder its source has.
"""

from __future__ import annotations

import gettext as _gettext
import os
import re
import threading
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

DOMAIN = "huddle"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
#: The language the code's strings are written in.
SOURCE_LANGUAGE = "en"
#: Each language's name in itself, as the language switch shows it.
LANGUAGE_NAMES = {"en": "English", "es": "Español"}
TAG = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")

_current = threading.local()
_default = SOURCE_LANGUAGE


@lru_cache(maxsize=1)
def available() -> tuple[str, ...]:
    """The languages with a compiled catalogue, the source language first."""
    found = {SOURCE_LANGUAGE}
    if LOCALE_DIR.is_dir():
        found |= {p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo")}
    return (SOURCE_LANGUAGE, *sorted(found - {SOURCE_LANGUAGE}))


@lru_cache(maxsize=None)
def translation(language: str | None) -> _gettext.NullTranslations:
    """The catalogue of ``language`` (the source language's strings as they are otherwise)."""
    base = primary(language or SOURCE_LANGUAGE)
    if base == SOURCE_LANGUAGE or base not in available():
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[base], fallback=True)


def primary(tag: str) -> str:
    """``es-MX`` -> ``es``: catalogues are kept per language, not per region."""
    return tag.strip().replace("_", "-").split("-")[0].lower()


def negotiate(preferred: Iterable[str], offered: Iterable[str] | None = None, default: str = SOURCE_LANGUAGE) -> str:
    """The first of the browser's ``preferred`` languages (``navigator.languages`` or an
    ``Accept-Language`` header's order) that is ``offered``; ``default`` when none is."""
    choices = tuple(offered) if offered is not None else available()
    for tag in preferred:
        if not isinstance(tag, str) or not tag.strip():
            continue
        base = primary(tag)
        if base in choices:
            return base
    return default if default in choices else choices[0]


def accept_language(header: str | None) -> list[str]:
    """The languages of an ``Accept-Language`` header, most wanted first."""
    ranked = []
    for index, part in enumerate((header or "").split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        if TAG.match(tag.strip()) and quality > 0:
            ranked.append((-quality, index, tag.strip()))
    return [tag for _, _, tag in sorted(ranked)]


def environment_language(environ: dict[str, str] | None = None) -> str:
    """The language the environment asks for (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``)."""
    env = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value and value not in ("C", "POSIX"):
            return negotiate([part.split(".")[0] for part in value.split(":")])
    return SOURCE_LANGUAGE


def set_language(language: str) -> None:
    """Make ``language`` this kernel's (this process's) language for everything shown from now."""
    global _default
    _default = primary(language) if primary(language) in available() else SOURCE_LANGUAGE


def current_language() -> str:
    """The language strings are translated into now."""
    return getattr(_current, "language", None) or _default


@contextmanager
def using(language: str | None) -> Iterator[None]:
    """Translate into ``language`` inside the block, in this thread only (a report in Spanish
    written by an English-speaking facilitator's page)."""
    before = getattr(_current, "language", None)
    _current.language = primary(language) if language else None
    try:
        yield
    finally:
        _current.language = before


def _(message: str) -> str:
    """``message`` in the current language."""
    return translation(current_language()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for ``count``, in the current language (whose own plural
    rules decide)."""
    return translation(current_language()).ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark ``message`` for translation where it is defined (a module-level constant); it is
    translated with ``_()`` where it is shown."""
    return message


#: Each language's name as a sentence in another language names it ("en inglés").
_NAMED_IN_A_SENTENCE = {"en": N_("English"), "es": N_("Spanish")}


def language_name(tag: str) -> str:
    """``tag``'s name in the current language, for use inside a sentence (the tag itself for a
    language without a name here)."""
    named = _NAMED_IN_A_SENTENCE.get(primary(tag))
    return _(named) if named else tag


__all__ = [
    "LANGUAGE_NAMES", "N_", "SOURCE_LANGUAGE", "_", "accept_language", "available", "current_language",
    "environment_language", "language_name", "negotiate", "ngettext", "primary", "set_language", "translation", "using",
]
