"""What a participant with the join code and curl can do to the room: each finding of the audit
(issue 12), performed against a real server, now answered plainly and harmlessly."""

from __future__ import annotations

import json
import re
import select
import socket
import threading
from pathlib import Path

import requests
import websocket
from servers import device, kernel_id as _kernel_id, open_page, participant, wait_until


def rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.M).group(1)) / 1024


def error_of(response: requests.Response) -> dict:
    assert response.headers["Content-Type"].startswith("application/json"), response.text[:300]
    return response.json()["error"]


def test_L1_superscript_digits_in_wait_and_timeout_are_answered_not_500(server):
    session = server.create_session()
    # Past revisions 0 and 1, so the queries below are answered at once instead of long-polled.
    server.control(session, "open", activity="energy")
    server.control(session, "close")
    for query in ("wait=%C2%B3", "wait=0&timeout=%C2%B2", "wait=-1", "wait=99999999999999999999", "wait=1&timeout=%EF%BC%95"):
        response = requests.get(f"{server.api}/sessions/{session['code']}?{query}", timeout=30)
        assert response.status_code == 200, (query, response.text)
        assert response.json()["code"] == session["code"]


def test_L1_json_nested_1000_deep_is_refused_with_400(server):
    session = server.create_session()
    server.control(session, "open", activity="energy")
    deep = "[" * 1000 + "]" * 1000
    body = '{"activity": "energy", "participant": "%s", "submission_id": "s1", "value": %s}' % (participant(1), deep)
    response = requests.post(f"{server.api}/sessions/{session['code']}/responses", data=body, timeout=10)
    assert response.status_code == 400 and "nests deeper" in error_of(response)["message"]
    # Nesting within the limit still parses (and is then judged as an answer like any other).
    fine = requests.post(f"{server.api}/sessions/{session['code']}/responses", data=body.replace(deep, "[" * 10 + "]" * 10), timeout=10)
    assert fine.status_code == 400 and "nests deeper" not in error_of(fine)["message"]
    assert "RecursionError" not in server.log()


def test_L1_voila_template_paths_and_logout_answer_404_without_a_traceback(server):
    mark = len(server.log())  # the shared server's log before this test
    for path in ("/voila/templates/x", "/voila/templates/lab/nostatic/x", "/logout", "/login", "/voila/tree", "/voila/tree/"):
        assert requests.get(f"{server.base}{path}", timeout=10).status_code == 404, path
    assert requests.get(f"{server.base}/voila/templates/lab/static/voila.js", timeout=10).status_code in (200, 304, 404)
    assert "Traceback" not in server.log()[mark:]


def test_L5_the_notebook_listing_is_not_served(server):
    listing = requests.get(f"{server.base}/voila/tree", timeout=10)
    assert listing.status_code == 404 and "dashboard.ipynb" not in listing.text
    assert requests.get(f"{server.base}/voila/render/join.ipynb", timeout=60).status_code == 200


