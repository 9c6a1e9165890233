"""Rebuilding races when a document moves from one race to another (as reindex does)."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from raceview.ingest import rebuild
from raceview.models import DocumentAnalysis, RaceFacts, RawDocument
from raceview.store import Store

WHEN = dt.datetime(2024, 4, 7, 18, 0, tzinfo=dt.UTC)


def _raw(text: str) -> RawDocument:
    body = text.encode()
    return RawDocument(
        body=body,
        origin=f"/reports/{hashlib.sha256(body).hexdigest()[:8]}.txt",
        content_type="text/plain",
        fetched_at=WHEN,
        sha256=hashlib.sha256(body).hexdigest(),
    )


def _analysis(race: str) -> DocumentAnalysis:
    return DocumentAnalysis(
        analyser_version=1,
        kind="report",
        title=f"{race} report",
        text="A report.",
        race=RaceFacts(name=race, year=2024),
    )


def test_a_document_moving_to_an_earlier_race_keeps_its_article(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        first, _ = store.add_document(_raw("one"))
        second, _ = store.add_document(_raw("two"))
        store.save_analysis(first, _analysis("Beta Race"))
        store.save_analysis(second, _analysis("Beta Race"))
        rebuild(store, ["beta-race-2024"])
        # a better analyser now says the first document reports another race, sorted earlier:
        # its article id (the first document's) must leave Beta Race before Alpha Race takes it
        before = store.save_analysis(first, _analysis("Alpha Race"))
        assert before == "beta-race-2024"
        rebuild(store, {"alpha-race-2024", "beta-race-2024"})
        alpha, beta = store.race_detail("alpha-race-2024"), store.race_detail("beta-race-2024")
        assert alpha is not None and [a.id for a in alpha.articles] == [first]
        assert beta is not None and [a.id for a in beta.articles] == [second]
