"""The embedded default store: one SQLite file in WAL mode, every write committed with fsync."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path
from typing import Any, Iterator

from contextlib import contextmanager

from .base import AnswerRecord, DuplicateCode, Outcome, SessionRecord
from .base import encode as _dumps
from .migrations import SQLITE_MIGRATIONS

FILENAME = "huddle.sqlite3"


class SQLiteStore:
    """A ``Store`` over one SQLite file (``DIR/huddle.sqlite3``).

    One connection guarded by a lock gives a single write path inside a process; WAL lets
    another process (the CLI) read while the server runs, and ``synchronous=FULL`` makes every
    acknowledged write survive a crash.
    """

    #: One connection behind one lock: calls run one at a time anyway.
    concurrency = 1

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=10)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("PRAGMA foreign_keys=ON")
        # A purge must not leave answer text behind in free pages (or in backups copied from them).
        self._db.execute("PRAGMA secure_delete=ON")
        self._migrate()

    @classmethod
    def in_folder(cls, folder: str | Path) -> "SQLiteStore":
        """The store in a data folder, creating the folder (owner-only) if needed."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        return cls(folder / FILENAME)

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _migrate(self) -> None:
        with self._transaction() as db:
            db.execute("CREATE TABLE IF NOT EXISTS huddle_schema (version INTEGER NOT NULL)")
            row = db.execute("SELECT max(version) FROM huddle_schema").fetchone()
            current = row[0] or 0
            for version, script in enumerate(SQLITE_MIGRATIONS, start=1):
                if version > current:
                    for statement in script.split(";"):
                        if statement.strip():
                            db.execute(statement)
                    db.execute("INSERT INTO huddle_schema (version) VALUES (?)", (version,))

    def schema_version(self) -> int:
        """The newest migration applied to this file."""
        return self._db.execute("SELECT max(version) FROM huddle_schema").fetchone()[0]

    def create_session(self, record: SessionRecord) -> None:
        try:
            with self._transaction() as db:
                db.execute(
                    "INSERT INTO sessions (code, workshop, key_digest, salt, state, revision, created_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        record.code,
                        _dumps(record.workshop),
                        record.key_digest,
                        record.salt,
                        _dumps(record.state),
                        record.state.get("revision", 0),
                        record.created_at,
                    ),
                )
        except sqlite3.IntegrityError as error:
            raise DuplicateCode(record.code) from error

    def get_session(self, code: str) -> SessionRecord | None:
        with self._lock:
            row = self._db.execute(
                "SELECT code, workshop, key_digest, salt, state, created_at FROM sessions WHERE code = ?", (code,)
            ).fetchone()
        return SessionRecord.from_row(row) if row else None

    def list_sessions(self) -> list[SessionRecord]:
        with self._lock:
            rows = self._db.execute(
                "SELECT code, workshop, key_digest, salt, state, created_at FROM sessions ORDER BY created_at, code"
            ).fetchall()
        return [SessionRecord.from_row(row) for row in rows]

    def save_state(self, code: str, state: dict[str, Any], expected_revision: int) -> bool:
        with self._transaction() as db:
            cursor = db.execute(
                "UPDATE sessions SET state = ?, revision = ? WHERE code = ? AND revision = ?",
                (_dumps(state), state["revision"], code, expected_revision),
            )
            return cursor.rowcount == 1

    def record_answer(
        self, code: str, activity: str, key: str, submission: str, value: Any, skipped: bool, status: str
    ) -> Outcome:
        encoded = None if skipped else _dumps(value)
        with self._transaction() as db:
            seen = db.execute(
                "SELECT 1 FROM submissions WHERE session_code = ? AND submission_key = ?", (code, submission)
            ).fetchone()
            if seen:
                return "duplicate"
            db.execute("INSERT INTO submissions (session_code, submission_key) VALUES (?, ?)", (code, submission))
            row = db.execute(
                "SELECT value, skipped FROM answers WHERE session_code = ? AND activity = ? AND answer_key = ?",
                (code, activity, key),
            ).fetchone()
            if row is None:
                db.execute(
                    "INSERT INTO answers (session_code, activity, answer_key, value, skipped, status)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (code, activity, key, encoded, int(skipped), status),
                )
                return "stored"
            if row == (encoded, int(skipped)):
                return "unchanged"
            db.execute(
                "UPDATE answers SET value = ?, skipped = ?, status = ?"
                " WHERE session_code = ? AND activity = ? AND answer_key = ?",
                (encoded, int(skipped), status, code, activity, key),
            )
            return "changed"

    def answers(self, code: str, activity: str | None = None) -> list[AnswerRecord]:
        query = "SELECT activity, answer_key, value, skipped, status FROM answers WHERE session_code = ?"
        params: tuple = (code,)
        if activity is not None:
            query += " AND activity = ?"
            params += (activity,)
        with self._lock:
            rows = self._db.execute(query + " ORDER BY activity, answer_key", params).fetchall()
        return [
            AnswerRecord(act, key, None if value is None else json.loads(value), bool(skipped), status)
            for act, key, value, skipped, status in rows
        ]

    def set_answer_status(self, code: str, activity: str, key: str, status: str) -> bool:
        with self._transaction() as db:
            cursor = db.execute(
                "UPDATE answers SET status = ? WHERE session_code = ? AND activity = ? AND answer_key = ?",
                (status, code, activity, key),
            )
            return cursor.rowcount == 1

    def add_participant(self, code: str, key: str, stage: str | None = None) -> bool:
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO participants (session_code, participant_key, stage) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                (code, key, stage),
            )
            if cursor.rowcount == 0 and stage is not None:
                db.execute("UPDATE participants SET stage = ? WHERE session_code = ? AND participant_key = ?", (stage, code, key))
            return cursor.rowcount == 1

    def participants(self, code: str) -> list[tuple[str, str | None, int | None]]:
        with self._lock:
            return self._db.execute(
                "SELECT participant_key, stage, group_no FROM participants WHERE session_code = ? ORDER BY participant_key", (code,)
            ).fetchall()

    def set_groups(self, code: str, groups: dict[str, int | None]) -> None:
        with self._transaction() as db:
            db.execute("UPDATE participants SET group_no = NULL WHERE session_code = ?", (code,))
            db.executemany(
                "UPDATE participants SET group_no = ? WHERE session_code = ? AND participant_key = ?",
                [(group, code, key) for key, group in groups.items()],
            )

    def count_participants(self, code: str) -> int:
        with self._lock:
            return self._db.execute("SELECT count(*) FROM participants WHERE session_code = ?", (code,)).fetchone()[0]

    def add_signal(self, code: str, kind: str) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT INTO signals (session_code, kind, count) VALUES (?, ?, 1)"
                " ON CONFLICT (session_code, kind) DO UPDATE SET count = count + 1",
                (code, kind),
            )

    def signals(self, code: str) -> dict[str, int]:
        with self._lock:
            rows = self._db.execute("SELECT kind, count FROM signals WHERE session_code = ?", (code,)).fetchall()
        return dict(rows)

    def purge_session(self, code: str) -> bool:
        with self._transaction() as db:
            db.execute("DELETE FROM participants WHERE session_code = ?", (code,))
            db.execute("DELETE FROM signals WHERE session_code = ?", (code,))
            db.execute("DELETE FROM submissions WHERE session_code = ?", (code,))
            db.execute("DELETE FROM answers WHERE session_code = ?", (code,))
            cursor = db.execute("DELETE FROM sessions WHERE code = ?", (code,))
            return cursor.rowcount == 1

    def close(self) -> None:
        with self._lock:
            self._db.close()
