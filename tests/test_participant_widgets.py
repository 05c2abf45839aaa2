"""The participant page's logic, driven from Python (set values, click) against a real server."""

from __future__ import annotations

import pytest
from servers import participant

from huddle.client import Client
from huddle.content import bundled_workshops
from huddle.participant.app import ParticipantApp
from huddle.model.kinds import EXERCISE_KINDS
from huddle.participant.answers import ANSWER_WIDGETS
from huddle.participant.exercises import EXERCISE_WIDGETS
from huddle.model import KINDS


def opened(server, session) -> ParticipantApp:
    """The page as it opens in the browser holding participant(500)'s token."""
    app = ParticipantApp(client_factory=lambda url: Client(server.api))
    app.presence.query = f"?code={session['code']}&token=jupyter-token"
    app.presence.token = participant(500)
    return app


def joined(server, session) -> ParticipantApp:
    app = opened(server, session)
    assert "Before you join" in app.body.children[0].children[0].value
    app.join()
    return app


def screen_text(app: ParticipantApp) -> str:
    texts = []

    def walk(widget):
        value = getattr(widget, "value", None)
        if isinstance(value, str):
            texts.append(value)
        for child in getattr(widget, "children", ()):
            walk(child)

    walk(app.body)
    return " ".join(texts)


def test_every_kind_has_an_answer_or_an_exercise_widget():
    live = {name for name, kind in KINDS.items() if not kind.exercise}
    assert set(ANSWER_WIDGETS) == live
    assert set(EXERCISE_WIDGETS) == set(KINDS) - live == set(EXERCISE_KINDS)


def test_a_returning_token_skips_the_notice_and_gets_a_reminder(server):
    session = server.create_session()
    first = joined(server, session)
    assert first.reminder.value == ""
    again = opened(server, session)  # the same browser, after a reload
    assert "You're in" in screen_text(again) and "Before you join" not in screen_text(again)
    assert "Welcome back." in again.reminder.value
    assert server.full_tally(session)["participants"] == 1


def test_participant_answers_changes_and_skips_from_python(server):
    session = server.create_session()
    app = joined(server, session)
    assert "You're in" in screen_text(app)

    server.control(session, "open", activity="energy")
    app.refresh()
    app.answer.radio.value = "steady"
    app.submit_button.click()
    assert "Received" in app.status.value
    app.answer.radio.value = "flat"
    app.submit_button.click()
    entry = server.tally(session)["energy"]
    assert entry["count"] == 1

    server.control(session, "open", activity="workload")
    app.refresh()
    app.skip_button.click()
    assert "Skipped" in app.status.value
    assert server.tally(session)["workload"]["skipped"] == 1
    assert server.full_tally(session)["participants"] == 1


def test_missing_answer_gets_a_gentle_prompt_and_nothing_is_sent(server):
    session = server.create_session()
    app = joined(server, session)
    server.control(session, "open", activity="recharge")
    app.refresh()
    app.submit_button.click()
    assert "at least one" in app.status.value
    assert server.tally(session)["recharge"]["count"] == 0


def test_a_reloaded_page_shows_the_earlier_answer(server):
    session = server.create_session()
    server.control(session, "open", activity="small-win")
    first = joined(server, session)
    first.answer.box.value = "Cooked a real dinner"
    first.submit_button.click()
    again = opened(server, session)  # same token: the browser kept it, and goes straight back
    assert again.answer.box.value == "Cooked a real dinner"
    assert "saved" in again.status.value
    assert server.tally(session)["small-win"]["count"] == 1


def test_crisis_language_shows_support_at_once_and_alerts_anonymously(server):
    session = server.create_session()
    server.control(session, "open", activity="small-win")
    app = joined(server, session)
    app.answer.box.value = "Honestly some days I want to die"
    app.submit_button.click()
    assert app.support.urgent_opens == 1
    assert "Samaritans" in app.support.content
    tally = server.full_tally(session)
    assert tally["signals"]["crisis"] == 1
    assert "want to die" not in str(tally)


def test_pause_signal_reaches_the_facilitator_as_a_count(server):
    session = server.create_session()
    app = joined(server, session)
    app.pause_button.click()
    assert "never who" in app.pause_status.value
    app.pause_button.click()
    assert "Already sent" in app.pause_status.value
    assert server.full_tally(session)["signals"]["pause"] == 1


def test_unknown_code_and_unreachable_server_get_plain_messages(server):
    from servers import free_port

    app = ParticipantApp(client_factory=lambda url: Client(server.api))
    app.presence.query = "?code=ZZZZZZ"
    app.presence.token = participant(501)
    assert "no session with the code ZZZZZZ" in screen_text(app)

    offline = ParticipantApp(client_factory=lambda url: Client(f"http://127.0.0.1:{free_port()}/huddle/api/v1"))
    offline.presence.query = "?code=K7MPX4"
    offline.presence.token = participant(502)
    assert "cannot reach the workshop server" in screen_text(offline)


def test_binder_style_link_names_its_server(server):
    seen = []
    app = ParticipantApp(client_factory=lambda url: seen.append(url) or Client(url))
    app.presence.query = f"?server={server.base}&code=ZZZZZZ&token=binder-token"
    app.presence.token = participant(503)
    assert seen == [server.api]


