"""Reconcile's cheap paths give what the plain ones give: rows, rider index needs, search."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pytest
from helpers import T0
from hypothesis import given, settings
from hypothesis import strategies as st

import raceview.analysis.reconcile as rec_module
from raceview.analysis.names import fold_name, surname_key, surname_variants
from raceview.analysis.reconcile import reconcile
from raceview.models import DocumentAnalysis, Provenance, RaceFacts, ResultRow
from raceview.store.documents import AnalysedDocument
from raceview.store.races import compact_search

RIDERS = [
    "Ion Izagirre", "Ion Izaguirre", "Gorka Izagirre", "I. Izagirre", "IZAGIRRE Ion", "Izagirre",
    "Adam Yates", "Simon Yates", "Yates", "Wout van Aert", "W. van Aert", "van Aert",
    "Elisa Longo Borghini", "Longo Borghini", "Tadej Pogačar", "Tadej Pogacar", " Tadej Pogačar",
    "Tadej Pogačar ", " ", "Jonas Vingegaard", "Jonas Vingegard", "Kron", "Krone", "Andreas Kron",
    "A", "", "Ab", "Ba", "Li", "Lu", "Søren  Kragh", "İlkay  Ş", "\u0301x", "ΟΔΟΣ Σ",
]  # fmt: skip
TEAMS = [None, "", "Cofidis", "COFIDIS", "Lotto Dstny", "Lotto-Dstny", "Lotto Dstny", " ", "Æ ß"]
STATUSES = ["finished", "otl", "dnf", "dns", "dsq"]


def _provenance(sentence: str) -> Provenance:
    return Provenance(start=0, end=len(sentence), sentence=sentence, method="table")


generated_rows = st.lists(
    st.builds(
        ResultRow,
        pos=st.one_of(st.none(), st.integers(1, 12)),
        rider=st.sampled_from(RIDERS),
        team=st.sampled_from(TEAMS),
        gap_s=st.one_of(st.none(), st.integers(0, 30)),
        status=st.sampled_from(STATUSES),
        provenance=st.one_of(st.none(), st.sampled_from(["a", "b c"]).map(_provenance)),
    ),
    max_size=14,
).map(tuple)


def _document(
    doc_id: int, origin: str, results: tuple[ResultRow, ...], gc: tuple[ResultRow, ...]
) -> AnalysedDocument:
    analysis = DocumentAnalysis(
        analyser_version=1,
        kind="report",
        title=f"Report {doc_id}",
        text="x" * doc_id,
        race=RaceFacts(name="Tour de Test", year=2024, stage="3", date=dt.date(2024, 7, 3)),
        results=results,
        gc=gc,
    )
    return AnalysedDocument(doc_id, origin, f"{doc_id:064x}", T0, analysis)


def _plain_final_rows(
    merge: rec_module._RowMerge, teams: dict[str, str], article_of: dict[int, int]
) -> list[ResultRow]:
    """The rows as reconcile made them with two generic copies a row, then a sort."""
    out = []
    for i, (row, doc_id) in enumerate(zip(merge.chosen, merge.source, strict=True)):
        provenance = row.provenance
        if provenance is not None and doc_id is not None:
            provenance = provenance.replaced(document_id=doc_id, article_id=article_of.get(doc_id))
        out.append(
            row.replaced(
                rider=merge.rider(i),
                team=teams[row.team] if row.team else None,
                provenance=provenance,
            )
        )
    rank = rec_module._STATUS_RANK
    return sorted(out, key=lambda r: (r.pos is None, r.pos or 0, rank[r.status]))


def _same_rows(fast: Sequence[ResultRow], plain: Sequence[ResultRow]) -> None:
    assert list(fast) == list(plain)
    assert [r.model_dump_json() for r in fast] == [r.model_dump_json() for r in plain]
    for a, b in zip(fast, plain, strict=True):
        assert type(a) is type(b)
        assert a.__pydantic_fields_set__ == b.__pydantic_fields_set__
        assert (a.__pydantic_extra__, a.__pydantic_private__) == (None, None)
        if a.provenance is not None and b.provenance is not None:
            assert a.provenance.__pydantic_fields_set__ == b.provenance.__pydantic_fields_set__
            assert type(a.provenance) is type(b.provenance)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(generated_rows, generated_rows), min_size=1, max_size=3),
    st.booleans(),
)
def test_final_rows_are_two_generic_copies_then_a_sort(
    versions: list[tuple[tuple[ResultRow, ...], tuple[ResultRow, ...]]], one_origin: bool
) -> None:
    docs = [
        _document(i, "/r/a" if one_origin else f"/r/{i}", results, gc)
        for i, (results, gc) in enumerate(versions, 1)
    ]
    fast = reconcile(docs)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rec_module, "_final_rows", _plain_final_rows)
        plain = reconcile(docs)
    assert fast is not None and plain is not None
    _same_rows(fast.results, plain.results)
    _same_rows(fast.gc, plain.gc)
    assert fast == plain


def _plain_index_needs(rows: Sequence[ResultRow]) -> list[tuple[bool, bool]]:
    variants = [surname_variants(surname_key(row.rider)) for row in rows]

    def shares(sets: Sequence[frozenset[str]]) -> list[bool]:
        seen: set[str] = set()
        out = []
        for mine in sets:
            out.append(not seen.isdisjoint(mine))
            seen |= mine
        return out

    return list(zip(shares(variants), shares(variants[::-1])[::-1], strict=True))


@settings(max_examples=500, deadline=None)
@given(generated_rows)
def test_index_needs_are_those_of_every_row_s_variants(rows: tuple[ResultRow, ...]) -> None:
    assert rec_module._index_needs(rows) == _plain_index_needs(rows)


def _plain_search(facts: RaceFacts, rows: Sequence[ResultRow]) -> str:
    words = [facts.name, str(facts.year), facts.race_id]
    if facts.stage:
        words += [f"stage {facts.stage}"]
    for row in rows:
        words += [row.rider, row.team or ""]
    return " ".join(fold_name(w) for w in words if w)


@settings(max_examples=500, deadline=None)
@given(
    generated_rows,
    st.sampled_from(["Tour de Test", "Vuelta a España", " ", "ΟΔΟΣ  Σ", "Ab  ba"]),
    st.sampled_from([None, "", "3", "Prologue ", "ß"]),
)
def test_search_text_and_its_distinct_words(
    rows: tuple[ResultRow, ...], name: str, stage: str | None
) -> None:
    facts = RaceFacts(name=name, year=2024, stage=stage)
    search, once = rec_module._search_text(facts, facts.race_id, rows)
    assert search == _plain_search(facts, rows)
    assert once == compact_search(search)
