"""The scale-out store: PostgreSQL, shared by any number of ``huddle serve`` processes.

Same tables and the same answers to every call as the SQLite store. Nothing is kept in the
process between calls: uniqueness, "once per submission" and optimistic state updates all come
from the database (primary keys, ``ON CONFLICT``, row locks, ``WHERE revision = ...``), so several
servers may write to one database at once.
"""

from __future__ import annotations

import json
import os
import re
from contextlib import nullcontext
from typing import Any, Callable, TypeVar
from urllib.parse import unquote, urlsplit

import psycopg
from psycopg import errors
from psycopg.conninfo import conninfo_to_dict
from psycopg_pool import ConnectionPool, PoolTimeout

from .base import AnswerRecord, DuplicateCode, Outcome, SessionRecord, StoreError, encode
from .migrations import POSTGRESQL_MIGRATIONS

T = TypeVar("T")

#: Advisory lock held while migrating, so servers starting together apply each migration once.
MIGRATION_LOCK = int.from_bytes(b"huddle\x00m", "big")
#: Seconds to wait for the server when connecting, so a wrong host fails instead of hanging.
CONNECT_TIMEOUT = 10
#: Times a transaction is tried again after PostgreSQL aborted it to break a deadlock.
RETRIES = 3
_SESSION_COLUMNS = "code, workshop, key_digest, salt, state, created_at"


def redact(url: str) -> str:
    """The URL with its password replaced by ``***`` (for messages and logs)."""
    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:
        return re.sub(r"(//[^:/@]*:)[^@]*@", r"\1***@", url)
    if password is not None:
        user = parts.username or ""
        host = parts.netloc.rpartition("@")[2]
        url = parts._replace(netloc=f"{user}:***@{host}").geturl()
    return re.sub(r"(password=)[^&\s]*", r"\1***", url)


def _one_line(error: BaseException, url: str) -> str:
    """An error's message on one line, with no trace of the URL's password."""
    text = " ".join(str(error).split()).replace(url, redact(url))
    try:
        password = urlsplit(url).password
    except ValueError:
        password = None
    for secret in {password, unquote(password or "")} - {None, ""}:
        text = text.replace(secret, "***")  # type: ignore[arg-type]
    return text


def _connection_settings(url: str) -> dict[str, Any]:
    """Connection parameters from the URL, validated, with what must outlive the environment."""
    try:
        settings: dict[str, Any] = conninfo_to_dict(url)
    except psycopg.ProgrammingError as error:
        raise StoreError(f"the store URL {redact(url)} is not a valid PostgreSQL URL: {_one_line(error, url)}") from error
    # The server removes PGPASSWORD from its environment once started (participant kernels
    # would inherit it), so a password given that way is kept here for later reconnections.
    if "password" not in settings and os.environ.get("PGPASSWORD"):
        settings["password"] = os.environ["PGPASSWORD"]
    settings.setdefault("connect_timeout", CONNECT_TIMEOUT)
    settings.setdefault("application_name", "huddle")
    return settings


def _make_durable(connection: psycopg.Connection) -> None:
    """Every commit waits for the disk (R1), even where the database's default says otherwise."""
    # "off" is the only value that acknowledges a commit before its WAL is flushed; stronger
    # settings chosen by an administrator ("remote_apply", ...) are kept.
    if connection.execute("SHOW synchronous_commit").fetchone()[0] == "off":  # type: ignore[index]
        connection.execute("SET synchronous_commit = on")


