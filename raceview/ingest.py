"""Store raw documents, analyse them and rebuild the races they touch."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from raceview.analysis.pipeline import ANALYSER_VERSION, analyse
from raceview.analysis.reconcile import reconcile
from raceview.models import RawDocument
from raceview.store import Store

Outcome = Literal["added", "unchanged"]


@dataclass(frozen=True, slots=True)
class Ingested:
    """What happened to one raw document."""

    origin: str
    outcome: Outcome
    document_id: int
    kind: str
    race_id: str | None


def ingest(store: Store, raws: Iterable[RawDocument]) -> list[Ingested]:
    """Store and analyse documents in one transaction; rebuild the races they touch."""
    done: list[Ingested] = []
    touched: set[str] = set()
    with store.db.transaction():
        for raw in raws:
            doc_id, added = store.add_document(raw)
            if not added:
                done.append(Ingested(raw.origin, "unchanged", doc_id, "", None))
                continue
            analysis = analyse(raw)
            before = store.save_analysis(doc_id, analysis)
            race_id = analysis.race.race_id if analysis.race else None
            touched.update(r for r in (before, race_id) if r)
            done.append(Ingested(raw.origin, "added", doc_id, analysis.kind, race_id))
        rebuild(store, touched)
    return done


def rebuild(store: Store, race_ids: Iterable[str]) -> None:
    """Recompute the derived race for each id from its analysed documents."""
    with store.db.transaction():
        for race_id in sorted(set(race_ids)):
            rec = reconcile(store.analyses_for_race(race_id))
            if rec is None or rec.race.id != race_id:
                store.delete_race(race_id)
            else:
                store.write_race(rec)


def reindex(
    store: Store, *, everything: bool = True, progress: Callable[[int, int], None] | None = None
) -> int:
    """Re-analyse stored documents (all, or only stale ones); return how many were analysed."""
    ids = store.document_ids() if everything else store.stale_document_ids(ANALYSER_VERSION)
    touched: set[str] = set()
    for n, doc_id in enumerate(ids, 1):
        stored = store.document(doc_id)
        if stored is None:
            continue
        analysis = analyse(stored.raw)
        with store.db.transaction():
            before = store.save_analysis(doc_id, analysis)
        touched.update(r for r in (before, analysis.race.race_id if analysis.race else None) if r)
        if progress:
            progress(n, len(ids))
    stale = set(store.race_ids()) - set(store.analysed_race_ids())
    rebuild(store, touched | stale)
    return len(ids)
