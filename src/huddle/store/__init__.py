"""Stores: where sessions and answers are kept. SQLite is the embedded default, PostgreSQL the
scale-out one (``--store postgresql://...``).

The interface and records live in the pure core (``huddle.model.store``) and are re-exported
here. The backends are imported only when used, so naming the interface loads no SQL driver.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..model.store import AnswerRecord, DuplicateCode, SessionRecord, Store, StoreError

if TYPE_CHECKING:
    from .sqlite import SQLiteStore

POSTGRESQL_SCHEMES = ("postgresql://", "postgres://")


def open_store(data_dir: str | Path, url: str | None = None) -> Store:
    """The store for a data folder, or the one a ``--store`` URL names."""
    if url:
        if url.startswith(POSTGRESQL_SCHEMES):
            return _open_postgresql(url)
        raise StoreError(f"unsupported store URL {url.split(':', 1)[0]!r}: use postgresql://...")
    return _open_sqlite(data_dir)


def _open_sqlite(data_dir: str | Path) -> Store:
    import sqlite3

    from .sqlite import SQLiteStore

    try:
        return SQLiteStore.in_folder(data_dir)
    except OSError as error:
        raise StoreError(f"cannot use the data folder {data_dir}: {error.strerror or error}") from error
    except sqlite3.DatabaseError as error:
        raise StoreError(f"the database in {data_dir} cannot be opened: {error}") from error


def _open_postgresql(url: str) -> Store:
    # Imported here: psycopg is an optional extra, and SQLite users never load it.
    try:
        from .postgresql import PostgreSQLStore
    except ImportError as error:
        raise StoreError("the PostgreSQL store needs psycopg: pip install 'huddle-workshop[postgresql]'") from error
    return PostgreSQLStore(url)


def __getattr__(name: str) -> Any:
    """``SQLiteStore``, imported on first use (it loads sqlite3)."""
    if name == "SQLiteStore":
        from .sqlite import SQLiteStore

        return SQLiteStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["AnswerRecord", "DuplicateCode", "SQLiteStore", "SessionRecord", "Store", "StoreError", "open_store"]
