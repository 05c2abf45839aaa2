"""What the facilitator's dashboard shows and does, decided without widgets.

``ControlFlow`` turns the feed's snapshot (state, tally, moderation queue, last error) into a
``ControlPicture`` for the control view to draw, and each button into one API command whose
refusal is worded once here. ``projector_prompt`` does the same for the projector's headline.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

from ..client import ApiError, Client, Unreachable
from ..model.kinds import get_kind
from ..model.types import Activity, Workshop

#: The feed is failing: what the facilitator sees above numbers that may be stale.
STALE = "The server cannot be reached just now, so these numbers may be out of date. Retrying…"
UNREACHABLE = "The server cannot be reached; try again in a moment."
CONFIRM_END = "Tick the box first: ending closes the session for everyone."


def plural(count: int, noun: str) -> str:
    """ "1 answer", "2 answers" (translations with proper plural rules come with gettext)."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


@dataclass(frozen=True)
class Row:
    """One activity in the list on the left."""

    number: int
    id: str
    prompt: str
    count: int
    status: str | None
    revealed: bool
    focus: bool


@dataclass(frozen=True)
class ControlPicture:
    """Everything the control view shows for one snapshot."""

    title: str
    code: str
    status: str
    participants: int
    pauses: int
    crisis: int
    groups: Mapping[str, Any] | None
    self_paced: bool
    rows: tuple[Row, ...]
    focus: Mapping[str, Any]
    focus_status: str | None
    counts: str
    timer: int | None
    #: The tally entry to chart, with its activity (None: nothing to draw yet).
    chart: tuple[Mapping[str, Any], Activity] | None
    moderates: bool
    filters_words: bool
    queue: tuple[Mapping[str, Any], ...]
    held_for_safety: int
    problem: str = ""
    #: Texts sent but not shown yet: they arrive together (P8).
    waiting: int = 0


@dataclass
class ControlFlow:
    """The control view's decisions: the picture of a snapshot, and one command per button."""

    client: Client
    code: str
    key: str
    activities: Sequence[Mapping[str, Any]]
    refresh: Callable[[], None] = lambda: None
    snapshot: dict[str, Any] = field(default_factory=dict)
    selected: str | None = None

    @property
    def state(self) -> dict[str, Any]:
        return self.snapshot.get("state") or {}

    @property
    def focus_id(self) -> str:
        """The activity in focus: the one picked, else the current one, else the first."""
        current = self.state.get("current")
        return self.selected or (current["id"] if current else self.activities[0]["id"])

    def select(self, activity_id: str) -> None:
        self.selected = activity_id

    def command(self, action: str, **fields: Any) -> str:
        """Send one control command; "" when done, else why it was refused."""
        try:
            self.client.control(self.code, self.key, action, **fields)
        except ApiError as error:
            return error.message
        except Unreachable:
            return UNREACHABLE
        self.selected = None
        self.refresh()
        return ""

    def end(self, confirmed: bool) -> str:
        """End the session for everyone, once the facilitator has ticked the box."""
        return self.command("end") if confirmed else CONFIRM_END

    def export(self, fmt: str, include_text: bool) -> tuple[str, str] | str:
        """``(file name, data: URL)`` of the raw answers (free text only when asked, P4), or why not."""
        try:
            data = self.client.export(self.code, self.key, include_text=include_text)
        except (ApiError, Unreachable) as error:
            return str(error)
        if fmt == "json":
            body, mime = json.dumps(data, indent=2, ensure_ascii=False), "application/json"
        else:
            from ..export import rows_to_csv

            body, mime = rows_to_csv(data["answers"]), "text/csv"
        name = f"huddle-{self.code}.{fmt}"
        return f"{name} ({plural(len(data['answers']), 'answer')})", _data_url(name, mime, body)

    def runsheet(self) -> tuple[str, str]:
        """``(file name, data: URL)`` of this session's one-page run-sheet."""
        from ..reports.runsheet import runsheet_html

        title = self.state.get("title") or "Workshop"
        workshop = Workshop(id="session", title=title, activities=tuple(Activity.from_public(a) for a in self.activities), minutes=sum(a.get("minutes") or 0 for a in self.activities) or None)
        name = f"runsheet-{self.code}.html"
        return name, _data_url(name, "text/html", runsheet_html(workshop))

    def picture(self, snapshot: dict[str, Any]) -> ControlPicture | None:
        """What to show for ``snapshot`` (None until the first state and tally arrive)."""
        self.snapshot = snapshot
        state, tally = snapshot.get("state"), snapshot.get("tally")
        if not state or not tally:
            return None
        entries = {e["id"]: e for e in tally["activities"]}
        current = state.get("current") or {}
        focus_id = self.focus_id
        focus = next(a for a in self.activities if a["id"] == focus_id)
        entry = entries.get(focus_id)
        kind = get_kind(focus["kind"])
        rows = tuple(
            Row(number, a["id"], a["prompt"][:80], entries.get(a["id"], {}).get("count", 0),
                current.get("status") if a["id"] == current.get("id") else None,
                bool(state.get("revealed")) and a["id"] == current.get("id"), a["id"] == focus_id)
            for number, a in enumerate(self.activities, start=1)
        )
        private = bool(entry and (entry.get("tally") or {}).get("private"))
        needed = f" · waiting for {entry['needed']} more before anything can be shown" if entry and entry["suppressed"] and entry["needed"] else ""
        counts = "private: nothing is collected, everyone works on their own page" if private else (
            f"{plural(entry['count'] if entry else 0, 'answer')} · {entry['skipped'] if entry else 0} skipped{needed}"
        )
        moderation = snapshot.get("moderation") or {"items": [], "held_for_safety": 0}
        timer = state.get("timer")
        return ControlPicture(
            title=state["title"], code=state["code"], status=state["status"], participants=tally["participants"],
            pauses=tally["signals"]["pause"], crisis=tally["signals"]["crisis"], groups=tally.get("breakout"),
            self_paced=bool(state.get("self_paced")), rows=rows, focus=focus,
            focus_status=current.get("status") if current.get("id") == focus_id else None, counts=counts,
            timer=timer["remaining"] if timer else None,
            chart=(entry, Activity.from_public(focus)) if entry and not entry["suppressed"] else None,
            moderates=bool(kind and kind.free_text), filters_words=bool(kind and kind.filters_banned),
            queue=tuple(i for i in moderation["items"] if i["activity"] == focus_id),
            held_for_safety=moderation.get("held_for_safety", 0),
            problem=problem_of(snapshot),
            waiting=moderation.get("waiting", 0) if kind and kind.free_text and not kind.per_group else 0,
        )


def problem_of(snapshot: Mapping[str, Any]) -> str:
    """What to say above the numbers when the feed's last fetch failed ("" when all is well)."""
    return STALE if snapshot.get("error") else ""


def projector_prompt(state: Mapping[str, Any]) -> str:
    """The projector's headline: the current prompt, or what the room should do now."""
    if state.get("status") == "ended":
        return "Thank you for taking part."
    current = state.get("current")
    return str(current["prompt"]) if current else "Join now: we start in a moment."


def _data_url(name: str, mime: str, body: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(body.encode()).decode()}"
