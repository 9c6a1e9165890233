"""Score the analyser against the team corpus (tests/corpus/docs), for tests and benchmarks."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from raceview.analysis.catalogue import norm, race_alias_index, team_alias_index, women_counterpart
from raceview.analysis.names import same_rider
from raceview.analysis.pipeline import analyse
from raceview.models import DocumentAnalysis, RawDocument, ResultRow

CORPUS = Path(__file__).resolve().parent / "corpus" / "docs"
TYPES = {".txt": "text/plain", ".md": "text/markdown", ".html": "text/html"}


@dataclass
class Case:
    """One corpus document and what the team expects of it."""

    path: Path
    expected: dict[str, Any]

    @property
    def name(self) -> str:
        return self.path.stem

    def raw(self) -> RawDocument:
        body = self.path.read_bytes()
        return RawDocument(
            body=body,
            origin=str(self.path),
            content_type=TYPES[self.path.suffix],
            fetched_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
            sha256=hashlib.sha256(body).hexdigest(),
        )


def cases(prefix: str = "") -> list[Case]:
    """Every corpus document whose id starts with `prefix`."""
    out = []
    for doc in sorted(CORPUS.iterdir()):
        if doc.suffix in TYPES and doc.name.startswith(prefix):
            expected = doc.with_suffix(".json")
            if expected.exists():
                out.append(Case(doc, json.loads(expected.read_text(encoding="utf-8"))))
    return out


def same_race_name(expected: str, actual: str) -> bool:
    """Whether two race names denote the same catalogue race (or are written alike)."""
    index = race_alias_index()
    a, b = index.get(norm(expected)), index.get(norm(actual))
    if a is not None and b is not None:
        counterpart = women_counterpart(a) if a.gender == "men" else None
        return a.name == b.name or (counterpart is not None and counterpart.name == b.name)
    return norm(expected) == norm(actual)


def same_team(expected: str | None, actual: str | None) -> bool:
    """Whether two team names denote the same team."""
    if expected is None or actual is None:
        return expected == actual
    index = team_alias_index()
    a, b = index.get(norm(expected)), index.get(norm(actual))
    if a is not None and b is not None:
        return a.name == b.name
    return norm(expected) == norm(actual)


@dataclass
class Score:
    """Counts over a set of documents."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    gaps_right: int = 0
    gaps_total: int = 0
    teams_right: int = 0
    teams_total: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def gap_accuracy(self) -> float:
        return self.gaps_right / self.gaps_total if self.gaps_total else 1.0

    @property
    def team_accuracy(self) -> float:
        return self.teams_right / self.teams_total if self.teams_total else 1.0


def score_rows(
    name: str, expected: list[dict[str, Any]], actual: tuple[ResultRow, ...], score: Score
) -> None:
    """Add one document's (position, rider) matches and gap accuracy to `score`."""
    placed = [e for e in expected if e.get("pos") is not None]
    got = [r for r in actual if r.pos is not None]
    for e in placed:
        match = next(
            (r for r in got if r.pos == e["pos"] and same_rider(r.rider, e["rider"])), None
        )
        if match is None:
            score.fn += 1
            other = next((r for r in got if r.pos == e["pos"]), None)
            score.failures.append(
                f"{name}: missed {e['pos']} {e['rider']} (got {other.rider if other else None})"
            )
            continue
        score.tp += 1
        score.gaps_total += 1
        if match.gap_s == e.get("gap_s"):
            score.gaps_right += 1
        else:
            score.failures.append(
                f"{name}: gap of {e['pos']} {e['rider']}:"
                f" expected {e.get('gap_s')}, got {match.gap_s}"
            )
        if e.get("team") is not None:
            score.teams_total += 1
            if same_team(e["team"], match.team):
                score.teams_right += 1
            else:
                score.failures.append(
                    f"{name}: team of {e['rider']}: expected {e['team']!r}, got {match.team!r}"
                )
    for r in got:
        if not any(e["pos"] == r.pos and same_rider(r.rider, e["rider"]) for e in placed):
            score.fp += 1
            score.failures.append(f"{name}: invented {r.pos} {r.rider}")


@dataclass
class Report:
    """Everything measured over the corpus."""

    results: Score = field(default_factory=Score)
    gc: Score = field(default_factory=Score)
    races_right: int = 0
    races_total: int = 0
    kinds_right: int = 0
    kinds_total: int = 0
    furniture_clean: int = 0
    furniture_total: int = 0
    story_kept: int = 0
    story_total: int = 0
    failures: list[str] = field(default_factory=list)


def check_race(case: Case, analysis: DocumentAnalysis, report: Report) -> None:
    """Race identity: no race where none is expected, else the expected keys."""
    want = case.expected.get("race")
    got = analysis.race
    report.races_total += 1
    if want is None:
        ok = got is None
        why = f"expected no race, got {got.name if got else None}"
    elif got is None:
        ok, why = False, f"expected {want.get('name')}, got no race"
    else:
        wrong = []
        if not same_race_name(want["name"], got.name):
            wrong.append(f"name {got.name!r}")
        for key in ("year", "stage", "gender"):
            if key in want and str(want[key]) != str(getattr(got, key)):
                wrong.append(f"{key} {getattr(got, key)!r}≠{want[key]!r}")
        ok, why = not wrong, ", ".join(wrong)
    if ok:
        report.races_right += 1
    else:
        report.failures.append(f"{case.name}: race: {why}")


def evaluate(selected: list[Case]) -> Report:
    """Analyse each document and score it."""
    report = Report()
    for case in selected:
        analysis = analyse(case.raw())
        check_race(case, analysis, report)
        report.kinds_total += 1
        if analysis.kind == case.expected.get("kind"):
            report.kinds_right += 1
        else:
            report.failures.append(
                f"{case.name}: kind {analysis.kind} ≠ {case.expected.get('kind')}"
            )
        excludes = case.expected.get("text_excludes") or []
        report.furniture_total += len(excludes)
        for bad in excludes:
            if bad.lower() in analysis.text.lower():
                report.failures.append(f"{case.name}: furniture kept: {bad!r}")
            else:
                report.furniture_clean += 1
        keeps = case.expected.get("text_contains") or []
        report.story_total += len(keeps)
        for good in keeps:
            if any(
                good in t
                for t in (analysis.text, analysis.standfirst, analysis.title, *analysis.captions)
            ):
                report.story_kept += 1
            else:
                report.failures.append(f"{case.name}: story lost: {good!r}")
        score_rows(case.name, case.expected.get("results") or [], analysis.results, report.results)
        score_rows(case.name, case.expected.get("gc") or [], analysis.gc, report.gc)
    return report


def summary(report: Report) -> str:
    """The figures, one per line."""
    r, g = report.results, report.gc
    return "\n".join(
        [
            f"race identification: {report.races_right}/{report.races_total}",
            f"document kind:       {report.kinds_right}/{report.kinds_total}",
            f"furniture removed:   {report.furniture_clean}/{report.furniture_total}",
            f"story text kept:     {report.story_kept}/{report.story_total}",
            f"results: P {r.precision:.3f}  R {r.recall:.3f}  F1 {r.f1:.3f}"
            f"  gaps {r.gap_accuracy:.3f}"
            f" ({r.gaps_right}/{r.gaps_total})  teams {r.team_accuracy:.3f}",
            f"gc:      P {g.precision:.3f}  R {g.recall:.3f}  F1 {g.f1:.3f}"
            f"  gaps {g.gap_accuracy:.3f}"
            f" ({g.gaps_right}/{g.gaps_total})",
        ]
    )
