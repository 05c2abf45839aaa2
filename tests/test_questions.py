"""Questions from the room (issue 16, part 4), as the people in a session meet them: participants
ask anonymously, the questions reach the facilitator in a batch, the shared ones show on phones
while the activity is open, each person upvotes a question once, and the facilitator pins one and
marks it answered. Against a real server, except where the database itself is looked at."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import requests
from servers import participant

from huddle.client import Client
from huddle.content import bundled_workshops
from huddle.dashboard.flow import ControlFlow, moderation_buttons, projector_results
from huddle.model import Conflict, build_workshop
from huddle.model.identity import answer_key
from huddle.participant.app import ParticipantApp
from huddle.participant.flow import question_board
from huddle.reports.charts import chart_png, chart_summary
from huddle.reports.report import build_report
from huddle.service import Service
from huddle.store import SQLiteStore

ASK = "ask-us"
LIMIT = "You have asked 3 questions here, the most one person can ask."


def vote(server, session, token: str, item, activity: str = ASK) -> requests.Response:
    return requests.post(f"{server.api}/sessions/{session['code']}/votes", json={"activity": activity, "participant": token, "item": item}, timeout=10)


def moderate(server, session, item: str, status: str) -> dict:
    return server.control(session, "moderate", activity=ASK, item=item, status=status)


def queue(server, session) -> list[dict]:
    response = requests.get(f"{server.api}/sessions/{session['code']}/moderation", headers={"Authorization": f"Bearer {session['facilitator_key']}"}, timeout=10)
    assert response.status_code == 200, response.text
    return [item for item in response.json()["items"] if item["activity"] == ASK]


def shown(server, session) -> requests.Response:
    return requests.get(f"{server.api}/sessions/{session['code']}/results/{ASK}", timeout=10)


def error_of(response: requests.Response) -> dict:
    assert response.headers["Content-Type"].startswith("application/json"), response.headers
    return response.json()["error"]


def room(server, first: int, texts: list[str]) -> tuple[dict, list[str], dict[str, str]]:
    """A demo session with the questions open and one question from each of len(texts) people,
    every one shared with the room; the session, the tokens and each text's item id."""
    session = server.create_session()
    server.control(session, "open", activity=ASK)
    tokens = [participant(first + n) for n in range(len(texts))]
    for token, text in zip(tokens, texts):
        assert server.answer(session, ASK, token, text).status_code == 201
    items = {item["text"]: item["item"] for item in queue(server, session)}
    for item in items.values():
        moderate(server, session, item, "approved")
    return session, tokens, items


def test_questions_reach_the_facilitator_in_a_batch_and_the_room_only_once_shared(server):
    session = server.create_session()
    server.control(session, "open", activity=ASK)
    texts = ["How do I say no to extra shifts?", "Is it normal to dread nights?", "Who covers when I am off sick?", "How do I switch off?", "Can we talk about rotas?"]
    # P8: four questions are no batch yet; the facilitator sees only that some are on the way.
    for n, text in enumerate(texts[:4]):
        receipt = server.answer(session, ASK, participant(7000 + n), text)
        assert receipt.status_code == 201 and receipt.json()["status"] == "stored"
    assert queue(server, session) == []
    assert shown(server, session).json()["suppressed"] is True and shown(server, session).json()["count"] is None
    server.answer(session, ASK, participant(7004), texts[4])
    waiting = queue(server, session)
    assert sorted(item["text"] for item in waiting) == sorted(texts) and {item["status"] for item in waiting} == {"pending"}
    # In the order of their anonymous ids, never in the order they were typed.
    assert [item["item"] for item in waiting] == sorted(item["item"] for item in waiting)

    # Nothing is shown to the room until the facilitator shares it; open is enough, no reveal.
    assert shown(server, session).status_code == 200 and shown(server, session).json()["tally"]["questions"] == []
    items = {item["text"]: item["item"] for item in waiting}
    moderate(server, session, items[texts[0]], "approved")
    moderate(server, session, items[texts[1]], "hidden")
    tally = shown(server, session).json()["tally"]
    assert [q["text"] for q in tally["questions"]] == [texts[0]]
    assert (tally["pending"], tally["hidden"], tally["flagged"]) == (3, 1, 0)
    # Once closed (and not revealed) the room no longer reads them.
    server.control(session, "close", activity=ASK)
    assert shown(server, session).status_code == 403


