"""The follow-up reflection files bundled with Huddle (YAML, checked by the core's rules)."""

from __future__ import annotations

from importlib import resources

import yaml

from ..model.reflection import Reflection, build_reflection, check_reflection

BUNDLED = resources.files(__package__) / "reflections"


class ReflectionError(ValueError):
    """A reflection file has problems; the message lists them, one per line."""


def load_reflection(reflection_id: str) -> Reflection:
    """A bundled reflection by id (``one-week``, ``four-weeks``); raises ``ReflectionError``."""
    entry = BUNDLED / f"{reflection_id}.yaml"
    if not entry.is_file():
        known = ", ".join(sorted(bundled_reflection_ids()))
        raise ReflectionError(f"There is no bundled reflection '{reflection_id}' (bundled: {known}).")
    data = yaml.safe_load(entry.read_text(encoding="utf-8"))
    problems = check_reflection(data)
    if problems:
        raise ReflectionError("\n".join(f"{entry.name}: {'.'.join(map(str, p.path))}: {p.message}" for p in problems))
    return build_reflection(data)


def bundled_reflection_ids() -> list[str]:
    """The ids of every bundled reflection."""
    return sorted(e.name[: -len(".yaml")] for e in BUNDLED.iterdir() if e.name.endswith(".yaml"))
