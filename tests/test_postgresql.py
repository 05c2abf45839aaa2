"""``huddle`` on the PostgreSQL store: the normal flow over HTTP, two servers sharing one
database (the school-scale set-up), and the commands that read the store with ``--store``."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import requests
from servers import participant


def huddle(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "huddle.cli", *args], capture_output=True, text=True, timeout=60)


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture
def database(postgres) -> str:
    return postgres.new_database()


def test_two_servers_on_one_database_run_the_normal_flow(own_server, database):
    first = own_server("--store", database)
    # A second server, as behind a load balancer: no kernel pool, same database, own data folder.
    second = own_server("--store", database, "--pool-size", "0")
    session = first.create_session()
    code = session["code"]
    assert requests.get(f"{second.api}/sessions/{code}").json()["status"] == "waiting"
    assert requests.get(f"{second.api}/sessions/%00").status_code == 404

    first.control(session, "open", activity="energy")
    for n in range(6):
        server = (first, second)[n % 2]
        joined = requests.post(f"{server.api}/sessions/{code}/join", json={"participant": participant(n)})
        assert joined.status_code == 200 and joined.json()["current"]["id"] == "energy"
        assert server.answer(session, "energy", participant(n), "steady", submission_id=f"sub-{n:08d}").status_code == 201
    # The same submission again, through the other server: stored once (R2).
    again = second.answer(session, "energy", participant(0), "steady", submission_id="sub-00000000")
    assert again.status_code == 200 and again.json()["status"] == "duplicate"
    # A changed answer through the other server replaces the first one.
    changed = second.answer(session, "energy", participant(1), "flat")
    assert changed.status_code == 200 and changed.json()["status"] == "changed"

    results = f"{second.api}/sessions/{code}/results/energy"
    assert requests.get(results).status_code == 403
    second.control(session, "reveal")
    revealed = requests.get(f"{first.api}/sessions/{code}/results/energy").json()
    assert revealed["count"] == 6 and revealed["suppressed"] is False
    entry = first.tally(session)["energy"]
    assert entry["count"] == 6 and entry == second.tally(session)["energy"]
    assert first.full_tally(session)["participants"] == 6
    # An anonymous "I need a pause" sent to one server is counted on the other.
    assert requests.post(f"{first.api}/sessions/{code}/signals", json={"kind": "pause", "participant": participant(3)}).status_code == 201
    assert second.full_tally(session)["signals"]["pause"] == 1
    exported = requests.get(f"{second.api}/sessions/{code}/export", params={"format": "json"}, headers=auth(session["facilitator_key"])).json()
    assert sorted(a["value"] for a in exported["answers"]) == ["flat"] + ["steady"] * 5

    assert requests.delete(f"{second.api}/sessions/{code}", headers=auth(session["facilitator_key"])).status_code == 200
    assert requests.get(f"{first.api}/sessions/{code}").status_code == 404


def test_commands_that_read_the_store_take_store(database, tmp_path):
    store = ["--store", database, "--data", str(tmp_path / "data")]
    created = huddle("session", "create", "demo", *store, "--json", "--base-url", "https://huddle.example.org")
    assert created.returncode == 0, created.stderr
    code = json.loads(created.stdout)["code"]
    assert not (tmp_path / "data" / "huddle.sqlite3").exists()

    exported = huddle("export", code, *store, "--format", "json")
    assert exported.returncode == 0, exported.stderr
    assert json.loads(exported.stdout) == {"code": code, "answers": []}
    report = tmp_path / "report.html"
    assert huddle("report", code, *store, "-o", str(report)).returncode == 0 and report.exists()
    purged = huddle("purge", code, *store)
    assert purged.returncode == 0, purged.stderr
    failed = huddle("purge", code, *store)
    assert failed.returncode != 0 and "no session" in failed.stderr


@pytest.mark.parametrize("command", ["serve", "export"])
def test_an_unreachable_store_is_one_line_without_the_password(command, tmp_path):
    from servers import free_port

    url = f"postgresql://huddle:hunter2-secret@127.0.0.1:{free_port()}/huddle"
    command = ["serve", "--port", str(free_port())] if command == "serve" else ["export", "ABCDEF"]
    result = huddle(*command, "--data", str(tmp_path / "data"), "--store", url)
    message = result.stderr.strip()
    assert result.returncode != 0 and message.count("\n") == 0, message
    assert message.startswith("huddle: error: cannot connect to the PostgreSQL store postgresql://huddle:***@127.0.0.1")
    assert "hunter2-secret" not in result.stderr + result.stdout
