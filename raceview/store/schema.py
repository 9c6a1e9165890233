"""The store's schema as an ordered list of migrations, keyed by `PRAGMA user_version`.

Migration N (1-based) takes a store of version N-1 to version N. Never edit a released
migration: append a new one.
"""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    # 1: raw documents, their analyses, and what is derived from them
    """
    CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL UNIQUE,
        origin TEXT NOT NULL,
        content_type TEXT NOT NULL,
        fetched_at TEXT NOT NULL,
        etag TEXT,
        last_modified TEXT,
        source TEXT,
        body BLOB NOT NULL
    );
    CREATE INDEX documents_origin ON documents(origin);
    CREATE TABLE analyses (
        document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        analyser_version INTEGER NOT NULL,
        kind TEXT NOT NULL,
        race_id TEXT,
        body TEXT NOT NULL
    );
    CREATE INDEX analyses_race ON analyses(race_id);
    CREATE TABLE races (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        year INTEGER NOT NULL,
        stage TEXT,
        date TEXT,
        category TEXT,
        gender TEXT NOT NULL,
        distance_km REAL,
        start TEXT,
        finish TEXT,
        edition INTEGER,
        winner TEXT,
        updated_at TEXT NOT NULL,
        n_articles INTEGER NOT NULL DEFAULT 0,
        n_versions INTEGER NOT NULL DEFAULT 0,
        search TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX races_date ON races(date DESC, id);
    CREATE TABLE results (
        race_id TEXT NOT NULL REFERENCES races(id) ON DELETE CASCADE,
        classification TEXT NOT NULL,
        row INTEGER NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (race_id, classification, row)
    ) WITHOUT ROWID;
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        race_id TEXT NOT NULL REFERENCES races(id) ON DELETE CASCADE,
        best_document_id INTEGER NOT NULL REFERENCES documents(id),
        body TEXT NOT NULL
    );
    CREATE INDEX articles_race ON articles(race_id);
    CREATE TABLE conflicts (
        race_id TEXT NOT NULL REFERENCES races(id) ON DELETE CASCADE,
        row INTEGER NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (race_id, row)
    ) WITHOUT ROWID;
    CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, race_id UNINDEXED,
        tokenize = 'unicode61 remove_diacritics 2');
    """,
    # 2: what the refresh needs to be polite and honest
    """
    CREATE TABLE http_cache (
        url TEXT PRIMARY KEY,
        etag TEXT,
        last_modified TEXT,
        status INTEGER,
        checked_at TEXT NOT NULL
    );
    CREATE TABLE source_health (
        name TEXT PRIMARY KEY,
        last_attempt TEXT,
        last_success TEXT,
        last_status TEXT,
        last_error TEXT,
        cooldown_until TEXT,
        items_seen INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE feed_items (
        source TEXT NOT NULL,
        item_key TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        seen_at TEXT NOT NULL,
        PRIMARY KEY (source, item_key)
    ) WITHOUT ROWID;
    """,
    # 3: what the user has seen, for unread marks in the race list
    """
    CREATE TABLE race_seen (
        race_id TEXT PRIMARY KEY,
        seen_at TEXT NOT NULL
    );
    CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    """,
    # 4: the race list in one pass over a covering index, in its order (not a scan and sort
    # of the races table, whose rows carry the long search texts: 0.1 s at 10,000 races)
    """
    CREATE INDEX races_list ON races(coalesce(date, printf('%04d-00-00', year)) DESC, name, id,
        year, stage, date, winner, n_articles, n_versions, updated_at);
    """,
    # 5: the day of a stage race each analysis reports, so that a report that never says which
    # stage it is joins the numbered stage raced that day (race_id is where a document is filed)
    """
    ALTER TABLE analyses ADD COLUMN race_day TEXT;
    ALTER TABLE analyses ADD COLUMN day_only INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX analyses_day ON analyses(race_day) WHERE race_day IS NOT NULL;
    """,
    # 6: a race's result (or GC) as one JSON array of its rows, not one row of the table per
    # rider: an import stores a classification with one statement step instead of up to 150
    """
    CREATE TABLE classifications (
        race_id TEXT NOT NULL REFERENCES races(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (race_id, kind)
    ) WITHOUT ROWID;
    INSERT INTO classifications (race_id, kind, body)
        SELECT DISTINCT race_id, classification, '[' || group_concat(body, ',') OVER (
            PARTITION BY race_id, classification ORDER BY row
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) || ']'
        FROM results;
    DROP TABLE results;
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)