def _chunked_post(port: int, path: str, megabytes: int, results: list) -> None:
    """A chunked POST that keeps sending 1 MiB chunks until the server stops it."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n".encode())
        chunk = b"%x\r\n%s\r\n" % (1024 * 1024, b" " * (1024 * 1024))
        answer = b""
        try:
            for _ in range(megabytes):
                sock.sendall(chunk)
                # The answer comes while the body is still arriving: read it before the server's
                # close turns into a reset that would discard it.
                if select.select([sock], [], [], 0.05)[0]:
                    answer = sock.recv(4096)
                    break
        except OSError:
            pass  # the server closed the connection at its limit
        results.append(answer)


def test_M4_huge_chunked_bodies_are_stopped_at_the_limit_and_memory_stays_flat(server):
    session = server.create_session()
    before = rss_mb(server.process.pid)
    results: list[bytes] = []
    threads = [threading.Thread(target=_chunked_post, args=(server.port, f"/huddle/api/v1/sessions/{session['code']}/responses", 60, results)) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    grown = rss_mb(server.process.pid) - before
    assert grown < 60, f"the server grew by {grown:.0f} MB holding bodies it will refuse"
    # A length given up front gets the API's 413; a chunked body has none, and the HTTP layer
    # cuts it off at the limit with a 400 (both before more than 64 KiB is held).
    assert all(re.match(rb"HTTP/1\.1 (400|413) ", answer) for answer in results), results
    big = requests.post(f"{server.api}/sessions/{session['code']}/responses", data=b" " * (1024 * 1024), timeout=30)
    assert big.status_code == 413 and "larger than 64 KiB" in error_of(big)["message"]
    assert requests.get(f"{server.api}/health", timeout=5).status_code == 200


def test_H2_a_9_MB_message_to_a_kernel_is_refused_before_the_kernel_sees_it(server):
    session = server.create_session()
    page = open_page(session["join_url"])
    pids = wait_until(lambda: [p for p in _kernel_pids(server.process.pid)], message="the page's kernel process")
    before = max(rss_mb(p) for p in pids)
    ws = page.channels(server.port)
    huge = json.dumps({
        "header": {"msg_id": "x", "msg_type": "comm_msg", "username": "", "session": "s", "date": "", "version": "5.3"},
        "parent_header": {}, "metadata": {}, "channel": "shell",
        "content": {"comm_id": "nope", "data": {"method": "update", "state": {"value": "x" * (9 * 1024 * 1024)}}},
    })
    try:
        for _ in range(3):
            ws.send(huge)
        wait_until(lambda: not ws.connected or _closed(ws), timeout=30, message="the server to close the oversized websocket")
    except (websocket.WebSocketException, OSError):
        pass  # closed while sending: refused
    finally:
        ws.close()
    after = max((rss_mb(p) for p in _kernel_pids(server.process.pid)), default=before)
    assert after - before < 30, f"the kernel grew by {after - before:.0f} MB"
    assert requests.get(f"{server.api}/health", timeout=5).status_code == 200


def _closed(ws: websocket.WebSocket) -> bool:
    try:
        ws.settimeout(0.5)
        ws.recv()
    except websocket.WebSocketConnectionClosedException:
        return True
    except (websocket.WebSocketTimeoutException, OSError):
        return False
    return False


def _kernel_pids(server_pid: int) -> list[int]:
    from test_kernels import _children

    return _children(server_pid)


FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"click\")", "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


def test_M3_formulas_in_answers_come_out_of_both_exports_as_text(server, tmp_path):
    import csv
    import io
    import subprocess
    import sys

    session = server.create_session()
    server.control(session, "open", activity="small-win")
    for n, text in enumerate(FORMULAS):
        assert server.answer(session, "small-win", participant(700 + n), text).status_code == 201
    from_api = requests.get(f"{server.api}/sessions/{session['code']}/export", params={"format": "csv", "text": "1"}, headers={"Authorization": f"Bearer {session['facilitator_key']}"}, timeout=10).text
    from_cli = subprocess.run([sys.executable, "-m", "huddle.cli", "export", session["code"], "--data", str(server.data), "--text"], capture_output=True, text=True, timeout=60).stdout
    for exported in (from_api, from_cli):
        values = [row["value"] for row in csv.DictReader(io.StringIO(exported))]
        assert len(values) == len(FORMULAS)
        assert not any(value[:1] in "=+-@\t\r" for value in values), values
        # Tabs and carriage returns are trimmed when stored; the four formulas are quoted.
        assert sorted(v for v in values if v.startswith("'")) == sorted("'" + text for text in FORMULAS[:4])
    # The JSON export keeps the words exactly as written: only spreadsheets read formulas.
    raw = requests.get(f"{server.api}/sessions/{session['code']}/export", params={"format": "json", "text": "1"}, headers={"Authorization": f"Bearer {session['facilitator_key']}"}, timeout=10).json()
    assert sorted(a["value"] for a in raw["answers"]) == sorted(text.strip() for text in FORMULAS)


def test_H3_a_guesser_cannot_lock_the_facilitator_out(server):
    session = server.create_session()
    url = f"{server.api}/sessions/{session['code']}/tally"
    wrong = [requests.get(url, headers={"Authorization": "Bearer guess"}, timeout=10).status_code for _ in range(40)]
    assert wrong[0] == 401 and wrong[-1] == 429, "the guesser is slowed and then refused"
    # One wrong key a second goes on, and the right key works all the while.
    for _ in range(3):
        assert requests.get(url, headers={"Authorization": "Bearer guess"}, timeout=10).status_code in (401, 429)
        assert requests.get(url, headers={"Authorization": f"Bearer {session['facilitator_key']}"}, timeout=10).status_code == 200
    assert server.control(session, "open", activity="energy")["current"]["id"] == "energy"


def test_M1_a_banned_phrase_is_hidden_inside_longer_answers_and_word_limits_hold(server):
    session = server.create_session()
    server.control(session, "open", activity="one-word")
    server.control(session, "ban_word", word="Dr Smith")
    server.control(session, "ban_word", word="useless")
    answers = [["totally useless"], ["Dr. Smíth!"], ["DR  SMITH"], ["smith useless"]] + [["tired"]] * 5
    for n, words in enumerate(answers):
        assert server.answer(session, "one-word", participant(800 + n), words).status_code == 201, words
    too_many = server.answer(session, "one-word", participant(899), ["one two", "three"])
    assert too_many.status_code == 400 and "at most" in too_many.json()["error"]["message"]
    server.control(session, "reveal")
    shown = requests.get(f"{server.api}/sessions/{session['code']}/results/one-word", timeout=10).json()
    words = [w["word"] for w in shown["tally"]["words"]]
    assert words == ["tired"], words
    assert not any("smith" in w for w in words)


class Recorder:
    """A web server on loopback that records every request it gets (the attacker's)."""

    def __init__(self) -> None:
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        seen = self.seen = []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the http.server interface
                seen.append(self.path)
                body = b'{"code": "K7MPX4", "title": "Call this number NOW", "status": "live", "current": null, "revealed": false, "timer": null}'
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_POST = do_GET

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()


def test_H1_a_join_link_cannot_point_the_servers_page_at_another_host(server, chromium):
    from browser import PHONE

    attacker = Recorder()
    page = chromium.new_page(viewport=PHONE)
    try:
        for query, refusal in (
            (f"code=../../../../internal/admin%3Fx%3D&server={attacker.base}/a/b", "not a web address"),
            (f"code=K7MPX4&server={attacker.base}", "does not allow"),
        ):
            page.goto(f"{server.base}/voila/render/join.ipynb?{query}")
            page.get_by_text(refusal).wait_for(timeout=60_000)
            assert page.get_by_text("Call this number NOW").count() == 0
    finally:
        page.close()
        attacker.close()
    assert attacker.seen == [], "the server's kernel never asked the attacker's host anything"


def test_H1_a_server_the_site_allows_is_named_before_join(own_server, chromium):
    from browser import PHONE

    school = own_server()
    room = own_server("--allow-server", school.base)
    session = school.create_session()
    page = chromium.new_page(viewport=PHONE)
    try:
        page.goto(f"{room.base}/voila/render/join.ipynb?server={school.base}&code={session['code']}")
        page.get_by_text(f"Your answers go to the workshop server at 127.0.0.1:{school.port}").wait_for(timeout=60_000)
        page.get_by_role("button", name="Join", exact=True).click()
        page.get_by_text("You're in").wait_for(timeout=30_000)
    finally:
        page.close()
    assert school.full_tally(session)["participants"] == 1


def test_L3_logs_keep_no_query_string_no_encoded_key_and_no_kernel_id(server):
    session = server.create_session()
    page = requests.get(session["join_url"], timeout=60).text
    kernel = _kernel_id(page)
    secret = "Qx7SecretValue"
    for path in (
        f"/voila/render/nope.ipynb?code={secret}&k%65y={secret}",
        f"/huddle/api/v1/sessions/{session['code']}/tally?key={secret}",
        f"/voila/templates/x?participant={secret}",
        f"/api/kernels/{kernel}/nothing?k%65y={secret}",
    ):
        requests.get(f"{server.base}{path}", timeout=10)
    wait_until(lambda: "Kernel started" in server.log(), message="the kernel's start to be logged")
    log = server.log()
    assert secret not in log, [line for line in log.splitlines() if secret in line]
    assert kernel not in log and session["facilitator_key"] not in log
    assert "404 GET /voila/render/nope.ipynb\n" in log, "failed requests are still logged, without what followed the ?"


def test_M2_the_projector_gets_a_display_key_that_shows_but_cannot_control(server, chromium):
    from browser import DESKTOP

    from huddle.model.identity import digest, display_key

    session = server.create_session()
    shown = display_key(digest(session["facilitator_key"]))
    bearer = {"Authorization": f"Bearer {shown}"}
    api = f"{server.api}/sessions/{session['code']}"
    assert requests.get(f"{api}/tally", headers=bearer, timeout=10).status_code == 200
    for method, path, body in (("POST", "/control", {"action": "end"}), ("GET", "/export?format=json", None), ("GET", "/moderation", None), ("GET", "/workshop", None), ("DELETE", "", None)):
        assert requests.request(method, f"{api}{path}", json=body, headers=bearer, timeout=10).status_code == 401, path
    context = chromium.new_context(viewport=DESKTOP)
    try:
        dashboard = context.new_page()
        dashboard.goto(session["dashboard_url"])
        link = dashboard.get_by_role("link", name=re.compile("projector view"))
        link.wait_for(timeout=60_000)
        href = link.get_attribute("href")
        assert f"display={shown}" in href and session["facilitator_key"] not in href
        projector = context.new_page()
        projector.goto(f"{server.base}/voila/render/dashboard.ipynb{href}")
        projector.get_by_text(session["code"]).first.wait_for(timeout=60_000)
        assert projector.get_by_text("Join at").count() >= 1
        # No kernel of this server keeps the facilitator key from its page's address.
        from test_kernels import _children

        for pid in _children(server.process.pid):
            assert session["facilitator_key"] not in Path(f"/proc/{pid}/environ").read_bytes().decode(errors="replace")
    finally:
        context.close()


def moderation(server, session) -> dict:
    response = requests.get(f"{server.api}/sessions/{session['code']}/moderation", headers={"Authorization": f"Bearer {session['facilitator_key']}"}, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


def test_P8_free_text_reaches_the_facilitator_in_batches_not_as_it_is_typed(server):
    session = server.create_session()
    server.control(session, "open", activity="small-win")
    texts = [f"a small win number {n}" for n in range(7)]
    for n, text in enumerate(texts[:4]):
        assert server.answer(session, "small-win", participant(950 + n), text).status_code == 201
        queue = moderation(server, session)
        assert queue["items"] == [] and queue["waiting"] == n + 1, "one text alone never shows up the moment it was sent"
    server.answer(session, "small-win", participant(954), texts[4])
    batch = moderation(server, session)
    assert sorted(i["text"] for i in batch["items"]) == sorted(texts[:5]) and batch["waiting"] == 0, "k texts arrive together"
    assert [i["item"] for i in batch["items"]] == sorted(i["item"] for i in batch["items"]), "in an order that says nothing of when"
    server.answer(session, "small-win", participant(955), texts[5])
    assert moderation(server, session)["waiting"] == 1
    server.control(session, "close")
    closed = moderation(server, session)
    assert closed["waiting"] == 0 and len(closed["items"]) == 6, "closing the activity brings the rest, however few"


def test_L5_pages_allow_only_this_server_and_keep_no_lasting_cookie(server, chromium):
    from browser import PHONE

    session = server.create_session()
    response = requests.get(session["join_url"], timeout=60)
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert "http" not in policy.replace("https:", ""), "no outside host is trusted"
    for cookie in response.cookies:
        assert cookie.expires is None, f"{cookie.name} outlives the browser session"
    # Under that policy the page still works, and loads nothing from anywhere else.
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    elsewhere: list[str] = []
    refused: list[str] = []
    page.on("request", lambda request: elsewhere.append(request.url) if not request.url.startswith((server.base, "data:", "blob:")) else None)
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None)
    try:
        page.goto(session["join_url"])
        page.get_by_role("button", name="Join", exact=True).click(timeout=60_000)
        page.get_by_text("You're in").wait_for(timeout=30_000)
        for cookie in context.cookies():
            assert cookie["expires"] == -1, f"{cookie['name']} outlives the browser session"
    finally:
        context.close()
    assert elsewhere == [], elsewhere
    assert refused == [], refused


def test_L4_a_browser_cannot_delete_or_restart_a_kernel(own_server):
    # A server of its own, whose kernels nobody else's test starts or culls meanwhile.
    server = own_server("--cull-idle-seconds", "600")
    session = server.create_session()
    page = open_page(session["join_url"])
    kernel = page.kernel
    pids = set(wait_until(lambda: _kernel_pids(server.process.pid), message="the page's kernel process"))
    # The audit's request, made with the page's own cookies: any _xsrf cookie with the same value in the header.
    page.http.cookies.set("_xsrf", "anything")
    deleted = page.http.delete(f"{server.base}/api/kernels/{kernel}", headers={"X-XSRFToken": "anything"}, timeout=10)
    assert deleted.status_code == 405, deleted.status_code
    assert page.http.get(f"{server.base}/api/kernels/{kernel}", timeout=10).status_code == 200, "the kernel lives on"
    ws = page.channels(server.port)
    try:
        ws.send(json.dumps({
            "header": {"msg_id": "r1", "msg_type": "shutdown_request", "username": "", "session": "s", "date": "", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "control", "content": {"restart": True},
        }))
        ws.settimeout(3)
        try:
            while True:
                reply = json.loads(ws.recv())
                assert reply.get("msg_type") != "shutdown_reply", "the kernel was never asked to shut down"
        except (websocket.WebSocketTimeoutException, websocket.WebSocketConnectionClosedException):
            pass
    finally:
        ws.close()
    assert set(_kernel_pids(server.process.pid)) >= pids, "no kernel process was replaced (the pool may add its refill)"
    assert page.http.get(f"{server.base}/api/kernels/{kernel}", timeout=10).status_code == 200


# the kernel budget, vouched identities and page-bound kernels (H2, M1, L4) -----------------------

def _shutdown(page) -> int:
    """Close a page's kernel the way the page does when its tab closes."""
    xsrf = page.http.cookies.get("_xsrf") or "anything"
    page.http.cookies.set("_xsrf", xsrf)
    url = page.response.url.split("/voila/")[0] + f"/voila/api/shutdown/{page.kernel}"
    return page.http.post(url, headers={"X-XSRFToken": xsrf}, timeout=30).status_code


def test_H2_a_full_room_is_told_so_and_the_facilitator_still_gets_in(own_server):
    server = own_server("--max-kernels", "2", "--pool-size", "0")
    session = server.create_session()
    pages = [open_page(session["join_url"], device(f"127.0.0.{40 + n}")) for n in range(2)]
    full = device("127.0.0.42").get(session["join_url"], timeout=60)
    assert full.status_code == 503 and full.headers["Retry-After"] == "60"
    assert "The room is full right now" in full.text and "try again" in full.text
    assert 'href="/voila/render/join.ipynb?code=' in full.text, "the page offers to try the same link again"
    # The facilitator's own link always opens, and its projector too.
    assert requests.get(session["dashboard_url"], timeout=60).status_code == 200
    # A dashboard address with a wrong key is just another page: the room is still full.
    assert requests.get(session["dashboard_url"].replace(session["facilitator_key"], "wrong" * 8), timeout=60).status_code == 503
    # One tab closes: its place is free again.
    assert _shutdown(pages[0]) == 204
    assert device("127.0.0.42").get(session["join_url"], timeout=60).status_code == 200


def test_H2_one_device_opening_page_after_page_is_asked_to_wait(own_server):
    server = own_server("--kernel-starts-per-minute", "3", "--pool-size", "0")
    session = server.create_session()
    loud = device("127.0.0.50")
    for _ in range(3):
        open_page(session["join_url"], loud)
    refused = loud.get(session["join_url"], timeout=60)
    assert refused.status_code == 429 and "Several pages were opened from this device" in refused.text
    assert refused.headers["Retry-After"] == "60"
    # Someone else in the room is not held up by it.
    open_page(session["join_url"], device("127.0.0.51"))
    log = server.log()
    assert "127.0.0.50" not in log and "127.0.0.51" not in log, "a client address reached the log (P1)"


def test_H2_every_kernel_runs_under_a_memory_ceiling(own_server):
    server = own_server("--kernel-memory-mb", "300")
    session = server.create_session()
    open_page(session["join_url"])
    pids = wait_until(lambda: _kernel_pids(server.process.pid), message="kernel processes")
    for pid in pids:
        limits = Path(f"/proc/{pid}/limits").read_text()
        assert re.search(r"^Max data size\s+314572800\s+314572800\s+bytes", limits, re.M), limits


def test_L4_a_kernel_opens_only_for_the_page_it_was_given_to(server):
    session = server.create_session()
    mine = open_page(session["join_url"], device("127.0.0.60"))
    other = device("127.0.0.61")  # knows the kernel id (say, from a screenshot), not the page's cookie
    base = server.base
    assert other.get(f"{base}/api/kernels/{mine.kernel}", timeout=10).status_code == 403
    other.cookies.set("_xsrf", "x")
    assert other.post(f"{base}/voila/api/shutdown/{mine.kernel}", headers={"X-XSRFToken": "x"}, timeout=10).status_code == 403
    for path in (f"/api/kernels/{mine.kernel}/channels", f"/voila/query/{mine.kernel}"):
        try:
            websocket.create_connection(f"ws://127.0.0.1:{server.port}{path}", timeout=10).close()
            raise AssertionError(f"{path} opened without the page's cookie")
        except websocket.WebSocketBadStatusException as refused:
            assert refused.status_code == 403
    # Another page's cookie does not open it either.
    theirs = open_page(session["join_url"], other)
    forged = theirs.cookie(f"/api/kernels/{theirs.kernel}/channels")
    try:
        websocket.create_connection(f"ws://127.0.0.1:{server.port}/api/kernels/{mine.kernel}/channels", timeout=10, cookie=forged).close()
        raise AssertionError("another page's secret opened the kernel")
    except websocket.WebSocketBadStatusException as refused:
        assert refused.status_code == 403
    # The page itself still reaches its kernel, which is alive.
    mine.channels(server.port).close()
    assert mine.http.get(f"{base}/api/kernels/{mine.kernel}", timeout=10).status_code == 200


def test_M1_made_up_identities_from_one_device_cannot_isolate_an_answer(own_server):
    server = own_server("--joins-per-address", "3", "--k", "5")
    session = server.create_session()
    api = f"{server.api}/sessions/{session['code']}"
    server.control(session, "open", activity="energy")
    victim = device("127.0.0.70")
    assert victim.post(f"{api}/join", json={"participant": participant(1)}, timeout=10).status_code == 200
    vote = {"activity": "energy", "participant": participant(1), "submission_id": "victim-submission-1", "value": "flat"}
    assert victim.post(f"{api}/responses", json=vote, timeout=10).status_code == 201
    # The audit: five made-up tokens for each other option, from one device.
    attacker = device("127.0.0.71")
    joined = refused = 0
    for n, option in enumerate(["charged", "steady", "mixed"] * 5):
        token = participant(100 + n)
        answer = attacker.post(f"{api}/join", json={"participant": token}, timeout=10)
        if answer.status_code == 200:
            joined += 1
        else:
            assert answer.status_code == 429 and "already joined this session several times" in error_of(answer)["message"]
            refused += 1
        sent = attacker.post(f"{api}/responses", json={"activity": "energy", "participant": token, "submission_id": f"fake-submission-{n:04d}", "value": option}, timeout=10)
        assert sent.status_code == (201 if answer.status_code == 200 else 409), sent.text
    assert (joined, refused) == (3, 12)
    # Joining again with a token that is in is always fine, and counts once.
    assert attacker.post(f"{api}/join", json={"participant": participant(100)}, timeout=10).status_code == 200
    server.control(session, "reveal", activity="energy")
    result = requests.get(f"{api}/results/energy", timeout=10).json()
    assert result["suppressed"] is True and "flat" not in json.dumps(result["tally"]), result
    tally = server.full_tally(session)
    assert tally["participants"] == 4


def test_M1_pages_are_charged_to_the_device_that_opened_them(own_server, chromium):
    # Behind a reverse proxy on this machine, which names the client in X-Real-IP.
    server = own_server("--joins-per-address", "2", "--client-address-header", "X-Real-IP")
    session = server.create_session()
    outcomes = []
    for visit in range(3):  # three fresh browser profiles on one device: three new tokens
        context = chromium.new_context(extra_http_headers={"X-Real-IP": "198.51.100.7"})
        try:
            page = context.new_page()
            page.goto(session["join_url"])
            page.get_by_role("button", name="Join", exact=True).click(timeout=60_000)
            page.get_by_text(re.compile("You're in|already joined this session several times")).first.wait_for(timeout=30_000)
            outcomes.append("in" if page.get_by_text("You're in").count() else "refused")
        finally:
            context.close()
    assert outcomes == ["in", "in", "refused"], outcomes
    assert server.full_tally(session)["participants"] == 2
    # Another device behind the same proxy joins as usual.
    context = chromium.new_context(extra_http_headers={"X-Real-IP": "198.51.100.8"})
    try:
        page = context.new_page()
        page.goto(session["join_url"])
        page.get_by_role("button", name="Join", exact=True).click(timeout=60_000)
        page.get_by_text("You're in").wait_for(timeout=30_000)
    finally:
        context.close()
    assert "198.51.100" not in server.log()


def test_L5_error_pages_name_no_file_and_link_nothing_outside(server):
    for path in ("/voila/render/nope.ipynb", "/voila/render/../../etc/passwd", "/api/kernels/00000000-0000-0000-0000-000000000000"):
        response = requests.get(f"{server.base}{path}", timeout=10)
        assert response.status_code in (403, 404), (path, response.status_code)
        for leak in ("site-packages", "Traceback", "http://", "https://", ".venv", "/usr/"):
            assert leak not in response.text, (path, leak)
