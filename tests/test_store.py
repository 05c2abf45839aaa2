"""The store test-suite, run against SQLite and against a real PostgreSQL server.

Every store keeps the same contract: migrations applied once, one answer per person per activity,
once per submission, optimistic state updates, and no loss or deadlock with many writers at once.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

import pytest

from huddle.content import bundled_workshops
from huddle.service import Service
from huddle.store import DuplicateCode, SessionRecord, Store, StoreError, open_store
from huddle.store.migrations import POSTGRESQL_MIGRATIONS, SQLITE_MIGRATIONS

DEMO = bundled_workshops()["demo"]
BACKENDS = ["sqlite", "postgresql"]


@dataclass
class Backend:
    """One store's location, opened as often as a test likes (all closed at the end)."""

    kind: str
    data: Path
    url: str | None = None
    opened: list[Any] = field(default_factory=list)

    @property
    def migrations(self) -> list[str]:
        return SQLITE_MIGRATIONS if self.kind == "sqlite" else POSTGRESQL_MIGRATIONS

    def open(self) -> Store:
        store = open_store(self.data, self.url)
        self.opened.append(store)
        return store

    def query(self, sql: str) -> list[tuple]:
        """Rows of a query run directly on the database, around the store."""
        if self.kind == "sqlite":
            with sqlite3.connect(self.data / "huddle.sqlite3") as db:
                return db.execute(sql).fetchall()
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as db:
            return db.execute(sql).fetchall()  # type: ignore[call-overload]

    def close_all(self) -> None:
        for store in self.opened:
            store.close()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path):
    """Where a store lives: a data folder (SQLite) or a fresh database on the test server."""
    url = request.getfixturevalue("postgres").new_database() if request.param == "postgresql" else None
    located = Backend(request.param, tmp_path / "data", url)
    yield located
    located.close_all()


@pytest.fixture
def store(backend: Backend) -> Store:
    return backend.open()


def record(code: str = "ABCDEF", created: str = "2026-01-01T10:00:00+00:00") -> SessionRecord:
    return SessionRecord(code, {"id": "w", "títle": "ünïcode"}, "digest", "salt", {"revision": 0, "status": "waiting"}, created)


# migrations -------------------------------------------------------------------------------


def test_migrations_are_applied_once_and_reopening_is_idempotent(backend, store):
    assert store.schema_version() == len(backend.migrations)  # type: ignore[attr-defined]
    store.close()
    backend.opened.clear()
    again = backend.open()
    assert again.schema_version() == len(backend.migrations)  # type: ignore[attr-defined]
    assert backend.query("SELECT count(*), count(DISTINCT version) FROM huddle_schema") == [(len(backend.migrations),) * 2]


def test_stores_opened_at_the_same_moment_migrate_once(backend):
    opened: list[Any] = []
    errors: list[BaseException] = []

    def open_one() -> None:
        try:
            opened.append(backend.open())
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=open_one) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors and len(opened) == 4
    assert backend.query("SELECT count(*) FROM huddle_schema") == [(len(backend.migrations),)]


def test_sqlite_uses_wal(tmp_path):
    opened = open_store(tmp_path / "data")
    try:
        with sqlite3.connect(tmp_path / "data" / "huddle.sqlite3") as db:
            assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        opened.close()


def test_the_schemas_keep_the_same_tables_and_columns(postgres, tmp_path):
    sqlite_store, pg = open_store(tmp_path / "a"), Backend("postgresql", tmp_path / "b", postgres.new_database())
    pg_store = pg.open()
    try:
        with sqlite3.connect(tmp_path / "a" / "huddle.sqlite3") as db:
            tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
            sqlite_columns = {t: [c[1] for c in db.execute(f"PRAGMA table_info({t})")] for t in tables}
        pg_columns = {
            t: [c for (c,) in pg.query(f"SELECT column_name FROM information_schema.columns WHERE table_name = '{t}' ORDER BY ordinal_position")]
            for t in tables
        }
        # Same columns, so nothing more (no timestamp, no arrival order) is kept on PostgreSQL (P1, P2).
        assert pg_columns == sqlite_columns
        assert pg.query("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'") == [(len(tables),)]
    finally:
        sqlite_store.close()
        pg.close_all()


