"""Stores: where sessions and answers are kept. SQLite is the embedded default."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from .base import AnswerRecord, DuplicateCode, SessionRecord, Store
from .sqlite import SQLiteStore


class StoreError(Exception):
    """The store cannot be opened; the message says why in one line."""


def open_store(data_dir: str | Path, url: str | None = None) -> Store:
    """The store for a data folder, or the one a ``--store`` URL names."""
    if url:
        if url.startswith(("postgresql://", "postgres://")):
            raise StoreError("the PostgreSQL store is not available in this version; omit --store to use SQLite")
        raise StoreError(f"unsupported store URL {url.split(':', 1)[0]!r}: use postgresql://...")
    try:
        return SQLiteStore.in_folder(data_dir)
    except OSError as error:
        raise StoreError(f"cannot use the data folder {data_dir}: {error.strerror or error}") from error
    except sqlite3.DatabaseError as error:
        raise StoreError(f"the database in {data_dir} cannot be opened: {error}") from error


__all__ = ["AnswerRecord", "DuplicateCode", "SQLiteStore", "SessionRecord", "Store", "StoreError", "open_store"]
