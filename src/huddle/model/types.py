"""Plain types of the core: workshops, activities, problems found in content."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a piece of content, located by its path inside the data."""

    path: tuple[str | int, ...]
    message: str

    def at(self, *prefix: str | int) -> "Problem":
        """The same problem with ``prefix`` put in front of its path."""
        return Problem(tuple(prefix) + self.path, self.message)


@dataclass(frozen=True)
class Activity:
    """One step of a workshop: a poll, an exercise or a report-back."""

    id: str
    kind: str
    prompt: str
    settings: Mapping[str, Any] = field(default_factory=dict)
    minutes: float | None = None
    content_note: str | None = None
    #: Speaker notes for the facilitator (what to say, asides, what to expect). They are never
    #: part of the public form: no participant page, projector, export or public state sees them.
    notes: str | None = None

    @classmethod
    def from_public(cls, data: Mapping[str, Any]) -> "Activity":
        """An activity back from its public form (``to_public``, plus an optional ``status``)."""
        fixed = ("id", "kind", "prompt", "minutes", "content_note", "notes", "status")
        settings = {key: value for key, value in data.items() if key not in fixed}
        return cls(id=data["id"], kind=data["kind"], prompt=data["prompt"], settings=settings, minutes=data.get("minutes"),
                   content_note=data.get("content_note"), notes=data.get("notes"))

    def to_public(self) -> dict[str, Any]:
        """The activity as the API shows it: ``{"id", "kind", "prompt", ...settings}``."""
        data: dict[str, Any] = {"id": self.id, "kind": self.kind, "prompt": self.prompt}
        data.update(self.settings)
        if self.minutes is not None:
            data["minutes"] = self.minutes
        if self.content_note:
            data["content_note"] = self.content_note
        return data


@dataclass(frozen=True)
class Workshop:
    """A workshop: an ordered list of activities with a title and a planned length."""

    id: str
    title: str
    activities: tuple[Activity, ...]
    minutes: float | None = None
    description: str = ""
    #: Sessions of this workshop start self-paced (follow-up check-ins people open in their own time).
    self_paced: bool = False
    #: Minutes that belong to no activity but are part of the plan: ``joining``, ``transitions``
    #: and ``break`` (taken after the activity ``break_after``). They count towards ``minutes``.
    allowances: Mapping[str, float] = field(default_factory=dict)
    break_after: str | None = None
    #: The language its text is shown in, and every language its file gives text in (the main
    #: one first; see ``model.text``).
    language: str = "en"
    languages: tuple[str, ...] = ("en",)
    #: The file's data with every language's text, kept when it has more than one, so a
    #: session's snapshot (``to_data``) can be shown again in any of them.
    source: Mapping[str, Any] | None = field(default=None, compare=False, repr=False)

    def activity_minutes(self) -> float:
        """The minutes the timed activities add up to."""
        return sum(a.minutes or 0 for a in self.activities)

    def planned_minutes(self) -> float:
        """Activities plus allowances: what the plan adds up to."""
        return self.activity_minutes() + sum(self.allowances.values())

    def activity(self, activity_id: str) -> Activity | None:
        """The activity with this id, or None."""
        for activity in self.activities:
            if activity.id == activity_id:
                return activity
        return None

    def next_after(self, activity_id: str | None) -> Activity | None:
        """The activity that follows ``activity_id`` (the first one when it is None)."""
        ids = [a.id for a in self.activities]
        if activity_id is None:
            return self.activities[0] if self.activities else None
        position = ids.index(activity_id) + 1
        return self.activities[position] if position < len(ids) else None

    def to_data(self) -> dict[str, Any]:
        """The workshop as plain data, the same shape a workshop file has (with every
        language's text, when it has several)."""
        if self.source is not None:
            import copy

            return copy.deepcopy(dict(self.source))
        return {
            "id": self.id,
            "title": self.title,
            "minutes": self.minutes,
            "description": self.description,
            **({"self_paced": True} if self.self_paced else {}),
            **({"allowances": dict(self.allowances)} if self.allowances else {}),
            **({"break_after": self.break_after} if self.break_after else {}),
            "activities": [
                {
                    "id": a.id,
                    "kind": a.kind,
                    "prompt": a.prompt,
                    **({"minutes": a.minutes} if a.minutes is not None else {}),
                    **({"content_note": a.content_note} if a.content_note else {}),
                    **({"notes": a.notes} if a.notes else {}),
                    **dict(a.settings),
                }
                for a in self.activities
            ],
        }
