"""The application service: the rules of sessions, answers and results over any ``Store``.

The HTTP API and the CLI both call this layer, so a rule is written once. It imports no HTTP,
widget or SQL code; keys are checked by the caller (``check_key``) because the CLI, working on
its own data folder, acts as the owner of every session there.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Mapping
from urllib.parse import quote

from .model import (
    Answer,
    Conflict,
    InvalidValue,
    NotFound,
    NotRevealed,
    SessionState,
    Unauthorized,
    Workshop,
    apply_control,
    build_workshop,
    effective_k,
    get_kind,
    public_state,
)
from .model.safety import mentions_crisis
from .model.identity import (
    answer_key,
    check_participant,
    check_submission,
    digest,
    item_id,
    new_code,
    new_secret,
    normalise_code,
    secret_matches,
    submission_key,
)
from .store import AnswerRecord, DuplicateCode, SessionRecord, Store

DEFAULT_RETENTION_DAYS = 30
ANSWER_FIELDS = frozenset({"activity", "participant", "submission_id", "value", "skip"})
SIGNALS = ("pause",)


def join_url(base_url: str, code: str) -> str:
    """The address a participant opens to join a session."""
    return f"{base_url.rstrip('/')}/voila/render/join.ipynb?code={quote(code)}"


def dashboard_url(base_url: str, code: str, key: str) -> str:
    """The address that opens the facilitator dashboard; it carries the key (PRODUCT 4)."""
    return f"{base_url.rstrip('/')}/voila/render/dashboard.ipynb?code={quote(code)}&key={quote(key)}"


class Service:
    """Sessions and answers over a store, with k-suppression applied to everything shown."""

    def __init__(
        self,
        store: Store,
        *,
        k: int | None = None,
        retention_days: int = DEFAULT_RETENTION_DAYS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.k = effective_k(k)
        self.retention_days = retention_days
        self.clock = clock

    # sessions -----------------------------------------------------------------------------

    def create_session(self, workshop: Workshop, base_url: str) -> dict[str, str]:
        """Start a session of ``workshop``; the new code, facilitator key and addresses."""
        key = new_secret()
        created = datetime.fromtimestamp(self.clock(), timezone.utc).isoformat(timespec="seconds")
        for _ in range(20):
            code = new_code()
            record = SessionRecord(code, workshop.to_data(), digest(key), new_secret(), SessionState().to_data(), created)
            try:
                self.store.create_session(record)
                break
            except DuplicateCode:
                continue
        else:  # pragma: no cover - 85 million codes make this practically impossible
            raise Conflict("Could not find a free session code; please try again.")
        return {
            "code": code,
            "facilitator_key": key,
            "join_url": join_url(base_url, code),
            "dashboard_url": dashboard_url(base_url, code, key),
        }

    def _load(self, code: str) -> tuple[SessionRecord, Workshop, SessionState]:
        record = self.store.get_session(normalise_code(code)) if isinstance(code, str) else None
        if record is None:
            raise NotFound("There is no session with that code. Check the code and try again.")
        return record, build_workshop(record.workshop), SessionState.from_data(record.state)

    def check_key(self, code: str, key: str | None) -> None:
        """Raise ``NotFound`` for an unknown session, ``Unauthorized`` for a wrong or missing key."""
        record, _, _ = self._load(code)
        if not secret_matches(key, record.key_digest):
            raise Unauthorized("This needs the facilitator key of the session; the key given is missing or wrong.")

    def state(self, code: str) -> dict[str, Any]:
        """The public state of a session."""
        record, workshop, state = self._load(code)
        return public_state(record.code, workshop, state, self.clock())

    def workshop(self, code: str) -> Workshop:
        """The workshop a session runs (its snapshot taken when the session was created)."""
        return self._load(code)[1]

    def control(self, code: str, command: Any) -> dict[str, Any]:
        """Apply a facilitator command and return the new public state."""
        if not isinstance(command, Mapping):
            raise InvalidValue("A control request is a JSON object such as {\"action\": \"open\", \"activity\": \"...\"}.")
        for _ in range(5):
            record, workshop, state = self._load(code)
            new = apply_control(workshop, state, command, self.clock())
            if self.store.save_state(record.code, new.to_data(), state.revision):
                return public_state(record.code, workshop, new, self.clock())
        raise Conflict("The session changed at the same moment; please try again.")

    def purge(self, code: str) -> None:
        """Delete a session and every answer (P6)."""
        record, _, _ = self._load(code)
        self.store.purge_session(record.code)

    def expire(self) -> list[str]:
        """Purge sessions older than the retention period; the codes purged (P6)."""
        cutoff = datetime.fromtimestamp(self.clock(), timezone.utc) - timedelta(days=self.retention_days)
        expired = [r.code for r in self.store.list_sessions() if datetime.fromisoformat(r.created_at) < cutoff]
        for code in expired:
            self.store.purge_session(code)
        return expired

    # answers ------------------------------------------------------------------------------

    def submit(self, code: str, body: Any) -> tuple[str, dict[str, Any]]:
        """Store one answer or skip; the outcome ("stored", "changed", ...) and a receipt."""
        record, workshop, state = self._load(code)
        if not isinstance(body, Mapping):
            raise InvalidValue("An answer is a JSON object with activity, participant, submission_id and value.")
        unknown = set(body) - ANSWER_FIELDS
        if unknown:
            raise InvalidValue(f"Unknown field(s): {', '.join(sorted(map(str, unknown)))}.")
        missing = [name for name in ("activity", "participant", "submission_id") if name not in body]
        if missing:
            raise InvalidValue(f"Missing field(s): {', '.join(missing)}.")
        participant = check_participant(body["participant"])
        submission = check_submission(body["submission_id"])
        skip = body.get("skip", False)
        if not isinstance(skip, bool):
            raise InvalidValue("'skip' must be true or false.")
        if skip == ("value" in body):
            raise InvalidValue("Send either a value or \"skip\": true.")
        activity_id = body["activity"]
        activity = workshop.activity(activity_id) if isinstance(activity_id, str) else None
        if activity is None:
            raise NotFound(f"There is no activity {activity_id!r} in this session.")
        if state.status == "ended":
            raise Conflict("This session has ended, so answers are no longer collected.")
        if not state.accepts_answers(activity.id):
            raise Conflict("This activity is not open for answers right now.")
        kind = get_kind(activity.kind)
        assert kind is not None
        value = None if skip else kind.check_answer(activity.settings, body["value"])
        key = answer_key(record.salt, participant, activity.id)
        crisis = bool(kind.free_text and value and mentions_crisis(value))
        # Text with crisis language never reaches the moderation queue or the projector (S2).
        status = "flagged" if crisis else "pending" if kind.free_text else "approved"
        outcome = self.store.record_answer(
            record.code, activity.id, key, submission_key(key, submission), value, skip, status
        )
        if crisis and outcome in ("stored", "changed"):
            self.store.add_signal(record.code, "crisis")
        receipt = {"status": outcome, "activity": activity.id, "submission_id": submission, "skipped": skip, "support": crisis}
        return outcome, receipt

    def join(self, code: str, body: Any) -> dict[str, Any]:
        """Count a participant as joined (once per session); returns the public state."""
        record, workshop, state = self._load(code)
        participant = check_participant(body.get("participant") if isinstance(body, Mapping) else None)
        if state.status == "ended":
            raise Conflict("This session has ended. Thank you for taking part.")
        self.store.add_participant(record.code, answer_key(record.salt, participant, "\x00joined"))
        return public_state(record.code, workshop, state, self.clock())

    def my_answers(self, code: str, body: Any) -> dict[str, Any]:
        """The answers this participant gave, by activity, so a reloaded page can show them."""
        record, workshop, _ = self._load(code)
        participant = check_participant(body.get("participant") if isinstance(body, Mapping) else None)
        keys = {answer_key(record.salt, participant, a.id): a.id for a in workshop.activities}
        mine = {}
        for answer in self.store.answers(record.code):
            if answer.key in keys and keys[answer.key] == answer.activity:
                mine[answer.activity] = {"value": answer.value, "skipped": answer.skipped}
        return {"answers": mine}

    def signal(self, code: str, body: Any) -> None:
        """Count an anonymous signal such as "I need a pause" (S4): a count, never a name."""
        record, _, state = self._load(code)
        if not isinstance(body, Mapping) or body.get("kind") not in SIGNALS:
            raise InvalidValue(f"A signal needs 'kind', one of: {', '.join(SIGNALS)}.")
        check_participant(body.get("participant"))
        if state.status == "ended":
            raise Conflict("This session has ended.")
        self.store.add_signal(record.code, body["kind"])

    # results ------------------------------------------------------------------------------

    def _tally(self, workshop: Workshop, activity_id: str, answers: list[AnswerRecord]) -> dict[str, Any]:
        activity = workshop.activity(activity_id)
        assert activity is not None
        kind = get_kind(activity.kind)
        assert kind is not None
        given = [Answer(a.value, a.status, item_id(a.key)) for a in answers if not a.skipped]
        result = kind.tally(activity.settings, given, self.k)
        return {
            "id": activity.id,
            "kind": activity.kind,
            "count": len(given),
            "skipped": sum(1 for a in answers if a.skipped),
            "suppressed": result.suppressed,
            "needed": max(0, self.k - len(given)) if result.suppressed else 0,
            "tally": result.data,
        }

    def tally(self, code: str) -> dict[str, Any]:
        """Counts and k-suppressed tallies of every activity (the facilitator's view)."""
        record, workshop, _ = self._load(code)
        by_activity: dict[str, list[AnswerRecord]] = {a.id: [] for a in workshop.activities}
        for answer in self.store.answers(record.code):
            by_activity.setdefault(answer.activity, []).append(answer)
        signals = self.store.signals(record.code)
        return {
            "k": self.k,
            "participants": self.store.count_participants(record.code),
            "signals": {"pause": signals.get("pause", 0), "crisis": signals.get("crisis", 0)},
            "activities": [self._tally(workshop, a.id, by_activity[a.id]) for a in workshop.activities],
        }

    def results(self, code: str, activity_id: str) -> dict[str, Any]:
        """The revealed tally of one activity, as the room may see it.

        Below k nothing is shown, not even how many answered (P3).
        """
        record, workshop, state = self._load(code)
        if workshop.activity(activity_id) is None:
            raise NotFound(f"There is no activity {activity_id!r} in this session.")
        if not state.activity(activity_id).revealed:
            raise NotRevealed("The facilitator has not revealed these results yet.")
        entry = self._tally(workshop, activity_id, self.store.answers(record.code, activity_id))
        if entry["suppressed"]:
            entry.update(count=None, skipped=None, needed=None)
        return entry

    def export(self, code: str, *, include_text: bool = False) -> list[dict[str, Any]]:
        """The raw answers, one row each, with no keys; free text only when asked (P4)."""
        record, workshop, _ = self._load(code)
        rows = []
        for answer in self.store.answers(record.code):
            activity = workshop.activity(answer.activity)
            if activity is None:
                continue
            kind = get_kind(activity.kind)
            # Text with crisis language is never exported, even when free text is asked for (S2).
            withheld = bool(kind and kind.free_text and not answer.skipped and (not include_text or answer.status == "flagged"))
            rows.append(
                {
                    "session": record.code,
                    "activity": activity.id,
                    "kind": activity.kind,
                    "skipped": answer.skipped,
                    "value": None if withheld else answer.value,
                    "text_withheld": withheld,
                    "moderation": answer.status if kind and kind.free_text else None,
                }
            )
        order = {a.id: i for i, a in enumerate(workshop.activities)}
        return sorted(rows, key=lambda row: order[row["activity"]])

    def summary(self, code: str) -> dict[str, Any]:
        """Title, workshop and creation date of a session (for listings)."""
        record, workshop, state = self._load(code)
        return {"code": record.code, "workshop": workshop.id, "title": workshop.title, "status": state.status, "created_at": record.created_at}


__all__ = ["DEFAULT_RETENTION_DAYS", "Service", "dashboard_url", "join_url"]
