"""The follow-up reflection files bundled with Huddle (YAML, checked by the core's rules)."""

from __future__ import annotations

from importlib import resources

import yaml

from ..i18n import _
from ..model.reflection import Reflection, build_reflection, check_reflection
from ..model.text import file_languages, localized, translation_problems

BUNDLED = resources.files(__package__) / "reflections"


class ReflectionError(ValueError):
    """A reflection file has problems; the message lists them, one per line."""


def load_reflection(reflection_id: str, language: str | None = None) -> Reflection:
    """A bundled reflection by id (``one-week``, ``four-weeks``), its text in ``language`` where
    the file gives it; raises ``ReflectionError``."""
    entry = BUNDLED / f"{reflection_id}.yaml"
    if not entry.is_file():
        known = ", ".join(sorted(bundled_reflection_ids()))
        raise ReflectionError(_("There is no bundled reflection '{id}' (bundled: {known}).").format(id=reflection_id, known=known))
    data = yaml.safe_load(entry.read_text(encoding="utf-8"))
    # Checked in every language the file gives (each time with that language's text alone).
    main, languages = file_languages(data)
    problems = translation_problems(data)
    for checked in languages:
        problems += [p for p in check_reflection(localized(data, checked, languages, main)) if p not in problems]
    if problems:
        raise ReflectionError("\n".join(f"{entry.name}: {'.'.join(map(str, p.path))}: {p.message}" for p in problems))
    return build_reflection(localized(data, language, languages, main))


def bundled_reflection_ids() -> list[str]:
    """The ids of every bundled reflection."""
    return sorted(e.name[: -len(".yaml")] for e in BUNDLED.iterdir() if e.name.endswith(".yaml"))
