"""Schema migrations: old stores upgrade in place; newer and foreign files are left alone."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from helpers import FIXTURES

from raceview.models import DocumentAnalysis
from raceview.store import Store, StoreError
from raceview.store.schema import MIGRATIONS, SCHEMA_VERSION

STORE_V1 = FIXTURES / "store_v1.db"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def user_version(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def schema_sql(path: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name"
        )
        return [(n, s) for n, s in rows]
    finally:
        conn.close()


def test_the_v1_fixture_is_what_migration_1_builds(tmp_path: Path) -> None:
    """Guards 'never edit a released migration': the committed v1 store matches MIGRATIONS[0]."""
    from fixtures.make_store_v1 import build

    fresh = tmp_path / "fresh.db"
    build(fresh)
    assert user_version(STORE_V1) == 1
    assert schema_sql(STORE_V1) == schema_sql(fresh)


def test_a_v1_store_is_migrated_in_place_with_its_rows(tmp_path: Path) -> None:
    from fixtures.make_store_v1 import BODY, SHA256

    path = tmp_path / "old.db"
    shutil.copyfile(STORE_V1, path)
    fixture_sha = sha(STORE_V1)
    with Store(path) as store:
        assert store.count_documents() == 1
        doc = store.document(1)
        assert doc is not None
        assert (doc.raw.body, doc.raw.sha256, doc.raw.origin) == (BODY, SHA256, "/fixtures/old.txt")
        [analysed] = store.analyses_for_race("fixture-classic-2019")
        assert isinstance(analysed.analysis, DocumentAnalysis)
        [race] = store.list_races()
        assert (race.id, race.name, race.winner) == (
            "fixture-classic-2019",
            "Fixture Classic",
            "Ana Pérez",
        )
        assert [r.id for r in store.find_races("perez")] == ["fixture-classic-2019"]
        # tables of later migrations exist and work
        store.save_validators("https://example.org/", '"e"', None, 200)
        store.mark_seen("fixture-classic-2019")
        assert store.unseen_race_ids() == set()
    assert user_version(path) == SCHEMA_VERSION
    assert sha(STORE_V1) == fixture_sha  # the committed fixture itself is never touched


def test_every_migration_step_applies_on_top_of_the_previous(tmp_path: Path) -> None:
    for version in range(SCHEMA_VERSION):
        path = tmp_path / f"v{version}.db"
        conn = sqlite3.connect(path)
        for script in MIGRATIONS[:version]:
            conn.executescript(script)
        conn.execute(f"PRAGMA user_version = {version}")
        conn.commit()
        conn.close()
        Store(path).close()
        assert user_version(path) == SCHEMA_VERSION
        assert schema_sql(path) == schema_sql(tmp_path / "v0.db")


def test_opening_twice_does_not_migrate_twice(tmp_path: Path) -> None:
    path = tmp_path / "rv.db"
    Store(path).close()
    with Store(path) as store:
        assert store.count_documents() == 0
    assert user_version(path) == SCHEMA_VERSION


@pytest.mark.parametrize("wal", [False, True])
def test_a_store_from_a_newer_raceview_is_refused_and_untouched(tmp_path: Path, wal: bool) -> None:
    path = tmp_path / "future.db"
    conn = sqlite3.connect(path)
    if wal:
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE future (x)")
    conn.execute("INSERT INTO future VALUES ('from the future')")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = sha(path)
    with pytest.raises(StoreError) as info:
        Store(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["future.db"]  # no -wal, no -shm left
    message = str(info.value)
    assert str(path) in message
    assert f"schema version {SCHEMA_VERSION + 1}" in message
    assert "newer" in message
    assert sha(path) == before
    assert user_version(path) == SCHEMA_VERSION + 1


@pytest.mark.parametrize(
    "content",
    [os.urandom(4096), b"SQLite format 3\x00" + os.urandom(4080), b"not a database\n" * 100],
    ids=["random", "fake-header", "text"],
)
def test_a_file_that_is_not_a_store_is_refused_and_untouched(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    with pytest.raises(StoreError) as info:
        Store(path)
    assert str(path) in str(info.value)
    assert "raceview repair" in str(info.value)  # the way out
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_a_directory_is_not_a_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as info:
        Store(tmp_path)
    assert str(tmp_path) in str(info.value)


def test_result_rows_become_one_classification_body_each_in_their_order(tmp_path: Path) -> None:
    """Migration 6: a v5 store's result rows are read back the same after it."""
    from raceview.models import Provenance, ResultRow

    sentence = Provenance(start=0, end=5, sentence="1 Ana", method="table", document_id=1)
    rows = [
        ResultRow(pos=n, rider=f"Rider {n}", team="Team", gap_s=n, provenance=sentence)
        for n in range(1, 13)
    ]
    gc = [ResultRow(pos=1, rider="Rider 3", time_s=3600)]
    path = tmp_path / "v5.db"
    conn = sqlite3.connect(path)
    for script in MIGRATIONS[:5]:
        conn.executescript(script)
    conn.execute(
        "INSERT INTO races (id, name, year, gender, updated_at) VALUES"
        " ('r-2024', 'R', 2024, 'men', '2024-01-01T00:00:00+00:00')"
    )
    stored = [("result", i, r) for i, r in enumerate(rows)] + [("gc", 0, gc[0])]
    for kind, i, r in reversed(stored):  # inserted out of order: the row number orders them
        conn.execute(
            "INSERT INTO results (race_id, classification, row, body) VALUES ('r-2024', ?, ?, ?)",
            (kind, i, r.model_dump_json()),
        )
    conn.execute("PRAGMA user_version = 5")
    conn.commit()
    conn.close()
    with Store(path) as store:
        detail = store.race_detail("r-2024")
    assert detail is not None
    assert (detail.results, detail.gc) == (tuple(rows), tuple(gc))
