"""Analysis in worker processes: the same analyses as in-process, and a broken pool recovers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import run_cli

from raceview.analysis.pipeline import analyse
from raceview.models import RawDocument
from raceview.sources.files import read_file
from raceview.workers import MIN_BATCH, WORKERS_ENV, Analyser, default_workers

CORPUS = Path(__file__).parent / "corpus" / "docs"


def corpus_documents(n: int) -> list[RawDocument]:
    files = sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".md", ".html"))
    return [read_file(p) for p in files[:n]]


def dumped(analyses: list[object]) -> list[str]:
    return [a.model_dump_json() for a in analyses]  # type: ignore[attr-defined]


def test_workers_give_the_analyses_of_the_process_itself() -> None:
    raws = corpus_documents(MIN_BATCH + 8)
    with Analyser(workers=2) as analyser:
        in_workers = analyser.analyse(raws)
        assert analyser.pool_started
    assert dumped(in_workers) == dumped([analyse(r) for r in raws])


def test_a_small_batch_is_analysed_in_process() -> None:
    raws = corpus_documents(3)
    with Analyser(workers=2) as analyser:
        assert dumped(analyser.analyse(raws)) == dumped([analyse(r) for r in raws])
        assert not analyser.pool_started


def test_a_pool_whose_workers_die_falls_back_to_the_process() -> None:
    raws = corpus_documents(MIN_BATCH)
    with Analyser(workers=2) as analyser:
        analyser.analyse(raws)
        analyser.kill_workers_for_tests()
        again = analyser.analyse(raws)
        assert not analyser.pool_started, "the broken pool is let go"
    assert dumped(again) == dumped([analyse(r) for r in raws])


def test_the_environment_sets_the_number_of_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(WORKERS_ENV, "1")
    assert default_workers() == 1
    assert not Analyser().pool_started
    monkeypatch.setenv(WORKERS_ENV, "3")
    assert default_workers() == 3
    monkeypatch.setenv(WORKERS_ENV, "many")
    assert default_workers() >= 1


def test_import_with_workers_stores_what_one_process_stores(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    for p in sorted(CORPUS.iterdir())[: 2 * (MIN_BATCH + 4)]:
        if p.suffix in (".txt", ".md", ".html"):
            (folder / p.name).write_bytes(p.read_bytes())
    races = {}
    for workers in ("1", "2"):
        db = tmp_path / f"w{workers}.db"
        env = {WORKERS_ENV: workers, "RACEVIEW_DB": str(db)}
        done = run_cli("--db", str(db), "import", str(folder), cwd=tmp_path, env=env)
        assert done.returncode == 0, done.stderr
        listed = run_cli("--db", str(db), "races", "--json", cwd=tmp_path, env=env)
        assert listed.returncode == 0, listed.stderr
        races[workers] = json.loads(listed.stdout)
    assert races["1"], "the corpus documents make races"
    assert races["2"] == races["1"]
