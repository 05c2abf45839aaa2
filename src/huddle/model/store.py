"""The store interface every backend implements, and the records it deals in.

Kept small on purpose: the service layer holds the rules, a backend only keeps data safe.
Each method is one transaction, committed before it returns (R1). This module is part of the
pure core, so the service can name the interface without loading any SQL driver; the backends
live in ``huddle.store``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal, Protocol

Outcome = Literal["stored", "changed", "unchanged", "duplicate"]


class DuplicateCode(Exception):
    """A session with this code already exists."""


class StoreError(Exception):
    """The store cannot be opened; the message says why in one line."""


def encode(value: Any) -> str:
    """The JSON text every backend stores for a value (compact, non-ASCII kept as is).

    One encoding for all backends, because "unchanged" answers are found by comparing it.
    """
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


@dataclass(frozen=True)
class SessionRecord:
    """A session as stored: its workshop snapshot, key digest, answer-key salt and state."""

    code: str
    workshop: dict[str, Any]
    key_digest: str
    salt: str
    state: dict[str, Any]
    created_at: str
    #: The series the session belongs to, or None for a session on its own.
    series: str | None = None

    @classmethod
    def from_row(cls, row: tuple) -> "SessionRecord":
        """A record from a ``(code, workshop, key_digest, salt, state, created_at, series)`` row, JSON decoded."""
        code, workshop, key_digest, salt, state, created_at, series = row
        return cls(code, json.loads(workshop), key_digest, salt, json.loads(state), created_at, series)


@dataclass(frozen=True)
class SeriesRecord:
    """A named series of sessions and the salt that, with the server's link key, makes its secret."""

    name: str
    salt: str
    created_at: str


@dataclass(frozen=True)
class SiteWorkshop:
    """A workshop the site adapted or uploaded, kept as the YAML text it was saved as."""

    id: str
    title: str
    source: str
    updated_at: str


@dataclass(frozen=True)
class AnswerRecord:
    """One participant's answer (or skip) to one activity, under a per-activity key."""

    activity: str
    key: str
    value: Any
    skipped: bool
    status: str


class Store(Protocol):
    """What the service needs from a backend."""

    #: How many calls the server may run on the store at once.
    concurrency: int

    def create_session(self, record: SessionRecord) -> None:
        """Store a new session; raises ``DuplicateCode`` if the code is taken."""

    def get_session(self, code: str) -> SessionRecord | None:
        """The session with this code, or None."""

    def save_state(self, code: str, state: dict[str, Any], expected_revision: int) -> bool:
        """Replace the session state if its revision is still ``expected_revision``."""

    def record_answer(
        self, code: str, activity: str, key: str, submission: str, value: Any, skipped: bool, status: str
    ) -> Outcome:
        """Store or change one answer, once per submission (R2)."""

    def answers(self, code: str, activity: str | None = None) -> list[AnswerRecord]:
        """Every stored answer of a session (or of one activity)."""

    def set_answer_status(self, code: str, activity: str, key: str, status: str) -> bool:
        """Change a free-text answer's moderation status."""

    def add_participant(self, code: str, key: str, stage: str | None = None) -> bool:
        """Record that someone joined (under a per-session key); True the first time."""

    def participants(self, code: str) -> list[tuple[str, str | None, int | None]]:
        """``(key, training stage, group number)`` of everyone who joined."""

    def has_participant(self, code: str, key: str) -> bool:
        """True when someone joined the session under ``key``."""

    def set_groups(self, code: str, groups: dict[str, int | None]) -> None:
        """Replace the group numbers (people not named have none)."""

    def set_group(self, code: str, key: str, group: int) -> None:
        """Put one participant in a group, leaving everyone else's as they are."""

    def count_participants(self, code: str) -> int:
        """How many people joined the session."""

    def add_signal(self, code: str, kind: str) -> None:
        """Count one anonymous signal ("pause", "crisis")."""

    def signals(self, code: str) -> dict[str, int]:
        """The signal counts of a session."""

    def list_sessions(self) -> list[SessionRecord]:
        """Every session, oldest first."""

    def purge_session(self, code: str) -> bool:
        """Delete a session and every answer; True if it existed."""

    def create_series(self, record: SeriesRecord) -> bool:
        """Store a new series; False (and nothing changed) if the name is taken."""

    def get_series(self, name: str) -> SeriesRecord | None:
        """The series with this name, or None."""

    def list_series(self) -> list[SeriesRecord]:
        """Every series, by name."""

    def sessions_in_series(self, name: str) -> list[SessionRecord]:
        """The sessions of a series, oldest first."""

    def purge_series(self, name: str) -> bool:
        """Delete a series, its sessions and every answer in them; True if it existed."""

    def record_link(self, code: str, activity: str, key: str, link: str) -> None:
        """Keep (or replace) the pairing link of one measure answer."""

    def links(self, code: str) -> dict[tuple[str, str], str]:
        """``(activity, answer key) -> link`` of a session's paired measure answers."""

    def save_workshop(self, record: SiteWorkshop) -> bool:
        """Store a site workshop, replacing one with the same id; True when it is new."""

    def get_workshop(self, workshop_id: str) -> SiteWorkshop | None:
        """The site workshop with this id, or None."""

    def list_workshops(self) -> list[SiteWorkshop]:
        """Every site workshop, by id."""

    def delete_workshop(self, workshop_id: str) -> bool:
        """Delete a site workshop; True if it existed (sessions keep their own snapshot)."""

    def add_vote(self, code: str, activity: str, item: str, voter: str) -> bool:
        """Count one upvote of ``item`` under a per-activity voter key; False (nothing changed)
        when this voter already upvoted it."""

    def votes(self, code: str, activity: str) -> dict[str, int]:
        """``item -> upvotes`` of one activity."""

    def voted(self, code: str, activity: str, voter: str) -> set[str]:
        """The items this voter upvoted in one activity."""

    def close(self) -> None:
        """Release connections."""
