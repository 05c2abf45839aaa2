"""A series of workshops (issue 15): sessions named into a series, kept until the series' last
session expires, purged together, and opt-in pairing links that sit only beside measure answers."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import datetime, timezone

import pytest
import requests
from servers import participant

from huddle.content import BUNDLED, load_workshop
from huddle.model import InvalidValue, NotFound
from huddle.model.identity import link_digest, link_key_from, normalise_link, series_secret
from huddle.service import Service
from huddle.store import SQLiteStore

DEMO = load_workshop(f"{BUNDLED}/demo.yaml")
DAY = 24 * 60 * 60


class Clock:
    """Days since the first session, as the service's clock."""

    def __init__(self) -> None:
        self.now = datetime(2027, 1, 4, 9, tzinfo=timezone.utc).timestamp()

    def __call__(self) -> float:
        return self.now

    def after(self, days: float) -> None:
        self.now += days * DAY


def huddle(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "huddle.cli", *args], capture_output=True, text=True, timeout=60)


def test_a_session_joins_a_series_over_the_api(server):
    response = requests.post(f"{server.api}/sessions", json={"workshop": "demo", "series": "  Residents   spring 2027 "}, headers={"Authorization": f"Bearer {server.admin_token}"}, timeout=10)
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["series"] == "Residents spring 2027", "spaces are tidied, the name is kept"
    workshop = requests.get(f"{server.api}/sessions/{created['code']}/workshop", headers={"Authorization": f"Bearer {created['facilitator_key']}"}, timeout=10).json()
    assert workshop["series"] == "Residents spring 2027"
    for body, words in (
        ({"workshop": "demo", "series": "<script>"}, "A series name is"),
        ({"workshop": "demo", "series": 7}, "'series' is the name of a series"),
        ({"workshop": "demo", "colour": "blue"}, "Unknown field(s): colour"),
    ):
        refused = requests.post(f"{server.api}/sessions", json=body, headers={"Authorization": f"Bearer {server.admin_token}"}, timeout=10)
        assert refused.status_code == 400 and words in refused.json()["error"]["message"], refused.text


def test_the_series_summary_needs_the_admin_token_and_a_real_name(server):
    assert requests.get(f"{server.api}/series/Nope", timeout=10).status_code == 401
    missing = requests.get(f"{server.api}/series/No%20such%20series", headers={"Authorization": f"Bearer {server.admin_token}"}, timeout=10)
    assert missing.status_code == 404 and "no series" in missing.json()["error"]["message"]


def test_a_baseline_lives_until_the_series_last_session_expires(tmp_path):
    clock = Clock()
    service = Service(SQLiteStore.in_folder(tmp_path), retention_days=30, clock=clock)
    first = service.create_session(DEMO, "http://x", series="Spring")
    alone = service.create_session(DEMO, "http://x")
    clock.after(25)
    last = service.create_session(DEMO, "http://x", series="Spring")
    clock.after(15)  # day 40: the lone session is past 30 days; the series' last is 15 days old
    assert service.expire() == [alone["code"]]
    assert {s.code for s in service.store.sessions_in_series("Spring")} == {first["code"], last["code"]}
    assert service.series_list()[0]["purged_after"].startswith("2027-02-28")  # day 25 + 30
    clock.after(16)  # day 56: the last session is 31 days old
    assert sorted(service.expire()) == sorted([first["code"], last["code"]])
    assert service.series_list() == [] and service.store.get_series("Spring") is None


def test_purging_a_series_leaves_nothing_of_it(tmp_path):
    service = Service(SQLiteStore.in_folder(tmp_path / "data"))
    secret = "a very particular sentence about my rotation"
    sessions = [service.create_session(DEMO, "http://x", series="Winter cohort") for _ in range(2)]
    kept = service.create_session(DEMO, "http://x")
    for session in [*sessions, kept]:
        service.control(session["code"], {"action": "open", "activity": "small-win"})
        for n in range(6):
            token = participant(n)
            service.join(session["code"], {"participant": token})
            service.submit(session["code"], {"activity": "small-win", "participant": token, "submission_id": f"s{n:09d}", "value": f"{secret} {n}"})
    assert service.purge_series("Winter cohort") == 2
    with pytest.raises(NotFound):
        service.purge_series("Winter cohort")
    assert [record.code for record in service.store.list_sessions()] == [kept["code"]]
    with closing(sqlite3.connect(tmp_path / "data" / "huddle.sqlite3")) as db:
        assert db.execute("SELECT count(*) FROM series").fetchone() == (0,)
        assert db.execute("SELECT count(*) FROM answers WHERE session_code != ?", (kept["code"],)).fetchone() == (0,)
        assert db.execute("SELECT count(*) FROM measure_links").fetchone() == (0,)
    service.store.close()
    stored = b"".join(p.read_bytes() for p in (tmp_path / "data").glob("huddle.sqlite3*"))
    assert b"Winter cohort" not in stored


def test_a_pairing_code_is_tidied_and_its_digest_needs_the_servers_key():
    assert normalise_link(" ma-07 l ") == "MA07L" and normalise_link("Zoë 3 1 B") == "ZOE31B"
    for bad in ("", "ab", "x" * 17, 1234, None):
        with pytest.raises(InvalidValue):
            normalise_link(bad)
    salt = "the-series-salt-kept-in-the-database"
    ours = link_digest(series_secret(link_key_from("admin-token-one"), salt), "MA07L")
    assert ours == link_digest(series_secret(link_key_from("admin-token-one"), salt), "MA07L"), "the same code pairs"
    # Someone holding only the database (the salt and the digests) cannot reproduce it.
    assert ours != link_digest(series_secret(link_key_from("admin-token-two"), salt), "MA07L")
    assert ours != link_digest(salt.encode(), "MA07L") and "MA07L" not in ours


def test_series_commands_list_report_and_purge_in_one_line(server, tmp_path):
    data = str(server.data)
    made = huddle("session", "create", "demo", "--data", data, "--series", "Cohort A", "--json", "--base-url", "https://huddle.example.org")
    assert made.returncode == 0, made.stderr
    assert json.loads(made.stdout)["series"] == "Cohort A"
    listed = huddle("series", "list", "--data", data, "--json")
    assert listed.returncode == 0 and "Cohort A" in [s["name"] for s in json.loads(listed.stdout)]
    assert "Cohort A: 1 session(s)" in huddle("series", "list", "--data", data).stdout
    bad = huddle("session", "create", "demo", "--data", data, "--series", "<b>")
    assert bad.returncode == 1 and bad.stderr.startswith("huddle: error: A series name is") and bad.stderr.count("\n") == 1
    missing = huddle("series", "purge", "No such", "--data", data)
    assert missing.returncode == 1 and "There is no series with that name" in missing.stderr
    gone = huddle("series", "purge", "Cohort A", "--data", data)
    assert gone.returncode == 0 and "its 1 session(s)" in gone.stdout
    assert "Cohort A" not in huddle("series", "list", "--data", data, "--json").stdout


def test_the_programme_leads_notebook_is_not_served_as_a_page(server):
    kernels = requests.get(f"{server.base}/api/kernels", timeout=10)
    page = requests.get(f"{server.base}/voila/render/programme-evaluation.ipynb", timeout=30)
    assert page.status_code == 404 and "Traceback" not in page.text and "programme-evaluation" not in page.text
    assert requests.get(f"{server.base}/voila/render/join.ipynb", timeout=60).status_code == 200
    assert kernels.status_code in (403, 404), "no kernel listing either"
