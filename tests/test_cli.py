"""The ``huddle`` command: each subcommand's success path and its one-line failures."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys

import pytest
import requests
from servers import free_port, participant, wait_until

COMMANDS = ["serve", "demo", "session create", "workshops", "validate", "export", "report", "runsheet", "purge", "series list", "series report", "series purge", "binder-link"]


def huddle(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "huddle.cli", *args], capture_output=True, text=True, timeout=60, **kwargs)


def one_line_failure(result: subprocess.CompletedProcess) -> str:
    assert result.returncode != 0
    message = result.stderr.strip()
    assert message.count("\n") == 0 and message.startswith("huddle: error: "), message
    return message


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    result = huddle(*command.split(), "--help")
    assert result.returncode == 0 and "usage: huddle" in result.stdout


def test_workshops_lists_the_bundled_ones():
    result = huddle("workshops")
    assert result.returncode == 0 and "demo" in result.stdout and "activities" in result.stdout


def test_session_create_json_matches_the_api_shape(server):
    result = huddle("session", "create", "demo", "--data", str(server.data), "--json", "--base-url", "https://huddle.example.org")
    assert result.returncode == 0, result.stderr
    created = json.loads(result.stdout)
    assert set(created) == {"code", "facilitator_key", "join_url", "dashboard_url"}
    assert created["join_url"] == f"https://huddle.example.org/voila/render/join.ipynb?code={created['code']}"


def test_session_create_against_a_running_server(server):
    result = huddle("session", "create", "demo", "--server", server.base, "--data", str(server.data), "--json")
    assert result.returncode == 0, result.stderr
    created = json.loads(result.stdout)
    assert requests.get(f"{server.api}/sessions/{created['code']}").status_code == 200
    wrong = huddle("session", "create", "demo", "--server", server.base, "--admin-token", "nope")
    assert "admin token" in one_line_failure(wrong)


def test_a_mistyped_data_folder_is_refused_and_left_alone(server, tmp_path):
    mistyped = tmp_path / "huddle-dta"
    for command in (["session", "create", "demo"], ["export", "K7MPX4"], ["report", "K7MPX4"], ["purge", "K7MPX4"]):
        message = one_line_failure(huddle(*command, "--data", str(mistyped)))
        assert str(mistyped) in message and "holds no Huddle server's data" in message, message
    assert not mistyped.exists(), "no new, empty store was made in the mistyped folder"
    # The folder a server really uses still works.
    assert huddle("session", "create", "demo", "--data", str(server.data)).returncode == 0


def test_session_create_failures_are_one_line(tmp_path):
    assert "not a bundled workshop" in one_line_failure(huddle("session", "create", "nope", "--data", str(tmp_path)))
    port = free_port()
    assert "Cannot reach" in one_line_failure(huddle("session", "create", "demo", "--server", f"http://127.0.0.1:{port}", "--admin-token", "x"))


def test_export_and_purge_work_on_the_data_folder(server, tmp_path):
    session = server.create_session()
    server.control(session, "open", activity="small-win")
    server.answer(session, "small-win", participant(1), "Called my sister")
    csv_out = huddle("export", session["code"], "--data", str(server.data), "--format", "csv")
    assert csv_out.returncode == 0 and "small-win" in csv_out.stdout and "Called my sister" not in csv_out.stdout
    json_file = tmp_path / "out.json"
    json_out = huddle("export", session["code"].lower(), "--data", str(server.data), "--format", "json", "--text", "-o", str(json_file))
    assert json_out.returncode == 0
    assert json.loads(json_file.read_text())["answers"][0]["value"] == "Called my sister"
    assert huddle("purge", session["code"], "--data", str(server.data)).returncode == 0
    assert "no session" in one_line_failure(huddle("purge", session["code"], "--data", str(server.data)))
    assert "no session" in one_line_failure(huddle("export", "ZZZZZZ", "--data", str(server.data)))


def test_serve_refuses_a_busy_port_and_bad_settings(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert "already in use" in one_line_failure(huddle("serve", "--port", str(port), "--data", str(tmp_path)))
    assert "below 3" in one_line_failure(huddle("serve", "--k", "2", "--data", str(tmp_path)))
    assert "postgresql" in one_line_failure(huddle("serve", "--store", "mysql://x", "--port", str(free_port()), "--data", str(tmp_path))).lower()
    unreadable = tmp_path / "file-not-folder"
    unreadable.write_text("x")
    assert "data folder" in one_line_failure(huddle("serve", "--port", str(free_port()), "--data", str(unreadable)))


#: What must never reach a facilitator's console: Jupyter's and IPython's warnings.
NOISE = re.compile(r"^\[W |WARNING|Warning:|is not trusted|not a writable location", re.M)


def test_demo_prints_join_address_qr_and_dashboard_once_the_room_can_join(tmp_path):
    port = free_port()
    errors = tmp_path / "demo.err"
    process = subprocess.Popen(
        [sys.executable, "-m", "huddle.cli", "demo", "--port", str(port), "--data", str(tmp_path / "data"), "--pool-size", "3"],
        stdout=subprocess.PIPE, stderr=open(errors, "wb"), text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        lines: list[str] = []
        while not any(line.startswith("Dashboard") for line in lines):
            line = process.stdout.readline()
            assert line, "demo exited early:\n" + "".join(lines)
            lines.append(line)
        text = "".join(lines)
        progress = [i for i, l in enumerate(lines) if l.startswith("Starting participant kernels")]
        ready = next(i for i, l in enumerate(lines) if l.startswith("Ready: people can join"))
        address = next(i for i, l in enumerate(lines) if l.startswith("Join address"))
        assert progress and lines[progress[-1]].strip() == "Starting participant kernels 3/3"
        assert progress[-1] < ready < address, "the addresses come once every pooled kernel is ready"
        join = lines[address].split(": ", 1)[1].strip()
        dashboard = next(l.rsplit(": ", 1)[1].strip() for l in lines if l.startswith("Dashboard"))
        assert "█" in text or "▀" in text  # the QR code, drawn in the terminal
        assert join.startswith(f"http://127.0.0.1:{port}/voila/render/join.ipynb?code=")
        assert "key=" in dashboard
        # Ready means ready: the first visitor gets a pooled kernel, already run.
        page = requests.get(join, timeout=30)
        assert page.status_code == 200 and "application/vnd.jupyter.widget-view+json" in page.text
        assert requests.get(dashboard, timeout=60).status_code == 200
        code = join.rsplit("=", 1)[1]
        assert requests.get(f"http://127.0.0.1:{port}/huddle/api/v1/sessions/{code}").json()["title"].startswith("Huddle demo")
        wait_until(lambda: "Using pre-heated kernel" in errors.read_text(), message="the join page to use a pooled kernel")
        # What the facilitator's terminal showed while the demo ran. (Stopping it can catch a
        # pool refill mid-start, and that kernel's ipykernel then prints "coroutine ... was never
        # awaited" on its way out: shutdown noise of a killed kernel, not a running room's.)
        console = text + errors.read_text(errors="replace")
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    found = NOISE.search(console)
    assert not found, console[max(0, found.start() - 300):found.end() + 300]


def test_report_and_runsheet_are_written_as_html(server, tmp_path):
    session = server.create_session()
    server.control(session, "open", activity="small-win")
    for n in range(6):
        server.answer(session, "small-win", participant(600 + n), "<script>alert(1)</script>" if n == 0 else f"win {n}")
    out = tmp_path / "report.html"
    result = huddle("report", session["code"], "--data", str(server.data), "-o", str(out))
    assert result.returncode == 0, result.stderr
    text = out.read_text()
    assert "<script>alert(1)</script>" not in text and "Share a small win" in text
    assert "no session" in one_line_failure(huddle("report", "ZZZZZZ", "--data", str(server.data)))
    sheet = tmp_path / "sheet.html"
    assert huddle("runsheet", "demo", "-o", str(sheet)).returncode == 0
    assert "Rank what you would most like more of." in sheet.read_text()
    assert "not a bundled workshop" in one_line_failure(huddle("runsheet", "nope"))


def test_binder_link_joins_a_session_or_opens_a_private_reflection():
    result = huddle("binder-link", "join.ipynb", "--server", "https://huddle.example.edu", "--code", "k7mpx4", "--repo", "school/huddle")
    assert result.returncode == 0
    link = result.stdout.strip()
    assert link.startswith("https://mybinder.org/v2/gh/school/huddle/HEAD?urlpath=voila%2Frender%2Fnotebooks%2Fjoin.ipynb%3F")
    assert "code%3DK7MPX4" in link and "server%3Dhttps%253A%252F%252Fhuddle.example.edu" in link
    private = huddle("binder-link", "reflection-1-week.ipynb")
    assert private.returncode == 0 and "server" not in private.stdout


@pytest.mark.parametrize("args, reason", [
    (["dashboard.ipynb"], "not a participant notebook"),
    (["join.ipynb", "--code", "K7MPX4"], "--server and --code together"),
    (["join.ipynb", "--server", "huddle.example.edu", "--code", "K7MPX4"], "must be a web address"),
    (["join.ipynb", "--server", "https://huddle.example.edu", "--code", "nope"], "not a session code"),
    (["join.ipynb", "--repo", "just-a-name"], "OWNER/NAME"),
])
def test_binder_link_refuses_bad_input_in_one_line(args, reason):
    assert reason in one_line_failure(huddle("binder-link", *args))


@pytest.mark.parametrize("flag, value, reason", [
    ("--k", "2", "--k cannot be below 3"),
    ("--retention-days", "0", "--retention-days cannot be below 1"),
    ("--pool-size", "201", "--pool-size must be between 0 and 200"),
    ("--cull-idle-seconds", "1", "--cull-idle-seconds cannot be below 2"),
    ("--binder-repo", "nope", "--binder-repo must look like OWNER/NAME"),
])
def test_each_setting_refuses_a_bad_value_with_its_own_reason(tmp_path, flag, value, reason):
    assert reason in one_line_failure(huddle("serve", flag, value, "--port", str(free_port()), "--data", str(tmp_path)))