def test_each_person_upvotes_a_shared_question_once(server):
    session, tokens, items = room(server, 7100, ["Rotas?", "Sleep after nights?", "Saying no?", "Exams?", "Money?"])
    first = vote(server, session, tokens[0], items["Saying no?"])
    assert first.status_code == 201 and first.json() == {"status": "counted", "activity": ASK, "item": items["Saying no?"], "votes": 1, "voted": [items["Saying no?"]]}
    again = vote(server, session, tokens[0], items["Saying no?"])
    assert again.status_code == 200 and again.json()["status"] == "unchanged" and again.json()["votes"] == 1
    assert vote(server, session, tokens[1], items["Saying no?"]).json()["votes"] == 2
    assert vote(server, session, tokens[1], items["Exams?"]).status_code == 201
    # A vote moves the list, not the session: pages are not all woken up by every tap.
    revision = requests.get(f"{server.api}/sessions/{session['code']}").json()["revision"]
    vote(server, session, tokens[2], items["Exams?"])
    vote(server, session, tokens[3], items["Exams?"])
    assert requests.get(f"{server.api}/sessions/{session['code']}").json()["revision"] == revision
    listed = shown(server, session).json()["tally"]["questions"]
    assert [(q["text"], q["votes"]) for q in listed[:2]] == [("Exams?", 3), ("Saying no?", 2)]
    assert server.tally(session)[ASK]["tally"]["questions"] == listed  # the facilitator sees the same
    mine = requests.post(f"{server.api}/sessions/{session['code']}/my-answers", json={"participant": tokens[1]}).json()
    assert mine["questions"][ASK] == {"asked": 1, "voted": sorted([items["Saying no?"], items["Exams?"]])}


def test_only_a_question_the_room_is_shown_can_be_upvoted(server):
    session, tokens, items = room(server, 7200, ["One?", "Two?", "Three?", "Four?", "Five?"])
    moderate(server, session, items["Two?"], "hidden")
    moderate(server, session, items["Three?"], "pending")
    for item in (items["Two?"], items["Three?"], "0123456789ab", "", "x" * 5000):
        response = vote(server, session, tokens[0], item)
        assert response.status_code == (400 if item == "" else 404), (item[:20], response.text)
    assert vote(server, session, tokens[0], items["One?"], activity="small-win").status_code == 404  # free text takes no votes
    assert vote(server, session, tokens[0], items["One?"], activity="no-such").status_code == 404
    # Someone who never joined, a closed activity and an ended session are refused.
    assert error_of(vote(server, session, participant(7299), items["One?"]))["code"] == "conflict"
    server.control(session, "close", activity=ASK)
    assert vote(server, session, tokens[0], items["One?"]).status_code == 409
    server.control(session, "open", activity=ASK)
    server.control(session, "end")
    assert "ended" in error_of(vote(server, session, tokens[0], items["One?"]))["message"]
    assert server.tally(session)[ASK]["tally"]["questions"][0]["votes"] == 0


def test_below_k_questions_nothing_is_shown_or_votable(server):
    session = server.create_session()
    server.control(session, "open", activity=ASK)
    for n in range(4):
        server.answer(session, ASK, participant(7300 + n), f"Question number {n}?")
    server.control(session, "close", activity=ASK)  # the batch reaches the facilitator at once
    server.control(session, "open", activity=ASK)
    items = [item["item"] for item in queue(server, session)]
    assert len(items) == 4
    moderate(server, session, items[0], "approved")
    result = shown(server, session).json()
    assert result["suppressed"] is True and result["tally"] is None and result["count"] is None
    assert vote(server, session, participant(7300), items[0]).status_code == 404


