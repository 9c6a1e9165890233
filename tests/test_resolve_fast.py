"""The quick paths of `extract` give the rows, claims and paragraphs the plain code gave.

`plain_resolve` is `resolve` as it was before its fast paths (each rider's claims sorted by
trust with `sorted`, `best` as a `max`, the gap and row of a one-claim rider worked out by the
general code), written with the module's unchanged helpers; `plain_claims_by_paragraph` is
`_claims_by_paragraph` with a bisection for every claim. Both read hypothesis' claims, and
the claims of the corpus and of generated reports.
"""

from __future__ import annotations

import copy
import sys
import tempfile
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from raceview.analysis import extract
from raceview.analysis.claims import Claim
from raceview.analysis.gaps import Gap
from raceview.analysis.names import CloseSurnames, RiderIndex, canonical_name, same_rider
from raceview.analysis.pipeline import analyse
from raceview.models import ResultRow, Status
from raceview.sources.files import read_file, walk

ROOT = Path(__file__).resolve().parent.parent

# --- the plain code ----------------------------------------------------------------------------


@dataclass(slots=True)
class _PlainEntity:
    names: list[str]
    claims: list[Claim] = field(default_factory=list)
    pos: int | None = None
    pos_claim: Claim | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def first_order(self) -> int:
        return min(c.order for c in self.claims)

    def best(self, attr: str) -> Claim | None:
        stated = [c for c in self.claims if getattr(c, attr) is not None]
        return max(stated, key=lambda c: (c.priority, -c.order)) if stated else None


def _trust(claim: Claim) -> tuple[int, int]:
    return -claim.priority, claim.order


def _plain_group(claims: list[Claim], surnames: CloseSurnames | None) -> list[_PlainEntity]:
    entities: list[_PlainEntity] = []
    index = RiderIndex(surnames)
    owner: dict[str, _PlainEntity] = {}
    for claim in sorted(claims, key=_trust):
        home = owner.get(claim.rider)
        if home is None:
            known = index.first_match(claim.rider)
            home = owner[known] if known is not None else None
            if home is None:
                home = _PlainEntity([])
                entities.append(home)
            index.add(claim.rider)
            owner[claim.rider] = home
        home.names.append(claim.rider)
        home.claims.append(claim)
    return entities


def plain_resolve(
    claims: list[Claim], surnames: CloseSurnames | None = None
) -> tuple[ResultRow, ...]:
    """`resolve` without its fast paths."""
    entities = _plain_group(claims, surnames)
    _plain_assign_positions(entities)
    _plain_infer_positions(entities)
    placed = sorted((e for e in entities if e.pos is not None), key=lambda e: e.pos or 0)
    out = _plain_with_gaps(placed)
    out += [_plain_status_row(e) for e in entities if e.pos is None and _status(e) != "finished"]
    return extract._ROWS.validate_python(out)


def _plain_assign_positions(entities: list[_PlainEntity]) -> None:
    taken: dict[int, _PlainEntity] = {}
    ranked = [(claim, e) for e in entities if (claim := e.best("pos")) is not None]
    ranked.sort(key=lambda pair: _trust(pair[0]))
    for _, entity in ranked:
        options = sorted((c for c in entity.claims if c.pos is not None), key=_trust)
        for claim in options:
            assert claim.pos is not None
            holder = taken.get(claim.pos)
            if holder is None:
                entity.pos, entity.pos_claim = claim.pos, claim
                taken[claim.pos] = entity
                break
            entity.warnings.append(
                f"position {claim.pos} is also given to {holder.names[0]}: {claim.sentence[:80]}"
            )


def _plain_infer_positions(entities: list[_PlainEntity]) -> None:
    taken = {e.pos for e in entities if e.pos is not None}
    if not taken:
        return
    missing = [p for p in range(2, max(taken)) if p not in taken]
    if not missing:
        return
    for entity in sorted(entities, key=lambda e: e.first_order):
        if not missing:
            return
        if entity.pos is not None or _status(entity) != "finished":
            continue
        gap = entity.best("gap")
        numeric = gap is not None and gap.gap is not None and gap.gap.kind in ("gap", "relative")
        led = any(c.led_group for c in entity.claims)
        if any(c.finished_cue for c in entity.claims) and (numeric or led):
            entity.pos = missing.pop(0)
            entity.pos_claim = gap or next(c for c in entity.claims if c.finished_cue)


def _status(entity: _PlainEntity) -> Status:
    return next((c.status for c in entity.claims if c.status != "finished"), "finished")


