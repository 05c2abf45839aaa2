"""The scale-out store: PostgreSQL, shared by any number of ``huddle serve`` processes.

Same tables and the same answers to every call as the SQLite store. Nothing is kept in the
process between calls: uniqueness, "once per submission" and optimistic state updates all come
from the database (primary keys, ``ON CONFLICT``, row locks, ``WHERE revision = ...``), so several
servers may write to one database at once.
"""

from __future__ import annotations

import os
import re
from contextlib import nullcontext
from typing import Any, Callable, Sequence, TypeVar
from urllib.parse import unquote, urlsplit

import psycopg
from psycopg import errors
from psycopg.conninfo import conninfo_to_dict
from psycopg_pool import ConnectionPool, PoolTimeout

from ..model.store import Outcome, StoreError, encode
from .migrations import POSTGRESQL_WORDS
from .sql import Cursor, Dialect, SQLStore, migrate

T = TypeVar("T")

#: Advisory lock held while migrating, so servers starting together apply each migration once.
MIGRATION_LOCK = int.from_bytes(b"huddle\x00m", "big")
#: Seconds to wait for the server when connecting, so a wrong host fails instead of hanging.
CONNECT_TIMEOUT = 10
#: Times a transaction is tried again after PostgreSQL aborted it to break a deadlock.
RETRIES = 3

DIALECT = Dialect(
    placeholder="%s",
    words=POSTGRESQL_WORDS,
    migration_lock=f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})",
    # Answers being written hold a key-share lock on their session, so a purge that locks the
    # session first waits for them instead of deadlocking against a half-written answer.
    lock_session="SELECT 1 FROM sessions WHERE code = ? FOR UPDATE",
    unique_violation=(errors.UniqueViolation,),
)


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


class PostgreSQLStore(SQLStore):
    """A ``Store`` over one PostgreSQL database, through a small connection pool.

    Each call is one transaction, committed before it returns; reads are single statements in
    autocommit mode. Deadlocks PostgreSQL breaks are retried, since every call can run again.
    """

    dialect = DIALECT

    def __init__(self, url: str, *, max_connections: int = 8) -> None:
        self.url = redact(url)
        settings = _connection_settings(url)
        try:
            with psycopg.connect(**settings, autocommit=True) as connection:
                _make_durable(connection)
                # One transaction under the advisory lock: servers starting together migrate once.
                with connection.transaction(), connection.cursor() as cursor:
                    migrate(cursor, DIALECT)
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

    def _write(self, work: Callable[[Cursor], T], *, single_statement: bool = False) -> T:
        # ``single_statement`` work needs no BEGIN/COMMIT of its own: in autocommit mode one
        # statement is its own transaction, which saves two round trips.
        for attempt in range(RETRIES):
            try:
                with self._pool.connection() as connection:
                    with nullcontext() if single_statement else connection.transaction(), connection.cursor() as cursor:
                        return work(cursor)
            except (errors.DeadlockDetected, errors.SerializationFailure):
                if attempt == RETRIES - 1:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _read(self, query: str, params: Sequence[Any] = ()) -> list[tuple]:
        with self._pool.connection() as connection:
            return connection.execute(query, params).fetchall()  # type: ignore[arg-type]

    def close(self) -> None:
        self._pool.close()

    # answers: one statement instead of the shared three-step write ------------------------

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

        def work(cursor: Cursor) -> Outcome:
            cursor.execute(query, params)
            claimed, inserted = cursor.fetchone()  # type: ignore[misc]
            if not claimed:
                return "duplicate"
            if inserted is None:
                return "unchanged"
            return "stored" if inserted else "changed"

        return self._write(work, single_statement=True)
