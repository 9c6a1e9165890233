"""A store populated directly with fixture races (independent of extraction)."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from raceview.analysis.reconcile import ReconciledRace
from raceview.analysis.slug import fold
from raceview.models import (
    Article,
    ArticleVersion,
    Conflict,
    Method,
    Provenance,
    Race,
    RawDocument,
    ResultRow,
)
from raceview.store import Store

NOW = dt.datetime(2024, 7, 21, 18, 30, tzinfo=dt.UTC)
UPDATED = NOW - dt.timedelta(minutes=4)

TDF_TEXT = (
    "Tadej Pogačar (UAE Team Emirates) won the closing time trial from Monaco to Nice in 45:24. "
    "Jonas Vingegaard (Visma-Lease a Bike) was second at 1:03 and Remco Evenepoel "
    "(Soudal Quick-Step) third at 1:14.\n\n"
    "Pogačar took the overall title by 6:17 over Vingegaard, with Evenepoel third at 9:18."
)
TDF_STUB = "Tadej Pogačar won the final time trial in Nice.\n\nStub version sentence about Nice."
GPMI_TEXT = (
    "Ion Izagirre (Cofidis) won alone in Estella.\n\n"
    "Sergio Higuita (Bora-Hansgrohe) finished two seconds behind, with Mattias Skjelmose "
    "(Trek-Segafredo) third at the same time and Andreas Kron (Lotto Dstny) fourth at 13 seconds."
)
NASTY_TITLE = "Chaos [@click=app.quit]Results[/] \x1b]52;c;aGFja2Vk\x07 and Team [/] x"


def _prov(text: str, sentence: str, method: Method, article_id: int) -> Provenance:
    start = text.index(sentence)
    return Provenance(
        article_id=article_id,
        start=start,
        end=start + len(sentence),
        sentence=sentence,
        method=method,
    )


def _raw(store: Store, body: str, origin: str, when: dt.datetime) -> int:
    data = body.encode()
    raw = RawDocument(
        body=data,
        origin=origin,
        content_type="text/plain",
        fetched_at=when,
        sha256=hashlib.sha256(data).hexdigest(),
    )
    return store.add_document(raw)[0]


def _version(doc_id: int, origin: str, when: dt.datetime, title: str, n: int) -> ArticleVersion:
    return ArticleVersion(
        document_id=doc_id,
        sha256=f"{doc_id:064d}",
        origin=origin,
        fetched_at=when,
        title=title,
        length=n,
    )


def _rec(
    race: Race,
    results: tuple[ResultRow, ...],
    articles: tuple[Article, ...],
    gc: tuple[ResultRow, ...] = (),
    conflicts: tuple[Conflict, ...] = (),
) -> ReconciledRace:
    words = [
        race.name,
        str(race.year),
        *(r.rider for r in results),
        *(r.team or "" for r in results),
    ]
    return ReconciledRace(race, results, gc, conflicts, articles, fold(" ".join(words)))


def tdf(store: Store) -> ReconciledRace:
    """Tour de France 2024 stage 21: table rows, a GC, two versions of one article."""
    url = "https://example.com/tdf-2024-stage-21"
    best = _raw(store, f"Pogačar wins in Nice\nThe final time trial\n{TDF_TEXT}", url, UPDATED)
    early = NOW - dt.timedelta(hours=3)
    stub = _raw(store, f"Pogačar wins in Nice (early)\nFirst lines\n{TDF_STUB}", url, early)
    aid = best
    s1 = (
        "Tadej Pogačar (UAE Team Emirates) won the closing time trial from Monaco to Nice in 45:24."
    )
    s2 = "Jonas Vingegaard (Visma-Lease a Bike) was second at 1:03 and Remco Evenepoel"
    s3 = "Pogačar took the overall title by 6:17 over Vingegaard, with Evenepoel third at 9:18."
    results = (
        ResultRow(
            pos=1,
            rider="Tadej Pogačar",
            team="UAE Team Emirates",
            gap_s=0,
            time_s=2724,
            provenance=_prov(TDF_TEXT, s1, "table", aid),
        ),
        ResultRow(
            pos=2,
            rider="Jonas Vingegaard",
            team="Visma-Lease a Bike",
            gap_s=63,
            provenance=_prov(TDF_TEXT, s2, "table", aid),
        ),
        ResultRow(
            pos=3,
            rider="Remco Evenepoel",
            team="Soudal Quick-Step",
            gap_s=74,
            provenance=_prov(TDF_TEXT, s2, "table", aid),
        ),
    )
    gc = (
        ResultRow(
            pos=1,
            rider="Tadej Pogačar",
            team="UAE Team Emirates",
            gap_s=0,
            provenance=_prov(TDF_TEXT, s3, "prose", aid),
        ),
        ResultRow(
            pos=2,
            rider="Jonas Vingegaard",
            team="Visma-Lease a Bike",
            gap_s=377,
            provenance=_prov(TDF_TEXT, s3, "prose", aid),
        ),
        ResultRow(
            pos=3,
            rider="Remco Evenepoel",
            team="Soudal Quick-Step",
            gap_s=558,
            provenance=_prov(TDF_TEXT, s3, "prose", aid),
        ),
    )
    article = Article(
        id=aid,
        race_id="tour-de-france-2024-stage-21",
        title="Pogačar wins in Nice",
        standfirst="The final time trial",
        kind="report",
        published=dt.date(2024, 7, 21),
        url=url,
        outlet="example.com",
        text=TDF_TEXT,
        versions=(
            _version(best, url, UPDATED, "Pogačar wins in Nice", len(TDF_TEXT)),
            _version(stub, url, NOW - dt.timedelta(hours=3), "early", len(TDF_STUB)),
        ),
    )
    race = Race(
        id="tour-de-france-2024-stage-21",
        name="Tour de France",
        year=2024,
        stage="21",
        date=dt.date(2024, 7, 21),
        category="stage",
        winner="Tadej Pogačar",
        updated_at=UPDATED,
        n_articles=1,
        n_versions=2,
    )
    return _rec(race, results, (article,), gc)


def gpmi(store: Store) -> ReconciledRace:
    """GP Miguel Indurain 2023: prose rows, same time, and a conflict on 4th place."""
    origin = "/reports/gpmi.txt"
    doc = _raw(store, f"Izagirre wins again\nA solo win\n{GPMI_TEXT}", origin, UPDATED)
    s1, s2 = GPMI_TEXT.split("\n\n")
    results = (
        ResultRow(
            pos=1,
            rider="Ion Izagirre",
            team="Cofidis",
            gap_s=0,
            provenance=_prov(GPMI_TEXT, s1, "prose", doc),
        ),
        ResultRow(
            pos=2,
            rider="Sergio Higuita",
            team="Bora-Hansgrohe",
            gap_s=2,
            provenance=_prov(GPMI_TEXT, s2, "prose", doc),
        ),
        ResultRow(
            pos=3,
            rider="Mattias Skjelmose",
            team="Trek-Segafredo",
            gap_s=2,
            provenance=_prov(GPMI_TEXT, s2, "prose", doc),
        ),
        ResultRow(
            pos=4,
            rider="Andreas Kron",
            team="Lotto Dstny",
            gap_s=13,
            provenance=_prov(GPMI_TEXT, s2, "prose", doc),
        ),
    )
    conflict = Conflict(
        field="results.pos4",
        values=("Andreas Kron", "Andreas Kronn"),
        chosen="Andreas Kron",
        sources=(doc,),
    )
    article = Article(
        id=doc,
        race_id="gp-miguel-indurain-2023",
        title="Izagirre wins again",
        standfirst="A solo win",
        kind="report",
        published=dt.date(2023, 4, 1),
        text=GPMI_TEXT,
        versions=(_version(doc, origin, UPDATED, "Izagirre wins again", len(GPMI_TEXT)),),
    )
    race = Race(
        id="gp-miguel-indurain-2023",
        name="Gran Premio Miguel Induráin",
        year=2023,
        date=dt.date(2023, 4, 1),
        category="one-day",
        winner="Ion Izagirre",
        updated_at=UPDATED,
        n_articles=1,
        n_versions=1,
    )
    return _rec(race, results, (article,), conflicts=(conflict,))


def roubaix() -> ReconciledRace:
    """Paris-Roubaix 2024 with a huge outlier gap (the chart must clip it); no article."""
    rows = (
        ResultRow(pos=1, rider="Mathieu van der Poel", team="Alpecin-Deceuninck", gap_s=0),
        ResultRow(pos=2, rider="Jasper Philipsen", team="Alpecin-Deceuninck", gap_s=180),
        ResultRow(pos=3, rider="Mads Pedersen", team="Lidl-Trek", gap_s=180),
        ResultRow(pos=4, rider="Late Finisher", team="Lidl-Trek", gap_s=1800),
        ResultRow(pos=None, rider="Crashed Rider", team="Lidl-Trek", status="dnf"),
    )
    race = Race(
        id="paris-roubaix-2024",
        name="Paris-Roubaix",
        year=2024,
        date=dt.date(2024, 4, 7),
        category="one-day",
        winner="Mathieu van der Poel",
        updated_at=UPDATED,
    )
    return _rec(race, rows, ())


def nasty() -> ReconciledRace:
    """Markup and escape sequences in every field: they must show literally and do nothing."""
    rows = (
        ResultRow(pos=1, rider="[@click=app.quit]Boom[/]", team="Team [/] x", gap_s=0),
        ResultRow(pos=2, rider="Esc \x1b[2J Rider", team="[b]Bold[/b]", gap_s=5),
    )
    race = Race(
        id="chaos-2024",
        name=NASTY_TITLE,
        year=2024,
        date=dt.date(2024, 3, 2),
        winner="[@click=app.quit]Boom[/]",
        updated_at=UPDATED,
    )
    return _rec(race, rows, ())


def empty_race() -> ReconciledRace:
    """A race with no result at all."""
    race = Race(id="tour-of-nowhere-2022", name="Tour of Nowhere", year=2022, updated_at=UPDATED)
    return _rec(race, (), ())


def populate(store: Store) -> Store:
    """The fixture races, all seen except the Tour stage (which stays 'new')."""
    for rec in (tdf(store), gpmi(store), roubaix(), nasty(), empty_race()):
        store.write_race(rec)
    for race_id in store.race_ids():
        if race_id != "tour-de-france-2024-stage-21":
            store.mark_seen(race_id, NOW)
    return store


def many(store: Store, n: int) -> Store:
    """`n` small races without articles, in one transaction."""
    with store.db.transaction():
        for i in range(n):
            day = dt.date(2024, 1, 1) + dt.timedelta(days=i % 300)
            rider = f"Rider {i} Dupont" if i % 2 else f"Rider {i} Pogačar"
            race = Race(
                id=f"race-{i}",
                name=f"Race number {i}",
                year=2024,
                date=day,
                winner=rider,
                updated_at=UPDATED,
            )
            row = ResultRow(pos=1, rider=rider, team=f"Team {i % 17}", gap_s=0)
            store.write_race(_rec(race, (row,), ()))
    return store


def make_store(path: Path) -> Store:
    """A populated store at `path`."""
    return populate(Store(path))
