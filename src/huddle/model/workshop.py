"""Turning workshop data (already parsed from YAML) into a ``Workshop``, reporting every problem.

Structural checks (types, required fields) are done against the JSON schema by the content
adapter; this module checks meaning: known kinds, each kind's settings, unique ids, timings that
add up (activities plus the allowances for joining, transitions and a break), and no placeholder
text left in content.
"""

from __future__ import annotations

import re
from typing import Any

from .kinds import KINDS
from .text import file_languages, localized
from .types import Activity, Problem, Workshop

SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
COMMON_FIELDS = frozenset({"id", "kind", "prompt", "minutes", "content_note", "notes"})
#: Left-over drafting marks. Upper case only: "todo" is an ordinary Spanish word ("Todo el tiempo").
PLACEHOLDER = re.compile(r"\b(TODO|FIXME|TBD|XXX)\b|(?i:lorem ipsum)")


def _placeholders(value: Any, path: tuple[str | int, ...]) -> list[Problem]:
    if isinstance(value, str):
        match = PLACEHOLDER.search(value)
        return [Problem(path, f"contains the placeholder '{match.group(0)}'; write the real content")] if match else []
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in _placeholders(item, path + (key,))]
    if isinstance(value, list):
        return [p for index, item in enumerate(value) for p in _placeholders(item, path + (index,))]
    return []


def _activity_problems(data: dict[str, Any]) -> list[Problem]:
    kind = KINDS.get(data.get("kind"))  # type: ignore[arg-type]
    if kind is None:
        names = ", ".join(sorted(KINDS))
        return [Problem(("kind",), f"unknown kind '{data.get('kind')}'; use one of: {names}")]
    settings = {key: value for key, value in data.items() if key not in COMMON_FIELDS}
    problems = [Problem((key,), f"is not a setting of a {kind.name} activity") for key in settings if key not in kind.settings]
    known = {key: value for key, value in settings.items() if key in kind.settings}
    return problems + kind.check_settings(known)


def check_workshop(data: Any) -> list[Problem]:
    """Every semantic problem with workshop data, each located by its path."""
    if not isinstance(data, dict):
        return [Problem((), "a workshop file must be a mapping with id, title and activities")]
    problems: list[Problem] = []
    if isinstance(data.get("id"), str) and not SLUG.match(data["id"]):
        problems.append(Problem(("id",), "a workshop id is lowercase letters, digits, '-' or '_'"))
    activities = data.get("activities")
    if not isinstance(activities, list):
        return problems
    seen: set[str] = set()
    planned = 0.0
    timed = False
    for index, activity in enumerate(activities):
        if not isinstance(activity, dict):
            continue
        activity_id = activity.get("id")
        if isinstance(activity_id, str):
            if not SLUG.match(activity_id):
                problems.append(Problem(("activities", index, "id"), "an activity id is lowercase letters, digits, '-' or '_'"))
            elif activity_id in seen:
                problems.append(Problem(("activities", index, "id"), f"the activity id '{activity_id}' is used twice"))
            seen.add(activity_id)
        problems += [p.at("activities", index) for p in _activity_problems(activity)]
        if isinstance(activity.get("minutes"), (int, float)):
            planned += activity["minutes"]
            timed = True
    allowances = data.get("allowances") if isinstance(data.get("allowances"), dict) else {}
    allowed = sum(value for value in allowances.values() if isinstance(value, (int, float)))
    problems += _break_problems(data, allowances, seen)
    total = data.get("minutes")
    if timed and isinstance(total, (int, float)) and abs(planned + allowed - total) > 0.01:
        what = f"the activities ({planned:g}) and allowances ({allowed:g})" if allowed else "the activities"
        problems.append(Problem(("minutes",), f"{what} add up to {planned + allowed:g} minutes, not {total:g}"))
    return problems + _placeholders(data, ())


def _break_problems(data: dict[str, Any], allowances: dict[str, Any], ids: set[str]) -> list[Problem]:
    """A break needs to know where it falls, and ``break_after`` needs a break and a real activity."""
    after = data.get("break_after")
    if allowances.get("break") and after is None:
        return [Problem(("break_after",), "say which activity the break follows (break_after: an activity id)")]
    if after is not None and not allowances.get("break"):
        return [Problem(("break_after",), "there is no break in allowances for break_after to place")]
    if after is not None and after not in ids:
        return [Problem(("break_after",), f"no activity has the id '{after}'")]
    return []


def build_workshop(data: dict[str, Any], language: str | None = None) -> Workshop:
    """A ``Workshop`` from data that ``check_workshop`` (and the schema) found no problem with,
    its text in ``language`` (the file's main language when None or not one the file gives)."""
    main, languages = file_languages(data)
    shown_in = language if language in languages else main
    source = data if len(languages) > 1 else None
    data = localized(data, shown_in, languages, main)
    activities = tuple(
        Activity(
            id=a["id"],
            kind=a["kind"],
            prompt=a["prompt"],
            minutes=a.get("minutes"),
            content_note=a.get("content_note"),
            notes=a.get("notes"),
            settings={key: value for key, value in a.items() if key not in COMMON_FIELDS},
        )
        for a in data["activities"]
    )
    return Workshop(
        id=data["id"],
        title=data["title"],
        minutes=data.get("minutes"),
        description=data.get("description", ""),
        activities=activities,
        self_paced=bool(data.get("self_paced", False)),
        allowances={key: float(value) for key, value in (data.get("allowances") or {}).items()},
        break_after=data.get("break_after"),
        language=shown_in,
        languages=languages,
        source=source,
    )
