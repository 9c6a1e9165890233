"""Result and GC rows from a cleaned document: claims from tables and prose, reconciled.

Validation flags, never fakes: a position claimed twice keeps the better claim and warns; a gap
smaller than the one of a rider ahead is kept as stated, with a warning.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from pydantic import TypeAdapter

from raceview.analysis import catalogue
from raceview.analysis.claims import Claim
from raceview.analysis.document import CleanDocument
from raceview.analysis.mentions import Riders
from raceview.analysis.names import CloseSurnames, RiderIndex, canonical_name, same_rider
from raceview.analysis.prose import iter_paragraphs, prose_claims, register_riders, segments
from raceview.analysis.tables import text_table_claims
from raceview.models import RaceFacts, ResultRow, Status

Rows = tuple[ResultRow, ...]
_RowFields = dict[str, object]  # a ResultRow's fields, its provenance's as a dict
# A classification's rows are validated in one call, not two (row, provenance) a row.
_ROWS: TypeAdapter[Rows] = TypeAdapter(Rows)


def extract_classifications(doc: CleanDocument, race: RaceFacts) -> tuple[Rows, Rows]:
    """(result rows, GC rows) of the race the document reports."""
    riders = Riders()
    paragraphs = list(iter_paragraphs(doc.text))
    segs = segments(doc.title, doc.standfirst, paragraphs)
    table_claims = text_table_claims(paragraphs, label=doc.standfirst)
    tabled = _claims_by_paragraph(paragraphs, table_claims)
    register_riders(segs, riders, tabled)
    prose_segs = [
        s for s in segs if s.method == "headline" or not ("\t" in s.text or s.offset in tabled)
    ]
    claims = table_claims + prose_claims(prose_segs, race, riders)
    for claim in claims:  # "2. Yates at 4sec" in a table is the Adam Yates of the text
        full = riders.resolve(claim.rider)
        if full is not None and len(full) >= len(claim.rider):
            claim.rider = full
    surnames = riders.index.surnames
    results = resolve([c for c in claims if c.which == "result"], surnames)
    gc = (
        resolve([c for c in claims if c.which == "gc"], surnames)
        if race.category != "one-day"
        else ()
    )
    results, gc = _known_teams(results, riders), _known_teams(gc, riders)
    if _is_championship(race):
        results = tuple(_national_team(r) for r in results)
    return results, gc


def _claims_by_paragraph(
    paragraphs: list[tuple[int, str]], claims: list[Claim]
) -> dict[int, list[Claim]]:
    """The table claims of each paragraph (by its offset) that holds table rows."""
    starts = [offset for offset, _ in paragraphs]
    out: dict[int, list[Claim]] = {}
    for claim in claims:
        i = bisect_right(starts, claim.start) - 1
        if claim.method == "table" and i >= 0:
            offset, text = paragraphs[i]
            if claim.start < offset + len(text):
                out.setdefault(offset, []).append(claim)
    return out


def _known_teams(rows: Rows, riders: Riders) -> Rows:
    """A row without a team takes the team the document gives the rider elsewhere."""
    out = []
    for row in rows:
        if row.team is None:
            full = riders.resolve(row.rider) or row.rider
            team = riders.teams.get(full)
            if team is not None:
                row = row.replaced(team=team)
        out.append(row)
    return tuple(out)


def _is_championship(race: RaceFacts) -> bool:
    """World, continental, Olympic and national championships are raced in national teams."""
    return bool(
        re.search(r"\b(?:championships?|olympic)", race.name, re.IGNORECASE)
    ) and not re.search(r"\bnational\b", race.name, re.IGNORECASE)


def _national_team(row: ResultRow) -> ResultRow:
    """At a championship the team is the nation."""
    country = catalogue.find_country(row.team or "") or catalogue.find_country(
        row.nationality or ""
    )
    if country is None:
        return row
    return row.replaced(team=country.name, nationality=country.name)


@dataclass(slots=True)
class _Entity:
    """All claims about one rider in one classification."""

    names: list[str]
    claims: list[Claim] = field(default_factory=list)
    pos: int | None = None
    pos_claim: Claim | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def first_order(self) -> int:
        return min(c.order for c in self.claims)

    def best(self, attr: str) -> Claim | None:
        """The most trusted claim that states `attr`."""
        if len(self.claims) == 1:  # most riders: one table row
            only = self.claims[0]
            return only if getattr(only, attr) is not None else None
        stated = [c for c in self.claims if getattr(c, attr) is not None]
        return max(stated, key=lambda c: (c.priority, -c.order)) if stated else None


def _trust(claim: Claim) -> tuple[int, int]:
    """Sort key: the most trusted claim first, then the earliest."""
    return -claim.priority, claim.order


def _group(claims: list[Claim], surnames: CloseSurnames | None) -> list[_Entity]:
    """The claims of each rider, the most trusted first.

    A name seen before goes to the rider it went to then: the index only grows and matches
    oldest first, so the name's first match is still the one it had then (or itself).
    """
    entities: list[_Entity] = []
    index = RiderIndex(surnames)
    owner: dict[str, _Entity] = {}
    for claim in sorted(claims, key=_trust):
        home = owner.get(claim.rider)
        if home is None:
            known = index.first_match(claim.rider)
            home = owner[known] if known is not None else None
            if home is None:
                home = _Entity([])
                entities.append(home)
            index.add(claim.rider)
            owner[claim.rider] = home
        home.names.append(claim.rider)
        home.claims.append(claim)
    return entities


def resolve(claims: list[Claim], surnames: CloseSurnames | None = None) -> Rows:
    """One row per rider: positions unique, gaps worked out in order, every row sourced.

    `surnames` are the document's (`RiderIndex`), when they are known already."""
    entities = _group(claims, surnames)
    _assign_positions(entities)
    _infer_positions(entities)
    placed = sorted((e for e in entities if e.pos is not None), key=lambda e: e.pos or 0)
    out = _with_gaps(placed)
    out += [_status_row(e) for e in entities if e.pos is None and _status(e) != "finished"]
    return _ROWS.validate_python(out)


