"""Content text in several languages: any text field of a workshop, reflection or support file may
be a plain string, or a mapping from language to string (``{en: "How are you?", es: "¿Cómo estás?"}``).

A file says which languages it is written in (``language``, its main one, and ``languages``,
all of them); only mappings whose keys are among those languages are text, so a setting that is
itself a mapping (an instrument, a share question) is never mistaken for one. ``localized``
replaces every text mapping with one language's string, falling back to the main language, so
everything downstream (checks, kinds, tallies, pages) keeps working on plain strings, and option
ids stay the same in every language: a tally merges answers given in any of them.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Collection, Mapping

from .types import Problem

#: A language tag as the files use it: ``en``, ``es``, ``pt-BR``.
LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(?:-[A-Z]{2})?$")
DEFAULT_LANGUAGE = "en"


def file_languages(data: Any) -> tuple[str, tuple[str, ...]]:
    """``(main language, every language)`` a file declares (English alone when it says none)."""
    if not isinstance(data, Mapping):
        return DEFAULT_LANGUAGE, (DEFAULT_LANGUAGE,)
    main = data.get("language") if isinstance(data.get("language"), str) else DEFAULT_LANGUAGE
    declared = [tag for tag in data.get("languages") or () if isinstance(tag, str)]
    ordered = [main, *[tag for tag in declared if tag != main]]
    return main, tuple(ordered)


def is_text_mapping(value: Any, languages: Collection[str]) -> bool:
    """True for ``{language: string}`` with every key one of ``languages``."""
    return (
        isinstance(value, Mapping) and bool(value)
        and all(isinstance(key, str) and key in languages for key in value)
        and all(isinstance(text, str) for text in value.values())
    )


def pick(value: Any, language: str, main: str = DEFAULT_LANGUAGE) -> Any:
    """The string of ``value`` in ``language`` (else the main language, else any); a value that
    is not a text mapping is returned as it is."""
    if not isinstance(value, Mapping):
        return value
    for choice in (language, main):
        if isinstance(value.get(choice), str) and value[choice].strip():
            return value[choice]
    return next(iter(value.values()), "")


def localized(data: Any, language: str | None = None, languages: Collection[str] | None = None, main: str | None = None) -> Any:
    """``data`` with every text mapping replaced by its string in ``language`` (the file's main
    language when None or not one of the file's)."""
    file_main, declared = file_languages(data) if languages is None else (main or DEFAULT_LANGUAGE, tuple(languages))
    main = main or file_main
    chosen = language if language in declared else main

    return _each_text(data, declared, lambda value: pick(value, chosen, main))


def restricted(data: Any, keep: Collection[str], languages: Collection[str]) -> Any:
    """``data`` (written in ``languages``) with each text mapping narrowed to the languages in
    ``keep``: a bundled instrument written in English and Spanish, expanded into a workshop
    written in English alone, becomes plain English text there. A mapping left with one
    language becomes that language's plain string."""

    def narrow(value: Mapping[str, str]) -> Any:
        narrowed = {tag: text for tag, text in value.items() if tag in keep}
        if not narrowed:
            return next(iter(value.values()))
        return next(iter(narrowed.values())) if len(narrowed) == 1 else narrowed

    return _each_text(data, languages, narrow)


def _each_text(data: Any, languages: Collection[str], change: Callable[[Mapping[str, str]], Any]) -> Any:
    """``data`` with ``change`` applied to every text mapping in it (one written in ``languages``)."""

    def walk(value: Any) -> Any:
        if is_text_mapping(value, languages):
            return change(value)
        if isinstance(value, Mapping):
            return {key: walk(item) for key, item in value.items()}
        if isinstance(value, list):
            return [walk(item) for item in value]
        return value

    return walk(data)


def translation_problems(data: Any, languages: Collection[str] | None = None) -> list[Problem]:
    """A problem for each text mapping that lacks one of the file's languages, and for each
    declared language that is not a language tag."""
    main, declared = file_languages(data) if languages is None else (DEFAULT_LANGUAGE, tuple(languages))
    problems = [Problem(("languages",), f"'{tag}' is not a language tag such as en, es or pt-BR") for tag in declared if not LANGUAGE_TAG.match(tag)]

    def walk(value: Any, path: tuple[str | int, ...]) -> None:
        if is_text_mapping(value, declared):
            missing = [tag for tag in declared if not (isinstance(value.get(tag), str) and value[tag].strip())]
            if missing:
                problems.append(Problem(path, f"has no text in {', '.join(missing)}, which the file declares in languages"))
            return
        if isinstance(value, Mapping):
            for key, item in value.items():
                walk(item, path + (key,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, path + (index,))

    if len(declared) > 1:
        walk(data, ())
    return problems


__all__ = ["DEFAULT_LANGUAGE", "LANGUAGE_TAG", "file_languages", "is_text_mapping", "localized", "pick", "restricted", "translation_problems"]
