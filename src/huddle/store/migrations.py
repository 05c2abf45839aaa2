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
