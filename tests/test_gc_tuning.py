"""Garbage collection during batches: the cycle collector pauses, then runs as before."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from corpus_eval import cases
from helpers import raw

import raceview.ingest
import raceview.workers
from raceview.gc_tuning import BATCH_THRESHOLD, batch_collections, tune_for_batches
from raceview.ingest import ingest
from raceview.models import RawDocument
from raceview.store import Store
from raceview.workers import Analyser


@pytest.fixture(autouse=True)
def collector_as_by_default() -> Iterator[None]:
    before, enabled = gc.get_threshold(), gc.isenabled()
    gc.set_threshold(700, 10, 10)
    gc.enable()
    yield
    gc.set_threshold(*before)
    (gc.enable if enabled else gc.disable)()


def test_a_batch_pauses_the_collector_and_resumes_it() -> None:
    with batch_collections():
        assert not gc.isenabled()
    assert gc.isenabled()
    assert gc.get_threshold() == (700, 10, 10)


def test_the_collector_resumes_when_the_batch_fails() -> None:
    with pytest.raises(RuntimeError), batch_collections():
        raise RuntimeError("analysis failed")
    assert gc.isenabled()


def test_a_nested_batch_leaves_it_paused_until_the_outer_one_ends() -> None:
    with batch_collections():
        with batch_collections():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_the_program_turned_off_stays_off() -> None:
    gc.disable()
    with batch_collections():
        pass
    assert not gc.isenabled()


def test_in_process_analysis_runs_as_a_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []

    def analyse(raw: RawDocument) -> object:
        seen.append(gc.isenabled())
        return raw

    monkeypatch.setattr(raceview.workers, "analyse", analyse)
    document = raw(b"Pogacar wins the stage.")
    Analyser(workers=1).analyse([document, document])
    assert seen == [False, False]
    assert gc.isenabled()


def test_an_import_runs_as_a_batch(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    seen: list[bool] = []
    real = raceview.ingest.reconcile

    def reconcile(analyses: Any) -> Any:
        seen.append(gc.isenabled())
        return real(analyses)

    monkeypatch.setattr(raceview.ingest, "reconcile", reconcile)
    with Store(tmp_path / "rv.db") as store:
        ingest(store, [raw(b"Pogacar (UAE Team Emirates) won the 2024 Tour de France.")])
    assert seen == [False]
    assert gc.isenabled()


def test_importing_the_corpus_leaves_no_cyclic_garbage(tmp_path: Path) -> None:
    """What the pause relies on: reference counting frees everything a batch makes."""
    documents = [c.raw() for c in cases()]
    with Store(tmp_path / "warm.db") as store:  # first use of every library made once
        ingest(store, documents[:20])
    gc.collect()
    with Store(tmp_path / "rv.db") as store:
        ingest(store, documents)
        left = gc.collect()
    assert len(documents) > 100
    assert left < 50, f"{left} objects in reference cycles after importing the corpus"


def test_a_worker_process_collects_the_young_generation_less_often() -> None:
    tune_for_batches()
    assert gc.get_threshold() == (BATCH_THRESHOLD, 10, 10)
    assert gc.isenabled()
