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


def _report(day: str, title: str, body: str) -> RawDocument:
    return _raw(f" date {day} {title}\nA standfirst line for the day\n{body}\n")


def test_reports_of_unnumbered_stages_never_merge_across_days(tmp_path: Path) -> None:
    """Two outlets on the same day make one race; another day is another race, not a merge."""
    from raceview.ingest import ingest

    friday = _report(
        "2024-07-05",
        "Tour de France: Evenepoel wins the vineyard time trial",
        "Remco Evenepoel won the time trial on Friday. Tadej Pogačar was second at 12 seconds.",
    )
    friday_again = _report(
        "2024-07-05",
        "Evenepoel beats Pogačar against the clock at the Tour de France",
        "Evenepoel was the fastest on Friday, 12 seconds quicker than Pogačar, who was second.",
    )
    sunday = _report(
        "2024-07-14",
        "Tour de France: Pogačar wins at Plateau de Beille",
        "Tadej Pogačar won on Sunday. Jonas Vingegaard was second, 1:08 behind.",
    )
    with Store(tmp_path / "s.db") as store:
        ingest(store, [friday, friday_again, sunday])
        days = sorted(store.race_ids())
        assert days == ["tour-de-france-2024-07-05", "tour-de-france-2024-07-14"]
        time_trial = store.race_detail("tour-de-france-2024-07-05")
        mountain = store.race_detail("tour-de-france-2024-07-14")
        assert time_trial is not None and mountain is not None
        assert len(time_trial.articles) == 2
        assert [(r.pos, r.rider) for r in time_trial.results] == [
            (1, "Remco Evenepoel"),
            (2, "Tadej Pogačar"),
        ]
        assert [(r.pos, r.rider, r.gap_s) for r in mountain.results] == [
            (1, "Tadej Pogačar", 0),
            (2, "Jonas Vingegaard", 68),
        ]


def _sunday_reports() -> tuple[RawDocument, RawDocument]:
    """Two reports of one day of the Tour: one never says which stage, the other does."""
    unnumbered = _report(
        "2024-07-14",
        "Tour de France: Pogačar wins at Plateau de Beille",
        "Tadej Pogačar won on Sunday. Jonas Vingegaard was second, 1:08 behind.",
    )
    numbered = _report(
        "2024-07-14",
        "Tour de France stage 15: Pogačar doubles up in the Pyrenees",
        "Tadej Pogačar won stage 15 on Sunday, 68 seconds ahead of Jonas Vingegaard.",
    )
    return unnumbered, numbered


def test_an_unnumbered_day_joins_the_stage_another_report_names_in_any_order(
    tmp_path: Path,
) -> None:
    from raceview.ingest import ingest

    unnumbered, numbered = _sunday_reports()
    other_day = _report(
        "2024-07-05",
        "Tour de France stage 7: Evenepoel wins the time trial",
        "Remco Evenepoel won stage 7 on Friday. Tadej Pogačar was second at 12 seconds.",
    )
    for order in ([unnumbered, numbered, other_day], [numbered, other_day, unnumbered]):
        path = tmp_path / f"{len(list(tmp_path.iterdir()))}.db"
        with Store(path) as store:
            done = [d for raw in order for d in ingest(store, [raw])]
            assert sorted(store.race_ids()) == [
                "tour-de-france-2024-stage-15",
                "tour-de-france-2024-stage-7",
            ]
            stage = store.race_detail("tour-de-france-2024-stage-15")
            assert stage is not None and len(stage.articles) == 2
            assert stage.race.stage == "15"
            assert [(r.pos, r.rider, r.gap_s) for r in stage.results] == [
                (1, "Tadej Pogačar", 0),
                (2, "Jonas Vingegaard", 68),
            ]
            filed = {d.origin: d.race_id for d in done}
            alone_first = order[0] is unnumbered  # filed under its day until the stage came
            assert filed[unnumbered.origin] == (
                "tour-de-france-2024-07-14" if alone_first else "tour-de-france-2024-stage-15"
            )


def test_an_unnumbered_day_goes_back_to_its_day_when_the_stage_it_joined_moves(
    tmp_path: Path,
) -> None:
    from raceview.ingest import ingest

    unnumbered, numbered = _sunday_reports()
    with Store(tmp_path / "s.db") as store:
        done = ingest(store, [unnumbered, numbered])
        assert store.race_ids() == ["tour-de-france-2024-stage-15"]
        assert [d.race_id for d in done] == ["tour-de-france-2024-stage-15"] * 2
        # a better analyser now files the numbered report under another race
        before = store.save_analysis(done[1].document_id, _analysis("Gamma Race"))
        touched = {before or "", "gamma-race-2024"}
        touched |= store.file_unnumbered_days(touched)
        rebuild(store, touched)
        assert sorted(store.race_ids()) == ["gamma-race-2024", "tour-de-france-2024-07-14"]


def test_ingest_builds_the_same_races_as_a_rebuild_from_the_stored_analyses(
    tmp_path: Path,
) -> None:
    """ingest reconciles the analyses it has just saved without reading them back; a rebuild
    from the store must give every race byte for byte the same."""
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from corpus_eval import cases

    from raceview.ingest import ingest

    with Store(tmp_path / "s.db") as store:
        ingest(store, [c.raw() for c in cases("d0")])
        ids = store.race_ids()
        before = {i: store.race_detail(i) for i in ids}
        rebuild(store, ids)
        after = {i: store.race_detail(i) for i in ids}
    assert len(ids) >= 15
    assert sum(len(d.results) for d in before.values() if d) >= 50
    assert after == before
