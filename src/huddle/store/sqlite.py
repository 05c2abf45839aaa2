"""The embedded default store: one SQLite file in WAL mode, every write committed with fsync."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any, Callable, Sequence, TypeVar

from .migrations import SQLITE_WORDS
from .sql import Cursor, Dialect, SQLStore, migrate

T = TypeVar("T")

FILENAME = "huddle.sqlite3"

#: BEGIN IMMEDIATE takes the file's write lock, so neither migrations nor purges need a lock of
#: their own: no other connection, in this process or another, writes meanwhile.
DIALECT = Dialect(placeholder="?", words=SQLITE_WORDS, unique_violation=(sqlite3.IntegrityError,))


def _when_free(step: Callable[[], Any], seconds: float = 10.0) -> Any:
    """Run ``step``, trying again for a while if the file is locked by another connection."""
    import time

    deadline = time.monotonic() + seconds
    while True:
        try:
            return step()
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class SQLiteStore(SQLStore):
    """A ``Store`` over one SQLite file (``DIR/huddle.sqlite3``).

    One connection guarded by a lock gives a single write path inside a process; WAL lets
    another process (the CLI) read while the server runs, and ``synchronous=FULL`` makes every
    acknowledged write survive a crash.
    """

    dialect = DIALECT
    #: One connection behind one lock: calls run one at a time anyway.
    concurrency = 1

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=10)
        # Switching a new file to WAL needs the file to itself, and SQLite answers "database is
        # locked" at once, without waiting, when another connection opens it at that moment.
        _when_free(lambda: self._db.execute("PRAGMA journal_mode=WAL"))
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("PRAGMA foreign_keys=ON")
        # A purge must not leave answer text behind in free pages (or in backups copied from them).
        self._db.execute("PRAGMA secure_delete=ON")
        self._write(lambda cursor: migrate(cursor, DIALECT))

    @classmethod
    def in_folder(cls, folder: str | Path) -> "SQLiteStore":
        """The store in a data folder, creating the folder (owner-only) if needed."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        return cls(folder / FILENAME)

    def _write(self, work: Callable[[Cursor], T], *, single_statement: bool = False) -> T:
        # Every write takes the same path: one statement gains nothing from skipping BEGIN here.
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                result = work(self._db.cursor())
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
            return result

    def _read(self, query: str, params: Sequence[Any] = ()) -> list[tuple]:
        with self._lock:
            return self._db.execute(query, params).fetchall()

    def close(self) -> None:
        with self._lock:
            self._db.close()
