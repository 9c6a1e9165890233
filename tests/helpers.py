"""Test helpers: documents, rows, a race built without the extractor, the CLI in a subprocess."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys
from pathlib import Path

from raceview.analysis.names import fold_name
from raceview.analysis.reconcile import ReconciledRace
from raceview.models import (
    Article,
    ArticleVersion,
    Conflict,
    Provenance,
    Race,
    RaceDetail,
    RawDocument,
    ResultRow,
)
from raceview.store import Store

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLES = FIXTURES / "articles"
GOLDEN = Path(__file__).parent / "golden"
T0 = dt.datetime(2024, 5, 2, 17, 30, tzinfo=dt.UTC)


def raw(body: bytes, origin: str = "/reports/a.txt", **kw: object) -> RawDocument:
    """A raw document for `body`."""
    fields: dict[str, object] = {
        "body": body,
        "origin": origin,
        "content_type": "text/plain",
        "fetched_at": T0,
        "sha256": hashlib.sha256(body).hexdigest(),
    }
    fields.update(kw)
    return RawDocument.model_validate(fields)


def row(pos: int | None, rider: str, team: str | None, **kw: object) -> ResultRow:
    """A result row."""
    return ResultRow.model_validate({"pos": pos, "rider": rider, "team": team, **kw})


def sample_detail(
    race_id: str = "vuelta-a-ejemplo-2024-stage-3",
    name: str = "Vuelta a Ejemplo",
    stage: str | None = "3",
    updated_at: dt.datetime = T0,
    article_id: int = 1,
) -> RaceDetail:
    """A stage with everything an export must get right (invented race and riders)."""
    sentence = "José Ángel Peñalver won the sprint of a small group in Ávila after 4h05'12\"."
    prov = Provenance(
        document_id=article_id,
        article_id=article_id,
        start=0,
        end=len(sentence),
        sentence=sentence,
        method="prose",
    )
    results = (
        row(1, "José Ángel Peñalver", "Équipe Test | Vélo", gap_s=0, time_s=14712, provenance=prov),
        row(2, "Tom Weller", "Smith, Jones & Co Racing", gap_s=0),
        row(3, "Lars Ødegård", "Équipe Test | Vélo", gap_s=0),
        row(4, "Pieter de Vries", "Blauwe Fietsen", gap_s=3723),
        row(5, "Ben O'Hara", "Smith, Jones & Co Racing", gap_s=None),
        row(None, "Marco Rossi", "Squadra Esempio", status="dnf"),
    )
    gc = (
        row(1, "Lars Ødegård", "Équipe Test | Vélo", gap_s=0, time_s=40000),
        row(2, "José Ángel Peñalver", "Équipe Test | Vélo", gap_s=14),
    )
    versions = (
        ArticleVersion(
            document_id=article_id + 1,
            sha256="b" * 64,
            origin="https://example.org/vuelta-a-ejemplo/stage-3-report",
            fetched_at=T0,
            title="Peñalver takes stage 3 in Ávila",
            length=180,
        ),
        ArticleVersion(
            document_id=article_id,
            sha256="a" * 64,
            origin="https://example.org/vuelta-a-ejemplo/stage-3-report",
            fetched_at=T0 - dt.timedelta(hours=2),
            title="Peñalver takes stage 3 in Ávila",
            length=40,
            stub=True,
        ),
    )
    article = Article(
        id=article_id,
        race_id=race_id,
        title="Peñalver takes stage 3 in Ávila",
        standfirst="A late attack splits the favourites",
        kind="report",
        published=dt.date(2024, 5, 2),
        url="https://example.org/vuelta-a-ejemplo/stage-3-report",
        outlet="example.org",
        text=sentence + "\n\nMarco Rossi abandoned after a crash at the feed zone.",
        versions=versions,
    )
    race = Race(
        id=race_id,
        name=name,
        year=2024,
        stage=stage,
        date=dt.date(2024, 5, 2),
        category="stage",
        distance_km=187.4,
        start="Segovia",
        finish="Ávila",
        edition=12,
        winner=results[0].rider,
        updated_at=updated_at,
        n_articles=1,
        n_versions=2,
    )
    conflict = Conflict(
        field="distance_km", values=("187.4", "192.0"), chosen="187.4", sources=(1, 2)
    )
    return RaceDetail(race=race, results=results, gc=gc, conflicts=(conflict,), articles=(article,))


def reconciled(detail: RaceDetail) -> ReconciledRace:
    """What reconcile would hand to the store for `detail` (search text built the same way)."""
    race = detail.race
    words = [race.name, str(race.year), race.id]
    if race.stage:
        words.append(f"stage {race.stage}")
    for r in (*detail.results, *detail.gc):
        words += [r.rider, r.team or ""]
    search = " ".join(fold_name(w) for w in words if w)
    return ReconciledRace(
        race, detail.results, detail.gc, detail.conflicts, detail.articles, search
    )


def run_cli(
    *args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """`python -m raceview ARGS` in a subprocess, with the test's (isolated) environment."""
    return subprocess.run(
        [sys.executable, "-m", "raceview", *args],
        cwd=cwd,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        check=False,
    )


def store_race(store: Store, detail: RaceDetail) -> None:
    """Write `detail` as reconcile would, adding the raw documents its articles point to."""
    needed = max((v.document_id for a in detail.articles for v in a.versions), default=0)
    n = 0
    while store.count_documents() < needed:
        store.add_document(raw(f"filler document {n}\n".encode(), origin=f"/filler/{n}.txt"))
        n += 1
    store.write_race(reconciled(detail))


CORPUS_DOCS = Path(__file__).parent / "corpus" / "docs"


def corpus_lines() -> list[str]:
    """Every non-blank line of the corpus's plain-text and Markdown documents."""
    return [
        line
        for path in sorted(CORPUS_DOCS.glob("*"))
        if path.suffix in (".txt", ".md")
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines()
        if line.strip()
    ]