def _plain_with_gaps(placed: list[_PlainEntity]) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    gaps: dict[int, int | None] = {}
    winner_time: int | None = None
    above: int | None = None
    slowest: int | None = None
    for i, e in enumerate(placed):
        time = e.best("time_s")
        time_s = time.time_s if time else None
        if i == 0:
            gap: int | None = 0 if e.pos == 1 else _plain_gap_of(e, gaps, above, placed)
            winner_time = time_s
        else:
            gap = _plain_gap_of(e, gaps, above, placed)
            if gap is None and time_s is not None and winner_time is not None:
                gap = time_s - winner_time if time_s >= winner_time else None
        if gap is not None and gap < 0:
            e.warnings.append(f"a negative gap ({gap}s) was stated; shown as unknown")
            gap = None
        if gap is not None and slowest is not None and gap < slowest:
            e.warnings.append(f"gap {gap}s is smaller than the {slowest}s of a rider ahead")
        gaps[id(e)] = gap
        if gap is not None:
            above = gap
            slowest = gap if slowest is None else max(slowest, gap)
        rows.append(_plain_row(e, gap, time_s))
    return rows


def _plain_gap_of(
    e: _PlainEntity, gaps: dict[int, int | None], previous: int | None, placed: list[_PlainEntity]
) -> int | None:
    table = e.best("gap_s")
    if table is not None and table.method == "table":
        return table.gap_s
    claim = e.best("gap")
    if claim is None or claim.gap is None:
        return table.gap_s if table else None
    gap = claim.gap
    if gap.kind == "vague":
        return None
    if gap.kind == "same":
        return previous
    if gap.seconds is None:
        return None
    if gap.kind == "relative":
        return None if previous is None else previous + gap.seconds
    if claim.gap_ref is not None:
        ref = next((p for p in placed if any(same_rider(n, claim.gap_ref) for n in p.names)), None)
        if ref is not None and ref.pos != 1:
            base = gaps.get(id(ref))
            return None if base is None else base + gap.seconds
    return gap.seconds


def _plain_row(e: _PlainEntity, gap: int | None, time_s: int | None) -> dict[str, object]:
    source = e.pos_claim or e.claims[0]
    if source.method == "headline":
        source = next(
            (c for c in sorted(e.claims, key=lambda c: c.order) if c.method != "headline"),
            source,
        )
    best_team, best_nationality = e.best("team"), e.best("nationality")
    return {
        "pos": e.pos,
        "rider": canonical_name(e.names),
        "team": best_team.team if best_team else None,
        "nationality": best_nationality.nationality if best_nationality else None,
        "gap_s": gap,
        "time_s": time_s,
        "status": "finished",
        "provenance": extract._provenance(source),
        "warnings": tuple(e.warnings),
    }


def _plain_status_row(e: _PlainEntity) -> dict[str, object]:
    source = next(c for c in e.claims if c.status != "finished")
    team = e.best("team")
    return {
        "pos": None,
        "rider": canonical_name(e.names),
        "team": team.team if team else None,
        "status": _status(e),
        "provenance": extract._provenance(source),
    }


def plain_claims_by_paragraph(
    paragraphs: list[tuple[int, str]], claims: list[Claim]
) -> dict[int, list[Claim]]:
    """`_claims_by_paragraph` without its look-up by offset."""
    starts = [offset for offset, _ in paragraphs]
    out: dict[int, list[Claim]] = {}
    for claim in claims:
        i = bisect_right(starts, claim.start) - 1
        if claim.method == "table" and i >= 0:
            offset, text = paragraphs[i]
            if claim.start < offset + len(text):
                out.setdefault(offset, []).append(claim)
    return out


def _same_rows(claims: list[Claim], surnames: CloseSurnames | None = None) -> None:
    """Both codes give the same rows, fields set and all, from copies of the same input."""
    plain = plain_resolve(copy.deepcopy(claims), copy.deepcopy(surnames))
    fast = extract.resolve(copy.deepcopy(claims), copy.deepcopy(surnames))
    assert [r.model_dump_json() for r in fast] == [r.model_dump_json() for r in plain]
    assert [r.model_fields_set for r in fast] == [r.model_fields_set for r in plain]
    assert [r.provenance and r.provenance.model_fields_set for r in fast] == [
        r.provenance and r.provenance.model_fields_set for r in plain
    ]


# --- generated claims --------------------------------------------------------------------------

RIDERS = [
    "Tadej Pogačar", "Pogačar", "T. Pogačar", "POGAČAR Tadej", "Jonas Vingegaard", "Vingegaard",
    "Ion Izagirre", "Gorka Izagirre", "Izaguirre", "Adam Yates", "Simon Yates", "Yates",
    "Wout van Aert", "Van Aert", "Mads Pedersen", " Mads Pedersen", "Remco", "Egan Bernal",
]  # fmt: skip
GAPS = [None, Gap(0, 3, 12, "gap"), Gap(0, 3, 8, "relative"), Gap(0, 3, 0, "same"),
        Gap(0, 3, None, "vague"), Gap(0, 3, None, "gap"), Gap(0, 3, 3600, "time")]  # fmt: skip


