"""Schema migrations, applied in order and recorded in ``huddle_schema``. Never edit a shipped one.

One list serves every database. The few words that differ between them are left as ``{name}``
fields and filled from the database's word set below, so the tables keep the same columns and
meaning everywhere (a test compares the SQLite and PostgreSQL schemas).
"""

from __future__ import annotations

from typing import Mapping

#: The table that records which migrations a database has had.
SCHEMA_TABLE = "CREATE TABLE IF NOT EXISTS huddle_schema (version INTEGER {version})"

MIGRATIONS: list[str] = [
    # 1: sessions, answers keyed per activity (P2), submission ids for de-duplication (R2).
    """
    CREATE TABLE sessions (
        code {key} PRIMARY KEY,
        workshop TEXT NOT NULL,
        key_digest TEXT NOT NULL,
        salt TEXT NOT NULL,
        state TEXT NOT NULL,
        revision INTEGER NOT NULL DEFAULT 0,
        created_at {key} NOT NULL
    );
    CREATE TABLE answers (
        session_code {key} NOT NULL REFERENCES sessions(code) ON DELETE CASCADE,
        activity {key} NOT NULL,
        answer_key {key} NOT NULL,
        value TEXT,
        skipped {flag},
        status TEXT NOT NULL,
        PRIMARY KEY (session_code, activity, answer_key)
    ){unordered};
    CREATE TABLE submissions (
        session_code {key} NOT NULL REFERENCES sessions(code) ON DELETE CASCADE,
        submission_key {key} NOT NULL,
        PRIMARY KEY (session_code, submission_key)
    ){unordered}
    """,
    # 2: who joined (a per-session key, unrelated to the per-activity answer keys) and the
    # anonymous signals the facilitator sees only as counts ("I need a pause", crisis alerts).
    """
    CREATE TABLE participants (
        session_code {key} NOT NULL REFERENCES sessions(code) ON DELETE CASCADE,
        participant_key {key} NOT NULL,
        PRIMARY KEY (session_code, participant_key)
    ){unordered};
    CREATE TABLE signals (
        session_code {key} NOT NULL REFERENCES sessions(code) ON DELETE CASCADE,
        kind {key} NOT NULL,
        count INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (session_code, kind)
    ){unordered}
    """,
    # 3: breakouts. A participant may give a training stage (optional, for mixed groups) and is
    # given a group number; both sit on the per-session participant key, never on an answer.
    """
    ALTER TABLE participants ADD COLUMN stage TEXT;
    ALTER TABLE participants ADD COLUMN group_no INTEGER
    """,
    # 4: series of sessions (a programme's workshops, kept until the last one expires) and the
    # opt-in links that pair one person's before and after measures (P10). A link is a digest
    # of a self-generated code under the series' secret; it sits beside a measure answer's key
    # alone, never beside a participant key or any other answer.
    """
    CREATE TABLE series (
        name {key} PRIMARY KEY,
        salt TEXT NOT NULL,
        created_at {key} NOT NULL
    ){unordered};
    ALTER TABLE sessions ADD COLUMN series {key} REFERENCES series(name);
    CREATE TABLE measure_links (
        session_code {key} NOT NULL REFERENCES sessions(code) ON DELETE CASCADE,
        activity {key} NOT NULL,
        answer_key {key} NOT NULL,
        link {key} NOT NULL,
        PRIMARY KEY (session_code, activity, answer_key)
    ){unordered}
    """,
    # 5: the site's own workshops (adapted copies and uploads, kept as the YAML text the
    # facilitator saved, shared by every server on one database), and the room's upvotes on
    # anonymous questions. A vote sits under a per-activity voter key of its own (P2): it links
    # neither to the voter's answers nor to their votes on another activity.
    """
    CREATE TABLE site_workshops (
        id {key} PRIMARY KEY,
        title TEXT NOT NULL,
        source TEXT NOT NULL,
        updated_at {key} NOT NULL
    ){unordered};
    CREATE TABLE votes (
        session_code {key} NOT NULL REFERENCES sessions(code) ON DELETE CASCADE,
        activity {key} NOT NULL,
        item {key} NOT NULL,
        voter_key {key} NOT NULL,
        PRIMARY KEY (session_code, activity, item, voter_key)
    ){unordered}
    """,
]

# The words each database fills in. No table may keep arrival order (P2): SQLite tables are
# WITHOUT ROWID, so row ids cannot link one person's answers; PostgreSQL tables have no row id,
# and no serial, timestamp or other arrival-order column is added. Text keys use the "C"
# collation on PostgreSQL so ORDER BY sorts as SQLite does (by bytes), whatever the locale.
SQLITE_WORDS: Mapping[str, str] = {
    "key": "TEXT",
    "flag": "INTEGER NOT NULL DEFAULT 0",
    "unordered": " WITHOUT ROWID",
    "version": "NOT NULL",
}
POSTGRESQL_WORDS: Mapping[str, str] = {
    "key": 'TEXT COLLATE "C"',
    "flag": "BOOLEAN NOT NULL DEFAULT FALSE",
    "unordered": "",
    "version": "PRIMARY KEY",
}


def render(words: Mapping[str, str]) -> list[str]:
    """The migrations with one database's words filled in."""
    return [script.format_map(words) for script in MIGRATIONS]


SQLITE_MIGRATIONS = render(SQLITE_WORDS)
POSTGRESQL_MIGRATIONS = render(POSTGRESQL_WORDS)
