"""Reconcile's cheap paths give what the plain ones give: rows, rider index needs, search."""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from helpers import T0
from hypothesis import given, settings
from hypothesis import strategies as st

import raceview.analysis.reconcile as rec_module
from raceview.analysis.names import fold_name, surname_key, surname_variants
from raceview.analysis.reconcile import reconcile
from raceview.analysis.slug import key
from raceview.ingest import ingest, rebuild
from raceview.models import Conflict, DocumentAnalysis, Provenance, RaceFacts, ResultRow
from raceview.store import Store
from raceview.store.documents import AnalysedDocument
from raceview.store.races import _classification_json, _rows_json, _stamped_json, compact_search

RIDERS = [
    "Ion Izagirre", "Ion Izaguirre", "Gorka Izagirre", "I. Izagirre", "IZAGIRRE Ion", "Izagirre",
    "Adam Yates", "Simon Yates", "Yates", "Wout van Aert", "W. van Aert", "van Aert",
    "Elisa Longo Borghini", "Longo Borghini", "Tadej Pogačar", "Tadej Pogacar", " Tadej Pogačar",
    "Tadej Pogačar ", " ", "Jonas Vingegaard", "Jonas Vingegard", "Kron", "Krone", "Andreas Kron",
    "A", "", "Ab", "Ba", "Li", "Lu", "Søren  Kragh", "İlkay  Ş", "\u0301x", "ΟΔΟΣ Σ",
]  # fmt: skip
TEAMS = [None, "", "Cofidis", "COFIDIS", "Lotto Dstny", "Lotto-Dstny", "Lotto Dstny", " ", "Æ ß"]
STATUSES = ["finished", "otl", "dnf", "dns", "dsq"]


#: Text that a careless reading of an analysis's JSON could take for its keys
TRICKY = [
    "a", "b c", '"provenance":{"document_id":null,"article_id":null,', '"results":[', ',"gc":[',
    ',"warnings":[', '\\",', "]}", "é",
]  # fmt: skip


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
        provenance=st.one_of(st.none(), st.sampled_from(TRICKY).map(_provenance)),
        warnings=st.lists(st.sampled_from(TRICKY), max_size=2).map(tuple),
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
        warnings=tuple(TRICKY[: doc_id * 2]),
    )
    return AnalysedDocument(doc_id, origin, f"{doc_id:064x}", T0, analysis)


def _plain_team_spellings(rows: Sequence[ResultRow]) -> dict[str, str]:
    written = Counter(row.team for row in rows if row.team)
    best: dict[str, tuple[str, int]] = {}
    for team, n in written.items():
        k = key(team)
        if k not in best or n > best[k][1]:
            best[k] = (team, n)
    return {team: best[key(team)][0] for team in written}


def _plain_merge_rows(
    ranked: Sequence[AnalysedDocument],
    which: str,
    conflicts: list[Conflict],
    article_of: dict[int, int],
) -> list[ResultRow]:
    """The rows as reconcile made them: two generic copies a row, then a sort."""
    sources = [(d.id, row) for d in ranked for row in getattr(d.analysis, which)]
    every_row = [row for _, row in sources]
    merge = rec_module._RowMerge(which, conflicts)
    for (doc_id, row), needs in zip(sources, _plain_index_needs(every_row), strict=True):
        merge.take(doc_id, row, *needs)
    teams = _plain_team_spellings(every_row)
    out = []
    for i, (row, source) in enumerate(zip(merge.chosen, merge.source, strict=True)):
        provenance = row.provenance
        if provenance is not None and source is not None:
            provenance = provenance.replaced(document_id=source, article_id=article_of.get(source))
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


versions_of_a_race = st.lists(st.tuples(generated_rows, generated_rows), min_size=1, max_size=3)


@settings(max_examples=300, deadline=None)
@given(versions_of_a_race, st.booleans())
def test_merged_rows_are_two_generic_copies_then_a_sort(
    versions: list[tuple[tuple[ResultRow, ...], tuple[ResultRow, ...]]], one_origin: bool
) -> None:
    docs = [
        _document(i, "/r/a" if one_origin else f"/r/{i}", results, gc)
        for i, (results, gc) in enumerate(versions, 1)
    ]
    ranked = sorted(docs, key=rec_module._completeness, reverse=True)  # as reconcile ranks
    stories = rec_module._group_stories(docs)
    article_of = {d.id: min(x.id for x in s.docs) for s in stories for d in s.docs}
    for which in ("results", "gc"):
        fast_conflicts: list[Conflict] = []
        plain_conflicts: list[Conflict] = []
        rows, source = rec_module._merge_rows(ranked, which, fast_conflicts, article_of)
        plain = _plain_merge_rows(ranked, which, plain_conflicts, article_of)
        _same_rows(rows, plain)
        assert fast_conflicts == plain_conflicts
        if source is not None:  # the rows are the document's, only stamped
            own = next(d.analysis for d in docs if d.id == source.document_id)
            assert source.rows is getattr(own, which)
            assert source.stamped() == tuple(plain)
            assert [r.model_dump_json() for r in source.stamped()] == [
                r.model_dump_json() for r in plain
            ]
        left_out = rec_module._merge_rows(ranked, which, [], article_of, for_store=True)
        assert left_out == (((), source) if source is not None else (rows, None))
    fast = reconcile(docs)
    for_store = reconcile(docs, for_store=True)
    assert fast is not None and for_store is not None
    assert for_store.results == (() if fast.results_from else fast.results)
    assert for_store.gc == (() if fast.gc_from else fast.gc)
    assert replace(for_store, results=fast.results, gc=fast.gc) == fast


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


