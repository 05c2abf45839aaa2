"""The shapes of the series summary (``summary``'s return value), typed for its readers: the
report, the notebook tables and the API's OpenAPI description. Every number may be None: it is
then hidden because it rests on fewer than k answers, people or pairs (P3)."""

from __future__ import annotations

from typing import Any, TypedDict


class SessionEntry(TypedDict):
    code: str
    workshop: str
    title: str
    created_at: str
    follow_up: bool
    participants: int | None


class Participation(TypedDict):
    sessions: list[SessionEntry]
    attendances: int | None
    note: str


class ItemEntry(TypedDict):
    activity: str
    prompt: str
    kind: str
    count: int | None
    skipped: int | None
    suppressed: bool
    tally: dict[str, Any] | None


class SessionItems(TypedDict):
    code: str
    title: str
    items: list[ItemEntry]


class Phase(TypedDict):
    sessions: list[str]
    n: int | None
    mean: float | None
    sd: float | None
    unscored: int | None


class Paired(TypedDict):
    shown: bool
    n: int | None
    mean_change: float | None
    ci95: list[float] | None
    sd_change: float | None
    d_z: float | None
    ambiguous: int | None
    rule: str


class Measure(TypedDict):
    instrument: str
    name: str
    citation: str
    licence: str
    range: list[float] | None
    higher_means: str
    rule: str
    not_a_diagnosis: str
    pre: Phase
    post: Phase
    paired: Paired


class RetroItem(TypedDict):
    id: str
    text: str
    n: int | None
    before: float | None
    now: float | None
    change: float | None


class Retrospective(TypedDict):
    code: str
    title: str
    activity: str
    prompt: str
    min_label: str
    max_label: str
    items: list[RetroItem]


class RepeatedUse(TypedDict):
    code: str
    title: str
    created_at: str
    activity: str
    n: int | None
    mean: float | None


class Repeated(TypedDict):
    prompt: str
    min: int
    max: int
    min_label: str
    max_label: str
    sessions: list[RepeatedUse]


class CheckIn(TypedDict):
    workshop: str
    title: str
    sessions: list[str]
    attendances: int | None
    items: list[ItemEntry]


class Summary(TypedDict):
    series: str
    created_at: str
    k: int
    n: dict[str, int | None]
    limits: list[str]
    not_a_diagnosis: str
    participation: Participation
    reaction: dict[str, list[SessionItems]]
    learning: dict[str, Any]
    behaviour: dict[str, list[CheckIn]]
