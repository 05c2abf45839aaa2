"""The participant page's decisions, with no widgets and no server: a participant's way through
a session, told against a small stand-in for the API that records what it was asked."""

from __future__ import annotations

from typing import Any

import pytest

from huddle.client import ApiError, Unreachable
from huddle.participant.flow import (
    ActivityScreen, CodeEntry, Ended, Notice, ParticipantFlow, Privacy, Problem, Waiting, Wording,
)

ENERGY = {"id": "energy", "kind": "choice", "prompt": "Energy?", "options": [{"id": "steady", "label": "Steady"}], "status": "open"}
WIN = {"id": "win", "kind": "text", "prompt": "A small win?", "status": "open"}


class StandIn:
    """The API as one participant's page sees it, in memory."""

    def __init__(self) -> None:
        self.session: dict[str, Any] = {"code": "K7MPX4", "title": "Demo", "status": "live", "current": None, "revealed": False, "timer": None, "revision": 1}
        self.joined: set[str] = set()
        self.calls: list[str] = []
        self.submitted: list[tuple[str, Any, bool]] = []
        self.failure: Exception | None = None
        self.group = {"group": 2, "groups": 3, "members": 4}
        self.support_flag = False

    def _call(self, name: str) -> None:
        self.calls.append(name)
        if self.failure is not None:
            raise self.failure

    def state_of(self) -> dict[str, Any]:
        return dict(self.session)

    def state(self, code: str, wait_for_change_from: int | None = None, wait_seconds: int = 25) -> dict[str, Any]:
        self._call("state")
        if code != "K7MPX4":
            raise ApiError(404, "not_found", "no such session")
        return self.state_of()

    def mine(self, code: str, participant: str) -> dict[str, Any]:
        self._call("mine")
        return {"answers": {}, "joined": participant in self.joined}

    def my_answers(self, code: str, participant: str) -> dict[str, Any]:
        self._call("my_answers")
        return {activity: {"value": value, "skipped": skip} for activity, value, skip in self.submitted}

    def join(self, code: str, participant: str, stage: str | None = None) -> dict[str, Any]:
        self._call("join")
        self.joined.add(participant)
        return self.state_of()

    def my_group(self, code: str, participant: str) -> dict[str, Any]:
        self._call("my_group")
        return self.group

    def submit(self, code: str, activity: str, participant: str, value: Any = None, *, skip: bool = False, submission_id: str | None = None, link: str | None = None) -> dict[str, Any]:
        self._call("submit")
        self.submitted.append((activity, value, skip))
        return {"support": self.support_flag}

    def signal(self, code: str, participant: str, kind: str = "pause") -> None:
        self._call("signal")

    def support(self) -> dict[str, Any]:
        self._call("support")
        return {"resources": []}

    def results(self, code: str, activity: str) -> dict[str, Any]:
        self._call("results")
        return {"kind": "choice", "tally": {}}


@pytest.fixture
def api() -> StandIn:
    return StandIn()


def flow_for(api: StandIn) -> ParticipantFlow:
    return ParticipantFlow(client_factory=lambda url: api)  # type: ignore[arg-type, return-value]


def joined(api: StandIn) -> ParticipantFlow:
    flow = flow_for(api)
    assert isinstance(flow.open("token-1", "?code=k7m-px4"), Privacy)
    assert isinstance(flow.join(), Waiting)
    return flow


def test_a_page_opened_without_a_link_asks_for_one_and_calls_nobody(api):
    flow = flow_for(api)
    assert flow.open("token-1", "?token=jupyter") == Notice(Wording.NO_LINK)
    assert flow.client is None and api.calls == []
    refused = flow.open("token-1", "?server=javascript:alert(1)&code=K7MPX4")
    assert isinstance(refused, Notice) and refused.error and "not a web address" in refused.message


def test_a_mistyped_code_is_answered_at_once_and_an_unknown_one_by_the_server(api):
    flow = flow_for(api)
    assert flow.open("token-1", "?server=https://huddle.example.edu") == CodeEntry()
    assert flow.check_code("K7") == CodeEntry(Wording.BAD_CODE)
    assert api.calls == []
    assert flow.check_code("HHHHHH") == CodeEntry(Wording.NO_SESSION.format(code="HHHHHH"))


def test_an_unreachable_server_offers_to_try_again(api):
    flow = flow_for(api)
    api.failure = Unreachable("down")
    screen = flow.open("token-1", "?code=K7MPX4")
    assert isinstance(screen, Problem) and screen.message == Wording.UNREACHABLE
    api.failure = None
    assert isinstance(screen.retry(), Privacy)


def test_the_notice_comes_first_and_a_returning_browser_goes_straight_back(api):
    first = joined(api)
    assert not first.returning and first.joined
    again = flow_for(api)
    assert isinstance(again.open("token-1", "?code=K7MPX4"), Waiting), "no second notice after a reload (R7)"
    assert again.returning
    other = flow_for(api)
    assert isinstance(other.open("token-2", "?code=K7MPX4"), Privacy), "another browser still sees the notice"


