"""The SQLite store and the service over it: migrations, one answer per person, expiry."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from huddle.content import bundled_workshops
from huddle.service import Service
from huddle.store import SQLiteStore, StoreError, open_store
from huddle.store.migrations import SQLITE_MIGRATIONS

DEMO = bundled_workshops()["demo"]


@pytest.fixture
def store(tmp_path: Path) -> SQLiteStore:
    opened = SQLiteStore.in_folder(tmp_path / "data")
    yield opened
    opened.close()


def test_store_uses_wal_and_applies_migrations_once(tmp_path, store):
    assert store.schema_version() == len(SQLITE_MIGRATIONS)
    store.close()
    again = SQLiteStore.in_folder(tmp_path / "data")
    assert again.schema_version() == len(SQLITE_MIGRATIONS)
    with sqlite3.connect(tmp_path / "data" / "huddle.sqlite3") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("SELECT count(*) FROM huddle_schema").fetchone()[0] == len(SQLITE_MIGRATIONS)
    again.close()


def test_record_answer_outcomes(store):
    service = Service(store)
    code = service.create_session(DEMO, "http://example")["code"]
    service.control(code, {"action": "open", "activity": "energy"})
    body = {"activity": "energy", "participant": "p" * 20, "submission_id": "s" * 10, "value": "steady"}
    assert service.submit(code, body)[0] == "stored"
    assert service.submit(code, body)[0] == "duplicate"
    assert service.submit(code, {**body, "submission_id": "t" * 10})[0] == "unchanged"
    assert service.submit(code, {**body, "submission_id": "u" * 10, "value": "flat"})[0] == "changed"
    answers = store.answers(code)
    assert len(answers) == 1 and answers[0].value == "flat"
    skip = {"activity": "energy", "participant": "p" * 20, "submission_id": "w" * 10, "skip": True}
    assert service.submit(code, skip)[0] == "changed"
    assert store.answers(code)[0].skipped is True and store.answers(code)[0].value is None


def test_sessions_expire_after_the_retention_period(store):
    now = [1_800_000_000.0]
    service = Service(store, retention_days=30, clock=lambda: now[0])
    old = service.create_session(DEMO, "http://example")["code"]
    now[0] += 20 * 86400
    recent = service.create_session(DEMO, "http://example")["code"]
    now[0] += 11 * 86400
    assert service.expire() == [old]
    assert store.get_session(old) is None and store.get_session(recent) is not None


def test_a_corrupt_database_file_is_refused_with_a_clear_reason(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "huddle.sqlite3").write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="cannot be opened"):
        open_store(folder)


def test_ingest_benchmark_script_runs_and_loses_nothing():
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run([sys.executable, str(root / "benchmarks" / "api_ingest.py"), "--total", "40", "--clients", "2"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert '"lost": 0' in result.stdout
