"""The facilitator home's API and sign-in (issue 16, parts 1 and 2), against a real server:
the site's own workshops, the sessions list, sessions of a site workshop, one-time sign-in
links, and everything a stranger might try instead."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
import requests

from servers import Server, wait_until

ROOT = Path(__file__).resolve().parent.parent
OWN = """\
id: nurses-check-in
title: "A check-in for nurses"
minutes: 10
activities:
  - id: energy
    kind: scale
    prompt: "How much energy do you have for the shift ahead?"
    minutes: 5
    min: 1
    max: 5
    min_label: "Running on empty"
    max_label: "Plenty"
  - id: one-thing
    kind: text
    prompt: "One thing that would make this week easier"
    minutes: 5
"""


def admin(server: Server) -> dict[str, str]:
    return {"Authorization": f"Bearer {server.admin_token}"}


def yaml_post(server: Server, text: str | bytes, headers: dict[str, str] | None = None, media: str = "application/yaml") -> requests.Response:
    return requests.post(f"{server.api}/workshops", data=text.encode() if isinstance(text, str) else text, headers={"Content-Type": media, **(headers or {})}, timeout=30)


def sign_in_link(server: Server) -> str:
    """The one-time link the server printed, pointed at loopback."""
    banner = wait_until(lambda: re.search(r"/huddle/sign-in\?once=(\S+)", server.banner()), timeout=120, message="the sign-in link")
    return f"{server.base}/huddle/sign-in?once={banner.group(1)}"


def test_the_site_saves_its_own_workshop_and_starts_sessions_of_it(server: Server):
    # Nobody but the admin may save one.
    assert yaml_post(server, OWN).status_code == 401
    saved = yaml_post(server, OWN, admin(server))
    assert saved.status_code == 201, saved.text
    assert saved.json() == {"id": "nurses-check-in", "title": "A check-in for nurses", "created": True}
    # Saving the same id again replaces it, and says so.
    again = yaml_post(server, OWN.replace("A check-in for nurses", "A check-in for nurses and midwives"), admin(server))
    assert again.status_code == 200 and again.json()["created"] is False

    public = requests.get(f"{server.api}/workshops", timeout=10).json()["workshops"]
    assert all(entry["bundled"] is True for entry in public)
    assert "nurses-check-in" not in {entry["id"] for entry in public}
    listed = {entry["id"]: entry for entry in requests.get(f"{server.api}/workshops", headers=admin(server), timeout=10).json()["workshops"]}
    assert listed["nurses-check-in"] == {"id": "nurses-check-in", "title": "A check-in for nurses and midwives", "minutes": 10, "activities": 2, "bundled": False, "languages": ["en"]}
    assert listed["foundations"]["bundled"] is True

    created = requests.post(f"{server.api}/sessions", json={"workshop": "nurses-check-in"}, headers=admin(server), timeout=10)
    assert created.status_code == 201, created.text
    key = {"Authorization": f"Bearer {created.json()['facilitator_key']}"}
    ran = requests.get(f"{server.api}/sessions/{created.json()['code']}/workshop", headers=key, timeout=10).json()
    assert ran["id"] == "nurses-check-in" and [a["id"] for a in ran["activities"]] == ["energy", "one-thing"]

    # The file comes back as it was saved, for the admin only.
    assert requests.get(f"{server.api}/workshops/nurses-check-in", timeout=10).status_code == 401
    found = requests.get(f"{server.api}/workshops/nurses-check-in", headers=admin(server), timeout=10).json()
    assert found["source"].startswith("id: nurses-check-in") and found["bundled"] is False
    assert requests.get(f"{server.api}/workshops/no-such-thing", headers=admin(server), timeout=10).status_code == 404


def test_json_workshops_are_taken_too(server: Server):
    body = {"id": "json-one", "title": "Sent as JSON", "activities": [{"id": "q", "kind": "text", "prompt": "Anything to add?"}]}
    saved = requests.post(f"{server.api}/workshops", json=body, headers=admin(server), timeout=10)
    assert saved.status_code == 201 and saved.json()["id"] == "json-one"


def test_a_refused_workshop_lists_every_problem_with_its_line(server: Server):
    broken = OWN.replace('title: "A check-in for nurses"', 'title: ""').replace("kind: text", "kind: poll").replace("max: 5", "max: 50")
    refused = yaml_post(server, broken, admin(server))
    assert refused.status_code == 400
    body = refused.json()
    assert body["error"]["code"] == "invalid_value" and "nothing was saved" in body["error"]["message"]
    lines = {problem["line"]: problem["message"] for problem in body["problems"]}
    assert set(lines) >= {2, 10, 14}, body["problems"]
    assert "title" in lines[2] and "poll" in lines[14] and "max" in lines[10]
    assert requests.get(f"{server.api}/workshops/nurses-check-in-broken", headers=admin(server), timeout=10).status_code == 404

    # A bundled workshop's id is the bundled one's; the copy needs its own.
    taken = yaml_post(server, OWN.replace("id: nurses-check-in", "id: foundations"), admin(server))
    assert taken.status_code == 400
    assert taken.json()["problems"] == [{"line": 1, "message": "id: 'foundations' is the id of a workshop bundled with Huddle; give yours an id of its own, such as 'foundations-copy'"}]


@pytest.mark.parametrize(("body", "media", "status"), [
    (b"\xff\xfe not text", "application/yaml", 400),
    (b"id: x\x00\ntitle: t\n", "application/yaml", 400),
    (b"id: [unclosed", "application/yaml", 400),
    (b"not json {", "application/json", 400),
    (b"id: x", "text/html", 400),
    (b"- just\n- a list\n", "application/yaml", 400),
    (b"x" * (70 * 1024), "application/yaml", 413),
    # A "billion laughs": nested aliases that would expand to about 10^9 items.
    (b'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + b"".join(b"%c: &%c [*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c]\n" % ((98 + i,) * 2 + (97 + i,) * 9) for i in range(8)), "application/yaml", 400),
])
def test_hostile_workshop_bodies_get_a_json_refusal(server: Server, body: bytes, media: str, status: int):
    started = time.monotonic()
    refused = yaml_post(server, body, admin(server), media=media)
    assert refused.status_code == status, refused.text
    assert "error" in refused.json()
    assert time.monotonic() - started < 5
    assert requests.get(f"{server.api}/health", timeout=5).status_code == 200


def test_the_sessions_list_is_the_admins(server: Server):
    session = server.create_session("demo")
    server.control(session, "open", activity="energy")
    assert server.answer(session, "energy", "participant-000001-token", "steady").status_code == 201
    assert requests.get(f"{server.api}/sessions", timeout=10).status_code == 401
    assert requests.get(f"{server.api}/sessions", headers={"Authorization": "Bearer wrong"}, timeout=10).status_code == 401
    listed = requests.get(f"{server.api}/sessions", headers=admin(server), timeout=10).json()["sessions"]
    entry = next(s for s in listed if s["code"] == session["code"])
    assert {key: entry[key] for key in ("code", "workshop", "title", "status", "participants", "answers")} == {
        "code": session["code"], "workshop": "demo", "title": "Huddle demo: a twenty-minute tour", "status": "live", "participants": 1, "answers": 1,
    }
    # The admin opens every session as its facilitator would (the home's dashboards and downloads).
    assert requests.get(f"{server.api}/sessions/{session['code']}/tally", headers=admin(server), timeout=10).status_code == 200
    assert requests.get(f"{server.api}/sessions/NOSUCH/tally", headers=admin(server), timeout=10).status_code == 404


def test_site_workshops_live_in_the_store_across_a_restart(tmp_path: Path):
    first = Server(tmp_path / "data").start()
    try:
        assert yaml_post(first, OWN, admin(first)).status_code == 201
    finally:
        first.stop()
    second = Server(tmp_path / "data").start()
    try:
        listed = requests.get(f"{second.api}/workshops", headers=admin(second), timeout=10).json()["workshops"]
        assert "nurses-check-in" in {entry["id"] for entry in listed}
        assert requests.delete(f"{second.api}/workshops/nurses-check-in", timeout=10).status_code == 401
        assert requests.delete(f"{second.api}/workshops/nurses-check-in", headers=admin(second), timeout=10).status_code == 200
        assert requests.delete(f"{second.api}/workshops/nurses-check-in", headers=admin(second), timeout=10).status_code == 404
    finally:
        second.stop()


def test_the_sign_in_link_works_once_and_the_home_is_closed_to_everyone_else(server: Server):
    home = f"{server.base}/voila/render/home.ipynb"
    # A stranger is sent to the sign-in form, which asks for the token and shows nothing else.
    stranger = requests.Session()
    page = stranger.get(home, timeout=30)
    assert page.url.endswith("/huddle/sign-in") and "Admin token" in page.text and "kernel" not in page.text.lower()
    forged = requests.get(home, cookies={"huddle-home": "1999999999.abc.def"}, timeout=30)
    assert forged.url.endswith("/huddle/sign-in")

    link = sign_in_link(server)
    browser = requests.Session()
    signed = browser.get(link, timeout=60)
    assert signed.status_code == 200 and "/voila/render/home.ipynb" in signed.url
    cookie = next(c for c in browser.cookies if c.name == "huddle-home")
    assert cookie.expires is None and cookie.has_nonstandard_attr("HttpOnly")  # lasts for the browser session only
    again = requests.get(link, timeout=30)
    assert again.status_code == 401 and "used already" in again.text

    # The form: a wrong token is refused, the right one signs in (XSRF as a browser sends it).
    form = requests.Session()
    xsrf = re.search(r'name="_xsrf" value="([^"]+)"', form.get(f"{server.base}/huddle/sign-in", timeout=10).text).group(1)
    wrong = form.post(f"{server.base}/huddle/sign-in", data={"token": "guess", "_xsrf": xsrf}, timeout=10)
    assert wrong.status_code == 401 and "not this server" in wrong.text
    right = form.post(f"{server.base}/huddle/sign-in", data={"token": server.admin_token, "_xsrf": xsrf}, timeout=60)
    assert right.status_code == 200 and "/voila/render/home.ipynb" in right.url
    # Without the form's XSRF value a post is refused, so another site cannot sign a browser in.
    assert requests.post(f"{server.base}/huddle/sign-in", data={"token": server.admin_token}, timeout=10).status_code == 403
    # Signing out forgets it.
    out = form.get(f"{server.base}/huddle/sign-out", timeout=10)
    assert "You are signed out" in out.text
    assert form.get(home, timeout=30).url.endswith("/huddle/sign-in")


def test_a_dashboard_address_without_a_key_opens_nothing_for_a_stranger(server: Server, chromium):
    session = server.create_session("demo")
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.goto(f"{server.base}/voila/render/dashboard.ipynb?code={session['code']}")
        page.get_by_text("has no facilitator key").wait_for(timeout=60_000)
        assert page.get_by_role("button", name="Open").count() == 0
    finally:
        context.close()


def test_sign_in_cookies_are_signed_and_lapse():
    from huddle.server.signin import SIGNED_IN_HOURS, SignIn

    now = [1_000_000.0]
    sign_in = SignIn("the-admin-token", clock=lambda: now[0])
    value = sign_in.cookie_value()
    assert sign_in.signed_in(value)
    assert not sign_in.signed_in(value[:-1] + ("0" if value[-1] != "0" else "1"))
    assert not SignIn("another-token", clock=lambda: now[0]).signed_in(value)  # rotating the token signs everyone out
    now[0] += SIGNED_IN_HOURS * 3600 + 1
    assert not sign_in.signed_in(value)
    code = sign_in.one_time_code()
    assert sign_in.use_code(code) and not sign_in.use_code(code)
    late = sign_in.one_time_code()
    now[0] += 25 * 3600
    assert not sign_in.use_code(late)