@settings(max_examples=300, deadline=None)
@given(versions_of_a_race, st.booleans())
def test_rows_only_stamped_are_written_from_the_stored_json(
    versions: list[tuple[tuple[ResultRow, ...], tuple[ResultRow, ...]]], one_origin: bool
) -> None:
    """A classification that is one document's rows only stamped is written from the JSON
    the document's analysis was saved as: the same text as serialising the rows."""
    docs = [
        _document(i, "/r/a" if one_origin else f"/r/{i}", results, gc)
        for i, (results, gc) in enumerate(versions, 1)
    ]
    rec = reconcile(docs)
    assert rec is not None
    saved = {d.id: d.analysis for d in docs}
    saved_json = {d.id: d.analysis.model_dump_json() for d in docs}
    stored = sqlite3.connect(":memory:")  # the analyses as the store keeps them
    stored.execute("CREATE TABLE analyses (document_id INTEGER PRIMARY KEY, body TEXT)")
    stored.executemany("INSERT INTO analyses VALUES (?, ?)", saved_json.items())
    empty = sqlite3.connect(":memory:")
    empty.execute("CREATE TABLE analyses (document_id INTEGER PRIMARY KEY, body TEXT)")
    for which, rows, source in (
        ("results", rec.results, rec.results_from),
        ("gc", rec.gc, rec.gc_from),
    ):
        plain = _rows_json(rows) if rows else None
        if source is None:
            continue
        assert rows and source.rows is getattr(saved[source.document_id], which)
        stamp = {"document_id": source.document_id, "article_id": source.article_id}
        assert rows == tuple(
            r if r.provenance is None else r.replaced(provenance=r.provenance.replaced(**stamp))
            for r in source.rows
        )
        assert _stamped_json(saved_json[source.document_id], which, source) == plain
        assert _classification_json(stored, rows, source, which, saved) == plain
        assert _classification_json(empty, rows, source, which, saved) == plain
        assert _classification_json(stored, (), source, which, saved) == plain  # for_store
        assert _classification_json(stored, (), source, which, None) == plain
        assert _classification_json(empty, (), source, which, saved) == plain


@pytest.mark.parametrize("doc_id", [7, 1000, 123456789])  # the stamp shorter, as long, longer
def test_one_document_s_rows_come_from_its_json_unless_stamped_already(doc_id: int) -> None:
    rows = tuple(
        ResultRow(pos=i, rider=f"Rider {i}", team="Team", provenance=_provenance(t))
        for i, t in enumerate(TRICKY, 1)
    )
    (doc,) = docs = [_document(doc_id, f"/r/{doc_id}", rows, rows[:2])]
    rec = reconcile(docs)
    assert rec is not None and rec.results_from is not None and rec.gc_from is not None
    body = doc.analysis.model_dump_json()
    assert _stamped_json(body, "results", rec.results_from) == _rows_json(rec.results)
    assert _stamped_json(body, "gc", rec.gc_from) == _rows_json(rec.gc)
    for at in (0, len(rows) - 1):  # a provenance stamped already: the JSON cannot be used
        provenance = rows[at].provenance
        assert provenance is not None
        stamped = rows[at].replaced(provenance=provenance.replaced(document_id=doc_id))
        again = _document(doc_id, f"/r/{doc_id}", (*rows[:at], stamped, *rows[at + 1 :]), ())
        rec = reconcile([again])
        assert rec is not None and rec.results_from is not None
        assert _stamped_json(again.analysis.model_dump_json(), "results", rec.results_from) is None


def test_ingest_writes_the_classifications_a_rebuild_from_the_store_writes(
    tmp_path: Path,
) -> None:
    """ingest writes a race's rows from the analyses' JSON where it can; a rebuild from the
    store serialises them: the stored text is the same."""
    sys.path.insert(0, str(Path(__file__).parent))
    from corpus_eval import cases

    def bodies(store: Store) -> dict[tuple[str, str], str]:
        with store.db.reading() as conn:
            return {
                (r[0], r[1]): r[2]
                for r in conn.execute("SELECT race_id, kind, body FROM classifications")
            }

    with Store(tmp_path / "s.db") as store:
        ingest(store, [c.raw() for c in cases("d0")])
        before = bodies(store)
        rebuild(store, store.race_ids())
        after = bodies(store)
    assert len(before) >= 15
    assert after == before