# the contract -----------------------------------------------------------------------------


def test_sessions_round_trip_and_codes_are_unique(store):
    store.create_session(record("BBBBBB", "2026-01-02T00:00:00+00:00"))
    store.create_session(record("AAAAAA", "2026-01-02T00:00:00+00:00"))
    store.create_session(record("ZZZZZZ", "2026-01-01T00:00:00+00:00"))
    with pytest.raises(DuplicateCode):
        store.create_session(record("AAAAAA"))
    assert store.get_session("AAAAAA") == record("AAAAAA", "2026-01-02T00:00:00+00:00")
    assert store.get_session("NOPE00") is None and store.get_session("A\x00B") is None
    assert [r.code for r in store.list_sessions()] == ["ZZZZZZ", "AAAAAA", "BBBBBB"]


def test_state_is_saved_only_from_the_expected_revision(store):
    store.create_session(record())
    assert store.save_state("ABCDEF", {"revision": 1, "status": "live"}, 0) is True
    assert store.save_state("ABCDEF", {"revision": 1, "status": "ended"}, 0) is False
    assert store.get_session("ABCDEF").state == {"revision": 1, "status": "live"}
    assert store.save_state("NOPE00", {"revision": 1}, 0) is False


def test_answers_statuses_participants_groups_signals_and_purge(store):
    store.create_session(record())
    assert store.record_answer("ABCDEF", "b", "k2", "s1", ["x", "ÿ"], False, "pending") == "stored"
    assert store.record_answer("ABCDEF", "a", "k1", "s2", None, True, "approved") == "stored"
    assert store.record_answer("ABCDEF", "b", "k1", "s3", 3, False, "approved") == "stored"
    assert [(a.activity, a.key, a.value, a.skipped) for a in store.answers("ABCDEF")] == [
        ("a", "k1", None, True), ("b", "k1", 3, False), ("b", "k2", ["x", "ÿ"], False)]
    assert [a.key for a in store.answers("ABCDEF", "b")] == ["k1", "k2"]
    assert store.set_answer_status("ABCDEF", "b", "k2", "approved") is True
    assert store.set_answer_status("ABCDEF", "b", "missing", "approved") is False
    assert store.answers("ABCDEF", "b")[1].status == "approved"

    assert store.add_participant("ABCDEF", "p1") is True
    assert store.add_participant("ABCDEF", "p1", "resident") is False
    assert store.add_participant("ABCDEF", "p2", "student") is True
    store.set_groups("ABCDEF", {"p2": 1})
    assert store.participants("ABCDEF") == [("p1", "resident", None), ("p2", "student", 1)]
    store.set_groups("ABCDEF", {"p1": 2})
    assert store.participants("ABCDEF") == [("p1", "resident", 2), ("p2", "student", None)]
    assert store.count_participants("ABCDEF") == 2

    for kind in ("pause", "pause", "crisis"):
        store.add_signal("ABCDEF", kind)
    assert store.signals("ABCDEF") == {"pause": 2, "crisis": 1}

    assert store.purge_session("ABCDEF") is True and store.purge_session("ABCDEF") is False
    assert store.get_session("ABCDEF") is None and store.answers("ABCDEF") == []
    assert store.participants("ABCDEF") == [] and store.signals("ABCDEF") == {}


def test_record_answer_outcomes(store):
    service = Service(store)
    code = service.create_session(DEMO, "http://example")["code"]
    service.control(code, {"action": "open", "activity": "energy"})
    service.join(code, {"participant": "p" * 20})
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


# many writers at once ---------------------------------------------------------------------

PARTICIPANTS = 80
VALUES = {"energy": "steady", "arrival-mood": "okay", "workload": 4}

WRITER = """
import sys
from huddle.service import Service
from huddle.store import open_store
data, url, code, start, stop = sys.argv[1], sys.argv[2] or None, sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
store = open_store(data, url)
service = Service(store)
print("ready", flush=True)
sys.stdin.readline()  # start together with the other writers
for n in range(start, stop):
    service.join(code, {{"participant": f"participant-{{n:06d}}-token"}})
    for activity, value in {values!r}.items():
        for attempt in ("first", "again"):  # a retried request: the same submission id twice
            body = {{"activity": activity, "participant": f"participant-{{n:06d}}-token", "submission_id": f"proc-{{n}}-{{activity}}", "value": value}}
            print(service.submit(code, body)[0])
store.close()
"""


