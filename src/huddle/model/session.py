"""The live state of a session and the facilitator's controls, as pure functions.

State is plain data so the store can keep it as JSON; every change bumps ``revision`` so that
pages waiting for a change can tell one happened.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any, Mapping

from .errors import Conflict, InvalidValue, NotFound
from .kinds.word_cloud import normalise_word
from .types import Workshop

MAX_TIMER_SECONDS = 3 * 60 * 60
ACTIONS = ("open", "close", "reveal", "hide", "advance", "timer", "self_paced", "ban_word", "unban_word", "end")
#: Actions the service carries out itself (they change answers or groups, not just state).
SERVICE_ACTIONS = ("moderate", "breakout", "end_breakout")


@dataclass(frozen=True)
class ActivityState:
    """Where one activity stands: "ready" (not yet opened), "open" or "closed"; and revealed."""

    status: str = "ready"
    revealed: bool = False


@dataclass(frozen=True)
class Timer:
    """A countdown the facilitator started: its length and when it ends (epoch seconds)."""

    seconds: int
    ends_at: float

    def remaining(self, now: float) -> float:
        """Seconds left, never negative."""
        return max(0.0, round(self.ends_at - now, 1))


@dataclass(frozen=True)
class SessionState:
    """Everything about a session that changes while it runs."""

    status: str = "waiting"  # waiting | live | ended
    current: str | None = None
    activities: Mapping[str, ActivityState] = field(default_factory=dict)
    timer: Timer | None = None
    self_paced: bool = False
    banned_words: tuple[str, ...] = ()
    breakout: Mapping[str, Any] | None = None
    revision: int = 0

    def activity(self, activity_id: str) -> ActivityState:
        """The state of one activity (activities never touched are "ready")."""
        return self.activities.get(activity_id, ActivityState())

    def accepts_answers(self, activity_id: str) -> bool:
        """True while the session runs and this activity is open (or, self-paced, not closed)."""
        if self.status == "ended":
            return False
        status = self.activity(activity_id).status
        return status == "open" or (self.self_paced and status != "closed")

    def to_data(self) -> dict[str, Any]:
        """Plain data for the store."""
        return asdict(self)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> "SessionState":
        """Rebuild from what ``to_data`` returned."""
        timer = data.get("timer")
        return cls(
            status=data.get("status", "waiting"),
            current=data.get("current"),
            activities={key: ActivityState(**value) for key, value in data.get("activities", {}).items()},
            timer=Timer(**timer) if timer else None,
            self_paced=bool(data.get("self_paced", False)),
            banned_words=tuple(data.get("banned_words", ())),
            breakout=data.get("breakout"),
            revision=int(data.get("revision", 0)),
        )


def _with(state: SessionState, activity_id: str, **changes: Any) -> dict[str, ActivityState]:
    activities = dict(state.activities)
    activities[activity_id] = replace(state.activity(activity_id), **changes)
    return activities


def _open(state: SessionState, activity_id: str) -> SessionState:
    activities = dict(state.activities)
    # Focus mode: the room works on one activity at a time, so opening one closes the others.
    for other, other_state in activities.items():
        if other_state.status == "open" and other != activity_id:
            activities[other] = replace(other_state, status="closed")
    activities[activity_id] = replace(state.activity(activity_id), status="open")
    return replace(state, status="live", current=activity_id, activities=activities, timer=None)


def apply_control(workshop: Workshop, state: SessionState, command: Mapping[str, Any], now: float) -> SessionState:
    """The state after a facilitator's command ``{"action": ..., "activity": ..., ...}``.

    Raises ``InvalidValue`` for a malformed command, ``NotFound`` for an unknown activity and
    ``Conflict`` when the command does not fit the state (session ended, nothing to advance to).
    """
    action = command.get("action")
    if action not in ACTIONS:
        raise InvalidValue(f"Unknown action {action!r}; use one of: {', '.join(ACTIONS + SERVICE_ACTIONS)}.")
    if state.status == "ended":
        raise Conflict("This session has ended; start a new session to continue.")
    target = command.get("activity", state.current)
    if action in ("open", "close", "reveal", "hide"):
        if target is None:
            raise InvalidValue("Say which activity: no activity is open yet.")
        if not isinstance(target, str) or workshop.activity(target) is None:
            raise NotFound(f"There is no activity {target!r} in this workshop.")

    if action == "open":
        new = _open(state, target)
    elif action == "close":
        new = replace(state, activities=_with(state, target, status="closed"), timer=None if target == state.current else state.timer)
    elif action in ("reveal", "hide"):
        new = replace(state, activities=_with(state, target, revealed=action == "reveal"))
    elif action == "advance":
        following = workshop.next_after(state.current)
        if following is None:
            raise Conflict("This was the last activity; end the session when you are ready.")
        if state.current is not None:
            state = replace(state, activities=_with(state, state.current, status="closed"))
        new = _open(state, following.id)
    elif action == "timer":
        seconds = command.get("seconds")
        if isinstance(seconds, bool) or not isinstance(seconds, int) or not 0 <= seconds <= MAX_TIMER_SECONDS:
            raise InvalidValue(f"A timer needs 'seconds', a whole number from 0 to {MAX_TIMER_SECONDS}.")
        new = replace(state, timer=Timer(seconds, now + seconds) if seconds else None)
    elif action in ("ban_word", "unban_word"):
        word = command.get("word")
        if not isinstance(word, str) or not normalise_word(word) or len(word) > 60:
            raise InvalidValue("Say which word: {\"action\": \"ban_word\", \"word\": \"...\"}.")
        words = [w for w in state.banned_words if w != normalise_word(word)]
        if action == "ban_word":
            words.append(normalise_word(word))
        new = replace(state, banned_words=tuple(words))
    elif action == "self_paced":
        enabled = command.get("enabled")
        if not isinstance(enabled, bool):
            raise InvalidValue("Self-paced mode needs 'enabled': true or false.")
        new = replace(state, self_paced=enabled, status="live" if enabled else state.status)
    else:  # end
        activities = {key: replace(value, status="closed") if value.status == "open" else value for key, value in state.activities.items()}
        new = replace(state, status="ended", activities=activities, timer=None)
    return replace(new, revision=state.revision + 1)


def public_state(code: str, workshop: Workshop, state: SessionState, now: float) -> dict[str, Any]:
    """The state anyone may see: ``{"code", "title", "status", "current", "revealed", "timer"}``."""
    current = workshop.activity(state.current) if state.current else None
    current_data = None
    if current is not None:
        current_data = current.to_public()
        current_data["status"] = state.activity(current.id).status
    return {
        "code": code,
        "title": workshop.title,
        "status": state.status,
        "current": current_data,
        "revealed": bool(current and state.activity(current.id).revealed),
        "timer": (
            {"seconds": state.timer.seconds, "remaining": state.timer.remaining(now)} if state.timer else None
        ),
        "self_paced": state.self_paced,
        "breakout": dict(state.breakout) if state.breakout else None,
        "activities": (
            [{**a.to_public(), "status": state.activity(a.id).status} for a in workshop.activities]
            if state.self_paced
            else None
        ),
        "revision": state.revision,
    }
