"""Result and GC rows from a cleaned document: claims from tables and prose, reconciled.

Validation flags, never fakes: a position claimed twice keeps the better claim and warns; a gap
smaller than the one of a rider ahead is kept as stated, with a warning.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from operator import attrgetter, itemgetter

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
    resolve_rider = riders.resolve
    by_which: dict[str, list[Claim]] = {"result": [], "gc": []}
    for claim in claims:  # "2. Yates at 4sec" in a table is the Adam Yates of the text
        written = claim.rider
        full = resolve_rider(written)
        if full is not None and full != written and len(full) >= len(written):
            claim.rider = full
        by_which[claim.which].append(claim)
    surnames = riders.index.surnames
    results = resolve(by_which["result"], surnames)
    gc = resolve(by_which["gc"], surnames) if race.category != "one-day" else ()
    results, gc = _known_teams(results, riders), _known_teams(gc, riders)
    if _is_championship(race):
        results = tuple(_national_team(r) for r in results)
    return results, gc


def _claims_by_paragraph(
    paragraphs: list[tuple[int, str]], claims: list[Claim]
) -> dict[int, list[Claim]]:
    """The table claims of each paragraph (by its offset) that holds table rows; the
    paragraphs in order, as `iter_paragraphs` gives them."""
    starts = [offset for offset, _ in paragraphs]
    texts = dict(paragraphs)  # a table row's claim starts where its paragraph does
    out: dict[int, list[Claim]] = {}
    for claim in claims:
        if claim.method != "table":
            continue
        start = claim.start
        text = texts.get(start)
        if text is not None:
            if text:
                out.setdefault(start, []).append(claim)
            continue
        i = bisect_right(starts, start) - 1
        if i >= 0:
            offset, text = paragraphs[i]
            if start < offset + len(text):
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
    return bool(_CHAMPIONSHIP.search(race.name)) and not _NATIONAL.search(race.name)


_CHAMPIONSHIP = re.compile(r"\b(?:championships?|olympic)", re.IGNORECASE)
_NATIONAL = re.compile(r"\bnational\b", re.IGNORECASE)


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
    """All claims about one rider in one classification, the most trusted first (`_trust`)."""

    names: list[str]
    claims: list[Claim] = field(default_factory=list)
    pos: int | None = None
    pos_claim: Claim | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def first_order(self) -> int:
        return min(c.order for c in self.claims)

    def best(self, attr: str) -> Claim | None:
        """The most trusted claim that states `attr`: the first, the claims being in order."""
        for claim in self.claims:
            if getattr(claim, attr) is not None:
                return claim
        return None


def _trust(claim: Claim) -> tuple[int, int]:
    """Sort key: the most trusted claim first, then the earliest."""
    return -claim.priority, claim.order


def _by_trust(claims: list[Claim]) -> list[Claim]:
    """`sorted(claims, key=_trust)`: each method's claims (in their order), tables first."""
    tabled: list[Claim] = []
    told: list[Claim] = []
    headlined: list[Claim] = []
    by_method = {"table": tabled, "prose": told, "headline": headlined}
    for claim in claims:
        by_method[claim.method].append(claim)
    for part in by_method.values():
        if len(part) > 1:
            part.sort(key=_ORDER)
    return tabled + told + headlined


_ORDER = attrgetter("order")


def _group(claims: list[Claim], surnames: CloseSurnames | None) -> list[_Entity]:
    """The claims of each rider, the most trusted first; the riders in the order of their most
    trusted claims.

    A name seen before goes to the rider it went to then: the index only grows and matches
    oldest first, so the name's first match is still the one it had then (or itself).
    """
    entities: list[_Entity] = []
    index = RiderIndex(surnames)
    owner: dict[str, _Entity] = {}
    for claim in _by_trust(claims):
        rider = claim.rider
        home = owner.get(rider)
        if home is None:
            known = index.first_match_or_add(rider)
            if known is None:
                owner[rider] = home = _Entity([rider], [claim])
                entities.append(home)
                continue
            index.add(rider)  # another spelling of a rider met: indexed as well
            owner[rider] = home = owner[known]
        home.names.append(rider)
        home.claims.append(claim)
    return entities


def resolve(claims: list[Claim], surnames: CloseSurnames | None = None) -> Rows:
    """One row per rider: positions unique, gaps worked out in order, every row sourced.

    `surnames` are the document's (`RiderIndex`), when they are known already."""
    entities = _group(claims, surnames)
    _assign_positions(entities)
    _infer_positions(entities)
    placed = [e for e in entities if e.pos is not None]
    placed.sort(key=_POS)
    out = _with_gaps(placed)
    out += [_status_row(e) for e in entities if e.pos is None and _status(e) != "finished"]
    return _ROWS.validate_python(out)


_POS = attrgetter("pos")


def _assign_positions(entities: list[_Entity]) -> None:
    """Each rider takes the place of their most trusted claim not already taken."""
    taken: dict[int, _Entity] = {}
    ranked: list[tuple[tuple[int, int], _Entity, list[Claim]]] = []
    for entity in entities:
        claims = entity.claims
        if len(claims) == 1:  # most riders: one table row
            only = claims[0]
            if only.pos is not None:
                ranked.append((_trust(only), entity, claims))
            continue
        options = [c for c in claims if c.pos is not None]  # in trust order, as the claims
        if options:
            ranked.append((_trust(options[0]), entity, options))
    ranked.sort(key=_FIRST)
    for _, entity, options in ranked:
        for claim in options:
            pos = claim.pos
            assert pos is not None
            holder = taken.get(pos)
            if holder is None:
                entity.pos, entity.pos_claim = pos, claim
                taken[pos] = entity
                break
            entity.warnings.append(
                f"position {pos} is also given to {holder.names[0]}: {claim.sentence[:80]}"
            )


_FIRST = itemgetter(0)


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
        claims = e.claims
        only = claims[0] if len(claims) == 1 else None  # most riders: one table row
        if only is not None:
            time_s = only.time_s
        else:
            time = e.best("time_s")
            time_s = time.time_s if time else None
        gap: int | None
        if i == 0 and e.pos == 1:
            gap = 0
        elif only is not None and only.gap_s is not None and only.method == "table":
            gap = only.gap_s  # `_gap_of`'s first answer
        else:
            gap = _gap_of(e, gaps, above, placed)
        if i == 0:
            winner_time = time_s
        elif gap is None and time_s is not None and winner_time is not None:
            gap = time_s - winner_time if time_s >= winner_time else None
        if gap is not None:
            if gap < 0:
                e.warnings.append(f"a negative gap ({gap}s) was stated; shown as unknown")
                gap = None
            elif slowest is not None and gap < slowest:
                e.warnings.append(f"gap {gap}s is smaller than the {slowest}s of a rider ahead")
        gaps[id(e)] = gap
        if gap is not None:
            above = gap
            if slowest is None or gap > slowest:
                slowest = gap
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