def test_one_person_asks_at_most_three_and_a_resend_is_stored_once(server):
    session = server.create_session()
    server.control(session, "open", activity=ASK)
    token = participant(7400)
    server.join(session, token)
    url = f"{server.api}/sessions/{session['code']}/responses"

    def ask(text: str, submission: str) -> requests.Response:
        return requests.post(url, json={"activity": ASK, "participant": token, "submission_id": submission, "value": text}, timeout=10)

    assert [ask(f"Question {n}?", f"submission-{n}").status_code for n in range(3)] == [201, 201, 201]
    fourth = ask("Question 4?", "submission-4")
    assert fourth.status_code == 409 and error_of(fourth)["message"] == LIMIT
    # A retried request (its submission id already seen) is recognised, slots full or not.
    assert ask("Question 2?", "submission-2").json()["status"] == "duplicate"
    assert ask("Question 1?", "another-submission").json()["status"] == "unchanged"  # the same question again adds nothing
    # Crisis words still open support when no question is left, and the facilitator still hears of it.
    crisis = ask("I can't go on like this", "submission-crisis")
    assert crisis.status_code == 200 and crisis.json()["support"] is True
    assert server.full_tally(session)["signals"]["crisis"] == 1
    assert server.tally(session)[ASK]["count"] == 3
    mine = requests.post(f"{server.api}/sessions/{session['code']}/my-answers", json={"participant": token}).json()
    assert mine["questions"][ASK] == {"asked": 3, "voted": []} and ASK not in mine["answers"]
    # Someone else still asks their own three.
    assert server.answer(session, ASK, participant(7401), "Question 4?").status_code == 201


def test_crisis_words_in_a_question_are_never_kept_or_shown(server):
    session = server.create_session()
    server.control(session, "open", activity=ASK)
    crisis = server.answer(session, ASK, participant(7500), "Is it normal that I want to end it all?")
    assert crisis.status_code == 201 and crisis.json()["support"] is True
    for n in range(4):
        server.answer(session, ASK, participant(7501 + n), f"An ordinary question {n}?")
    server.control(session, "close", activity=ASK)
    moderation = requests.get(f"{server.api}/sessions/{session['code']}/moderation", headers={"Authorization": f"Bearer {session['facilitator_key']}"}).json()
    assert moderation["held_for_safety"] == 1 and "end it all" not in str(moderation)
    full = server.full_tally(session)
    assert full["signals"]["crisis"] == 1 and "end it all" not in str(full)
    assert full["activities"][[a["id"] for a in full["activities"]].index(ASK)]["tally"]["flagged"] == 1
    export = requests.get(f"{server.api}/sessions/{session['code']}/export?text=true", headers={"Authorization": f"Bearer {session['facilitator_key']}"}).text
    assert "end it all" not in export


def test_a_banned_word_takes_a_question_off_every_screen(server):
    session, tokens, items = room(server, 7600, ["What would Dr Smith say?", "Two?", "Three?", "Four?", "Five?"])
    server.control(session, "ban_word", word="Smith")
    listed = shown(server, session).json()["tally"]
    assert "Smith" not in str(listed["questions"]) and listed["hidden"] == 1
    assert vote(server, session, tokens[1], items["What would Dr Smith say?"]).status_code == 404


def test_the_facilitator_pins_a_question_then_marks_it_answered(server):
    session, tokens, items = room(server, 7700, ["A?", "B?", "C?", "D?", "E?"])
    for token in tokens[:3]:
        vote(server, session, token, items["C?"])
    vote(server, session, tokens[0], items["D?"])
    moderate(server, session, items["A?"], "pinned")
    order = [(q["text"], q["pinned"], q["answered"]) for q in shown(server, session).json()["tally"]["questions"]]
    assert order[:3] == [("A?", True, False), ("C?", False, False), ("D?", False, False)]
    # Answering the pinned one unpins it and sends it to the end; a vote still counts there.
    revision = requests.get(f"{server.api}/sessions/{session['code']}").json()["revision"]
    state = moderate(server, session, items["A?"], "answered")
    assert state["revision"] > revision  # pages refresh their list when the facilitator acts
    order = [(q["text"], q["pinned"], q["answered"]) for q in shown(server, session).json()["tally"]["questions"]]
    assert order[0] == ("C?", False, False) and order[-1] == ("A?", False, True)
    moderate(server, session, items["C?"], "answered")
    assert [q["text"] for q in shown(server, session).json()["tally"]["questions"]][-2:] == ["C?", "A?"]  # answered: by votes
    # Pinned and answered are for questions only.
    text_session = server.create_session()
    server.control(text_session, "open", activity="small-win")
    response = requests.post(
        f"{server.api}/sessions/{text_session['code']}/control", json={"action": "moderate", "activity": "small-win", "item": "x", "status": "pinned"},
        headers={"Authorization": f"Bearer {text_session['facilitator_key']}"}, timeout=10,
    )
    assert response.status_code == 400 and "approved, hidden, pending." in error_of(response)["message"]


