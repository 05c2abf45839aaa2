"""Schema migrations, applied in order and recorded in ``huddle_schema``. Never edit a shipped one."""

SQLITE_MIGRATIONS: list[str] = [
    # 1: sessions, answers keyed per activity (P2), submission ids for de-duplication (R2).
    # WITHOUT ROWID tables keep no insertion order, so row ids cannot link one person's answers.
    """
    CREATE TABLE sessions (
        code TEXT PRIMARY KEY,
        workshop TEXT NOT NULL,
        key_digest TEXT NOT NULL,
        salt TEXT NOT NULL,
        state TEXT NOT NULL,
        revision INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
    );
    CREATE TABLE answers (
        session_code TEXT NOT NULL REFERENCES sessions(code) ON DELETE CASCADE,
        activity TEXT NOT NULL,
        answer_key TEXT NOT NULL,
        value TEXT,
        skipped INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL,
        PRIMARY KEY (session_code, activity, answer_key)
    ) WITHOUT ROWID;
    CREATE TABLE submissions (
        session_code TEXT NOT NULL REFERENCES sessions(code) ON DELETE CASCADE,
        submission_key TEXT NOT NULL,
        PRIMARY KEY (session_code, submission_key)
    ) WITHOUT ROWID
    """,
]

SQLITE_MIGRATIONS.append(
    # 2: who joined (a per-session key, unrelated to the per-activity answer keys) and the
    # anonymous signals the facilitator sees only as counts ("I need a pause", crisis alerts).
    """
    CREATE TABLE participants (
        session_code TEXT NOT NULL REFERENCES sessions(code) ON DELETE CASCADE,
        participant_key TEXT NOT NULL,
        PRIMARY KEY (session_code, participant_key)
    ) WITHOUT ROWID;
    CREATE TABLE signals (
        session_code TEXT NOT NULL REFERENCES sessions(code) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        count INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (session_code, kind)
    ) WITHOUT ROWID
    """
)

SQLITE_MIGRATIONS.append(
    # 3: breakouts. A participant may give a training stage (optional, for mixed groups) and is
    # given a group number; both sit on the per-session participant key, never on an answer.
    """
    ALTER TABLE participants ADD COLUMN stage TEXT;
    ALTER TABLE participants ADD COLUMN group_no INTEGER
    """
)


# PostgreSQL: the same tables with the same meaning, one entry per SQLite migration (same numbers).
# PostgreSQL tables have no row id, and no serial, timestamp or other arrival-order column is
# added (P2). Text keys use the "C" collation so ORDER BY sorts as SQLite does (by bytes),
# whatever the database's locale.
POSTGRESQL_MIGRATIONS: list[str] = [
    # 1: sessions, answers keyed per activity (P2), submission ids for de-duplication (R2).
    """
    CREATE TABLE sessions (
        code TEXT COLLATE "C" PRIMARY KEY,
        workshop TEXT NOT NULL,
        key_digest TEXT NOT NULL,
        salt TEXT NOT NULL,
        state TEXT NOT NULL,
        revision INTEGER NOT NULL DEFAULT 0,
        created_at TEXT COLLATE "C" NOT NULL
    );
    CREATE TABLE answers (
        session_code TEXT COLLATE "C" NOT NULL REFERENCES sessions(code) ON DELETE CASCADE,
        activity TEXT COLLATE "C" NOT NULL,
        answer_key TEXT COLLATE "C" NOT NULL,
        value TEXT,
        skipped BOOLEAN NOT NULL DEFAULT FALSE,
        status TEXT NOT NULL,
        PRIMARY KEY (session_code, activity, answer_key)
    );
    CREATE TABLE submissions (
        session_code TEXT COLLATE "C" NOT NULL REFERENCES sessions(code) ON DELETE CASCADE,
        submission_key TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (session_code, submission_key)
    )
    """,
    # 2: who joined (per-session key) and the anonymous signal counts.
    """
    CREATE TABLE participants (
        session_code TEXT COLLATE "C" NOT NULL REFERENCES sessions(code) ON DELETE CASCADE,
        participant_key TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (session_code, participant_key)
    );
    CREATE TABLE signals (
        session_code TEXT COLLATE "C" NOT NULL REFERENCES sessions(code) ON DELETE CASCADE,
        kind TEXT COLLATE "C" NOT NULL,
        count INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (session_code, kind)
    )
    """,
    # 3: breakouts: an optional training stage and a group number on the per-session key.
    """
    ALTER TABLE participants ADD COLUMN stage TEXT;
    ALTER TABLE participants ADD COLUMN group_no INTEGER
    """,
]