class PostgreSQLStore:
    """A ``Store`` over one PostgreSQL database, through a small connection pool.

    Each call is one transaction, committed before it returns; reads are single statements in
    autocommit mode. Deadlocks PostgreSQL breaks are retried, since every call can run again.
    """

    def __init__(self, url: str, *, max_connections: int = 8) -> None:
        self.url = redact(url)
        settings = _connection_settings(url)
        try:
            with psycopg.connect(**settings, autocommit=True) as connection:
                _make_durable(connection)
                self._migrate(connection)
        except psycopg.OperationalError as error:
            raise StoreError(f"cannot connect to the PostgreSQL store {self.url}: {_one_line(error, url)}") from error
        except psycopg.Error as error:
            raise StoreError(f"cannot prepare the PostgreSQL store {self.url}: {_one_line(error, url)}") from error
        #: One call at a time per pooled connection.
        self.concurrency = max_connections
        self._pool = ConnectionPool(
            kwargs={**settings, "autocommit": True},
            min_size=1,
            max_size=max_connections,
            configure=_make_durable,
            # A connection broken by a database restart is replaced rather than handed out.
            check=ConnectionPool.check_connection,
            name="huddle-store",
            num_workers=1,
            timeout=CONNECT_TIMEOUT + 5,  # a request waits this long for a connection, then fails
            open=False,
        )
        try:
            self._pool.open(wait=True, timeout=CONNECT_TIMEOUT * 2)
        except PoolTimeout as error:
            self._pool.close()
            raise StoreError(f"cannot connect to the PostgreSQL store {self.url}: no connection within {CONNECT_TIMEOUT * 2} s") from error

    # plumbing -----------------------------------------------------------------------------

    @staticmethod
    def _migrate(connection: psycopg.Connection) -> None:
        """Apply the missing migrations in one transaction, holding the migration lock."""
        with connection.transaction():
            connection.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            connection.execute("CREATE TABLE IF NOT EXISTS huddle_schema (version INTEGER PRIMARY KEY)")
            current = connection.execute("SELECT coalesce(max(version), 0) FROM huddle_schema").fetchone()[0]  # type: ignore[index]
            for version, script in enumerate(POSTGRESQL_MIGRATIONS, start=1):
                if version > current:
                    for statement in script.split(";"):
                        if statement.strip():
                            connection.execute(statement)  # type: ignore[call-overload]
                    connection.execute("INSERT INTO huddle_schema (version) VALUES (%s)", (version,))

    def _write(self, work: Callable[[psycopg.Cursor], T], *, single_statement: bool = False) -> T:
        """Run ``work`` in one transaction and commit it before returning its result.

        ``single_statement`` work needs no BEGIN/COMMIT of its own: in autocommit mode one
        statement is its own transaction, which saves two round trips.
        """
        for attempt in range(RETRIES):
            try:
                with self._pool.connection() as connection:
                    with nullcontext() if single_statement else connection.transaction(), connection.cursor() as cursor:
                        return work(cursor)
            except (errors.DeadlockDetected, errors.SerializationFailure):
                if attempt == RETRIES - 1:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _read(self, query: str, params: tuple = ()) -> list[tuple]:
        with self._pool.connection() as connection:
            return connection.execute(query, params).fetchall()  # type: ignore[arg-type]

    def schema_version(self) -> int:
        """The newest migration applied to this database."""
        return self._read("SELECT max(version) FROM huddle_schema")[0][0]

    # sessions -----------------------------------------------------------------------------

    def create_session(self, record: SessionRecord) -> None:
        def work(cursor: psycopg.Cursor) -> None:
            cursor.execute(
                "INSERT INTO sessions (code, workshop, key_digest, salt, state, revision, created_at)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s)",
                (record.code, encode(record.workshop), record.key_digest, record.salt, encode(record.state),
                 record.state.get("revision", 0), record.created_at),
            )

        try:
            self._write(work)
        except errors.UniqueViolation as error:
            raise DuplicateCode(record.code) from error

    def get_session(self, code: str) -> SessionRecord | None:
        if "\x00" in code:  # PostgreSQL text cannot hold NUL; no session has such a code
            return None
        rows = self._read(f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE code = %s", (code,))
        return SessionRecord.from_row(rows[0]) if rows else None

    def list_sessions(self) -> list[SessionRecord]:
        return [SessionRecord.from_row(row) for row in self._read(f"SELECT {_SESSION_COLUMNS} FROM sessions ORDER BY created_at, code")]

    def save_state(self, code: str, state: dict[str, Any], expected_revision: int) -> bool:
        # Under READ COMMITTED a concurrent update makes PostgreSQL re-check the WHERE clause
        # on the newer row, so exactly one of two racing saves of the same revision wins.
        def work(cursor: psycopg.Cursor) -> bool:
            cursor.execute(
                "UPDATE sessions SET state = %s, revision = %s WHERE code = %s AND revision = %s",
                (encode(state), state["revision"], code, expected_revision),
            )
            return cursor.rowcount == 1

        return self._write(work)

    def purge_session(self, code: str) -> bool:
        def work(cursor: psycopg.Cursor) -> bool:
            # Lock the session first: answers being written hold a key-share lock on it, so the
            # purge waits for them instead of deadlocking against a half-written answer.
            cursor.execute("SELECT 1 FROM sessions WHERE code = %s FOR UPDATE", (code,))
            for table in ("participants", "signals", "submissions", "answers"):
                cursor.execute(f"DELETE FROM {table} WHERE session_code = %s", (code,))
            cursor.execute("DELETE FROM sessions WHERE code = %s", (code,))
            return cursor.rowcount == 1

        return self._write(work)

    # answers ------------------------------------------------------------------------------

    def record_answer(
        self, code: str, activity: str, key: str, submission: str, value: Any, skipped: bool, status: str
    ) -> Outcome:
        encoded = None if skipped else encode(value)
        # One statement, so one round trip that is its own transaction (the connection is in
        # autocommit): the submission id is claimed and the answer written or changed together,
        # or neither. A repeated submission finds its id taken and writes nothing (R2); two
        # changes to one answer take the row lock of ON CONFLICT DO UPDATE one after the other.
        # xmax = 0 tells a freshly inserted row from an updated one.
        query = """
            WITH claimed AS (
                INSERT INTO submissions (session_code, submission_key) VALUES (%(code)s, %(submission)s)
                ON CONFLICT DO NOTHING RETURNING 1
            ), written AS (
                INSERT INTO answers (session_code, activity, answer_key, value, skipped, status)
                SELECT %(code)s, %(activity)s, %(key)s, %(value)s, %(skipped)s, %(status)s WHERE EXISTS (SELECT 1 FROM claimed)
                ON CONFLICT (session_code, activity, answer_key) DO UPDATE
                    SET value = EXCLUDED.value, skipped = EXCLUDED.skipped, status = EXCLUDED.status
                    WHERE (answers.value, answers.skipped) IS DISTINCT FROM (EXCLUDED.value, EXCLUDED.skipped)
                RETURNING xmax = 0 AS inserted
            )
            SELECT EXISTS (SELECT 1 FROM claimed), (SELECT inserted FROM written)
        """
        params = {"code": code, "submission": submission, "activity": activity, "key": key, "value": encoded, "skipped": skipped, "status": status}

        def work(cursor: psycopg.Cursor) -> Outcome:
            cursor.execute(query, params)
            claimed, inserted = cursor.fetchone()  # type: ignore[misc]
            if not claimed:
                return "duplicate"
            if inserted is None:
                return "unchanged"
            return "stored" if inserted else "changed"

        return self._write(work, single_statement=True)

    def answers(self, code: str, activity: str | None = None) -> list[AnswerRecord]:
        query = "SELECT activity, answer_key, value, skipped, status FROM answers WHERE session_code = %s"
        params: tuple = (code,)
        if activity is not None:
            query += " AND activity = %s"
            params += (activity,)
        return [
            AnswerRecord(act, key, None if value is None else json.loads(value), skipped, status)
            for act, key, value, skipped, status in self._read(query + " ORDER BY activity, answer_key", params)
        ]

    def set_answer_status(self, code: str, activity: str, key: str, status: str) -> bool:
        def work(cursor: psycopg.Cursor) -> bool:
            cursor.execute(
                "UPDATE answers SET status = %s WHERE session_code = %s AND activity = %s AND answer_key = %s",
                (status, code, activity, key),
            )
            return cursor.rowcount == 1

        return self._write(work)

    # participants and signals -------------------------------------------------------------

    def add_participant(self, code: str, key: str, stage: str | None = None) -> bool:
        def work(cursor: psycopg.Cursor) -> bool:
            cursor.execute(
                "INSERT INTO participants (session_code, participant_key, stage) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
                (code, key, stage),
            )
            joined = cursor.rowcount == 1
            if not joined and stage is not None:
                cursor.execute(
                    "UPDATE participants SET stage = %s WHERE session_code = %s AND participant_key = %s", (stage, code, key)
                )
            return joined

        return self._write(work)

    def participants(self, code: str) -> list[tuple[str, str | None, int | None]]:
        return self._read(
            "SELECT participant_key, stage, group_no FROM participants WHERE session_code = %s ORDER BY participant_key",
            (code,),
        )

    def set_groups(self, code: str, groups: dict[str, int | None]) -> None:
        def work(cursor: psycopg.Cursor) -> None:
            cursor.execute("UPDATE participants SET group_no = NULL WHERE session_code = %s", (code,))
            cursor.executemany(
                "UPDATE participants SET group_no = %s WHERE session_code = %s AND participant_key = %s",
                [(group, code, key) for key, group in groups.items()],
            )

        self._write(work)

    def count_participants(self, code: str) -> int:
        return self._read("SELECT count(*) FROM participants WHERE session_code = %s", (code,))[0][0]

    def add_signal(self, code: str, kind: str) -> None:
        def work(cursor: psycopg.Cursor) -> None:
            cursor.execute(
                "INSERT INTO signals (session_code, kind, count) VALUES (%s, %s, 1)"
                " ON CONFLICT (session_code, kind) DO UPDATE SET count = signals.count + 1",
                (code, kind),
            )

        self._write(work)

    def signals(self, code: str) -> dict[str, int]:
        return dict(self._read("SELECT kind, count FROM signals WHERE session_code = %s", (code,)))

    def close(self) -> None:
        self._pool.close()