def test_votes_are_rate_limited_and_hostile_requests_get_a_plain_4xx(server):
    logged_before = len(server.log())
    session, tokens, items = room(server, 7800, ["A?", "B?", "C?", "D?", "E?"])
    url = f"{server.api}/sessions/{session['code']}/votes"
    answers = [vote(server, session, tokens[0], items["A?"]) for _ in range(40)]
    statuses = [response.status_code for response in answers]
    assert statuses[0] == 201 and 429 in statuses and set(statuses) <= {200, 201, 429}
    limited = next(response for response in answers if response.status_code == 429)
    assert error_of(limited)["code"] == "rate_limited" and "voting very quickly" in error_of(limited)["message"]
    token = tokens[1]
    hostile = [
        ({"activity": ASK, "participant": token, "item": 12}, 400),
        ({"activity": ASK, "participant": token, "item": None}, 400),
        ({"activity": ASK, "participant": token, "item": ["A"]}, 400),
        ({"activity": ASK, "participant": token, "item": {"$ne": ""}}, 400),
        ({"activity": ASK, "participant": token}, 400),
        ({"activity": ASK, "participant": token, "item": items["B?"], "weight": 100}, 400),
        ({"activity": 3, "participant": token, "item": items["B?"]}, 404),
        ({"activity": [ASK], "participant": token, "item": items["B?"]}, 404),
        ({"activity": ASK, "participant": "short", "item": items["B?"]}, 400),
        ({"activity": ASK, "participant": 5, "item": items["B?"]}, 400),
        ([ASK, token, items["B?"]], 400),
        ("vote", 400),
    ]
    for body, status in hostile:
        response = requests.post(url, json=body, timeout=10)
        assert response.status_code == status, (body, response.text)
        assert error_of(response)["message"]
    for raw, status in ((b"{not json", 400), (b'{"item": "' + b"x" * 70_000 + b'"}', 413), (b"[" * 1000 + b"]" * 1000, 400)):
        response = requests.post(url, data=raw, headers={"Content-Type": "application/json"}, timeout=10)
        assert response.status_code == status and error_of(response)
    assert requests.post(f"{server.api}/sessions/NOPE99/votes", json={"activity": ASK, "participant": token, "item": items["B?"]}).status_code == 404
    assert shown(server, session).json()["tally"]["questions"][0]["votes"] == 1  # only the one counted vote
    # No request of this test raised inside Huddle (the shared server's log also holds other
    # tests' lines, and Jupyter's kernel culler logs its own races there).
    assert "huddle/server" not in server.log()[logged_before:] and "huddle/service" not in server.log()[logged_before:]


# the database itself --------------------------------------------------------------------------


def two_questions_workshop():
    return build_workshop({
        "id": "two-rounds", "title": "Two rounds of questions",
        "activities": [
            {"id": "morning", "kind": "questions", "prompt": "Questions this morning?"},
            {"id": "afternoon", "kind": "questions", "prompt": "Questions this afternoon?", "per_person": 1},
        ],
    })


def test_votes_and_questions_are_keyed_apart_in_each_activity(tmp_path: Path):
    """P2: nothing in the database joins one person's questions, their votes, or their votes in
    another activity: every key differs, and none is the token."""
    store = SQLiteStore.in_folder(tmp_path / "data")
    service = Service(store)
    code = service.create_session(two_questions_workshop(), "http://example")["code"]
    people = [participant(n) for n in range(5)]
    for activity in ("morning", "afternoon"):
        service.control(code, {"action": "open", "activity": activity})
        for n, person in enumerate(people):
            service.join(code, {"participant": person})
            service.submit(code, {"activity": activity, "participant": person, "submission_id": f"{activity}-{n:04d}", "value": f"{activity} question {n}?"})
        for item in service.moderation(code)["items"]:
            if item["activity"] == activity:
                service.control(code, {"action": "moderate", "activity": activity, "item": item["item"], "status": "approved"})
        first = service.tally(code)["activities"][0 if activity == "morning" else 1]["tally"]["questions"][0]["item"]
        assert service.vote(code, {"activity": activity, "participant": people[0], "item": first})["status"] == "counted"
    rows = store._rows("SELECT activity, voter_key FROM votes WHERE session_code = ?", (code,))
    assert len(rows) == 2
    voters = {key for _, key in rows}
    answer_keys = {answer.key for answer in store.answers(code)}
    assert len(voters) == 2 and not voters & answer_keys, "a vote's key is unlike any answer key, and differs per activity"
    record = store.get_session(code)
    assert answer_key(record.salt, people[0], "morning") not in voters | answer_keys
    assert not any(person in str(rows) + str(answer_keys) for person in people)
    # The afternoon takes one question each: a second is refused, in plain words.
    with pytest.raises(Conflict, match="You have asked 1 question here"):
        service.submit(code, {"activity": "afternoon", "participant": people[0], "submission_id": "afternoon-again", "value": "And another?"})
    service.purge(code)
    assert store._rows("SELECT count(*) FROM votes") == [(0,)]
    store.close()


