"""Follow-up reflection content: private journaling sections, some revisiting a skill exercise.

A reflection is plain data (from a YAML file): an intro, sections with prompts and an optional
exercise, and a closing. This module checks it and turns it into Markdown for the participant's
own download; nothing here is ever sent anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from .kinds import KINDS
from .types import Problem
from .workshop import PLACEHOLDER, SLUG

TOP_FIELDS = {"language", "languages", "id", "title", "weeks", "intro", "sections", "closing"}
SECTION_FIELDS = {"id", "title", "text", "prompts", "exercise"}


@dataclass(frozen=True)
class Section:
    """One part of a reflection: a title, a paragraph, prompts, and maybe an exercise."""

    id: str
    title: str
    text: str
    prompts: tuple[str, ...]
    exercise: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class Reflection:
    """A follow-up reflection, e.g. one week or four weeks after a workshop."""

    id: str
    title: str
    weeks: int
    intro: str
    sections: tuple[Section, ...]
    closing: str


def _text(value: Any, where: tuple[str | int, ...], limit: int = 2000) -> list[Problem]:
    """Problems with a piece of text found at ``where``: missing, too long, or a placeholder."""
    if not isinstance(value, str) or not value.strip():
        return [Problem(where, "needs some text")]
    if len(value) > limit:
        return [Problem(where, f"is longer than {limit} characters")]
    match = PLACEHOLDER.search(value)
    return [Problem(where, f"contains the placeholder '{match.group(0)}'; write the real content")] if match else []


def _exercise_problems(exercise: Any, path: tuple[str | int, ...]) -> list[Problem]:
    if not isinstance(exercise, Mapping):
        return [Problem(path, "needs a kind and that kind's settings")]
    kind = KINDS.get(exercise.get("kind"))  # type: ignore[arg-type]
    if kind is None or not kind.exercise:
        names = ", ".join(name for name, k in KINDS.items() if k.exercise)
        return [Problem(path + ("kind",), f"must be one of the skill exercises: {names}")]
    settings = {key: value for key, value in exercise.items() if key != "kind"}
    problems = [Problem(path + (key,), f"is not a setting of a {kind.name} exercise") for key in settings if key not in kind.settings or key == "share"]
    known = {key: value for key, value in settings.items() if key in kind.settings}
    return problems + [p.at(*path) for p in kind.check_settings(known)]


def check_reflection(data: Any) -> list[Problem]:
    """Every problem with reflection data, each located by its path."""
    if not isinstance(data, Mapping):
        return [Problem((), "a reflection file is a mapping with id, title, weeks, intro, sections and closing")]
    problems = [Problem((key,), "is not a field of a reflection") for key in data if key not in TOP_FIELDS]
    if not isinstance(data.get("id"), str) or not SLUG.match(data["id"]):
        problems.append(Problem(("id",), "a reflection id is lowercase letters, digits, '-' or '_'"))
    weeks = data.get("weeks")
    if isinstance(weeks, bool) or not isinstance(weeks, int) or not 1 <= weeks <= 52:
        problems.append(Problem(("weeks",), "must be a whole number of weeks from 1 to 52"))
    for name in ("title", "intro", "closing"):
        problems += _text(data.get(name), (name,), 120 if name == "title" else 2000)
    sections = data.get("sections")
    if not isinstance(sections, list) or not 1 <= len(sections) <= 12:
        return problems + [Problem(("sections",), "needs a list of 1 to 12 sections")]
    seen: set[str] = set()
    for index, section in enumerate(sections):
        path: tuple[str | int, ...] = ("sections", index)
        if not isinstance(section, Mapping):
            problems.append(Problem(path, "each section has an id, a title, text and prompts"))
            continue
        problems += [Problem(path + (key,), "is not a field of a section") for key in section if key not in SECTION_FIELDS]
        section_id = section.get("id")
        if not isinstance(section_id, str) or not SLUG.match(section_id) or section_id in seen:
            problems.append(Problem(path + ("id",), "a section id is unique: lowercase letters, digits, '-' or '_'"))
        seen.add(str(section_id))
        problems += _text(section.get("title"), path + ("title",), 120) + _text(section.get("text"), path + ("text",))
        prompts = section.get("prompts")
        if not isinstance(prompts, list) or not 1 <= len(prompts) <= 4:
            problems.append(Problem(path + ("prompts",), "needs a list of 1 to 4 prompts"))
        else:
            for number, prompt in enumerate(prompts):
                problems += _text(prompt, path + ("prompts", number), 300)
        if "exercise" in section:
            problems += _exercise_problems(section["exercise"], path + ("exercise",))
    return problems


def build_reflection(data: Mapping[str, Any]) -> Reflection:
    """A ``Reflection`` from data that ``check_reflection`` found no problem with."""
    return Reflection(
        id=data["id"],
        title=data["title"],
        weeks=data["weeks"],
        intro=data["intro"].strip(),
        closing=data["closing"].strip(),
        sections=tuple(
            Section(
                id=s["id"],
                title=s["title"],
                text=s["text"].strip(),
                prompts=tuple(s["prompts"]),
                exercise=dict(s["exercise"]) if s.get("exercise") else None,
            )
            for s in data["sections"]
        ),
    )


def journal_markdown(reflection: Reflection, answers: Mapping[str, list[str]], exercise_notes: Mapping[str, str], *, date: str) -> str:
    """The participant's own journal as Markdown: only the prompts they answered, and exercise notes.

    ``answers`` maps a section id to the texts typed under its prompts (in order);
    ``exercise_notes`` maps a section id to its exercise's notes.
    """
    parts = [f"# {reflection.title}", f"_Written on {date}. This file was made on your own device; nothing in it was sent anywhere._"]
    for section in reflection.sections:
        body = []
        notes = exercise_notes.get(section.id, "").strip()
        if notes:
            body.append(notes)
        for prompt, text in zip(section.prompts, answers.get(section.id, [])):
            if text.strip():
                body.append(f"**{prompt}**\n\n{text.strip()}")
        if body:
            parts.append(f"## {section.title}\n\n" + "\n\n".join(body))
    if len(parts) == 2:
        parts.append("_You have not written anything yet._")
    return "\n\n".join(parts) + "\n"
