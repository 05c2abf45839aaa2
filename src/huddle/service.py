"""The application service: the rules of sessions, answers and results over any ``Store``.

The HTTP API and the CLI both call this layer, so a rule is written once. It imports no HTTP,
widget or SQL code; keys are checked by the caller (``check_key``) because the CLI, working on
its own data folder, acts as the owner of every session there.
"""

from __future__ import annotations

import hmac
import secrets
import time
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Mapping
from urllib.parse import quote

from .model import (
    Answer,
    Conflict,
    InvalidValue,
    NotFound,
    NotRevealed,
    RateLimited,
    SessionState,
    Unauthorized,
    Workshop,
    apply_control,
    build_workshop,
    effective_k,
    get_kind,
    public_state,
)
from .model.groups import STAGES, STRATEGIES, assign_groups, group_count
from .model.kinds.questions import ANSWERED, PINNED
from .model.safety import mentions_crisis
from .model.session import SERVICE_ACTIONS
from .model.identity import (
    answer_key,
    check_participant,
    check_submission,
    check_series,
    digest,
    display_key,
    group_answer_key,
    item_id,
    link_digest,
    new_code,
    new_secret,
    normalise_code,
    normalise_link,
    secret_matches,
    series_secret,
    submission_key,
)
from .model.store import AnswerRecord, DuplicateCode, SeriesRecord, SessionRecord, SiteWorkshop, Store

DEFAULT_RETENTION_DAYS = 30
ANSWER_FIELDS = frozenset({"activity", "participant", "submission_id", "value", "skip", "link"})
SIGNALS = ("pause",)
MODERATION = ("approved", "hidden", "pending")
#: Further statuses of a question (kinds the room upvotes, ``Kind.upvotes``); both mean approved.
QUESTION_MODERATION = (PINNED, ANSWERED)
VOTE_FIELDS = frozenset({"activity", "participant", "item"})
#: A participant's free text not yet shown to the facilitator: texts reach the moderation queue
#: together, once k of them wait or the activity closes, never one by one as they are typed
#: (P8: in a room of eight, a text that appears a second after someone taps Send names them).
QUEUED = "queued"
JOINED = "\x00joined"


def _check_fields(body: Any, allowed: frozenset[str], required: tuple[str, ...], shape: str) -> None:
    """Refuse a request body that is not an object (saying ``shape``), names an unknown field or
    lacks a required one."""
    if not isinstance(body, Mapping):
        raise InvalidValue(shape)
    unknown = set(body) - allowed
    if unknown:
        raise InvalidValue(f"Unknown field(s): {', '.join(sorted(map(str, unknown)))}.")
    missing = [name for name in required if name not in body]
    if missing:
        raise InvalidValue(f"Missing field(s): {', '.join(missing)}.")