def test_the_report_lists_the_shared_questions_with_their_upvotes(tmp_path: Path):
    store = SQLiteStore.in_folder(tmp_path / "data")
    service = Service(store)
    code = service.create_session(bundled_workshops()["demo"], "http://example")["code"]
    service.control(code, {"action": "open", "activity": ASK})
    texts = ["Rotas?", "Sleep <b>after</b> nights?", "Saying no?", "Exams?", "A private worry?"]
    for n, text in enumerate(texts):
        service.join(code, {"participant": participant(n)})
        service.submit(code, {"activity": ASK, "participant": participant(n), "submission_id": f"ask-{n:05d}", "value": text})
    items = {item["text"]: item["item"] for item in service.moderation(code)["items"]}
    for text, status in zip(texts, ["approved", "approved", "pinned", "answered", "hidden"]):
        service.control(code, {"action": "moderate", "activity": ASK, "item": items[text], "status": status})
    for n in range(2):
        service.vote(code, {"activity": ASK, "participant": participant(n), "item": items["Rotas?"]})
    tally = service.tally(code)
    report = build_report(service.summary(code), tally, service.workshop(code), generated="1 May 2025, 09:00")
    assert "Saying no? (0 upvotes, pinned)" in report and "Rotas? (2 upvotes)" in report and "Exams? (0 upvotes, answered)" in report
    assert "Sleep &lt;b&gt;after&lt;/b&gt; nights?" in report and "A private worry" not in report
    entry = next(e for e in tally["activities"] if e["id"] == ASK)
    activity = service.workshop(code).activity(ASK)
    assert chart_png(entry, activity) is None and chart_summary(entry, activity) == "4 questions shared with the room, shown as a list with their upvotes."
    store.close()


# what the pages decide, without widgets -------------------------------------------------------


def test_the_board_a_participant_sees_is_decided_without_widgets():
    tally = {"questions": [
        {"item": "c3", "text": "How do I say no to an extra shift without feeling guilty?", "votes": 0, "pinned": True, "answered": False},
        {"item": "b2", "text": "Rotas?", "votes": 1, "pinned": False, "answered": False},
        {"item": "a1", "text": "Nights?", "votes": 2, "pinned": False, "answered": True},
    ]}
    board = question_board({"suppressed": False, "tally": tally}, asked=1, most=3, voted={"b2"}, accepting=True)
    assert [(r.item, r.voted, r.can_vote, r.badges) for r in board.rows] == [
        ("c3", False, True, ("Pinned",)), ("b2", True, False, ()), ("a1", False, False, ("Answered",)),
    ]
    assert board.rows[0].label == "Upvote: How do I say no to an extra…"
    assert (board.rows[1].button, board.rows[1].count, board.rows[2].count) == ("Upvoted", "1 vote", "2 votes")
    assert board.ask_line == "You can ask 2 more." and board.can_ask and board.message == ""
    full = question_board({"suppressed": False, "tally": tally}, asked=3, most=3, voted=set(), accepting=True)
    assert not full.can_ask and full.ask_line == LIMIT
    closed = question_board({"suppressed": False, "tally": tally}, asked=0, most=3, voted=set(), accepting=False)
    assert closed.ask_line == "" and not any(r.can_vote for r in closed.rows)
    # Below k, or when the server cannot be reached: no list and no number at all (P3).
    for result in ({"suppressed": True, "tally": None, "count": None}, None):
        waiting = question_board(result, asked=0, most=3, voted=set(), accepting=True)
        assert waiting.rows == () and "once enough have been asked" in waiting.message
    assert question_board(None, asked=0, most=3, voted=set(), accepting=False).message == ""  # closed: the page says so
    assert question_board({"suppressed": False, "tally": {"questions": []}}, asked=0, most=3, voted=set(), accepting=True).message.startswith("No questions")


