"""Privacy and security rules over the real server: P1, P2, P6, R3, R4."""

from __future__ import annotations

import http.client
import json
import os
import socket
import sqlite3
import stat
import subprocess
import sys
import uuid

import requests
from servers import open_page, participant, wait_until

CLIENT_ADDRESS = "127.0.0.9"


def request_from(address: str, port: int, method: str, path: str, body: bytes | None = None, headers: dict | None = None) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=(address, 0))
    connection.request(method, path, body=body, headers=headers or {})
    status = connection.getresponse().status
    connection.close()
    return status


def test_server_log_never_holds_the_client_address_or_a_key(own_server):
    server = own_server()
    session = server.create_session()
    key = session["facilitator_key"]
    port = server.port
    calls = [
        ("GET", f"/voila/render/join.ipynb?code={session['code']}", None, {}),
        ("GET", f"/huddle/api/v1/sessions/{session['code']}", None, {}),
        ("GET", "/huddle/api/v1/sessions/NOPE99", None, {}),
        ("GET", f"/huddle/api/v1/sessions/{session['code']}/tally", None, {"Authorization": "Bearer wrong"}),
        ("GET", f"/huddle/api/v1/sessions/{session['code']}/tally?key={key}", None, {"Authorization": f"Bearer {key}"}),
        ("POST", f"/huddle/api/v1/sessions/{session['code']}/responses", b"{broken", {"Content-Type": "application/json"}),
        ("GET", f"/voila/render/dashboard.ipynb?code={session['code']}&key={key}", None, {}),
        ("GET", "/voila/render/no-such.ipynb", None, {}),
        ("GET", "/voila/static/no-such.js", None, {}),
    ]
    for method, path, body, headers in calls:
        request_from(CLIENT_ADDRESS, port, method, path, body, headers)
    # A malformed HTTP request makes tornado log "Malformed HTTP message from <address>".
    with socket.create_connection(("127.0.0.1", port), source_address=(CLIENT_ADDRESS, 0)) as raw:
        raw.sendall(b"NONSENSE\r\n\r\n")
        raw.recv(100)
    wait_until(lambda: "Kernel started" in server.log(), message="the page's kernel to start")
    server.stop()
    log = server.log()
    assert "huddle.access" in log  # the access log did run
    assert CLIENT_ADDRESS not in log
    assert key not in log and server.admin_token not in log


def test_answer_keys_differ_per_activity_and_hold_no_token(own_server):
    server = own_server()
    session = server.create_session()
    token = participant(42)
    for activity, value in (("energy", "steady"), ("workload", 4)):
        server.control(session, "open", activity=activity)
        server.answer(session, activity, token, value)
    with sqlite3.connect(server.data / "huddle.sqlite3") as db:
        rows = db.execute("SELECT activity, answer_key FROM answers").fetchall()
        dump = "\n".join(db.iterdump())
    keys = {activity: key for activity, key in rows}
    assert set(keys) == {"energy", "workload"} and keys["energy"] != keys["workload"]
    assert token not in dump
    # Nothing in the answers table orders rows by arrival.
    columns = [c[1] for c in sqlite3.connect(server.data / "huddle.sqlite3").execute("PRAGMA table_info(answers)")]
    assert not any("time" in c or "created" in c for c in columns)


def test_admin_token_file_is_owner_only_and_keys_are_random(own_server):
    server = own_server()
    mode = stat.S_IMODE(os.stat(server.data / "admin-token").st_mode)
    assert mode == 0o600
    keys = {server.create_session()["facilitator_key"] for _ in range(5)}
    assert len(keys) == 5 and all(len(k) >= 32 for k in keys)
    # Participants never see the key: not in the public state or the join page.
    session = server.create_session()
    assert session["facilitator_key"] not in requests.get(f"{server.api}/sessions/{session['code']}").text
    assert session["facilitator_key"] not in requests.get(session["join_url"]).text


def test_purge_command_removes_every_trace_of_a_session(own_server, tmp_path):
    server = own_server()
    session = server.create_session()
    server.control(session, "open", activity="small-win")
    server.answer(session, "small-win", participant(1), "finished my audit")
    result = subprocess.run([sys.executable, "-m", "huddle.cli", "purge", session["code"], "--data", str(server.data)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert requests.get(f"{server.api}/sessions/{session['code']}").status_code == 404
    with sqlite3.connect(server.data / "huddle.sqlite3") as db:
        for table in ("sessions", "answers", "submissions"):
            assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0


def _message(msg_type: str, content: dict, channel: str = "shell") -> str:
    return json.dumps({
        "header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "username": "", "session": uuid.uuid4().hex, "version": "5.3", "date": ""},
        "parent_header": {}, "metadata": {}, "content": content, "channel": channel, "buffers": [],
    })


def test_participant_page_cannot_run_code_on_the_server(server, tmp_path):
    session = server.create_session()
    page = open_page(session["join_url"])
    target = tmp_path / "pwned.txt"
    ws = page.channels(server.port, timeout=20)
    try:
        ws.send(_message("execute_request", {"code": f"open({str(target)!r}, 'w').write('x')", "silent": False, "store_history": False, "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}))
        ws.send(_message("kernel_info_request", {}))
        # The kernel answers the allowed request, so it is alive and has read everything before it.
        while True:
            reply = json.loads(ws.recv())
            assert reply["header"]["msg_type"] != "execute_reply", "an execute_request reached the kernel"
            if reply["header"]["msg_type"] == "kernel_info_reply":
                break
    finally:
        ws.close()
    assert not target.exists()
    # The page keeps working afterwards.
    assert requests.get(session["join_url"]).status_code == 200


def test_no_page_or_api_answer_sends_a_referer_onwards(server):
    # The dashboard's address carries the facilitator key; a Referer would leak it to any link.
    for path in ("/huddle/api/v1/health", "/voila/render/dashboard.ipynb", "/huddle/api/v1/sessions/ZZZZZZ"):
        response = requests.get(server.base + path, timeout=60, allow_redirects=False)
        assert response.headers.get("Referrer-Policy") == "no-referrer", path


def test_a_purged_session_leaves_no_text_in_the_sqlite_file(tmp_path):
    from huddle.content import bundled_workshops
    from huddle.service import Service
    from huddle.store import SQLiteStore

    store = SQLiteStore.in_folder(tmp_path / "data")
    service = Service(store)
    session = service.create_session(bundled_workshops()["demo"], "http://example")
    service.control(session["code"], {"action": "open", "activity": "small-win"})
    secret = "a very particular sentence about my rotation"
    for n in range(30):
        service.join(session["code"], {"participant": "p" * 20 + f"{n:04d}"})
        service.submit(session["code"], {"activity": "small-win", "participant": "p" * 20 + f"{n:04d}", "submission_id": f"s{n:09d}", "value": f"{secret} {n}"})
    service.purge(session["code"])
    store.close()
    stored = b"".join(p.read_bytes() for p in (tmp_path / "data").glob("huddle.sqlite3*"))
    assert secret.encode() not in stored


def test_the_store_url_can_come_from_the_environment_and_never_shows_in_help(monkeypatch):
    from huddle.cli import build_parser

    monkeypatch.setenv("HUDDLE_STORE", "postgresql://huddle:s3cret@db.example/huddle")
    parser = build_parser()
    assert parser.parse_args(["serve"]).store == "postgresql://huddle:s3cret@db.example/huddle"
    assert parser.parse_args(["export", "ABCDEF"]).store == "postgresql://huddle:s3cret@db.example/huddle"
    help_text = parser._subparsers._group_actions[0].choices["serve"].format_help()
    assert "s3cret" not in help_text
