"""R1: every answer acknowledged before a SIGKILL is still there after a restart, on either store."""

from __future__ import annotations

import signal

import pytest
from servers import Server, participant


@pytest.fixture(params=["sqlite", "postgresql"])
def store_args(request: pytest.FixtureRequest) -> list[str]:
    """Extra ``huddle serve`` arguments choosing the store: none (SQLite) or a fresh database."""
    if request.param == "sqlite":
        return []
    return ["--store", request.getfixturevalue("postgres").new_database()]


def test_acknowledged_answers_survive_kill_9_and_restart(own_server, store_args, tmp_path):
    first = own_server(*store_args)
    session = first.create_session()
    first.control(session, "open", activity="energy")
    acknowledged = 0
    for n in range(40):
        response = first.answer(session, "energy", participant(n), "steady")
        if response.status_code == 201:
            acknowledged += 1
    assert acknowledged == 40

    first.kill(signal.SIGKILL)
    # On PostgreSQL the restarted server gets a new data folder: the answers live in the database.
    again = own_server(*store_args, data=tmp_path / "restarted" if store_args else first.data)
    entry = again.tally(session)["energy"]
    assert entry["count"] == acknowledged
    # The session carries on where it was: the activity is still open for latecomers.
    assert again.answer(session, "energy", participant(999), "flat").status_code == 201
    assert isinstance(again, Server)
    if store_args:
        assert not (again.data / "huddle.sqlite3").exists() and not (first.data / "huddle.sqlite3").exists()
