"""The SQL store written once: the statements, the migration runner and every ``Store`` method.

A backend describes its database with a ``Dialect`` and says how a transaction and a read are
run (``_write``, ``_read``); the SQL and the rules around it live only here. Statements are
written with ``?`` markers and turned into the driver's style once per statement.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, ClassVar, Iterable, Mapping, Protocol, Sequence, TypeVar

from ..model.store import AnswerRecord, DuplicateCode, Outcome, SeriesRecord, SessionRecord, SiteWorkshop, encode
from .migrations import SCHEMA_TABLE, render

T = TypeVar("T")

SESSION_COLUMNS = "code, workshop, key_digest, salt, state, created_at, series"
#: Emptied before the session row on a purge (children first, as the foreign keys want).
SESSION_TABLES = ("participants", "signals", "submissions", "answers", "measure_links", "votes")


class Cursor(Protocol):
    """The part of a DB-API cursor the store uses (sqlite3 and psycopg both have it)."""

    rowcount: int

    def execute(self, query: Any, params: Any = ...) -> Any: ...

    def executemany(self, query: Any, params_seq: Iterable[Any]) -> Any: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


@dataclass(frozen=True)
class Dialect:
    """What differs between the databases behind the SQL store."""

    #: The driver's parameter marker: "?" (sqlite3) or "%s" (psycopg).
    placeholder: str
    #: The words the shared migrations leave open (see ``migrations``).
    words: Mapping[str, str]
    #: Run first in the migration transaction so that stores opened together migrate once;
    #: None where the transaction already excludes every other writer.
    migration_lock: str | None = None
    #: Run first in a purge to lock the session row; None where a write excludes all others.
    lock_session: str | None = None
    #: What the driver raises when a primary key is taken.
    unique_violation: tuple[type[BaseException], ...] = ()

    def sql(self, statement: str) -> str:
        """A statement with ``?`` markers in this driver's parameter style."""
        return _convert(statement, self.placeholder)

    def migrations(self) -> list[str]:
        """The migration scripts with this database's words filled in."""
        return render(self.words)


@lru_cache(maxsize=None)
def _convert(statement: str, placeholder: str) -> str:
    # No statement here holds a literal "?" (or "%"), so a plain replace is safe.
    return statement if placeholder == "?" else statement.replace("?", placeholder)


def migrate(cursor: Cursor, dialect: Dialect) -> None:
    """Apply the missing migrations; the caller runs this in one transaction."""
    if dialect.migration_lock:
        cursor.execute(dialect.migration_lock)
    cursor.execute(SCHEMA_TABLE.format_map(dialect.words))
    cursor.execute("SELECT coalesce(max(version), 0) FROM huddle_schema")
    current = cursor.fetchone()[0]
    for version, script in enumerate(dialect.migrations(), start=1):
        if version > current:
            for statement in script.split(";"):
                if statement.strip():
                    cursor.execute(statement)
            cursor.execute(dialect.sql("INSERT INTO huddle_schema (version) VALUES (?)"), (version,))