@st.composite
def claim_lists(draw: st.DrawFn) -> list[Claim]:
    """Claims of one classification: table rows, prose and headlines about a few riders,
    with clashing places, gaps of every kind and statuses."""
    out = []
    for _ in range(draw(st.integers(0, 14))):
        method = draw(st.sampled_from(["table", "table", "prose", "headline"]))
        start = draw(st.integers(0, 400))
        out.append(
            Claim(
                which="result",
                rider=draw(st.sampled_from(RIDERS)),
                method=method,
                sentence=draw(st.sampled_from(["1\tX\t+0:12", "X won the stage, ahead of Y."])),
                start=start,
                end=start + draw(st.integers(1, 90)),
                order=draw(st.integers(0, 12)) + (10_000 if method == "table" else 0),
                pos=draw(st.none() | st.integers(1, 8)),
                gap=draw(st.sampled_from(GAPS)),
                gap_ref=draw(st.none() | st.sampled_from(RIDERS)),
                gap_s=draw(st.none() | st.integers(-5, 90)),
                time_s=draw(st.none() | st.integers(0, 20_000)),
                status=draw(st.sampled_from(["finished", "finished", "finished", "dnf", "dns"])),
                team=draw(st.none() | st.sampled_from(["UAE Team Emirates", "Lidl-Trek"])),
                nationality=draw(st.none() | st.sampled_from(["Slovenia", "DEN"])),
                finished_cue=draw(st.booleans()),
                led_group=draw(st.booleans()),
            )
        )
    return out


@settings(max_examples=600, deadline=None)
@given(claim_lists())
def test_generated_claims_give_the_plain_rows(claims: list[Claim]) -> None:
    assert extract._by_trust(claims) == sorted(claims, key=_trust)
    _same_rows(claims)


@settings(max_examples=200, deadline=None)
@given(claim_lists(), st.booleans())
def test_rows_are_the_same_with_the_document_s_surnames(claims: list[Claim], met: bool) -> None:
    surnames = CloseSurnames()
    if met:
        index = RiderIndex(surnames)
        for name in RIDERS:
            index.add(name)
    _same_rows(claims, surnames)


@st.composite
def paragraphs_and_claims(draw: st.DrawFn) -> tuple[list[tuple[int, str]], list[Claim]]:
    """Paragraphs in order (as `iter_paragraphs` gives them) and claims starting anywhere."""
    paragraphs, offset = [], draw(st.integers(0, 3))
    for text in draw(st.lists(st.sampled_from(["a", "1\tX\t+0:12", "Results", ""]), max_size=8)):
        paragraphs.append((offset, text))
        offset += len(text) + draw(st.integers(0, 3))
    claims = [
        Claim("result", "X", draw(st.sampled_from(["table", "prose"])), "s", s, s + 1, 0)
        for s in draw(st.lists(st.integers(-2, offset + 2), max_size=10))
    ]
    return paragraphs, claims


@settings(max_examples=800, deadline=None)
@given(paragraphs_and_claims())
def test_claims_by_paragraph_are_the_plain_ones(
    case: tuple[list[tuple[int, str]], list[Claim]],
) -> None:
    paragraphs, claims = case
    assert extract._claims_by_paragraph(paragraphs, claims) == plain_claims_by_paragraph(
        paragraphs, claims
    )


# --- the corpus and generated reports ----------------------------------------------------------


@pytest.fixture(scope="module")
def captured() -> list[tuple[list[Claim], CloseSurnames | None]]:
    """The claims (and surnames) every `resolve` of the corpus and of reports was given."""
    sys.path.insert(0, str(ROOT / "tests"))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from corpus_eval import cases
    from imports import write_reports

    raws = [c.raw() for c in cases()]
    with tempfile.TemporaryDirectory() as tmp:
        for kind, count, seed in (("text", 120, 1), ("text", 40, 7), ("html", 30, 2)):
            folder = Path(tmp) / f"{kind}-{seed}"
            write_reports(folder, count, kind, seed, mkdir=True)
            raws += [read_file(c.path) for c in sorted(walk(folder), key=lambda c: c.path)]
    calls: list[tuple[list[Claim], CloseSurnames | None]] = []
    real = extract.resolve

    def recording(
        claims: list[Claim], surnames: CloseSurnames | None = None
    ) -> tuple[ResultRow, ...]:
        calls.append((copy.deepcopy(claims), copy.deepcopy(surnames)))
        return real(claims, surnames)

    extract.resolve = recording  # type: ignore[assignment]
    try:
        for raw in raws:
            analyse(raw)
    finally:
        extract.resolve = real
    return calls


def test_the_corpus_and_reports_give_the_plain_rows(
    captured: list[tuple[list[Claim], CloseSurnames | None]],
) -> None:
    for claims, surnames in captured:
        _same_rows(claims, surnames)
    assert sum(len(claims) for claims, _ in captured) > 5000
