"""Reconciling the versions of a story: order-free, precise, honest about conflicts."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence

import pytest
from helpers import T0, row
from hypothesis import given, settings
from hypothesis import strategies as st

import raceview.analysis.reconcile as rec_module
from raceview.analysis.names import RiderIndex, canonical_name, surname_key
from raceview.analysis.reconcile import reconcile
from raceview.models import DocumentAnalysis, Provenance, RaceFacts, ResultRow
from raceview.store.documents import AnalysedDocument

RACE = "Gran Premio Miguel Indurain"
FULL_TEXT = (
    "Ion Izagirre (Cofidis) dropped Sergio Higuita on the last climb and won alone.\n\n"
    "Higuita came in two seconds later, Skjelmose third in the same time, Kron fourth at 13."
)


def prov(sentence: str, method: str = "prose") -> Provenance:
    return Provenance(start=0, end=len(sentence), sentence=sentence, method=method)  # type: ignore[arg-type]


def rows(first: str = "Ion Izagirre") -> tuple[ResultRow, ...]:
    s = "Higuita came in two seconds later"
    return (
        row(1, first, "Cofidis", gap_s=0, provenance=prov("Izagirre won alone")),
        row(2, "Sergio Higuita", "Bora-Hansgrohe", gap_s=2, provenance=prov(s)),
        row(3, "Mattias Skjelmose", "Trek-Segafredo", gap_s=2, provenance=prov(s)),
        row(4, "Andreas Kron", "Lotto Dstny", gap_s=13, provenance=prov(s)),
    )


def doc(
    doc_id: int,
    *,
    kind: str = "report",
    stub: bool = False,
    text: str = FULL_TEXT,
    title: str = "Izagirre wins the Gran Premio Miguel Indurain for a second time",
    distance: float | None = None,
    date: dt.date | None = dt.date(2023, 4, 1),
    dateline: bool = True,
    results: tuple[ResultRow, ...] = (),
    origin: str | None = None,
    fetched: dt.datetime = T0,
) -> AnalysedDocument:
    facts = RaceFacts(
        name=RACE,
        year=2023,
        date=date,
        category="one-day",
        distance_km=distance,
        start="Estella",
        finish="Estella-Lizarra",
        date_from_dateline=dateline,
    )
    analysis = DocumentAnalysis(
        analyser_version=1,
        kind=kind,  # type: ignore[arg-type]
        title=title,
        text=text,
        stub=stub,
        race=facts,
        results=results,
    )
    return AnalysedDocument(
        id=doc_id,
        origin=origin or f"/reports/{doc_id}.txt",
        sha256=f"{doc_id:064x}",
        fetched_at=fetched,
        analysis=analysis,
    )


def story() -> list[AnalysedDocument]:
    """A stub, the full report and a gallery of one race, as in the seeds."""
    stub = doc(1, stub=True, text="Izagirre won. More to follow.", distance=203, results=rows()[:1])
    full = doc(2, distance=203.2, results=rows("Ion Izaguirre"), fetched=T0 + dt.timedelta(hours=1))
    gallery = doc(
        3,
        kind="gallery",
        title="Gallery: Gran Premio Miguel Indurain",
        text="Izaguirre of Cofidis in the peloton before an attack.",
        distance=203.2,
        date=None,
    )
    return [stub, full, gallery]


def test_any_order_gives_the_same_race() -> None:
    docs = story()
    expected = reconcile(docs)
    assert expected is not None
    for perm in itertools.permutations(docs):
        assert reconcile(list(perm)) == expected


def test_any_order_gives_the_same_conflicts() -> None:
    docs = [*story(), doc(4, date=dt.date(2023, 4, 2), title="Another outlet's report")]
    expected = reconcile(docs)
    assert expected is not None and expected.conflicts
    for perm in itertools.permutations(docs):
        assert reconcile(list(perm)) == expected


def test_the_more_precise_distance_wins() -> None:
    rec = reconcile([doc(1, distance=203), doc(2, distance=203.2, title="Other")])
    assert rec is not None
    assert rec.race.distance_km == 203.2
    assert not [c for c in rec.conflicts if c.field == "distance_km"]


def test_distances_far_apart_are_a_conflict() -> None:
    rec = reconcile([doc(1, distance=203.2), doc(2, distance=180, title="Other")])
    assert rec is not None
    [conflict] = [c for c in rec.conflicts if c.field == "distance_km"]
    assert set(conflict.values) == {"203.2", "180.0"}
    assert conflict.chosen in conflict.values
    assert conflict.sources == (1, 2)


def test_longer_compatible_place_names_win() -> None:
    rec = reconcile([doc(1)])
    assert rec is not None
    assert (rec.race.start, rec.race.finish) == ("Estella", "Estella-Lizarra")


def test_conflicting_date_lines_are_a_conflict() -> None:
    rec = reconcile([doc(1), doc(2, date=dt.date(2023, 4, 2), title="Other")])
    assert rec is not None
    [conflict] = [c for c in rec.conflicts if c.field == "date"]
    assert set(conflict.values) == {"2023-04-01", "2023-04-02"}
    assert conflict.chosen == str(rec.race.date)
    assert conflict.sources == (1, 2)


def test_a_date_line_beats_a_guessed_date() -> None:
    guessed = doc(2, date=dt.date(2023, 4, 3), dateline=False, title="Other", stub=False)
    rec = reconcile([doc(1, stub=True), guessed])
    assert rec is not None
    assert rec.race.date == dt.date(2023, 4, 1)
    assert not [c for c in rec.conflicts if c.field == "date"]


def test_stub_and_full_report_are_one_article_showing_the_full_text() -> None:
    rec = reconcile(story())
    assert rec is not None
    reports = [a for a in rec.articles if a.kind == "report"]
    [article] = reports
    assert article.text == FULL_TEXT
    assert [v.document_id for v in article.versions] == [2, 1]  # the best version first
    assert [v.stub for v in article.versions] == [False, True]
    assert article.id == 1  # the story's first document
    assert rec.race.n_articles == 2  # the report and the gallery
    assert rec.race.n_versions == 3


def test_results_merge_with_one_name_per_rider() -> None:
    other = doc(4, title="Another outlet's report", results=rows()[:1], stub=True)
    rec = reconcile([*story(), other])
    assert rec is not None
    assert [(r.pos, r.rider, r.gap_s) for r in rec.results] == [
        (1, "Ion Izagirre", 0),  # Izaguirre once, Izagirre twice: one rider, the usual spelling
        (2, "Sergio Higuita", 2),
        (3, "Mattias Skjelmose", 2),
        (4, "Andreas Kron", 13),
    ]
    assert rec.race.winner == rec.results[0].rider
    prov = rec.results[1].provenance
    assert prov is not None and prov.document_id == 2 and prov.article_id == 1
    assert "izagirre" in rec.search and "skjelmose" in rec.search


def test_disagreeing_gaps_are_a_conflict() -> None:
    other = (row(2, "Sergio Higuita", "Bora-Hansgrohe", gap_s=5),)
    rec = reconcile([doc(1, results=rows()), doc(2, results=other, title="Other", stub=True)])
    assert rec is not None
    assert rec.results[1].gap_s == 2  # the better document's value
    assert any(c.field.endswith("gap_s") and set(c.values) == {"2", "5"} for c in rec.conflicts)


def test_nothing_to_reconcile() -> None:
    assert reconcile([]) is None
    no_race = doc(1).analysis.model_copy(update={"race": None})
    assert reconcile([AnalysedDocument(1, "/x", "0" * 64, T0, no_race)]) is None


def test_replaced_is_model_copy_with_an_update_and_stays_frozen() -> None:
    import pydantic

    row = ResultRow(
        pos=2,
        rider="W. van Aert",
        team="Visma",
        gap_s=5,
        provenance=Provenance(start=1, end=9, sentence="2 W. van Aert", method="table"),
    )
    fast = row.replaced(rider="Wout van Aert", team=None)
    slow = row.model_copy(update={"rider": "Wout van Aert", "team": None})
    assert fast == slow and hash(fast) == hash(slow)
    assert fast.model_fields_set == slow.model_fields_set
    assert fast.model_dump_json() == slow.model_dump_json()
    assert (row.rider, row.team) == ("W. van Aert", "Visma")  # the original is untouched
    with pytest.raises(pydantic.ValidationError):
        fast.rider = "someone else"  # type: ignore[misc]


# --- rows no other row can name the same rider skip the rider index ---------------------------

SPELLINGS = [
    "Ion Izagirre", "Ion Izaguirre", "Gorka Izagirre", "I. Izagirre", "IZAGIRRE Ion", "Izagirre",
    "Adam Yates", "Simon Yates", "Yates", "Wout van Aert", "W. van Aert", "van Aert",
    "Elisa Longo Borghini", "Longo Borghini", "Tadej Pogačar", "Tadej Pogacar", " Tadej Pogačar",
    "Tadej Pogačar ", " ",
    "Jonas Vingegaard", "Jonas Vingegard", "Kron", "Krone", "Andreas Kron", "A", "",
]  # fmt: skip
TEAM_SPELLINGS = [None, "", "Cofidis", "COFIDIS", "Lotto Dstny", "Lotto-Dstny", "Lotto Dstny"]

generated_rows = st.lists(
    st.builds(
        ResultRow,
        pos=st.one_of(st.none(), st.integers(1, 12)),
        rider=st.sampled_from(SPELLINGS),
        team=st.sampled_from(TEAM_SPELLINGS),
        gap_s=st.one_of(st.none(), st.integers(0, 30)),
        provenance=st.one_of(st.none(), st.just(prov("a sentence", "table"))),
    ),
    max_size=14,
).map(tuple)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(generated_rows, generated_rows), min_size=1, max_size=3))
def test_looking_up_and_indexing_only_rows_that_may_share_a_rider_changes_nothing(
    versions: list[tuple[tuple[ResultRow, ...], tuple[ResultRow, ...]]],
) -> None:
    docs = [
        doc(i, title=f"Report {i}", stub=i > 1, results=results).analysis.model_copy(
            update={"gc": gc}
        )
        for i, (results, gc) in enumerate(versions, 1)
    ]
    analysed = [AnalysedDocument(i, f"/r/{i}", f"{i:064x}", T0, a) for i, a in enumerate(docs, 1)]
    fast = reconcile(analysed)

    def every_row_indexed(rows: Sequence[ResultRow]) -> list[tuple[bool, bool]]:
        return [(True, True) for _ in rows]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rec_module, "_index_needs", every_row_indexed)  # looked up, indexed
        slow = reconcile(analysed)
    assert fast == slow


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(SPELLINGS), st.sampled_from(SPELLINGS))
def test_riders_the_index_matches_share_a_surname_variant(a: str, b: str) -> None:
    index = RiderIndex()
    index.add(a)
    variants = (rec_module.surname_variants(surname_key(n)) for n in (a, b))
    assert not index.matches(b) or not next(variants).isdisjoint(next(variants))


@settings(max_examples=300, deadline=None)
@given(st.lists(generated_rows, min_size=1, max_size=3))
def test_a_rider_written_one_way_is_the_canonical_name_of_that_spelling(
    versions: list[tuple[ResultRow, ...]],
) -> None:
    """`_RowMerge.rider` skips canonical_name for one spelling: the same name all the same."""
    merge = rec_module._RowMerge("results", [])
    for doc_id, rows in enumerate(versions, 1):
        for row_, needs in zip(rows, rec_module._index_needs(rows), strict=True):
            merge.take(doc_id, row_, *needs)
    for i, chosen in enumerate(merge.chosen):
        spellings = [chosen.rider, *merge._other_spellings.get(i, [])]
        assert merge.rider(i) == (canonical_name(spellings) or chosen.rider)
