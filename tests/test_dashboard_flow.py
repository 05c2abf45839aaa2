"""The dashboard's decisions, with no widgets and no server: the picture of a snapshot, every
command's refusal worded once, and a failing feed that says so instead of freezing."""

from __future__ import annotations

from typing import Any

from huddle.client import ApiError, Unreachable
from huddle.dashboard.flow import CONFIRM_END, STALE, UNREACHABLE, ControlFlow, plural, problem_of, projector_prompt

ACTIVITIES = [
    {"id": "energy", "kind": "choice", "prompt": "Energy?", "options": [{"id": "steady", "label": "Steady"}, {"id": "flat", "label": "Flat"}]},
    {"id": "win", "kind": "text", "prompt": "A small win?"},
    {"id": "rotation", "kind": "word_cloud", "prompt": "One word?"},
]


def snapshot(current: str | None = "energy", count: int = 6, suppressed: bool = False, error: str | None = None) -> dict[str, Any]:
    return {
        "state": {"code": "K7MPX4", "title": "Demo", "status": "live", "current": {"id": current, "status": "open"} if current else None, "revealed": False, "timer": {"remaining": 90}},
        "tally": {
            "participants": 7, "k": 5, "signals": {"pause": 1, "crisis": 0},
            "activities": [
                {"id": "energy", "kind": "choice", "count": count, "skipped": 1, "suppressed": suppressed, "needed": 2 if suppressed else 0, "tally": {"steady": 4, "flat": 2}},
                {"id": "win", "kind": "text", "count": 2, "skipped": 0, "suppressed": True, "needed": 3, "tally": None},
            ],
        },
        "moderation": {"items": [{"activity": "win", "item": "a1", "status": "pending", "text": "<b>hi</b>"}], "held_for_safety": 1, "waiting": 2},
        "error": error,
    }


class StandIn:
    def __init__(self, failure: Exception | None = None) -> None:
        self.failure = failure
        self.commands: list[tuple[str, dict[str, Any]]] = []

    def control(self, code: str, key: str, action: str, **fields: Any) -> dict[str, Any]:
        if self.failure:
            raise self.failure
        self.commands.append((action, fields))
        return {}

    def export(self, code: str, key: str, *, include_text: bool = False) -> dict[str, Any]:
        return {"code": code, "answers": [{"activity": "energy", "value": "steady"}]}


def flow(client: StandIn | None = None) -> ControlFlow:
    refreshed: list[int] = []
    made = ControlFlow(client or StandIn(), "K7MPX4", "key", ACTIVITIES, refresh=lambda: refreshed.append(1))  # type: ignore[arg-type]
    made.refreshed = refreshed  # type: ignore[attr-defined]
    return made


def test_the_picture_follows_the_current_activity_until_the_facilitator_picks_another():
    control = flow()
    picture = control.picture(snapshot())
    assert picture.focus["id"] == "energy" and picture.focus_status == "open"
    assert picture.counts == "6 answers · 1 skipped" and picture.chart is not None
    assert [row.focus for row in picture.rows] == [True, False, False] and picture.rows[0].status == "open"
    assert picture.timer == 90 and picture.pauses == 1 and picture.participants == 7
    assert not picture.moderates and not picture.filters_words
    control.select("win")
    picked = control.picture(snapshot())
    assert picked.focus["id"] == "win" and picked.moderates and picked.chart is None
    assert [item["item"] for item in picked.queue] == ["a1"] and picked.held_for_safety == 1 and picked.waiting == 2
    control.select("rotation")
    assert control.picture(snapshot()).filters_words


def test_small_counts_say_how_many_more_are_needed_and_draw_nothing():
    picture = flow().picture(snapshot(count=3, suppressed=True))
    assert picture.chart is None and "waiting for 2 more" in picture.counts
    assert plural(1, "answer") == "1 answer" and plural(0, "answer") == "0 answers"


def test_a_failing_feed_is_shown_not_hidden():
    assert problem_of(snapshot(error="Cannot reach")) == STALE
    assert problem_of(snapshot()) == ""
    assert flow().picture(snapshot(error="Cannot reach")).problem == STALE
    assert flow().picture({"error": "Cannot reach"}) is None, "nothing to draw before the first answer from the server"


def test_each_command_is_sent_once_and_refusals_are_worded():
    client = StandIn()
    control = flow(client)
    control.select("win")
    assert control.command("open", activity=control.focus_id) == ""
    assert client.commands == [("open", {"activity": "win"})] and control.refreshed == [1]
    assert control.selected is None, "after a command the focus follows the room again"
    assert control.end(confirmed=False) == CONFIRM_END and len(client.commands) == 1
    assert flow(StandIn(Unreachable("down"))).command("close") == UNREACHABLE
    assert flow(StandIn(ApiError(409, "conflict", "This session has ended."))).command("close") == "This session has ended."


def test_exports_and_the_run_sheet_come_as_downloads():
    label, url = flow().export("csv", include_text=False)
    assert label == "huddle-K7MPX4.csv (1 answer)" and url.startswith("data:text/csv;base64,")
    name, sheet = flow().runsheet()
    assert name == "runsheet-K7MPX4.html" and sheet.startswith("data:text/html;base64,")


def test_the_projector_headline():
    assert projector_prompt({"status": "live", "current": {"prompt": "Energy?"}}) == "Energy?"
    assert projector_prompt({"status": "live", "current": None}).startswith("Join now")
    assert projector_prompt({"status": "ended", "current": None}) == "Thank you for taking part."