@pytest.mark.parametrize("query", ["?server=javascript:alert(1)&code=ABCDEF", "?server=ftp://x&code=ABCDEF"])
def test_a_join_link_with_a_bad_server_address_is_refused(query):
    app = ParticipantApp()
    app.presence.query = query
    app.presence.token = participant(504)
    assert "not a web address" in screen_text(app)


def test_self_paced_mode_lets_a_participant_move_through_activities(server):
    session = server.create_session()
    app = joined(server, session)
    server.control(session, "self_paced", enabled=True)
    app.refresh()
    assert f"1 of {len(bundled_workshops()['demo'].activities)}, at your own pace" in screen_text(app)
    app.go(+1)
    app.go(+1)
    assert app.answer.activity["id"] == "recharge"
    app.answer.boxes["sleep"].value = True
    app.submit_button.click()
    assert "Received" in app.status.value
    assert server.tally(session)["recharge"]["count"] == 1
    server.control(session, "self_paced", enabled=False)
    app.refresh()
    assert "You're in" in screen_text(app)


def test_breakout_puts_people_in_groups_and_takes_one_report_per_group(server):
    session = server.create_session()
    apps = []
    for n in range(6):
        app = ParticipantApp(client_factory=lambda url: Client(server.api))
        app.presence.query = f"?code={session['code']}"
        app.presence.token = participant(900 + n)
        app.stage.value = ["student", "resident", "nurse"][n % 3]
        app.join()
        apps.append(app)
    server.control(session, "breakout", size=3, strategy="mixed")
    for app in apps:
        app.refresh()
    groups = [app.flow.group["group"] for app in apps]
    assert sorted(groups) == [1, 1, 1, 2, 2, 2]
    assert "Group" in screen_text(apps[0]) and "of 2 groups" in screen_text(apps[0])
    # Two people in the same group write one report between them.
    first, second = [app for app in apps if app.flow.group["group"] == 1][:2]
    first.answer.box.value = "Protect lunch breaks"
    first.submit_button.click()
    second.refresh()
    second.answer.box.value = "Protect lunch breaks, rota them"
    second.submit_button.click()
    tally = server.full_tally(session)
    assert tally["breakout"]["sizes"] == [3, 3]
    assert {e["id"]: e for e in tally["activities"]}["group-idea"]["count"] == 1
    import requests

    queue = requests.get(f"{server.api}/sessions/{session['code']}/moderation", headers={"Authorization": f"Bearer {session['facilitator_key']}"}).json()
    assert [(i["group"], i["text"]) for i in queue["items"]] == [(1, "Protect lunch breaks, rota them")]
    server.control(session, "end_breakout")
    assert requests.get(f"{server.api}/sessions/{session['code']}").json()["breakout"] is None


def test_moving_on_gives_the_same_radio_group_new_options_and_nothing_chosen_before(server):
    """The live page reuses its answer controls: the next choice is the same radio group with
    new options (one update to the browser), and nothing chosen for one question carries over."""
    session = server.create_session()
    app = joined(server, session)
    server.control(session, "open", activity="arrival-mood")
    app.refresh()
    radio = app.answer.radio
    mood = radio.options[0][1]
    radio.value = mood
    app.submit_button.click()
    assert "Received" in app.status.value

    server.control(session, "open", activity="energy")
    app.refresh()
    assert app.answer.radio is radio and radio.comm is not None
    assert radio.value is None and radio.index is None, "the mood chosen a moment ago must not answer the next question"
    assert [label for label, _ in radio.options] == [o["label"] for o in app.answer.activity["options"]]
    assert "huddle-choice" in radio._dom_classes and "huddle-mood" not in radio._dom_classes
    assert app.submit_button.description == "Send answer" and app.status.value == ""

    server.control(session, "open", activity="arrival-mood")  # back to the mood: the answer sent shows again
    app.refresh()
    assert app.answer.radio is radio and radio.value == mood
    assert app.submit_button.description == "Update answer"


@pytest.fixture
def sent_messages(monkeypatch):
    """Every message the page's widgets send to the browser (open, update, close), by type."""
    import comm

    sent: list[str] = []
    monkeypatch.setattr(comm.DummyComm, "publish_msg", lambda self, msg_type, *args, **kwargs: sent.append(msg_type))
    return sent


def test_the_next_activity_of_a_kind_costs_the_browser_a_few_updates(server, sent_messages):
    """Issue 18: moving on cost each page 30 to 50 messages (every widget made anew, its layout
    and style with it). Now the next choice is a few updates (the prompt, the group's hidden
    name, the options, the guide's focus and announcement), and once the page has shown a kind,
    coming back to it opens and closes no widget."""
    session = server.create_session()
    app = joined(server, session)

    def move(activity: str) -> list[str]:
        sent_messages.clear()
        server.control(session, "open", activity=activity)
        app.refresh()
        return list(sent_messages)

    move("arrival-mood")
    to_choice = move("energy")
    assert set(to_choice) == {"comm_msg"} and len(to_choice) <= 5, to_choice
    tour = ["recharge", "workload", "one-word", "small-win", "priorities"]
    for activity in tour:  # each kind's controls are made once
        move(activity)
    for activity in ["energy", *tour]:
        sent = move(activity)
        assert "comm_open" not in sent and "comm_close" not in sent, f"moving to {activity} made or closed widgets: {sent}"
        assert len(sent) <= 12, f"moving to {activity}: {len(sent)} messages"