def _run_writers(backend: Backend, code: str, workers: list[Callable[[], list[str]]], processes: list[tuple[int, int]]) -> list[str]:
    """Run writer threads and writer processes together; every outcome they saw."""
    outcomes: list[str] = []
    failures: list[BaseException] = []
    lock = threading.Lock()

    def run(worker: Callable[[], list[str]]) -> None:
        try:
            seen = worker()
        except BaseException as error:  # noqa: BLE001 - reported below
            failures.append(error)
            return
        with lock:
            outcomes.extend(seen)

    script = WRITER.format(values=VALUES)
    children = [
        subprocess.Popen([sys.executable, "-c", script, str(backend.data), backend.url or "", code, str(a), str(b)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for a, b in processes
    ]
    for child in children:
        assert child.stdout.readline().strip() == "ready", child.stderr.read()
    threads = [threading.Thread(target=run, args=(worker,)) for worker in workers]
    for thread in threads:
        thread.start()
    for child in children:
        child.stdin.write("go\n")
        child.stdin.flush()
    for thread in threads:
        thread.join(timeout=120)
        assert not thread.is_alive(), "a writer thread is stuck (deadlock?)"
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        outcomes += out.split()
    assert not failures, failures
    return outcomes


def test_many_writers_at_once_lose_nothing_and_keep_one_answer_each(backend):
    """Threads on two store instances and two separate processes answer for the same people."""
    first, second = backend.open(), backend.open()
    service = Service(first)
    code = service.create_session(DEMO, "http://example")["code"]
    # Self-paced: every activity takes answers at once, so writers cross activities freely.
    service.control(code, {"action": "self_paced", "enabled": True})

    def writer(store: Store, people: Sequence[int], salt: str) -> Callable[[], list[str]]:
        def work() -> list[str]:
            on = Service(store)
            seen = []
            for n in people:
                on.join(code, {"participant": f"participant-{n:06d}-token"})
                for activity, value in VALUES.items():
                    for attempt in range(2):  # the same person sends twice, with fresh submission ids
                        body = {"activity": activity, "participant": f"participant-{n:06d}-token", "submission_id": f"{salt}-{n}-{activity}-{attempt}", "value": value}
                        seen.append(on.submit(code, body)[0])
            return seen
        return work

    half = PARTICIPANTS // 2
    # Two threads per store instance, half of them going backwards, so they meet on the same rows.
    workers = [
        writer(store, range(PARTICIPANTS)[::step], f"thread-{i}")
        for i, (store, step) in enumerate([(first, 1), (first, -1), (second, 1), (second, -1)])
    ]
    processes = [(0, half), (half, PARTICIPANTS)]
    outcomes = _run_writers(backend, code, workers, processes)

    expected = PARTICIPANTS * len(VALUES)
    assert outcomes.count("stored") == expected, "exactly one writer stored each person's answer"
    assert outcomes.count("duplicate") == expected, "each process's repeated submission was de-duplicated"
    assert set(outcomes) <= {"stored", "unchanged", "duplicate"}
    for store in (first, second):
        answers = store.answers(code)
        assert len(answers) == expected and len({(a.activity, a.key) for a in answers}) == expected
        assert all(a.value == VALUES[a.activity] for a in answers)
    assert backend.query("SELECT count(*) FROM answers") == [(expected,)]


def test_racing_state_updates_lose_none(backend):
    """Optimistic updates from two store instances: every increment lands once."""
    stores = [backend.open(), backend.open()]
    stores[0].create_session(record())
    rounds, threads_per_store = 15, 2

    def bump(store: Store) -> None:
        for _ in range(rounds):
            while True:
                current = store.get_session("ABCDEF").state
                new = {**current, "revision": current["revision"] + 1}
                if store.save_state("ABCDEF", new, current["revision"]):
                    break

    threads = [threading.Thread(target=bump, args=(store,)) for store in stores for _ in range(threads_per_store)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
        assert not thread.is_alive()
    assert stores[1].get_session("ABCDEF").state["revision"] == rounds * threads_per_store * len(stores)


# PostgreSQL only --------------------------------------------------------------------------


def test_postgresql_commits_wait_for_the_disk_even_if_the_database_says_otherwise(postgres, tmp_path):
    url = postgres.new_database()
    postgres.execute(f"ALTER DATABASE {url.rsplit('/', 1)[1]} SET synchronous_commit = off")
    opened = open_store(tmp_path, url)
    try:
        with opened._pool.connection() as connection:  # type: ignore[attr-defined]
            assert connection.execute("SHOW synchronous_commit").fetchone()[0] == "on"
    finally:
        opened.close()


@pytest.mark.parametrize(
    "url, reason",
    [
        ("postgresql://someone:s3cr3t-pw@127.0.0.1:{closed}/huddle", "cannot connect"),
        ("postgresql://someone:s3cr3t-pw@127.0.0.1:{port}/huddle?sslmode=nonsense", "invalid sslmode"),
        ("postgresql://someone:s3cr3t-pw@127.0.0.1:nonsense/huddle", "invalid"),
        ("postgresql://someone:s3cr3t-pw@[::1/huddle", "PostgreSQL"),
        ("postgresql://someone:s3cr3t-pw@127.0.0.1:{port}/huddle?bogus=1", "not a valid PostgreSQL URL"),
        ("postgresql://huddle_pw:s3cr3t-pw@127.0.0.1:{port}/postgres", "password authentication failed"),
        ("postgresql://huddle:s3cr3t-pw@127.0.0.1:{port}/no_such_database", "does not exist"),
    ],
)
def test_postgresql_failures_are_one_line_and_never_show_the_password(postgres, tmp_path, url, reason):
    from servers import free_port

    with pytest.raises(StoreError) as raised:
        open_store(tmp_path, url.format(closed=free_port(), port=postgres.port))
    message = str(raised.value)
    assert reason in message and "\n" not in message
    assert "s3cr3t-pw" not in message and ":***@" in message


def test_a_role_that_cannot_create_tables_is_told_why(postgres, tmp_path):
    from postgres import PASSWORD, PASSWORD_ROLE

    url = postgres.new_database()
    database = url.rsplit("/", 1)[1]
    postgres.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC", database=database)
    with pytest.raises(StoreError) as raised:
        open_store(tmp_path, postgres.url(database, PASSWORD_ROLE, PASSWORD))
    message = str(raised.value)
    assert "cannot prepare the PostgreSQL store" in message and "permission denied" in message
    assert PASSWORD not in message and "\n" not in message


def test_postgresql_store_rides_out_a_database_crash_with_every_acknowledged_answer(postgres, tmp_path, monkeypatch):
    """Commits are durable (R1) and the pool reconnects after the database restarts.

    The password comes from PGPASSWORD, which the server removes from its environment once
    started; the store must still reconnect with it.
    """
    from postgres import PASSWORD, PASSWORD_ROLE

    url = postgres.new_database(owner=PASSWORD_ROLE)
    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    opened = open_store(tmp_path, url)
    monkeypatch.delenv("PGPASSWORD")
    try:
        service = Service(opened)
        code = service.create_session(DEMO, "http://example")["code"]
        service.control(code, {"action": "open", "activity": "energy"})
        for n in range(30):
            service.join(code, {"participant": f"participant-{n:06d}-token"})
            body = {"activity": "energy", "participant": f"participant-{n:06d}-token", "submission_id": f"s-{n:06d}", "value": "steady"}
            assert service.submit(code, body)[0] == "stored"
        postgres.stop("immediate")  # a crash: no checkpoint, recovery from the write-ahead log
        postgres.start()
        assert len(opened.answers(code)) == 30
        service.join(code, {"participant": "participant-999999-token"})
        body = {"activity": "energy", "participant": "participant-999999-token", "submission_id": "after-the-crash", "value": "flat"}
        assert service.submit(code, body)[0] == "stored"
    finally:
        opened.close()


# SQLite only ------------------------------------------------------------------------------


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