def _assign_positions(entities: list[_Entity]) -> None:
    """Each rider takes the place of their most trusted claim not already taken."""
    taken: dict[int, _Entity] = {}
    ranked = [(claim, e) for e in entities if (claim := e.best("pos")) is not None]
    ranked.sort(key=lambda pair: _trust(pair[0]))
    for _, entity in ranked:
        options = [c for c in entity.claims if c.pos is not None]
        if len(options) > 1:
            options.sort(key=_trust)
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


def _infer_positions(entities: list[_Entity]) -> None:
    """A rider who finished behind the winner without a stated place takes an empty one."""
    taken = {e.pos for e in entities if e.pos is not None}
    if not taken:
        return
    missing = [p for p in range(2, max(taken)) if p not in taken]  # a winner is always stated
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


def _status(entity: _Entity) -> Status:
    return next((c.status for c in entity.claims if c.status != "finished"), "finished")


def _with_gaps(placed: list[_Entity]) -> list[_RowFields]:
    """Gaps in finishing order: 'same time' and 'a further 8s' build on the row above."""
    rows: list[_RowFields] = []
    gaps: dict[int, int | None] = {}
    winner_time: int | None = None
    above: int | None = None  # the last gap known above: "same time" is that of the group ahead
    slowest: int | None = None  # the largest gap known so far, for the order check
    for i, e in enumerate(placed):
        time = e.best("time_s")
        time_s = time.time_s if time else None
        if i == 0:
            gap: int | None = 0 if e.pos == 1 else _gap_of(e, gaps, above, placed)
            winner_time = time_s
        else:
            gap = _gap_of(e, gaps, above, placed)
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
        rows.append(_row(e, gap, time_s))
    return rows


def _gap_of(
    e: _Entity,
    gaps: dict[int, int | None],
    previous: int | None,
    placed: list[_Entity],
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


def _row(e: _Entity, gap: int | None, time_s: int | None) -> _RowFields:
    if len(e.claims) == 1:  # most riders: one table row, its own source, team and nationality
        (only,) = e.claims
        (name,) = e.names
        rider, team, nationality = name.strip(), only.team, only.nationality
        source = only
    else:
        source = e.pos_claim or e.claims[0]
        if source.method == "headline":  # point to the body's sentence when there is one
            source = next(
                (c for c in sorted(e.claims, key=lambda c: c.order) if c.method != "headline"),
                source,
            )
        rider = canonical_name(e.names)
        best_team, best_nationality = e.best("team"), e.best("nationality")
        team = best_team.team if best_team else None
        nationality = best_nationality.nationality if best_nationality else None
    return {
        "pos": e.pos,
        "rider": rider,
        "team": team,
        "nationality": nationality,
        "gap_s": gap,
        "time_s": time_s,
        "status": "finished",
        "provenance": _provenance(source),
        "warnings": tuple(e.warnings),
    }


def _status_row(e: _Entity) -> _RowFields:
    source = next(c for c in e.claims if c.status != "finished")
    team = e.best("team")
    return {
        "pos": None,
        "rider": canonical_name(e.names),
        "team": team.team if team else None,
        "status": _status(e),
        "provenance": _provenance(source),
    }


def _provenance(source: Claim) -> dict[str, object]:
    """The fields of the `Provenance` of a row that `source` states."""
    return {
        "start": source.start,
        "end": source.end,
        "sentence": source.sentence,
        "method": source.method,
    }
