"""Store raw documents, analyse them and rebuild the races they touch."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from raceview.analysis import reconcile as reconciling
from raceview.analysis.pipeline import ANALYSER_VERSION, analyse
from raceview.gc_tuning import batch_collections
from raceview.models import DocumentAnalysis, RawDocument
from raceview.store import Store
from raceview.workers import Analyser

if TYPE_CHECKING:
    from raceview.analysis.reconcile import ReconciledRace
    from raceview.store.documents import AnalysedDocument

Outcome = Literal["added", "unchanged"]
#: Documents re-analysed between two commits of `reindex`.
REINDEX_BATCH = 64
#: Races whose analyses a rebuild reads in one query (a reindex parses them all back).
REBUILD_BATCH = 256
#: Races reconciled, then written in one statement a table (a statement's cost shared).
INSERT_BATCH = 32
#: A raw document and its analysis, computed before the write transaction (None: stored already).
Prepared = tuple[RawDocument, DocumentAnalysis | None]


@dataclass(frozen=True, slots=True)
class Ingested:
    """What happened to one raw document."""

    origin: str
    outcome: Outcome
    document_id: int
    kind: str
    race_id: str | None


def analyse_new(
    store: Store, raws: Iterable[RawDocument], analyser: Analyser | None = None
) -> list[Prepared]:
    """Each document with its analysis (None when its bytes are already stored).

    Run this *before* the write transaction: analysis is pure and slow (milliseconds a
    document), and other processes (the dashboard, a refresh) wait for the write lock only so
    long. With an `Analyser`, a large batch is analysed in worker processes.
    """
    items = list(raws)
    stored = store.stored_sha256s(raw.sha256 for raw in items)
    new = {raw.sha256: raw for raw in items if raw.sha256 not in stored}
    done = (analyser or Analyser(workers=1)).analyse(list(new.values()))
    ready = dict(zip(new, done, strict=True))
    return [(raw, ready.get(raw.sha256)) for raw in items]


@batch_collections()
def ingest(
    store: Store, raws: Iterable[RawDocument | Prepared], analyser: Analyser | None = None
) -> list[Ingested]:
    """Store and analyse documents in one transaction; rebuild the races they touch.

    Documents not yet analysed (see `analyse_new`) are analysed first, outside the transaction.
    """
    items = [r if isinstance(r, tuple) else (r, None) for r in raws]
    if not store.db.in_transaction:  # inside a caller's transaction it is too late to save time
        unanalysed = [raw for raw, a in items if a is None]
        ready = {raw.sha256: a for raw, a in analyse_new(store, unanalysed, analyser)}
        items = [(raw, a if a is not None else ready.get(raw.sha256)) for raw, a in items]
    done: list[Ingested] = []
    touched: set[str] = set()
    saved: dict[int, DocumentAnalysis] = {}
    with store.db.transaction():
        for raw, prepared in items:
            doc_id, added = store.add_document(raw)
            if not added:
                done.append(Ingested(raw.origin, "unchanged", doc_id, "", None))
                continue
            analysis = prepared if prepared is not None else analyse(raw)
            before = store.save_analysis(doc_id, analysis)
            saved[doc_id] = analysis
            race_id = analysis.race.race_id if analysis.race else None
            touched.update(r for r in (before, race_id) if r)
            done.append(Ingested(raw.origin, "added", doc_id, analysis.kind, race_id))
        touched |= store.file_unnumbered_days(touched)
        rebuild(store, touched, saved)
        filed = store.filed_race_ids(d.document_id for d in done if d.race_id)
    return [replace(d, race_id=filed.get(d.document_id, d.race_id)) for d in done]


def rebuild(
    store: Store, race_ids: Iterable[str], saved: Mapping[int, DocumentAnalysis] | None = None
) -> None:
    """Recompute the derived race for each id from its analysed documents.

    `saved`: analyses just stored, by document id, so they need not be read back (and rows a
    race takes from one of them unchanged are written from the JSON it was stored as).
    """
    ids = sorted(set(race_ids))
    with store.db.transaction():
        # every touched race goes first: a document (and the article id it gives) may have
        # moved from one race to another, and writing the new one while the old one still
        # holds the article would break articles.id's uniqueness
        store.delete_races(ids)
        for first in range(0, len(ids), REBUILD_BATCH):
            _rebuild_races(store, ids[first : first + REBUILD_BATCH], saved)


def _rebuild_races(
    store: Store, race_ids: list[str], saved: Mapping[int, DocumentAnalysis] | None
) -> None:
    """Reconcile and store these races (deleted already); their analyses come in one query.

    `INSERT_BATCH` races are reconciled, then written together: reconcile and SQLite each run
    on their own warm caches (measured: ~0.07 ms a document less than taking turns race by
    race), and only so many races' rows and JSON are held at once."""
    analysed = store.analyses_for_races(race_ids, saved)
    for first in range(0, len(race_ids), INSERT_BATCH):
        ids = race_ids[first : first + INSERT_BATCH]
        recs = [reconcile(analysed.get(race_id, [])) for race_id in ids]
        kept = [r for r, i in zip(recs, ids, strict=True) if r is not None and r.race.id == i]
        store.insert_races(kept, saved)


def reconcile(docs: Sequence[AnalysedDocument]) -> ReconciledRace | None:
    """The race of these documents as the store writes it: `reconcile(docs, for_store=True)`
    (rows that are one document's, only stamped, left for the store to write from its JSON)."""
    return reconciling.reconcile(docs, for_store=True)


@batch_collections()
def reindex(
    store: Store,
    *,
    everything: bool = True,
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
) -> int:
    """Re-analyse stored documents (all, or only stale ones); return how many were analysed."""
    ids = store.document_ids() if everything else store.stale_document_ids(ANALYSER_VERSION)
    touched: set[str] = set()
    with Analyser(workers) as analyser:
        for first in range(0, len(ids), REINDEX_BATCH):
            stored = [store.document(i) for i in ids[first : first + REINDEX_BATCH]]
            found = [s for s in stored if s is not None]
            analyses = analyser.analyse([s.raw for s in found])
            with store.db.transaction():  # one batch at a time: a kill loses one batch's work
                for doc, analysis in zip(found, analyses, strict=True):
                    before = store.save_analysis(doc.id, analysis)
                    race = analysis.race.race_id if analysis.race else None
                    touched.update(r for r in (before, race) if r)
            if progress:
                progress(min(first + REINDEX_BATCH, len(ids)), len(ids))
    touched |= store.file_unnumbered_days(touched)
    stale = set(store.race_ids()) - set(store.analysed_race_ids())
    rebuild(store, touched | stale)
    return len(ids)
