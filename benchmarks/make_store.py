"""Generate a realistic synthetic store through the real Store API.

    .venv/bin/python benchmarks/make_store.py [--races 10000] [--riders 150]
                                              [--versions 15000] [--out PATH] [--force]

Every race gets a stage or one-day result of `riders` lines (positions, same-time groups, gaps,
a few DNFs, a provenance sentence per row) and one article; the first `versions - races` races
get a second version of it (an early "More to follow" stub, then the full report with a
tab-separated results table). Raw documents, their analyses, races, results, articles and the
full-text index are written with `store.add_document`, `store.save_analysis` and
`store.write_race` (a `ReconciledRace` built from the models, as `reconcile` would), so the
file is exactly what the app reads. About 90% of the races are marked as seen.

The default output is benchmarks/out/store-<races>.db; an existing file with the same
parameters is reused unless --force.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import sys
import time
from pathlib import Path

from harness import store_counts
from synth import (
    Finisher,
    PlannedRace,
    machine,
    plan_races,
    result,
    riders_pool,
    story,
    text_report,
)

from raceview.analysis.names import fold_name
from raceview.analysis.reconcile import ReconciledRace
from raceview.models import (
    Article,
    ArticleVersion,
    DocumentAnalysis,
    Provenance,
    Race,
    RaceFacts,
    RawDocument,
    ResultRow,
)
from raceview.store import Store

OUT = Path(__file__).resolve().parent / "out"
FETCHED = dt.datetime(2025, 11, 1, 12, 0, tzinfo=dt.UTC)
LOOKED = (FETCHED + dt.timedelta(days=1)).isoformat()


def default_path(races: int) -> Path:
    """Where a store of `races` races is generated."""
    return OUT / f"store-{races}.db"


def _rows(finishers: list[Finisher], text: str, doc_id: int, stub: bool) -> tuple[ResultRow, ...]:
    """The result rows of one version, each pointing at its sentence or table line."""
    paragraphs = text.split("\n\n")
    rows = []
    cursor = 0
    for i, f in enumerate(finishers[: 3 if stub else None]):
        if i < 3:  # the podium comes from the lead paragraph
            sentence, method = paragraphs[0], "prose"
            start = 0
        else:  # the rest from the results table
            at = text.find(f"\t{f.rider}\t", cursor)
            start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at)
            sentence, method = text[start : end if end >= 0 else None], "table"
            cursor = max(cursor, start + len(sentence))
        rows.append(
            ResultRow(
                pos=f.pos,
                rider=f.rider,
                team=f.team,
                gap_s=f.gap_s,
                time_s=f.time_s if f.pos == 1 else None,
                status=f.status,  # type: ignore[arg-type]
                provenance=Provenance(
                    document_id=doc_id,
                    start=start,
                    end=start + len(sentence),
                    sentence=sentence,
                    method=method,  # type: ignore[arg-type]
                ),
            )
        )
    return tuple(rows)


def generate(path: Path, races: int, riders: int, versions: int, seed: int = 7) -> None:
    """Write the store at `path` (which must not exist)."""
    rng = random.Random(seed)
    pool = riders_pool(rng)
    plan = plan_races(races, seed)
    two = max(0, versions - races)
    started = time.perf_counter()
    with Store(path) as store:
        for start in range(0, races, 500):
            with store.db.transaction() as conn:
                for i in range(start, min(races, start + 500)):
                    _race(store, rng, pool, plan[i], riders, stubbed=i < two)
                seen = [
                    (RaceFacts(name=p.name, year=p.year, stage=p.stage).race_id, LOOKED)
                    for p in plan[start : start + 500]
                    if rng.random() < 0.9
                ]
                conn.executemany(
                    "INSERT OR REPLACE INTO race_seen (race_id, seen_at) VALUES (?, ?)", seen
                )
            done = min(races, start + 500)
            print(f"  {done:,} races ({time.perf_counter() - started:.0f} s)", flush=True)
        with store.db.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('benchmark', ?)",
                (f"races={races} riders={riders} versions={versions} seed={seed}",),
            )
    with Store(path) as store, store.db.reading() as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _race(
    store: Store,
    rng: random.Random,
    pool: list[tuple[str, str]],
    race: PlannedRace,
    riders: int,
    *,
    stubbed: bool,
) -> None:
    finishers = result(rng, pool, riders)
    facts = RaceFacts(
        name=race.name,
        year=race.year,
        stage=race.stage,
        date=race.date,
        category=race.category,  # type: ignore[arg-type]
        gender=race.gender,  # type: ignore[arg-type]
        distance_km=race.distance_km,
        start=race.start,
        finish=race.finish,
    )
    origin = f"https://www.cyclescope.example/races/{facts.race_id}/report"
    analysed: list[tuple[int, DocumentAnalysis, RawDocument]] = []
    for stub in (True, False) if stubbed else (False,):
        title, standfirst, paras = story(rng, race, finishers, table=True, stub=stub)
        body = text_report(race, title, standfirst, paras)
        fetched = FETCHED - dt.timedelta(hours=2 if stub else 0)
        raw = RawDocument(
            body=body.encode(),
            origin=origin,
            content_type="text/plain",
            fetched_at=fetched,
            sha256=hashlib.sha256(body.encode()).hexdigest(),
            source="cyclescope",
        )
        doc_id, _ = store.add_document(raw)
        text = "\n\n".join(p for p in paras)
        rows = _rows(finishers, text, doc_id, stub)
        analysis = DocumentAnalysis(
            analyser_version=1,
            kind="report",
            title=title,
            standfirst=standfirst,
            published=race.date,
            url=origin,
            text=text,
            stub=stub,
            race=facts,
            results=rows,
        )
        store.save_analysis(doc_id, analysis)
        analysed.append((doc_id, analysis, raw))
    best_id, best, _ = analysed[-1]
    article_id = analysed[0][0]
    versions = tuple(
        ArticleVersion(
            document_id=d,
            sha256=raw.sha256,
            origin=raw.origin,
            fetched_at=raw.fetched_at,
            title=a.title,
            length=len(a.text),
            stub=a.stub,
        )
        for d, a, raw in sorted(analysed, key=lambda x: x[0] != best_id)
    )
    results = tuple(
        r.model_copy(
            update={"provenance": r.provenance.model_copy(update={"article_id": article_id})}
        )
        if r.provenance
        else r
        for r in best.results
    )
    record = Race(
        id=facts.race_id,
        name=facts.name,
        year=facts.year,
        stage=facts.stage,
        date=facts.date,
        category=facts.category,
        gender=facts.gender,
        distance_km=facts.distance_km,
        start=facts.start,
        finish=facts.finish,
        winner=finishers[0].rider,
        updated_at=FETCHED,
        n_articles=1,
        n_versions=len(analysed),
    )
    article = Article(
        id=article_id,
        race_id=facts.race_id,
        title=best.title,
        standfirst=best.standfirst,
        kind="report",
        published=race.date,
        url=origin,
        outlet="cyclescope.example",
        text=best.text,
        versions=versions,
    )
    words = [facts.name, str(facts.year), facts.race_id]
    if facts.stage:
        words.append(f"stage {facts.stage}")
    for row in results:
        words += [row.rider, row.team or ""]
    search = " ".join(fold_name(w) for w in words if w)
    store.write_race(ReconciledRace(record, results, (), (), (article,), search))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--races", type=int, default=10_000)
    parser.add_argument("--riders", type=int, default=150)
    parser.add_argument("--versions", type=int, default=None, help="default: 1.5 x races")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args()
    versions = args.versions if args.versions is not None else args.races * 3 // 2
    path = args.out or default_path(args.races)
    print(machine())
    ensure(path, args.races, args.riders, versions, force=args.force)
    return 0


def ensure(path: Path, races: int, riders: int, versions: int, *, force: bool = False) -> Path:
    """The store at `path` with these parameters, generated unless already there."""
    wanted = f"races={races} riders={riders} versions={versions} seed=7"
    if path.exists() and not force:
        with Store(path) as store, store.db.reading() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'benchmark'").fetchone()
        if row is not None and row[0] == wanted:
            print(f"reusing {path}")
            return path
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    print(f"generating {path}: {races:,} races x {riders} riders, {versions:,} versions")
    generate(path, races, riders, versions)
    with Store(path) as store, store.db.reading() as conn:
        counts = store_counts(conn)
    size = path.stat().st_size
    print(
        f"done in {time.perf_counter() - started:.0f} s: {counts}, {size / 1e6:.0f} MB",
        flush=True,
    )
    return path


if __name__ == "__main__":
    sys.exit(main())
