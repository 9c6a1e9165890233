"""The SQLite store: pragmas, dedup, verbatim bytes, races, search, seen marks, refresh state."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from helpers import T0, raw, row, sample_detail, store_race

from raceview.models import DocumentAnalysis, RaceFacts, SourceHealth
from raceview.store import Store, Validators
from raceview.store.db import BUSY_TIMEOUT_MS


def test_connection_uses_wal_foreign_keys_and_a_busy_timeout(store: Store) -> None:
    with store.db.reading() as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == BUSY_TIMEOUT_MS


def test_foreign_keys_are_enforced(store: Store) -> None:
    analysis = DocumentAnalysis(analyser_version=1, kind="news", title="t", text="x")
    with pytest.raises(sqlite3.IntegrityError):
        store.save_analysis(4242, analysis)


def test_a_store_opens_in_a_folder_that_does_not_exist_yet(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "rv.db"
    with Store(path) as s:
        assert s.count_documents() == 0
    assert path.is_file()


def test_add_document_dedups_by_sha256(store: Store) -> None:
    first = raw(b"Same bytes\n", origin="/one.txt")
    again = raw(b"Same bytes\n", origin="/elsewhere/two.txt")
    doc_id, added = store.add_document(first)
    assert added
    assert store.add_document(again) == (doc_id, False)
    assert store.count_documents() == 1
    assert store.has_document(first.sha256)
    stored = store.document(doc_id)
    assert stored is not None
    assert stored.raw.origin == "/one.txt"  # the first copy wins


def test_raw_bytes_are_stored_verbatim(store: Store) -> None:
    body = b"\xef\xbb\xbfTitle\r\n\x1b]52;c;aGk=\x07caf\xe9 \x00\xff\r\nend"
    original = raw(body, content_type="text/html; charset=latin-1", etag='W/"1"', source="feed")
    doc_id, _ = store.add_document(original)
    stored = store.document(doc_id)
    assert stored is not None
    assert stored.raw == original
    assert stored.raw.body == body
    assert [d.raw for d in store.iter_documents(batch=1)] == [original]


def test_iter_documents_pages_through_everything(store: Store) -> None:
    bodies = [f"document {i}\n".encode() for i in range(7)]
    for body in bodies:
        store.add_document(raw(body))
    assert [d.raw.body for d in store.iter_documents(batch=3)] == bodies
    assert store.document_ids() == sorted(store.document_ids())
    assert store.document(999) is None


def test_write_race_and_race_detail_round_trip(store: Store) -> None:
    detail = sample_detail()
    store_race(store, detail)
    assert store.race_detail(detail.race.id) == detail
    assert store.race(detail.race.id) == detail.race
    assert store.race_ids() == [detail.race.id]
    assert store.race_detail("no-such-race") is None


def test_write_race_replaces_everything_derived(store: Store) -> None:
    detail = sample_detail()
    store_race(store, detail)
    smaller = detail.model_copy(update={"results": detail.results[:1], "conflicts": ()})
    store_race(store, smaller)
    assert store.race_detail(detail.race.id) == smaller
    store.delete_race(detail.race.id)
    assert store.race_detail(detail.race.id) is None
    assert store.search_articles("Peñalver") == []


def test_list_races_newest_first(store: Store) -> None:
    old = sample_detail("old-race-2024", "Old Race", stage=None, article_id=10)
    new = sample_detail("new-race-2024", "New Race", stage=None, article_id=20)
    new = new.model_copy(update={"race": new.race.model_copy(update={"date": dt.date(2024, 9, 1)})})
    undated = sample_detail("undated-race-2023", "Undated", stage=None, article_id=30)
    undated = undated.model_copy(
        update={"race": undated.race.model_copy(update={"date": None, "year": 2023})}
    )
    for d in (old, undated, new):
        store_race(store, d)
    assert [r.id for r in store.list_races()] == [
        "new-race-2024",
        "old-race-2024",
        "undated-race-2023",
    ]
    assert [r.id for r in store.list_races(limit=1)] == ["new-race-2024"]


STAGE_3 = "vuelta-a-ejemplo-2024-stage-3"
BOTH = [STAGE_3, "other-race-2024"]  # same riders and teams, same date


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (STAGE_3, [STAGE_3]),
        (f"  {STAGE_3} ", [STAGE_3]),
        ("ejemplo 2024", [STAGE_3]),
        ("EJEMPLO", [STAGE_3]),
        ("vuelta ejemplo stage 3", [STAGE_3]),
        ("other race", ["other-race-2024"]),
        ("peñalver", BOTH),  # riders and teams are searchable, with or without accents
        ("penalver", BOTH),
        ("PEÑALVER ødegård", BOTH),
        ("odegard ejemplo", [STAGE_3]),
        ("smith jones", BOTH),
        ("peñalver giro", []),
    ],
)
def test_find_races_by_id_or_words(store: Store, query: str, expected: list[str]) -> None:
    store_race(store, sample_detail())
    store_race(store, sample_detail("other-race-2024", "Other Race", None, article_id=9))
    assert sorted(r.id for r in store.find_races(query)) == sorted(expected)


def test_find_races_numbers_are_whole_words(store: Store) -> None:
    for stage, article_id in (("3", 1), ("4", 10), ("14", 20)):
        detail = sample_detail(
            f"vuelta-a-ejemplo-2024-stage-{stage}", stage=stage, article_id=article_id
        )
        store_race(store, detail)
    assert [r.id for r in store.find_races("ejemplo stage 4")] == ["vuelta-a-ejemplo-2024-stage-4"]
    assert [r.id for r in store.find_races("stage 14 2024")] == ["vuelta-a-ejemplo-2024-stage-14"]
    assert len(store.find_races("ejemplo 2024")) == 3
    assert store.find_races("ejemplo 202") == []


def test_find_races_with_no_match_or_no_words(store: Store) -> None:
    store_race(store, sample_detail())
    assert store.find_races("giro 1999") == []
    assert store.find_races("   ") == []
    assert store.find_races("100%_") == []  # LIKE wildcards are matched literally
    assert store.find_races("e%o") == []
    assert store.find_races("ejem_lo") == []


def test_search_articles_full_text(store: Store) -> None:
    detail = sample_detail()
    store_race(store, detail)
    expected = [(detail.race.id, detail.articles[0].id)]
    assert store.search_articles("feed zone") == expected
    assert store.search_articles("Peñalver") == expected  # accented query
    assert store.search_articles("penalver avila") == expected  # accents folded
    assert store.search_articles("Tourmalet") == []
    assert store.search_articles("") == []


@pytest.mark.parametrize("query", ['say "hello', '"', "NEAR(", "a AND OR", "*", "col:umn", "x'y"])
def test_search_articles_never_raises_on_odd_queries(store: Store, query: str) -> None:
    store_race(store, sample_detail())
    assert isinstance(store.search_articles(query), list)


def test_seen_marks(store: Store) -> None:
    detail = sample_detail(updated_at=T0)
    store_race(store, detail)
    race_id = detail.race.id
    assert store.unseen_race_ids() == {race_id}
    store.mark_seen(race_id, T0 + dt.timedelta(minutes=1))
    assert store.unseen_race_ids() == set()
    later = sample_detail(updated_at=T0 + dt.timedelta(hours=1))
    store_race(store, later)
    assert store.unseen_race_ids() == {race_id}
    store.mark_seen(race_id)  # now
    assert store.unseen_race_ids() == set()
    assert store.last_updated() == T0 + dt.timedelta(hours=1)


def test_http_validators_round_trip(store: Store) -> None:
    url = "https://example.org/feed.xml"
    assert store.validators(url) is None
    store.save_validators(url, '"abc"', "Tue, 02 Jul 2024 10:00:00 GMT", 200)
    assert store.validators(url) == Validators('"abc"', "Tue, 02 Jul 2024 10:00:00 GMT")
    store.save_validators(url, None, None, 200)
    assert store.validators(url) == Validators(None, None)


def test_source_health_round_trip(store: Store) -> None:
    assert store.source_health("feed") == SourceHealth(name="feed")
    health = SourceHealth(
        name="feed",
        last_attempt=T0,
        last_success=T0 - dt.timedelta(hours=1),
        last_status="429",
        last_error="too many requests",
        cooldown_until=T0 + dt.timedelta(minutes=30),
        items_seen=12,
    )
    store.save_source_health(health)
    store.save_source_health(SourceHealth(name="another", last_attempt=T0))
    assert store.source_health("feed") == health
    assert [h.name for h in store.all_source_health()] == ["another", "feed"]


def test_feed_items_round_trip(store: Store) -> None:
    assert store.feed_item_fingerprint("feed", "guid-1") is None
    store.save_feed_item("feed", "guid-1", "f1")
    store.save_feed_item("feed", "guid-1", "f2")
    assert store.feed_item_fingerprint("feed", "guid-1") == "f2"
    assert store.feed_item_fingerprint("other", "guid-1") is None


def test_analyses_are_stored_and_found_by_race(store: Store) -> None:
    doc_id, _ = store.add_document(raw(b"report\n"))
    facts = RaceFacts(name="Vuelta a Ejemplo", year=2024, stage="3")
    analysis = DocumentAnalysis(
        analyser_version=1,
        kind="report",
        title="t",
        text="x",
        race=facts,
        results=(row(1, "Lars Ødegård", "Équipe Test | Vélo"),),
    )
    assert store.save_analysis(doc_id, analysis) is None
    assert store.stale_document_ids(1) == []
    assert store.stale_document_ids(2) == [doc_id]
    [found] = store.analyses_for_race(facts.race_id)
    assert (found.id, found.analysis) == (doc_id, analysis)
    assert store.analysed_race_ids() == [facts.race_id]
    moved = analysis.model_copy(update={"race": None})
    assert store.save_analysis(doc_id, moved) == facts.race_id
    assert store.analyses_for_race(facts.race_id) == []


def test_analyses_of_many_races_are_those_of_each_race(store: Store) -> None:
    saved = {}
    for i, stage in enumerate(["1", "2", "2", "3"]):
        doc_id, _ = store.add_document(raw(f"report {i}\n".encode()))
        facts = RaceFacts(name="Vuelta a Ejemplo", year=2024, stage=stage)
        analysis = DocumentAnalysis(
            analyser_version=1, kind="report", title=f"t{i}", text="x", race=facts
        )
        store.save_analysis(doc_id, analysis)
        saved[doc_id] = analysis
    ids = [f"vuelta-a-ejemplo-2024-stage-{s}" for s in ("1", "2", "3", "4")]
    for known in (None, {k: v for k, v in saved.items() if k % 2}):  # read back, or some given
        found = store.analyses_for_races(ids, known)
        assert found == {i: store.analyses_for_race(i) for i in ids[:3]}
        assert [d.id for d in found[ids[1]]] == [2, 3]
        if known:  # a given analysis is used as it is, not read back
            assert found[ids[0]][0].analysis is known[1]


def test_a_failed_transaction_leaves_nothing_behind(store: Store) -> None:
    with pytest.raises(RuntimeError), store.db.transaction():
        store.add_document(raw(b"one\n"))
        store.add_document(raw(b"two\n"))
        raise RuntimeError("boom")
    assert store.count_documents() == 0


WRITER = """
import hashlib, sys, datetime as dt
from pathlib import Path
from raceview.models import RawDocument
from raceview.store import Store