# the participant's page and the facilitator's, driven from Python ---------------------------


def page(server, session, token: str) -> ParticipantApp:
    app = ParticipantApp(client_factory=lambda url: Client(server.api))
    app.presence.query = f"?code={session['code']}"
    app.presence.token = token
    if app.stage is not None:  # the privacy notice: a first visit
        app.join()
    return app


def test_a_participant_asks_and_upvotes_from_the_page(server):
    session, tokens, items = room(server, 7900, ["Rotas?", "Sleep?", "Exams?", "Money?", "Leave?"])
    app = page(server, session, participant(7950))
    assert app.submit_button.description == "Ask" and app.skip_button not in app.body.children[0].children
    board = app.answer
    assert "You can ask up to 3 questions, anonymously." in board.ask_line.value
    assert [view.box for view in board.rows.values()] and len(board.list.children) == 5
    board.box.value = "How do I ask for help without looking weak?"
    app.submit_button.click()
    assert "Sent. The facilitator sees each question before the room does." in app.status.value
    assert board.box.value == "" and "You can ask 2 more." in board.ask_line.value
    # Upvoting: the button is pressed and then refuses a second press.
    button = board.rows[items["Exams?"]].button
    button.value = True
    assert button.value is True and button.disabled and button.description == "Upvoted"
    button.value = False  # a second press (as the browser would send it) takes nothing back
    assert button.value is True
    assert shown(server, session).json()["tally"]["questions"][0] == {"item": items["Exams?"], "text": "Exams?", "votes": 1, "pinned": False, "answered": False}
    assert board.rows[items["Exams?"]].button.tooltip == "Upvote: Exams?"
    # A reloaded page keeps the button pressed and the count of questions asked.
    again = page(server, session, participant(7950))
    assert again.answer.rows[items["Exams?"]].button.value is True and again.answer.rows[items["Exams?"]].button.disabled
    assert "You can ask 2 more." in again.answer.ask_line.value
    moderate(server, session, items["Exams?"], "answered")
    again.refresh()
    assert "Answered" in again.answer.rows[items["Exams?"]].text.value
    assert re.search(r"1 vote<", again.answer.rows[items["Exams?"]].text.value)


def test_the_facilitator_sees_votes_and_can_pin_or_mark_answered(server):
    session, tokens, items = room(server, 8000, ["Rotas?", "Sleep?", "Exams?", "Money?", "Leave?"])
    for token in tokens[:2]:
        vote(server, session, token, items["Money?"])
    moderate(server, session, items["Rotas?"], "pinned")
    client = Client(server.api)
    workshop = client.workshop(session["code"], session["facilitator_key"])
    flow = ControlFlow(client, session["code"], session["facilitator_key"], workshop["activities"])
    snapshot = {
        "state": client.state(session["code"]),
        "tally": client.tally(session["code"], session["facilitator_key"]),
        "moderation": client.moderation(session["code"], session["facilitator_key"]),
    }
    picture = flow.picture(snapshot)
    assert picture.questions and picture.moderates
    assert [(i["text"], i["status"], i["votes"]) for i in picture.queue][:2] == [("Rotas?", "pinned", 0), ("Money?", "approved", 2)]
    labels = [b.label for b in moderation_buttons(picture.queue[0], True)]
    assert labels == ["Unpin", "Mark answered", "Hide"]
    assert [b.label for b in moderation_buttons(picture.queue[1], True)] == ["Pin", "Mark answered", "Hide"]
    assert [b.label for b in moderation_buttons({"status": "pending"}, True)] == ["Share with room", "Hide"]
    # The projector: pinned first, then the open questions by votes, answered ones left out.
    moderate(server, session, items["Sleep?"], "answered")
    tally = client.tally(session["code"], session["facilitator_key"])
    entry = next(e for e in tally["activities"] if e["id"] == ASK)
    projected = projector_results(client.state(session["code"]), entry, tally["k"])
    assert projected.what == "voted"
    assert [(q.text, q.votes, q.pinned) for q in projected.questions][:2] == [("Rotas?", 0, True), ("Money?", 2, False)]
    assert "Sleep?" not in [q.text for q in projected.questions] and projected.questions[1].count == "2 votes"


def test_the_demo_tour_has_a_questions_activity():
    activity = bundled_workshops()["demo"].activity(ASK)
    assert activity is not None and activity.kind == "questions" and activity.settings["per_person"] == 3
