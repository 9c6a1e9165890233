"""Garbage collection during batches: the young generation runs less often, then as before."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest
from helpers import raw

import raceview.ingest
import raceview.workers
from raceview.gc_tuning import BATCH_THRESHOLD, batch_collections
from raceview.ingest import ingest
from raceview.models import RawDocument
from raceview.store import Store
from raceview.workers import Analyser


@pytest.fixture(autouse=True)
def default_threshold() -> object:
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*before)


def test_a_batch_raises_the_threshold_and_restores_it() -> None:
    with batch_collections():
        assert gc.get_threshold() == (BATCH_THRESHOLD, 10, 10)
    assert gc.get_threshold() == (700, 10, 10)


def test_the_threshold_is_restored_when_the_batch_fails() -> None:
    with pytest.raises(RuntimeError), batch_collections():
        raise RuntimeError("analysis failed")
    assert gc.get_threshold() == (700, 10, 10)


def test_a_higher_threshold_set_by_the_program_is_kept() -> None:
    gc.set_threshold(50_000, 10, 10)
    with batch_collections():
        assert gc.get_threshold()[0] == 50_000
    assert gc.get_threshold() == (50_000, 10, 10)


def test_in_process_analysis_runs_as_a_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []

    def analyse(raw: RawDocument) -> object:
        seen.append(gc.get_threshold()[0])
        return raw

    monkeypatch.setattr(raceview.workers, "analyse", analyse)
    document = raw(b"Pogacar wins the stage.")
    Analyser(workers=1).analyse([document, document])
    assert seen == [BATCH_THRESHOLD, BATCH_THRESHOLD]
    assert gc.get_threshold()[0] == 700


def test_an_import_runs_as_a_batch(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    seen: list[int] = []
    real = raceview.ingest.reconcile

    def reconcile(analyses: Any) -> Any:
        seen.append(gc.get_threshold()[0])
        return real(analyses)

    monkeypatch.setattr(raceview.ingest, "reconcile", reconcile)
    with Store(tmp_path / "rv.db") as store:
        ingest(store, [raw(b"Pogacar (UAE Team Emirates) won the 2024 Tour de France.")])
    assert seen and set(seen) == {BATCH_THRESHOLD}
    assert gc.get_threshold()[0] == 700