path, batches, size = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
now = dt.datetime.now(dt.UTC)
with Store(path) as store:
    print("ready", flush=True)
    for b in range(batches):
        with store.db.transaction():
            for i in range(size):
                body = f"batch {b} document {i}\\n".encode() * 50
                store.add_document(RawDocument(
                    body=body, origin=f"/w/{b}/{i}.txt", content_type="text/plain",
                    fetched_at=now, sha256=hashlib.sha256(body).hexdigest()))
print("done", flush=True)
"""


def test_a_writer_process_and_a_reader_do_not_lock_each_other_out(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    batches, size = 400, 4
    reader = Store(path)
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(batches), str(size)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "ready"
        deadline = time.monotonic() + 60
        seen: list[int] = []
        while writer.poll() is None and time.monotonic() < deadline:
            with reader.db.reading() as conn:
                count, top = conn.execute("SELECT count(*), max(id) FROM documents").fetchone()
            assert count % size == 0  # never half a transaction
            assert count == (top or 0)  # ids are dense: one consistent snapshot
            assert not seen or count >= seen[-1]
            seen.append(count)
            reader.has_document("0" * 64)
        out, err = writer.communicate(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait()
        reader.close()
    assert writer.returncode == 0, err
    assert "locked" not in err
    assert out.strip() == "done"
    assert len(seen) > 1, seen
    assert any(0 < c < batches * size for c in seen)  # it really read while the writer wrote
    with Store(path) as again:
        assert again.count_documents() == batches * size


def test_two_threads_share_one_store(store: Store) -> None:
    def add(start: int) -> None:
        for i in range(start, start + 50):
            store.add_document(raw(f"thread document {i}\n".encode()))

    threads = [threading.Thread(target=add, args=(n * 50,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert store.count_documents() == 200


def test_race_lines_from_json_match_the_plain_query(tmp_path: Path) -> None:
    """The list read as one JSON text is what the row-by-row query (the fallback) returns."""
    from raceview.store.races import _LINES, RaceLine

    with Store(tmp_path / "rv.db") as store:
        store_race(store, sample_detail())
        store_race(store, sample_detail("vuelta-a-ejemplo-2024-stage-4", stage="4", article_id=10))
        store_race(
            store, sample_detail("copa-de-prueba-2024", "Copa de Prueba", None, article_id=20)
        )
        store.mark_seen("vuelta-a-ejemplo-2024-stage-4")
        lines = store.race_lines()
        with store.db.reading() as conn:
            plain = [RaceLine._make(r) for r in conn.execute(_LINES)]
        listed = [race.id for race in store.list_races()]
        first = store.race_lines(limit=2)  # the dashboard's first screenful
        counts = store.race_list_counts()
    assert first == lines[:2]
    assert counts == (3, len({line.date for line in lines}), 0)
    assert lines == plain
    assert [line.unseen for line in lines].count(0) == 1
    assert [line.id for line in lines] == listed