class SQLStore:
    """Every ``Store`` method over a SQL database; a subclass supplies the plumbing."""

    dialect: ClassVar[Dialect]

    def _write(self, work: Callable[[Cursor], T], *, single_statement: bool = False) -> T:
        """Run ``work`` in one transaction and commit it before returning its result.

        ``single_statement`` work may be run without a transaction of its own where one
        statement already is one.
        """
        raise NotImplementedError

    def _read(self, query: str, params: Sequence[Any] = ()) -> list[tuple]:
        """The rows of one read-only statement."""
        raise NotImplementedError

    def _run(self, statement: str, params: Sequence[Any] = ()) -> int:
        """Write with one statement in its own transaction; how many rows it touched."""

        def work(cursor: Cursor) -> int:
            cursor.execute(self.dialect.sql(statement), params)
            return cursor.rowcount

        return self._write(work)

    def _rows(self, query: str, params: Sequence[Any] = ()) -> list[tuple]:
        return self._read(self.dialect.sql(query), params)

    def close(self) -> None:
        """Release connections."""
        raise NotImplementedError

    def schema_version(self) -> int:
        """The newest migration applied to this database."""
        return self._rows("SELECT max(version) FROM huddle_schema")[0][0]

    # sessions -----------------------------------------------------------------------------

    def create_session(self, record: SessionRecord) -> None:
        try:
            self._run(
                f"INSERT INTO sessions ({SESSION_COLUMNS}, revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (record.code, encode(record.workshop), record.key_digest, record.salt, encode(record.state),
                 record.created_at, record.series, record.state.get("revision", 0)),
            )
        except self.dialect.unique_violation as error:
            raise DuplicateCode(record.code) from error

    def get_session(self, code: str) -> SessionRecord | None:
        if "\x00" in code:  # PostgreSQL text cannot hold NUL, and no session code has one
            return None
        rows = self._rows(f"SELECT {SESSION_COLUMNS} FROM sessions WHERE code = ?", (code,))
        return SessionRecord.from_row(rows[0]) if rows else None

    def list_sessions(self) -> list[SessionRecord]:
        return [SessionRecord.from_row(row) for row in self._rows(f"SELECT {SESSION_COLUMNS} FROM sessions ORDER BY created_at, code")]

    def save_state(self, code: str, state: dict[str, Any], expected_revision: int) -> bool:
        # Under PostgreSQL's READ COMMITTED a concurrent update makes it re-check the WHERE
        # clause on the newer row, so exactly one of two racing saves of the same revision wins.
        return self._run(
            "UPDATE sessions SET state = ?, revision = ? WHERE code = ? AND revision = ?",
            (encode(state), state["revision"], code, expected_revision),
        ) == 1

    def purge_session(self, code: str) -> bool:
        def work(cursor: Cursor) -> bool:
            if self.dialect.lock_session:
                cursor.execute(self.dialect.sql(self.dialect.lock_session), (code,))
            for table in SESSION_TABLES:
                cursor.execute(self.dialect.sql(f"DELETE FROM {table} WHERE session_code = ?"), (code,))
            cursor.execute(self.dialect.sql("DELETE FROM sessions WHERE code = ?"), (code,))
            return cursor.rowcount == 1

        return self._write(work)

    # series -------------------------------------------------------------------------------

    def create_series(self, record: SeriesRecord) -> bool:
        return self._run(
            "INSERT INTO series (name, salt, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            (record.name, record.salt, record.created_at),
        ) == 1

    def get_series(self, name: str) -> SeriesRecord | None:
        if "\x00" in name:
            return None
        rows = self._rows("SELECT name, salt, created_at FROM series WHERE name = ?", (name,))
        return SeriesRecord(*rows[0]) if rows else None

    def list_series(self) -> list[SeriesRecord]:
        return [SeriesRecord(*row) for row in self._rows("SELECT name, salt, created_at FROM series ORDER BY name")]

    def sessions_in_series(self, name: str) -> list[SessionRecord]:
        rows = self._rows(f"SELECT {SESSION_COLUMNS} FROM sessions WHERE series = ? ORDER BY created_at, code", (name,))
        return [SessionRecord.from_row(row) for row in rows]

    def purge_series(self, name: str) -> bool:
        sql = self.dialect.sql

        def work(cursor: Cursor) -> bool:
            cursor.execute(sql("SELECT code FROM sessions WHERE series = ?"), (name,))
            codes = [row[0] for row in cursor.fetchall()]
            for code in codes:
                if self.dialect.lock_session:
                    cursor.execute(sql(self.dialect.lock_session), (code,))
                for table in SESSION_TABLES:
                    cursor.execute(sql(f"DELETE FROM {table} WHERE session_code = ?"), (code,))
                cursor.execute(sql("DELETE FROM sessions WHERE code = ?"), (code,))
            cursor.execute(sql("DELETE FROM series WHERE name = ?"), (name,))
            return cursor.rowcount == 1

        return self._write(work)

    def record_link(self, code: str, activity: str, key: str, link: str) -> None:
        self._run(
            "INSERT INTO measure_links (session_code, activity, answer_key, link) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (session_code, activity, answer_key) DO UPDATE SET link = excluded.link",
            (code, activity, key, link),
        )

    def links(self, code: str) -> dict[tuple[str, str], str]:
        rows = self._rows("SELECT activity, answer_key, link FROM measure_links WHERE session_code = ?", (code,))
        return {(activity, key): link for activity, key, link in rows}

    # the site's workshops -----------------------------------------------------------------

    def save_workshop(self, record: SiteWorkshop) -> bool:
        def work(cursor: Cursor) -> bool:
            cursor.execute(
                self.dialect.sql(
                    "INSERT INTO site_workshops (id, title, source, updated_at) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT (id) DO NOTHING"
                ),
                (record.id, record.title, record.source, record.updated_at),
            )
            if cursor.rowcount == 1:
                return True
            cursor.execute(
                self.dialect.sql("UPDATE site_workshops SET title = ?, source = ?, updated_at = ? WHERE id = ?"),
                (record.title, record.source, record.updated_at, record.id),
            )
            return False

        return self._write(work)

    def get_workshop(self, workshop_id: str) -> SiteWorkshop | None:
        if "\x00" in workshop_id:
            return None
        rows = self._rows("SELECT id, title, source, updated_at FROM site_workshops WHERE id = ?", (workshop_id,))
        return SiteWorkshop(*rows[0]) if rows else None

    def list_workshops(self) -> list[SiteWorkshop]:
        return [SiteWorkshop(*row) for row in self._rows("SELECT id, title, source, updated_at FROM site_workshops ORDER BY id")]

    def delete_workshop(self, workshop_id: str) -> bool:
        return self._run("DELETE FROM site_workshops WHERE id = ?", (workshop_id,)) == 1

    # votes --------------------------------------------------------------------------------

    def add_vote(self, code: str, activity: str, item: str, voter: str) -> bool:
        return self._run(
            "INSERT INTO votes (session_code, activity, item, voter_key) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (code, activity, item, voter),
        ) == 1

    def votes(self, code: str, activity: str) -> dict[str, int]:
        rows = self._rows(
            "SELECT item, count(*) FROM votes WHERE session_code = ? AND activity = ? GROUP BY item", (code, activity)
        )
        return {item: count for item, count in rows}

    def voted(self, code: str, activity: str, voter: str) -> set[str]:
        rows = self._rows("SELECT item FROM votes WHERE session_code = ? AND activity = ? AND voter_key = ?", (code, activity, voter))
        return {row[0] for row in rows}

    # answers ------------------------------------------------------------------------------

    def record_answer(
        self, code: str, activity: str, key: str, submission: str, value: Any, skipped: bool, status: str
    ) -> Outcome:
        encoded = None if skipped else encode(value)
        sql = self.dialect.sql

        # Claim the submission id, then write, change or keep the answer, all in one
        # transaction: a repeated submission finds its id taken and writes nothing (R2).
        def work(cursor: Cursor) -> Outcome:
            cursor.execute(sql("SELECT 1 FROM submissions WHERE session_code = ? AND submission_key = ?"), (code, submission))
            if cursor.fetchone():
                return "duplicate"
            cursor.execute(sql("INSERT INTO submissions (session_code, submission_key) VALUES (?, ?)"), (code, submission))
            where = (code, activity, key)
            cursor.execute(sql("SELECT value, skipped FROM answers WHERE session_code = ? AND activity = ? AND answer_key = ?"), where)
            row = cursor.fetchone()
            if row is None:
                cursor.execute(
                    sql("INSERT INTO answers (session_code, activity, answer_key, value, skipped, status) VALUES (?, ?, ?, ?, ?, ?)"),
                    (*where, encoded, skipped, status),
                )
                return "stored"
            if (row[0], bool(row[1])) == (encoded, skipped):
                return "unchanged"
            cursor.execute(
                sql("UPDATE answers SET value = ?, skipped = ?, status = ? WHERE session_code = ? AND activity = ? AND answer_key = ?"),
                (encoded, skipped, status, *where),
            )
            return "changed"

        return self._write(work)

    def answers(self, code: str, activity: str | None = None) -> list[AnswerRecord]:
        query = "SELECT activity, answer_key, value, skipped, status FROM answers WHERE session_code = ?"
        params: tuple = (code,)
        if activity is not None:
            query += " AND activity = ?"
            params += (activity,)
        return [
            AnswerRecord(act, key, None if value is None else json.loads(value), bool(skipped), status)
            for act, key, value, skipped, status in self._rows(query + " ORDER BY activity, answer_key", params)
        ]

    def set_answer_status(self, code: str, activity: str, key: str, status: str) -> bool:
        return self._run(
            "UPDATE answers SET status = ? WHERE session_code = ? AND activity = ? AND answer_key = ?",
            (status, code, activity, key),
        ) == 1

    # participants and signals -------------------------------------------------------------

    def add_participant(self, code: str, key: str, stage: str | None = None) -> bool:
        sql = self.dialect.sql

        def work(cursor: Cursor) -> bool:
            cursor.execute(
                sql("INSERT INTO participants (session_code, participant_key, stage) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"),
                (code, key, stage),
            )
            joined = cursor.rowcount == 1
            if not joined and stage is not None:
                cursor.execute(sql("UPDATE participants SET stage = ? WHERE session_code = ? AND participant_key = ?"), (stage, code, key))
            return joined

        return self._write(work)

    def participants(self, code: str) -> list[tuple[str, str | None, int | None]]:
        return self._rows("SELECT participant_key, stage, group_no FROM participants WHERE session_code = ? ORDER BY participant_key", (code,))

    def set_groups(self, code: str, groups: dict[str, int | None]) -> None:
        sql = self.dialect.sql

        def work(cursor: Cursor) -> None:
            cursor.execute(sql("UPDATE participants SET group_no = NULL WHERE session_code = ?"), (code,))
            cursor.executemany(
                sql("UPDATE participants SET group_no = ? WHERE session_code = ? AND participant_key = ?"),
                [(group, code, key) for key, group in groups.items()],
            )

        self._write(work)

    def set_group(self, code: str, key: str, group: int) -> None:
        self._run("UPDATE participants SET group_no = ? WHERE session_code = ? AND participant_key = ?", (group, code, key))

    def has_participant(self, code: str, key: str) -> bool:
        return bool(self._rows("SELECT 1 FROM participants WHERE session_code = ? AND participant_key = ?", (code, key)))

    def count_participants(self, code: str) -> int:
        return self._rows("SELECT count(*) FROM participants WHERE session_code = ?", (code,))[0][0]

    def add_signal(self, code: str, kind: str) -> None:
        self._run(
            "INSERT INTO signals (session_code, kind, count) VALUES (?, ?, 1)"
            " ON CONFLICT (session_code, kind) DO UPDATE SET count = signals.count + 1",
            (code, kind),
        )

    def signals(self, code: str) -> dict[str, int]:
        return dict(self._rows("SELECT kind, count FROM signals WHERE session_code = ?", (code,)))