def _per_group(kind_name: str) -> bool:
    """Whether activities of this kind take one shared answer per breakout group."""
    kind = get_kind(kind_name)
    return bool(kind and kind.per_group)


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
        link_key: bytes | None = None,
    ) -> None:
        self.store = store
        self.k = effective_k(k)
        self.retention_days = retention_days
        self.clock = clock
        # Pairing links (P10) are made with this key, which lives outside the database (the
        # server makes it from its admin token). Without one, links pair only within this process.
        self.link_key = link_key or secrets.token_bytes(32)

    # sessions -----------------------------------------------------------------------------

    def create_session(self, workshop: Workshop, base_url: str, series: str | None = None, language: str | None = None) -> dict[str, str]:
        """Start a session of ``workshop``, in the named ``series`` if given (made on first use),
        run in ``language`` (one the workshop is written in: the projector, reports and any page
        that asks for no language show it); the new code, facilitator key and addresses."""
        if language is not None and language not in workshop.languages:
            raise InvalidValue(f"This workshop is written in {', '.join(workshop.languages)}; a session of it runs in one of those.")
        snapshot = workshop.to_data()
        if language is not None:
            snapshot["language"] = language
        key = new_secret()
        created = datetime.fromtimestamp(self.clock(), timezone.utc).isoformat(timespec="seconds")
        if series is not None:
            series = check_series(series)
            self.store.create_series(SeriesRecord(series, new_secret(), created))  # a name in use is joined
        for _ in range(20):
            code = new_code()
            start = SessionState(status="live", self_paced=True) if workshop.self_paced else SessionState()
            record = SessionRecord(code, snapshot, digest(key), new_secret(), start.to_data(), created, series)
            try:
                self.store.create_session(record)
                break
            except DuplicateCode:
                continue
        else:  # pragma: no cover - 85 million codes make this practically impossible
            raise Conflict("Could not find a free session code; please try again.")
        created_session = {
            "code": code,
            "facilitator_key": key,
            "join_url": join_url(base_url, code),
            "dashboard_url": dashboard_url(base_url, code, key),
        }
        if series is not None:
            created_session["series"] = series
        return created_session

    def sessions(self) -> list[dict[str, Any]]:
        """Every session, newest first, with how many joined and answered (the admin's list)."""
        found = []
        for record in reversed(self.store.list_sessions()):
            workshop = build_workshop(record.workshop)
            entry = {
                "code": record.code,
                "workshop": workshop.id,
                "title": workshop.title,
                "status": SessionState.from_data(record.state).status,
                "participants": self.store.count_participants(record.code),
                "answers": sum(1 for answer in self.store.answers(record.code) if not answer.skipped),
                "created_at": record.created_at,
            }
            if record.series is not None:
                entry["series"] = record.series
            found.append(entry)
        return found

    # the site's workshops -----------------------------------------------------------------

    def save_site_workshop(self, workshop: Workshop, source: str) -> bool:
        """Keep a workshop the site adapted or uploaded (already checked), as the text it was
        saved as; True when its id is new, False when it replaced the site's earlier version."""
        updated = datetime.fromtimestamp(self.clock(), timezone.utc).isoformat(timespec="seconds")
        return self.store.save_workshop(SiteWorkshop(workshop.id, workshop.title, source, updated))

    def site_workshops(self) -> list[SiteWorkshop]:
        """The site's own workshops, by id."""
        return self.store.list_workshops()

    def site_workshop(self, workshop_id: str) -> SiteWorkshop | None:
        """The site workshop with this id, or None."""
        return self.store.get_workshop(workshop_id) if isinstance(workshop_id, str) else None

    def delete_site_workshop(self, workshop_id: str) -> None:
        """Delete a site workshop (sessions already run keep their own copy)."""
        if not self.store.delete_workshop(workshop_id):
            raise NotFound(f"The site has no workshop {workshop_id!r}.")

    def _load(self, code: str, language: str | None = None) -> tuple[SessionRecord, Workshop, SessionState]:
        """The session, its workshop with its text in ``language`` (the workshop's main language
        when None or not one it is written in) and its state."""
        record = self.store.get_session(normalise_code(code)) if isinstance(code, str) else None
        if record is None:
            raise NotFound("There is no session with that code. Check the code and try again.")
        return record, build_workshop(record.workshop, language if isinstance(language, str) else None), SessionState.from_data(record.state)

    def check_key(self, code: str, key: str | None, *, display: bool = False) -> None:
        """Raise ``NotFound`` for an unknown session, ``Unauthorized`` for a wrong or missing key.
        With ``display``, the session's display key (the projector's) is good enough too."""
        record, _, _ = self._load(code)
        shown = display and bool(key) and hmac.compare_digest(display_key(record.key_digest).encode(), str(key).encode())
        if not shown and not secret_matches(key, record.key_digest):
            raise Unauthorized("This needs the facilitator key of the session; the key given is missing or wrong.")

    def state(self, code: str, language: str | None = None) -> dict[str, Any]:
        """The public state of a session, its text in ``language`` when the workshop has it."""
        return self._public(*self._load(code, language))

    def _public(self, record: SessionRecord, workshop: Workshop, state: SessionState) -> dict[str, Any]:
        """The public state, saying which language its text is in and which others it has."""
        shown = public_state(record.code, workshop, state, self.clock())
        shown["language"], shown["languages"] = workshop.language, list(workshop.languages)
        return shown

    def workshop_data(self, code: str, language: str | None = None) -> dict[str, Any]:
        """The session's workshop with every activity in public form, plus each one's speaker
        notes (this is the facilitator's view; the public state never carries notes)."""
        record, workshop, _ = self._load(code, language)
        activities = [{**a.to_public(), **({"notes": a.notes} if a.notes else {})} for a in workshop.activities]
        # The display key is made from the key's digest, so a dashboard opened by the signed-in
        # admin (who has no facilitator key) can still hand the projector its link.
        data = {"id": workshop.id, "title": workshop.title, "minutes": workshop.minutes, "activities": activities,
                "display_key": display_key(record.key_digest), "language": workshop.language, "languages": list(workshop.languages)}
        if record.series is not None:
            data["series"] = record.series
        if workshop.allowances:
            data["allowances"] = dict(workshop.allowances)
        if workshop.break_after:
            data["break_after"] = workshop.break_after
        return data

    def workshop(self, code: str, language: str | None = None) -> Workshop:
        """The workshop a session runs (its snapshot taken when the session was created)."""
        return self._load(code, language)[1]

    def control(self, code: str, command: Any) -> dict[str, Any]:
        """Apply a facilitator command and return the new public state."""
        if not isinstance(command, Mapping):
            raise InvalidValue("A control request is a JSON object such as {\"action\": \"open\", \"activity\": \"...\"}.")
        if command.get("action") in SERVICE_ACTIONS:
            return getattr(self, "_" + command["action"])(code, command)
        new = self._save(code, lambda workshop, state: apply_control(workshop, state, command, self.clock()))
        self._release_closed(code)
        return new

    def _release(self, code: str, activity_id: str, *, whole_batch_only: bool) -> None:
        """Move an activity's queued texts to the moderation queue together (P8): all of them,
        or, with ``whole_batch_only``, only once at least k wait."""
        queued = [a for a in self.store.answers(code, activity_id) if a.status == QUEUED]
        if queued and (not whole_batch_only or len(queued) >= self.k):
            for answer in queued:
                self.store.set_answer_status(code, activity_id, answer.key, "pending")

    def _release_closed(self, code: str) -> None:
        """Texts of activities that no longer take answers reach the facilitator, however few."""
        record, workshop, state = self._load(code)
        for activity in workshop.activities:
            kind = get_kind(activity.kind)
            if kind and kind.free_text and not kind.per_group and not (state.status != "ended" and state.accepts_answers(activity.id)):
                self._release(record.code, activity.id, whole_batch_only=False)

    def _save(self, code: str, change: Callable[[Workshop, SessionState], SessionState]) -> dict[str, Any]:
        """Apply ``change`` to the stored state (retrying if it moved meanwhile); the new public state."""
        for _ in range(5):
            record, workshop, state = self._load(code)
            new = change(workshop, state)
            new = replace(new, revision=state.revision + 1)
            if self.store.save_state(record.code, new.to_data(), state.revision):
                return public_state(record.code, workshop, new, self.clock())
        raise Conflict("The session changed at the same moment; please try again.")

    def _moderate(self, code: str, command: Mapping[str, Any]) -> dict[str, Any]:
        """Approve, hide or return to pending one free-text answer (P4); a question can also be
        pinned or marked answered (both keep it approved; answering a pinned one unpins it)."""
        record, workshop, _ = self._load(code)
        activity = workshop.activity(command.get("activity")) if isinstance(command.get("activity"), str) else None
        kind = get_kind(activity.kind) if activity else None
        if activity is None or kind is None or not kind.free_text:
            raise NotFound("Say which free-text activity the answer belongs to.")
        allowed = MODERATION + (QUESTION_MODERATION if kind.upvotes else ())
        if command.get("status") not in allowed:
            raise InvalidValue(f"A moderation status is one of: {', '.join(allowed)}.")
        for answer in self.store.answers(record.code, activity.id):
            if item_id(answer.key) == command.get("item") and answer.status not in ("flagged", QUEUED) and not answer.skipped:
                self.store.set_answer_status(record.code, activity.id, answer.key, command["status"])
                return self._save(code, lambda w, s: s)
        raise NotFound("That answer is not in the moderation queue.")

    def _breakout(self, code: str, command: Mapping[str, Any]) -> dict[str, Any]:
        """Split everyone who joined into groups and open the group report-back activity."""
        record, workshop, state = self._load(code)
        if state.status == "ended":
            raise Conflict("This session has ended.")
        size, strategy = command.get("size", 4), command.get("strategy", "random")
        if isinstance(size, bool) or not isinstance(size, int) or not 2 <= size <= 20:
            raise InvalidValue("A group size is a whole number from 2 to 20.")
        if strategy not in STRATEGIES:
            raise InvalidValue(f"A grouping strategy is one of: {', '.join(STRATEGIES)}.")
        reports = [a for a in workshop.activities if _per_group(a.kind)]
        wanted = command.get("activity", reports[0].id if reports else None)
        activity = workshop.activity(wanted) if isinstance(wanted, str) else None
        if activity is None or not _per_group(activity.kind):
            raise NotFound("Breakouts need a group report-back activity in this workshop.")
        members = [(key, stage) for key, stage, _ in self.store.participants(record.code)]
        if not members:
            raise Conflict("Nobody has joined yet, so there is nobody to put in groups.")
        seed = int.from_bytes(record.salt.encode()[:8], "big") + state.revision
        self.store.set_groups(record.code, assign_groups(members, size, strategy, seed))
        breakout = {"activity": activity.id, "size": size, "strategy": strategy, "groups": group_count(len(members), size)}
        return self._save(code, lambda w, s: replace(apply_control(w, s, {"action": "open", "activity": activity.id}, self.clock()), breakout=breakout))

    def _end_breakout(self, code: str, command: Mapping[str, Any]) -> dict[str, Any]:
        """Bring everyone back from their groups (the report-back activity closes)."""
        _, _, state = self._load(code)
        if not state.breakout:
            raise Conflict("There is no breakout running.")
        activity = state.breakout["activity"]
        return self._save(code, lambda w, s: replace(apply_control(w, s, {"action": "close", "activity": activity}, self.clock()), breakout=None))

    def my_group(self, code: str, body: Any) -> dict[str, Any]:
        """The participant's group number during a breakout (None when not in one)."""
        record, _, state = self._load(code)
        participant = check_participant(body.get("participant") if isinstance(body, Mapping) else None)
        group = self._group_of(record, participant) if state.breakout else None
        sizes = self._group_sizes(record) if state.breakout else {}
        return {
            "group": group,
            "groups": state.breakout["groups"] if state.breakout else 0,
            "members": sizes.get(group, 0) if group else 0,
        }

    def _group_of(self, record: SessionRecord, participant: str) -> int | None:
        key = answer_key(record.salt, participant, JOINED)
        for other, _, group in self.store.participants(record.code):
            if other == key:
                return group
        return None

    def _group_sizes(self, record: SessionRecord) -> dict[int, int]:
        sizes: dict[int, int] = {}
        for _, _, group in self.store.participants(record.code):
            if group:
                sizes[group] = sizes.get(group, 0) + 1
        return sizes

    def moderation(self, code: str) -> dict[str, Any]:
        """Every free-text answer waiting for, or given, a decision (the facilitator's eyes only).

        Text with crisis language is left out entirely: only its count is shown (S2).
        """
        record, workshop, state = self._load(code)
        groups = state.breakout["groups"] if state.breakout else 0
        items, held, waiting = [], 0, 0
        for activity in workshop.activities:
            kind = get_kind(activity.kind)
            if not kind or not kind.free_text:
                continue
            group_keys = {group_answer_key(record.salt, n, activity.id): n for n in range(1, groups + 1)} if kind.per_group else {}
            found = []
            for answer in self.store.answers(record.code, activity.id):
                if answer.skipped:
                    continue
                if answer.status == "flagged":
                    held += 1
                    continue
                if answer.status == QUEUED:
                    waiting += 1
                    continue
                found.append({"activity": activity.id, "item": item_id(answer.key), "text": answer.value, "status": answer.status, "group": group_keys.get(answer.key)})
            # In the order of their anonymous ids, which says nothing of when each was written.
            items += sorted(found, key=lambda item: item["item"])
        return {"items": items, "held_for_safety": held, "waiting": waiting}

    def purge(self, code: str) -> None:
        """Delete a session and every answer (P6)."""
        record, _, _ = self._load(code)
        self.store.purge_session(record.code)

    def expire(self) -> list[str]:
        """Purge sessions older than the retention period; the codes purged (P6).

        A session in a series is kept until the series' last session expires, so a baseline
        taken in week one lives until the follow-up it is compared with; then the whole series
        goes, with its secret's salt.
        """
        cutoff = datetime.fromtimestamp(self.clock(), timezone.utc) - timedelta(days=self.retention_days)
        sessions = self.store.list_sessions()
        latest: dict[str, datetime] = {}
        for record in sessions:
            if record.series is not None:
                started = datetime.fromisoformat(record.created_at)
                latest[record.series] = max(latest.get(record.series, started), started)
        expired = []
        for record in sessions:
            last = latest[record.series] if record.series is not None else datetime.fromisoformat(record.created_at)
            if last < cutoff:
                self.store.purge_session(record.code)
                expired.append(record.code)
        for name, last in latest.items():
            if last < cutoff:
                self.store.purge_series(name)
        return expired

    # series -------------------------------------------------------------------------------

    def series_list(self) -> list[dict[str, Any]]:
        """Every series: its name, when it began, its sessions and when it will be purged."""
        out = []
        for series in self.store.list_series():
            sessions = self.store.sessions_in_series(series.name)
            last = max((datetime.fromisoformat(s.created_at) for s in sessions), default=datetime.fromisoformat(series.created_at))
            out.append({
                "name": series.name,
                "created_at": series.created_at,
                "sessions": [{"code": s.code, "workshop": s.workshop.get("id"), "created_at": s.created_at} for s in sessions],
                "purged_after": (last + timedelta(days=self.retention_days)).isoformat(timespec="seconds"),
            })
        return out

    def series_record(self, name: str) -> SeriesRecord:
        """The series with this name; ``NotFound`` when there is none."""
        series = self.store.get_series(check_series(name))
        if series is None:
            raise NotFound("There is no series with that name. `huddle series list` shows them.")
        return series

    def purge_series(self, name: str) -> int:
        """Delete a series with every session and answer in it (P6); how many sessions went."""
        series = self.series_record(name)
        count = len(self.store.sessions_in_series(series.name))
        self.store.purge_series(series.name)
        return count

    # answers ------------------------------------------------------------------------------

    def submit(self, code: str, body: Any) -> tuple[str, dict[str, Any]]:
        """Store one answer or skip; the outcome ("stored", "changed", ...) and a receipt."""
        record, workshop, state = self._load(code)
        _check_fields(body, ANSWER_FIELDS, ("activity", "participant", "submission_id"), "An answer is a JSON object with activity, participant, submission_id and value.")
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
        link = body.get("link")
        if link is not None and not kind.pairs:
            raise InvalidValue("A pairing code goes only with the answers to a before-and-after measure.")
        link = normalise_link(link) if link not in (None, "") and not skip else None
        self._joined(record, participant)
        key = answer_key(record.salt, participant, activity.id)
        if kind.per_group:
            # One report per group: any member writes or updates the group's shared answer.
            group = self._group_of(record, participant) if state.breakout else None
            if group is None:
                raise Conflict("Group reports are written once the facilitator has put everyone in groups.")
            key = group_answer_key(record.salt, group, activity.id)
        crisis = bool(kind.free_text and value and mentions_crisis(value))
        # Text with crisis language never reaches the moderation queue or the projector (S2),
        # and is not kept at all: the answer is stored as flagged, with no text. What was
        # written is the writer's; the facilitator needs only to know that support was offered.
        # A group's report speaks for the group, so it needs no batch to hide who sent it.
        status = "flagged" if crisis else (QUEUED if not kind.per_group else "pending") if kind.free_text else "approved"
        # The submission is tied to the participant's key for the activity whatever slot its
        # answer takes, so a resend is known as one (R2) even when it would fit another slot.
        submitted = submission_key(key, submission)
        if kind.many is not None and not skip:
            most = kind.many(activity.settings)
            slot = self._slot(record, activity.id, participant, most, None if crisis else value)
            if slot is None and crisis:
                # Nothing of it would be kept anyway: the writer is offered support and the
                # facilitator hears that support was offered, as for any text (S2).
                self.store.add_signal(record.code, "crisis")
                return "unchanged", {"status": "unchanged", "activity": activity.id, "submission_id": submission, "skipped": False, "support": True}
            if slot is None:
                raise Conflict(f"You have asked {most} question{'s' if most != 1 else ''} here, the most one person can ask.")
            key = slot
        outcome = self.store.record_answer(
            record.code, activity.id, key, submitted, None if crisis else value, skip, status
        )
        if status == QUEUED:
            self._release(record.code, activity.id, whole_batch_only=True)
        if crisis and outcome in ("stored", "changed"):
            self.store.add_signal(record.code, "crisis")
        receipt = {"status": outcome, "activity": activity.id, "submission_id": submission, "skipped": skip, "support": crisis}
        if kind.pairs:
            receipt["linked"] = self._link(record, activity.id, key, link) if outcome != "duplicate" else bool(link and record.series)
        return outcome, receipt

    def _slot(self, record: SessionRecord, activity: str, participant: str, most: int, value: Any) -> str | None:
        """The key a further answer of a participant goes under, for a kind that takes several
        (``Kind.many``): slot n is keyed like an activity of its own (P2). The slot already
        holding this very text (asking the same again adds nothing), else the first free one;
        crisis text (``value`` None, as it is stored) may land on a slot already held back.
        None when every slot is taken."""
        slots = [answer_key(record.salt, participant, f"{activity}\x00{n}") for n in range(1, most + 1)]
        stored = {answer.key: answer for answer in self.store.answers(record.code, activity) if not answer.skipped}
        same = [key for key in slots if key in stored and stored[key].value == value]
        free = [key for key in slots if key not in stored]
        if value is not None and same:
            return same[0]
        return free[0] if free else same[0] if same else None

    def _link(self, record: SessionRecord, activity: str, key: str, code: str | None) -> bool:
        """Keep a measure answer's pairing link (P10): only in a series, only as a digest under
        the series' secret, and only beside this one answer's key. True when it was kept."""
        series = self.store.get_series(record.series) if code and record.series else None
        if series is None:
            return False
        self.store.record_link(record.code, activity, key, link_digest(series_secret(self.link_key, series.salt), code))
        return True

    def join(self, code: str, body: Any, admit: Callable[[], bool] = lambda: True, language: str | None = None) -> dict[str, Any]:
        """Count a participant as joined (once per session); returns the public state.

        A token joining for the first time is a new identity: ``admit()`` decides whether the
        caller may bring one more into this session (the server limits that per client address,
        P9); refused, the join raises ``RateLimited``. Joining again is always allowed.
        """
        record, workshop, state = self._load(code, language)
        participant = check_participant(body.get("participant") if isinstance(body, Mapping) else None)
        stage = body.get("stage")
        if stage is not None and stage not in STAGES:
            raise InvalidValue(f"A training stage is one of: {', '.join(STAGES)} (or leave it out).")
        if state.status == "ended":
            raise Conflict("This session has ended. Thank you for taking part.")
        key = answer_key(record.salt, participant, JOINED)
        if not self.store.has_participant(record.code, key) and not admit():
            raise RateLimited(
                "This device has already joined this session several times. "
                "Please carry on in the page you opened first, or ask the facilitator."
            )
        first = self.store.add_participant(record.code, key, stage)
        if first and state.breakout:
            # Someone arriving during a breakout joins the smallest group (the lowest-numbered of
            # equals), so nobody sits out the report-back waiting for groups to be made again.
            sizes = self._group_sizes(record)
            smallest = min(range(1, state.breakout["groups"] + 1), key=lambda group: (sizes.get(group, 0), group))
            self.store.set_group(record.code, key, smallest)
        return self._public(record, workshop, state)

    def _joined(self, record: SessionRecord, participant: str) -> None:
        """Refuse a participant token that never joined the session: answers and signals count
        only from identities the server let in (P9)."""
        if not self.store.has_participant(record.code, answer_key(record.salt, participant, JOINED)):
            raise Conflict("Please join the session first: reload the page and tap Join.")

    def my_answers(self, code: str, body: Any) -> dict[str, Any]:
        """The answers this participant gave, by activity, and whether they joined, so a reloaded
        page can take them straight back."""
        record, workshop, state = self._load(code)
        participant = check_participant(body.get("participant") if isinstance(body, Mapping) else None)
        joined = self.store.has_participant(record.code, answer_key(record.salt, participant, JOINED))
        keys = {answer_key(record.salt, participant, a.id): a.id for a in workshop.activities}
        group = self._group_of(record, participant) if state.breakout else None
        if group is not None:
            keys.update({group_answer_key(record.salt, group, a.id): a.id for a in workshop.activities if _per_group(a.kind)})
        # A kind that takes several answers keeps each in a slot of its own: how many are used,
        # and which questions this person upvoted, so a reloaded page keeps its buttons pressed.
        several = {a.id: kind.many(a.settings) for a in workshop.activities if (kind := get_kind(a.kind)) and kind.many}
        slots = {
            answer_key(record.salt, participant, f"{activity_id}\x00{n}"): activity_id
            for activity_id, most in several.items() for n in range(1, most + 1)
        }
        asked = dict.fromkeys(several, 0)
        mine = {}
        for answer in self.store.answers(record.code):
            if answer.key in keys and keys[answer.key] == answer.activity:
                mine[answer.activity] = {"value": answer.value, "skipped": answer.skipped}
                if answer.status == "flagged":
                    mine[answer.activity]["held"] = True  # its text was never stored
            elif slots.get(answer.key) == answer.activity:
                asked[answer.activity] += 1
        found: dict[str, Any] = {"answers": mine, "joined": joined}
        if several:
            found["questions"] = {
                activity_id: {"asked": asked[activity_id], "voted": sorted(self.store.voted(record.code, activity_id, self._voter(record, participant, activity_id)))}
                for activity_id in several
            }
        return found

    @staticmethod
    def _voter(record: SessionRecord, participant: str, activity_id: str) -> str:
        """The key a participant's upvotes in one activity are kept under: keyed per activity,
        and unlike any of their answer keys, so votes join neither their questions nor their
        votes elsewhere (P2)."""
        return answer_key(record.salt, participant, f"{activity_id}\x00votes")

    def vote(self, code: str, body: Any) -> dict[str, Any]:
        """Upvote one question shown to the room, once per participant; voting again changes
        nothing. ``{"status": "counted" | "unchanged", "activity", "item", "votes", "voted"}``."""
        record, workshop, state = self._load(code)
        _check_fields(body, VOTE_FIELDS, ("activity", "participant", "item"), "A vote is a JSON object with activity, participant and item.")
        participant = check_participant(body["participant"])
        item = body["item"]
        if not isinstance(item, str) or not item:
            raise InvalidValue("'item' is the id of a question, as text.")
        activity = workshop.activity(body["activity"]) if isinstance(body["activity"], str) else None
        kind = get_kind(activity.kind) if activity else None
        if activity is None or kind is None or not kind.upvotes:
            raise NotFound(f"There is no questions activity {body['activity']!r} in this session.")
        if state.status == "ended":
            raise Conflict("This session has ended, so votes are no longer collected.")
        if not state.accepts_answers(activity.id):
            raise Conflict("This activity is not open for votes right now.")
        self._joined(record, participant)
        # Only what the room is shown can be upvoted: the tally decides that (approved, not
        # hidden by a banned word, and nothing at all below k).
        entry = self._tally(workshop, activity.id, self.store.answers(record.code, activity.id), state.banned_words, record.code)
        shown = {question["item"] for question in (entry["tally"] or {}).get("questions", [])}
        if item not in shown:
            raise NotFound("That question is not shown to the room, so it cannot be upvoted.")
        voter = self._voter(record, participant, activity.id)
        # A vote changes no session state: pages pick it up with the list, not all at once.
        counted = self.store.add_vote(record.code, activity.id, item, voter)
        return {
            "status": "counted" if counted else "unchanged",
            "activity": activity.id,
            "item": item,
            "votes": self.store.votes(record.code, activity.id).get(item, 0),
            "voted": sorted(self.store.voted(record.code, activity.id, voter)),
        }

    def signal(self, code: str, body: Any) -> None:
        """Count an anonymous signal such as "I need a pause" (S4): a count, never a name."""
        record, _, state = self._load(code)
        if not isinstance(body, Mapping) or body.get("kind") not in SIGNALS:
            raise InvalidValue(f"A signal needs 'kind', one of: {', '.join(SIGNALS)}.")
        self._joined(record, check_participant(body.get("participant")))
        if state.status == "ended":
            raise Conflict("This session has ended.")
        self.store.add_signal(record.code, body["kind"])

    # results ------------------------------------------------------------------------------

    def _tally(
        self, workshop: Workshop, activity_id: str, answers: list[AnswerRecord], banned: tuple[str, ...] = (), code: str | None = None,
    ) -> dict[str, Any]:
        """One activity's tally entry; ``code`` is the session's, for kinds that count upvotes."""
        activity = workshop.activity(activity_id)
        assert activity is not None
        kind = get_kind(activity.kind)
        assert kind is not None
        given = [Answer(a.value, a.status, item_id(a.key)) for a in answers if not a.skipped]
        settings = dict(activity.settings)
        if kind.filters_banned and banned:
            settings["banned"] = list(settings.get("banned", [])) + list(banned)
        if kind.upvotes and code is not None:
            settings["votes"] = self.store.votes(code, activity.id)  # the kind's tally stays pure
        result = kind.tally(settings, given, self.k)
        return {
            "id": activity.id,
            "kind": activity.kind,
            "count": len(given),
            "skipped": sum(1 for a in answers if a.skipped),
            "suppressed": result.suppressed,
            "needed": max(0, self.k - len(given)) if result.suppressed else 0,
            "tally": result.data,
        }

    def tally(self, code: str, language: str | None = None) -> dict[str, Any]:
        """Counts and k-suppressed tallies of every activity (the facilitator's view)."""
        record, workshop, state = self._load(code, language)
        by_activity: dict[str, list[AnswerRecord]] = {a.id: [] for a in workshop.activities}
        for answer in self.store.answers(record.code):
            by_activity.setdefault(answer.activity, []).append(answer)
        signals = self.store.signals(record.code)
        return {
            "k": self.k,
            "participants": self.store.count_participants(record.code),
            "signals": {"pause": signals.get("pause", 0), "crisis": signals.get("crisis", 0)},
            "breakout": ({**state.breakout, "sizes": sorted(self._group_sizes(record).values())} if state.breakout else None),
            "activities": [self._tally(workshop, a.id, by_activity[a.id], state.banned_words, record.code) for a in workshop.activities],
        }

    def results(self, code: str, activity_id: str, language: str | None = None) -> dict[str, Any]:
        """The revealed tally of one activity, as the room may see it (a questions activity's
        also while it takes answers).

        Below k nothing is shown, not even how many answered (P3).
        """
        record, workshop, state = self._load(code, language)
        activity = workshop.activity(activity_id)
        if activity is None:
            raise NotFound(f"There is no activity {activity_id!r} in this session.")
        kind = get_kind(activity.kind)
        # The room sees approved questions while it may still ask and upvote: the facilitator's
        # approval of each one is the gate, not a reveal.
        live = bool(kind and kind.upvotes and state.accepts_answers(activity.id))
        if not state.activity(activity_id).revealed and not live:
            raise NotRevealed("The facilitator has not revealed these results yet.")
        entry = self._tally(workshop, activity_id, self.store.answers(record.code, activity_id), state.banned_words, record.code)
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
                    "moderation": ("pending" if answer.status == QUEUED else answer.status) if kind and kind.free_text else None,
                }
            )
        order = {a.id: i for i, a in enumerate(workshop.activities)}
        return sorted(rows, key=lambda row: order[row["activity"]])

    def summary(self, code: str) -> dict[str, Any]:
        """Title, workshop and creation date of a session (for listings)."""
        record, workshop, state = self._load(code)
        found = {"code": record.code, "workshop": workshop.id, "title": workshop.title, "status": state.status, "created_at": record.created_at}
        if record.series is not None:
            found["series"] = record.series
        return found


__all__ = ["DEFAULT_RETENTION_DAYS", "Service", "dashboard_url", "join_url"]
