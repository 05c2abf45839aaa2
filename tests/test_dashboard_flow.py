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
                {"id": "energy", "kind": "choice", "count": count, "skipped": 1, "suppressed": suppressed, "needed": 2 if suppressed else 0, "tally": {"options": [{"id": "steady", "label": "Steady", "count": 4}, {"id": "flat", "label": "Flat", "count": 2}], "merged": None}},
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


def test_the_highlight_moves_on_once_an_activity_is_open():
    from huddle.dashboard.flow import pacing

    def shown(actions):
        return [(a.command, a.label, a.primary) if a else None for a in actions]

    assert shown(pacing("energy", {}, False, True)) == [("open", "Open", True), None, ("advance", "Next activity ▶", False)]
    is_open = {"id": "energy", "status": "open"}
    assert shown(pacing("energy", is_open, False, True)) == [("close", "Close", False), ("reveal", "Reveal results", True), ("advance", "Next activity ▶", False)]
    assert shown(pacing("energy", is_open, True, True)) == [("close", "Close", False), ("hide", "Hide results", False), ("advance", "Next activity ▶", True)]
    assert shown(pacing("energy", {"id": "energy", "status": "closed"}, True, True))[0] == ("open", "Open again", False)
    assert shown(pacing("win", is_open, True, True))[:2] == [("open", "Open", True), None], "another activity than the open one: open it"
    assert shown(pacing("breathing", {"id": "breathing", "status": "open"}, False, True, collects=False))[1:] == [None, ("advance", "Next activity ▶", True)]
    last = pacing("energy", is_open, True, False)[2]
    assert not last.primary and "last" in last.hint, "on the last activity nothing comes next"
    picture = flow().picture(snapshot())
    assert [a.label if a else None for a in picture.actions] == ["Close", "Reveal results", "Next activity ▶"]
    assert [row.answers for row in picture.rows] == ["6 answers", "2 answers", "0 answers"]
    one = snapshot(count=1)
    assert flow().picture(one).counts.startswith("1 answer ·")


def test_a_chart_comes_with_its_numbers_in_words_suppressed_as_drawn():
    from huddle.dashboard.flow import results_text
    from huddle.model.types import Activity

    activity = Activity.from_public(ACTIVITIES[0])
    shown = results_text(snapshot()["tally"]["activities"][0], activity)
    assert shown.headings == ("Answer", "People") and shown.rows == (("Steady", "4"), ("Flat", "2"))
    assert "Steady: 4" in shown.summary and "Flat: 2" in shown.summary
    merged = {"id": "energy", "kind": "choice", "count": 12, "skipped": 0, "suppressed": False,
              "tally": {"options": [{"id": "steady", "label": "Steady", "count": 7}, {"id": "flat", "label": "Flat", "count": None}, {"id": "tired", "label": "Tired", "count": None}], "merged": {"options": ["flat", "tired"], "count": 5}}}
    text = results_text(merged, activity)
    assert [label for label, _ in text.rows] == ["Steady", "Other answers, combined"], "a hidden count is never a row; the bucket says it is combined"
    assert "Flat" not in text.summary and "5" in text.summary
    thin = {**merged, "count": 8, "tally": {"options": [{"id": "steady", "label": "Steady", "count": None}, {"id": "flat", "label": "Flat", "count": None}], "merged": {"options": ["steady", "flat"], "count": 8}}}
    assert results_text(thin, activity).rows == () and "Waiting" in results_text(thin, activity).summary
    assert flow().picture(snapshot(count=3, suppressed=True)).results is None


def test_the_projector_shows_a_count_until_results_are_revealed():
    from huddle.dashboard.flow import projector_results

    state = {"status": "live", "current": {"id": "energy", "kind": "choice", "prompt": "Energy?", "options": ACTIVITIES[0]["options"]}, "revealed": False}
    entry = snapshot()["tally"]["activities"][0]
    assert projector_results(state, {**entry, "count": 1}, 5).message == "1 answer so far"
    assert projector_results({**state, "revealed": True}, {**entry, "suppressed": True}, 5).message.startswith("Waiting for more answers")
    revealed = projector_results({**state, "revealed": True}, entry, 5)
    assert revealed.what == "chart" and revealed.text and "Steady: 4" in revealed.text.summary
    assert projector_results({"status": "live", "current": None}, None, 5).what == "none"


def test_titles_and_the_short_join_address():
    from huddle.dashboard.flow import page_title
    from huddle.dashboard.links import share_links, short_join

    assert page_title("control", "K7MPX4") == "Dashboard · K7MPX4" and page_title("projector", "K7MPX4") == "Projector · K7MPX4"
    page = "https://huddle.example.edu/voila/render/dashboard.ipynb"
    assert short_join(page, "K7MPX4") == ("huddle.example.edu/K7MPX4", "https://huddle.example.edu/K7MPX4")
    assert short_join("http://127.0.0.1:8866/voila/render/dashboard.ipynb", "K7MPX4")[0] == "127.0.0.1:8866/K7MPX4"
    assert ("Join, short address to type", "https://huddle.example.edu/K7MPX4") in share_links(page, "K7MPX4")
    rows = flow().picture(snapshot()).rows
    long = flow()
    long.activities = [{**ACTIVITIES[0], "prompt": "word " * 30}]
    assert long.picture(snapshot()).rows[0].prompt.endswith("…") and len(long.picture(snapshot()).rows[0].prompt) <= 80
    assert rows[0].prompt == "Energy?"
