"""The API of PRODUCT section 4 over real HTTP: every route, every error status, bad input."""

from __future__ import annotations

import pytest
import requests
from servers import participant


def error_of(response: requests.Response) -> dict:
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert len(body["error"]["message"]) > 10
    return body["error"]


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def test_health_reports_ok_and_version(server):
    response = requests.get(f"{server.api}/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok" and response.json()["version"]


def test_creating_a_session_returns_code_key_and_absolute_addresses(server):
    created = server.create_session("demo")
    assert set(created) >= {"code", "facilitator_key", "join_url", "dashboard_url"}
    assert created["join_url"] == f"{server.base}/voila/render/join.ipynb?code={created['code']}"
    assert created["dashboard_url"].startswith(f"{server.base}/") and created["facilitator_key"] in created["dashboard_url"]
    assert requests.get(created["join_url"]).status_code == 200


def test_creating_a_session_needs_the_admin_token(server):
    for headers in ({}, auth("wrong"), {"Authorization": "Basic abc"}):
        response = requests.post(f"{server.api}/sessions", json={"workshop": "demo"}, headers=headers)
        assert response.status_code == 401
        assert error_of(response)["code"] == "unauthorized"


def test_creating_a_session_of_an_unknown_workshop_is_404(server):
    response = requests.post(f"{server.api}/sessions", json={"workshop": "no-such"}, headers=auth(server.admin_token))
    assert response.status_code == 404
    response = requests.post(f"{server.api}/sessions", json={"workshop": "/etc/passwd"}, headers=auth(server.admin_token))
    assert response.status_code == 404
    response = requests.post(f"{server.api}/sessions", json={"nope": 1}, headers=auth(server.admin_token))
    assert response.status_code == 400


def test_public_state_follows_the_facilitator(server):
    session = server.create_session()
    state = requests.get(f"{server.api}/sessions/{session['code']}").json()
    assert state == {"code": session["code"], "title": state["title"], "status": "waiting", "current": None, "revealed": False, "timer": None, "self_paced": False, "breakout": None, "activities": None, "revision": 0, "language": "en", "languages": ["en", "es"]}
    server.control(session, "open", activity="energy")
    state = requests.get(f"{server.api}/sessions/{session['code'].lower()}").json()
    assert state["status"] == "live"
    assert state["current"]["id"] == "energy" and state["current"]["kind"] == "choice"
    assert state["current"]["options"][0] == {"id": "charged", "label": "Charged up"}
    server.control(session, "timer", seconds=90)
    timer = requests.get(f"{server.api}/sessions/{session['code']}").json()["timer"]
    assert timer["seconds"] == 90 and 85 < timer["remaining"] <= 90
    server.control(session, "reveal")
    assert requests.get(f"{server.api}/sessions/{session['code']}").json()["revealed"] is True
    server.control(session, "hide")
    server.control(session, "advance")
    state = requests.get(f"{server.api}/sessions/{session['code']}").json()
    assert state["current"]["id"] == "recharge" and state["revealed"] is False and state["timer"] is None


def test_long_poll_returns_when_the_state_changes(server):
    import threading
    import time

    session = server.create_session()
    revision = requests.get(f"{server.api}/sessions/{session['code']}").json()["revision"]
    threading.Timer(0.3, lambda: server.control(session, "open", activity="energy")).start()
    started = time.monotonic()
    state = requests.get(f"{server.api}/sessions/{session['code']}", params={"wait": revision}, timeout=30).json()
    assert state["revision"] > revision and state["current"]["id"] == "energy"
    assert time.monotonic() - started < 5


def test_answers_are_stored_changed_and_deduplicated(server):
    session = server.create_session()
    server.control(session, "open", activity="energy")
    first = server.answer(session, "energy", participant(1), "steady", submission_id="sub-0000001")
    assert first.status_code == 201 and first.json()["status"] == "stored"
    again = server.answer(session, "energy", participant(1), "steady", submission_id="sub-0000001")
    assert again.status_code == 200 and again.json()["status"] == "duplicate"
    changed = server.answer(session, "energy", participant(1), "flat", submission_id="sub-0000002")
    assert changed.status_code == 200 and changed.json()["status"] == "changed"
    replayed = server.answer(session, "energy", participant(1), "steady", submission_id="sub-0000001")
    assert replayed.status_code == 200 and replayed.json()["status"] == "duplicate"
    skipped = server.answer(session, "energy", participant(2), skip=True)
    assert skipped.status_code == 201 and skipped.json()["skipped"] is True
    entry = server.tally(session)["energy"]
    assert entry["count"] == 1 and entry["skipped"] == 1 and entry["suppressed"] is True


def test_tally_is_k_suppressed_until_five_answers(server):
    session = server.create_session()
    server.control(session, "open", activity="energy")
    for n in range(4):
        server.answer(session, "energy", participant(n), "steady")
    entry = server.tally(session)["energy"]
    assert entry == {"id": "energy", "kind": "choice", "count": 4, "skipped": 0, "suppressed": True, "needed": 1, "tally": None}
    server.answer(session, "energy", participant(4), "flat")
    tally = server.tally(session)["energy"]["tally"]
    counts = {option["id"]: option["count"] for option in tally["options"]}
    # One "flat" among five could point at someone: it is merged with "steady" into a bucket of 5.
    assert counts == {"charged": 0, "steady": None, "flat": None, "mixed": 0}
    assert tally["merged"] == {"options": ["steady", "flat"], "count": 5}


def test_results_are_forbidden_before_reveal_and_hide_counts_below_k(server):
    session = server.create_session()
    server.control(session, "open", activity="energy")
    for n in range(3):
        server.answer(session, "energy", participant(n), "steady")
    url = f"{server.api}/sessions/{session['code']}/results/energy"
    assert requests.get(url).status_code == 403
    assert error_of(requests.get(url))["code"] == "not_revealed"
    server.control(session, "reveal")
    below_k = requests.get(url).json()
    assert below_k["suppressed"] is True and below_k["count"] is None and below_k["tally"] is None
    for n in range(3, 8):
        server.answer(session, "energy", participant(n), "steady")
    revealed = requests.get(url).json()
    assert revealed["count"] == 8
    assert {o["id"]: o["count"] for o in revealed["tally"]["options"]}["steady"] == 8
    assert requests.get(f"{server.api}/sessions/{session['code']}/results/nope").status_code == 404


def test_export_gives_raw_answers_and_free_text_only_when_asked(server):
    session = server.create_session()
    server.control(session, "open", activity="small-win")
    server.answer(session, "small-win", participant(1), "I slept eight hours")
    url = f"{server.api}/sessions/{session['code']}/export"
    plain = requests.get(url, params={"format": "json"}, headers=auth(session["facilitator_key"])).json()
    assert plain["answers"][0]["value"] is None and plain["answers"][0]["text_withheld"] is True
    with_text = requests.get(url, params={"format": "json", "text": "true"}, headers=auth(session["facilitator_key"])).json()
    assert with_text["answers"][0]["value"] == "I slept eight hours"
    csv = requests.get(url, params={"format": "csv", "text": "1"}, headers=auth(session["facilitator_key"]))
    assert csv.headers["Content-Type"].startswith("text/csv")
    assert csv.text.splitlines()[0] == "session,activity,kind,skipped,value,text_withheld,moderation"
    assert "I slept eight hours" in csv.text
    assert "participant" not in csv.text and "answer_key" not in csv.text
    assert requests.get(url, params={"format": "xml"}, headers=auth(session["facilitator_key"])).status_code == 400


def test_purging_a_session_deletes_it(server):
    session = server.create_session()
    server.control(session, "open", activity="energy")
    server.answer(session, "energy", participant(1), "steady")
    url = f"{server.api}/sessions/{session['code']}"
    assert requests.delete(url, headers=auth("wrong-key")).status_code == 401
    assert requests.delete(url, headers=auth(session["facilitator_key"])).status_code == 200
    assert requests.get(url).status_code == 404
    assert requests.delete(url, headers=auth(session["facilitator_key"])).status_code == 404


def test_ending_a_session_refuses_further_answers_and_controls(server):
    session = server.create_session()
    server.control(session, "open", activity="energy")
    server.control(session, "end")
    response = server.answer(session, "energy", participant(1), "steady")
    assert response.status_code == 409 and error_of(response)["code"] == "conflict"
    response = requests.post(f"{server.api}/sessions/{session['code']}/control", json={"action": "advance"}, headers=auth(session["facilitator_key"]))
    assert response.status_code == 409


@pytest.fixture(scope="module")
def live(server):
    """A session with the choice activity open, for the bad-input table."""
    session = server.create_session()
    server.control(session, "open", activity="small-win")
    server.control(session, "open", activity="energy")  # leaves small-win closed
    return session


def good(**changes):
    body = {"activity": "energy", "participant": participant(99), "submission_id": "sub-abcdefgh", "value": "steady"}
    body.update(changes)
    return {key: value for key, value in body.items() if value is not ...}


BAD_ANSWERS = [
    ("value of the wrong type", good(value=3), 400),
    ("value that is not an option", good(value="purple"), 400),
    ("list where one option is expected", good(value=["steady"]), 400),
    ("unknown activity", good(activity="nope"), 404),
    ("activity given as a number", good(activity=7), 404),
    ("closed activity", good(activity="small-win", value="a win"), 409),
    ("missing participant", good(participant=...), 400),
    ("malformed participant token", good(participant="short"), 400),
    ("participant token of the wrong type", good(participant=12345678901234567890), 400),
    ("missing submission id", good(submission_id=...), 400),
    ("both a value and a skip", good(skip=True), 400),
    ("neither a value nor a skip", good(value=...), 400),
    ("skip that is not a boolean", good(value=..., skip="yes"), 400),
    ("unknown field", good(name="Alex"), 400),
]


@pytest.mark.parametrize("why, body, status", BAD_ANSWERS, ids=[case[0] for case in BAD_ANSWERS])
def test_bad_answers_are_refused_with_a_clear_error(server, live, why, body, status):
    before = server.tally(live)
    response = requests.post(f"{server.api}/sessions/{live['code']}/responses", json=body)
    assert response.status_code == status, response.text
    error_of(response)
    assert server.tally(live) == before


@pytest.mark.parametrize(
    "why, data, headers, status",
    [
        ("malformed JSON", b'{"activity": ', {}, 400),
        ("a JSON list", b"[1, 2]", {}, 400),
        ("empty body", b"", {}, 400),
        ("oversized body", b'{"value": "' + b"x" * 70_000 + b'"}', {}, 413),
        ("not UTF-8", b'{"value": "\xff\xfe"}', {}, 400),
    ],
)
def test_malformed_requests_are_refused(server, live, why, data, headers, status):
    response = requests.post(f"{server.api}/sessions/{live['code']}/responses", data=data, headers={"Content-Type": "application/json", **headers})
    assert response.status_code == status, response.text
    error_of(response)


def test_oversized_free_text_is_413_and_nothing_is_stored(server):
    session = server.create_session()
    server.control(session, "open", activity="small-win")
    response = server.answer(session, "small-win", participant(1), "x" * 401)
    assert response.status_code == 413 and error_of(response)["code"] == "too_large"
    assert server.tally(session)["small-win"]["count"] == 0


def test_unknown_session_is_404_everywhere(server):
    for method, path in [("GET", ""), ("POST", "/responses"), ("GET", "/results/energy"), ("POST", "/control"), ("GET", "/tally"), ("GET", "/export"), ("DELETE", "")]:
        response = requests.request(method, f"{server.api}/sessions/ZZZZZZ{path}", json={"action": "open"}, headers=auth("x"))
        assert response.status_code == 404, (method, path, response.text)
        assert error_of(response)["code"] == "not_found"


@pytest.mark.parametrize("method, path", [("POST", "/control"), ("GET", "/tally"), ("GET", "/export"), ("DELETE", "")])
def test_facilitator_routes_need_the_session_key(server, method, path):
    session = server.create_session()
    other = server.create_session()
    for headers in ({}, auth("wrong"), auth(other["facilitator_key"]), {"Authorization": session["facilitator_key"]}):
        response = requests.request(method, f"{server.api}/sessions/{session['code']}{path}", json={"action": "end"}, headers=headers)
        assert response.status_code == 401, response.text
        assert error_of(response)["code"] == "unauthorized"
    assert requests.get(f"{server.api}/sessions/{session['code']}").json()["status"] == "waiting"


def test_bad_control_commands_are_refused(server):
    session = server.create_session()
    url = f"{server.api}/sessions/{session['code']}/control"
    cases = [
        ({"action": "explode"}, 400),
        ({"action": "open", "activity": "nope"}, 404),
        ({"action": "open"}, 400),
        ({"action": "timer", "seconds": -5}, 400),
        ({"action": "timer", "seconds": "ten"}, 400),
        (["open"], 400),
    ]
    for body, status in cases:
        response = requests.post(url, json=body, headers=auth(session["facilitator_key"]))
        assert response.status_code == status, (body, response.text)
        error_of(response)


def test_a_flood_of_answers_from_one_participant_is_rate_limited(server):
    session = server.create_session()
    server.control(session, "open", activity="energy")
    statuses = [server.answer(session, "energy", participant(7), "steady").status_code for _ in range(60)]
    assert 429 in statuses
    assert server.tally(session)["energy"]["count"] == 1
    # Other participants are not affected.
    assert server.answer(session, "energy", participant(8), "flat").status_code == 201


def test_repeated_wrong_keys_are_rate_limited(server):
    session = server.create_session()
    statuses = [requests.get(f"{server.api}/sessions/{session['code']}/tally", headers=auth("guess")).status_code for _ in range(40)]
    assert statuses[0] == 401 and statuses[-1] == 429


def test_unknown_api_route_and_wrong_method_get_json_errors(server):
    response = requests.get(f"{server.api}/nothing-here")
    assert response.status_code == 404 and error_of(response)["code"] == "not_found"
    response = requests.put(f"{server.api}/health")
    assert response.status_code == 405 and error_of(response)


def test_openapi_document_is_served(server):
    document = requests.get(f"{server.api}/openapi.json").json()
    assert document["openapi"].startswith("3.")


def test_moderation_approves_hides_and_bans_words(server):
    session = server.create_session()
    server.control(session, "open", activity="small-win")
    texts = ["Slept well", "Ran 5k", "<script>alert(1)</script>", "Called home", "Rested", "I want to die"]
    for n, text in enumerate(texts):
        server.answer(session, "small-win", participant(300 + n), text)
    queue = requests.get(f"{server.api}/sessions/{session['code']}/moderation", headers=auth(session["facilitator_key"])).json()
    assert queue["held_for_safety"] == 1 and "I want to die" not in str(queue)
    items = {i["text"]: i["item"] for i in queue["items"]}
    assert all(i["status"] == "pending" for i in queue["items"])
    server.control(session, "moderate", activity="small-win", item=items["Slept well"], status="approved")
    server.control(session, "moderate", activity="small-win", item=items["<script>alert(1)</script>"], status="hidden")
    server.control(session, "reveal")
    shown = requests.get(f"{server.api}/sessions/{session['code']}/results/small-win").json()["tally"]
    assert [e["text"] for e in shown["approved"]] == ["Slept well"]
    assert shown["pending"] == 3 and shown["hidden"] == 1 and shown["flagged"] == 1
    bad = requests.post(f"{server.api}/sessions/{session['code']}/control", json={"action": "moderate", "activity": "small-win", "item": "nope", "status": "approved"}, headers=auth(session["facilitator_key"]))
    assert bad.status_code == 404

    server.control(session, "open", activity="one-word")
    for n in range(5):
        server.answer(session, "one-word", participant(400 + n), ["tired", "grumpy"])
    server.control(session, "ban_word", word="Grumpy")
    words = [w["word"] for w in server.tally(session)["one-word"]["tally"]["words"]]
    assert words == ["tired"]


def test_someone_arriving_during_a_breakout_joins_the_smallest_group(server):
    session = server.create_session()
    for n in range(5):
        server.join(session, participant(700 + n))
    server.control(session, "breakout", size=2)
    before = server.full_tally(session)["breakout"]["sizes"]  # sorted, e.g. [1, 2, 2]
    late = participant(799)
    assert server.join(session, late).status_code == 200
    mine = requests.post(f"{server.api}/sessions/{session['code']}/my-group", json={"participant": late}, timeout=10).json()
    assert mine["group"] is not None and mine["members"] == before[0] + 1, "the smallest group grew by one"
    assert server.full_tally(session)["breakout"]["sizes"] == sorted([before[0] + 1, *before[1:]])
    # Joining again keeps the group; the report-back is open to the newcomer at once.
    server.join(session, late)
    assert requests.post(f"{server.api}/sessions/{session['code']}/my-group", json={"participant": late}, timeout=10).json()["group"] == mine["group"]
    assert server.answer(session, "group-idea", late, "Shorter handovers").status_code == 201


def test_breakout_needs_people_and_a_valid_size(server):
    session = server.create_session()
    url = f"{server.api}/sessions/{session['code']}/control"
    nobody = requests.post(url, json={"action": "breakout", "size": 4}, headers=auth(session["facilitator_key"]))
    assert nobody.status_code == 409
    requests.post(f"{server.api}/sessions/{session['code']}/join", json={"participant": participant(1), "stage": "astronaut"})
    for body, status in (({"action": "breakout", "size": 1}, 400), ({"action": "breakout", "size": 4, "strategy": "by-name"}, 400), ({"action": "end_breakout"}, 409)):
        assert requests.post(url, json=body, headers=auth(session["facilitator_key"])).status_code == status
    # A group report before groups exist is refused plainly.
    server.control(session, "open", activity="group-idea")
    assert server.answer(session, "group-idea", participant(1), "an idea").status_code == 409