def test_an_open_activity_shows_the_earlier_answer_and_a_closed_one_says_so(api):
    flow = joined(api)
    api.session.update(current=ENERGY, revision=2)
    screen = flow.show(api.state_of())
    assert isinstance(screen, ActivityScreen) and screen.accepting and screen.previous is None
    flow.send(ENERGY, "steady", skip=False, missing="", urgent=lambda: None)
    api.session.update(current={**ENERGY, "status": "closed"}, revision=3)
    closed = flow.show(api.state_of())
    assert not closed.accepting and closed.previous_message() == Wording.SAVED
    assert closed.key != screen.key, "opening and closing rebuild the screen"


def test_a_reloaded_page_says_that_words_of_crisis_were_not_kept(api):
    api.my_answers = lambda code, participant: {"energy": {"value": None, "skipped": False, "held": True}}
    flow = joined(api)
    api.session.update(current={**ENERGY, "status": "closed"}, revision=2)
    assert flow.show(api.state_of()).previous_message() == Wording.HELD_BEFORE


def test_an_answer_sent_twice_is_sent_once_and_a_missing_one_not_at_all(api):
    flow = joined(api)
    assert flow.send(ENERGY, None, skip=False, missing="Choose first.", urgent=lambda: None).message == "Choose first."
    for _ in range(2):
        outcome = flow.send(ENERGY, "steady", skip=False, missing="", urgent=lambda: None)
        assert outcome.done and outcome.message == Wording.RECEIVED
    assert api.submitted == [("energy", "steady", False)]
    assert flow.send(ENERGY, None, skip=True, missing="", urgent=lambda: None).message == Wording.SKIPPED


def test_crisis_words_open_support_at_once_even_when_the_answer_cannot_be_sent(api):
    flow = joined(api)
    opened: list[str] = []
    api.failure = Unreachable("down")
    outcome = flow.send(WIN, "some days I want to die", skip=False, missing="", urgent=lambda: opened.append("now"))
    assert opened == ["now"] and outcome.message == Wording.NOT_SENT
    api.failure = None
    api.support_flag = True  # the server's own check, for words the page did not catch
    flow.send(ENERGY, "steady", skip=False, missing="", urgent=lambda: opened.append("server"))
    assert opened == ["now", "server"]


def test_following_stops_when_the_session_is_purged_and_backs_off_when_offline(api):
    flow = joined(api)
    api.failure = Unreachable("down")
    waits = [flow.poll().wait for _ in range(6)]
    assert waits == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    assert flow.poll().connection == Wording.RECONNECTING
    api.failure = ApiError(404, "not_found", "gone")
    update = flow.poll()
    assert update.screen == Ended(purged=True) and update.stop and not flow.following


def test_self_paced_moves_stay_within_the_workshop(api):
    flow = joined(api)
    api.session.update(self_paced=True, activities=[ENERGY, WIN], revision=2)
    assert flow.show(api.state_of()).navigation == (0, 2)
    assert flow.go(+1).navigation == (1, 2)
    assert flow.go(+1).navigation == (1, 2)
    assert flow.go(-5).navigation == (0, 2)


def test_the_group_is_asked_for_once_per_change_of_the_session(api):
    flow = joined(api)
    api.session.update(current={**WIN, "kind": "group_report"}, breakout={"activity": "win", "groups": 3}, revision=5)
    for _ in range(3):
        screen = flow.show(api.state_of())
    assert screen.group.number == 2 and api.calls.count("my_group") == 1
    api.group = {"group": None}
    api.session["revision"] = 6
    late = flow.show(api.state_of())
    assert late.group.number is None and not late.accepting, "someone who joined after the groups were made cannot answer for one"


def test_a_pause_request_is_worded_for_each_outcome(api):
    flow = joined(api)
    assert flow.pause().message == Wording.PAUSE_SENT
    api.failure = ApiError(429, "too_many", "slow down")
    assert flow.pause().message == Wording.PAUSE_AGAIN
    api.failure = Unreachable("down")
    assert flow.pause().message == Wording.PAUSE_NOT_SENT


def test_a_link_that_names_a_server_says_where_answers_go_before_join(api):
    flow = flow_for(api)
    screen = flow.open("token-1", "?server=https://huddle.example.edu&code=K7MPX4")
    assert isinstance(screen, Privacy) and screen.destination == "huddle.example.edu"
    assert "huddle.example.edu" in screen.destination_line
    assert flow_for(api).open("token-2", "?code=K7MPX4").destination is None, "the page's own server needs no naming"


def test_a_linked_code_that_cannot_be_one_never_reaches_a_server(api):
    from huddle.client import Client

    flow = ParticipantFlow(client_factory=lambda url: Client("http://127.0.0.1:9/huddle/api/v1"))
    screen = flow.open("token-1", "?server=https://huddle.example.edu&code=../../../../internal/admin%3Fx%3D")
    assert isinstance(screen, CodeEntry) and "There is no session with the code" in screen.message
