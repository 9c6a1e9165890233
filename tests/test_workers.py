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


def kill_workers(analyser: Analyser) -> None:
    """SIGKILL every worker process of the pool (what an out-of-memory killer would do)."""
    processes = getattr(analyser._pool, "_processes", None) or {}
    for process in list(processes.values()):
        process.kill()
        process.join()


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
        kill_workers(analyser)
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


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        text = (task / "children").read_text() if (task / "children").exists() else ""
        found |= {int(c) for c in text.split()}
    return found


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_workers_end_when_the_import_is_killed(tmp_path: Path) -> None:
    """SIGKILL of `raceview import` mid-analysis leaves no worker process behind."""
    import os
    import signal
    import subprocess
    import sys
    import time

    folder = tmp_path / "reports"
    folder.mkdir()
    sources = [p for p in sorted(CORPUS.iterdir()) if p.suffix in (".txt", ".md", ".html")]
    for n in range(6):  # enough documents that the workers are busy when the kill comes
        for p in sources:
            (folder / f"{n}-{p.name}").write_bytes(p.read_bytes() + f"\n{n}\n".encode())
    env = {**os.environ, WORKERS_ENV: "2", "RACEVIEW_DB": str(tmp_path / "rv.db")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "raceview", "import", str(folder)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        workers: set[int] = set()
        deadline = time.monotonic() + 30
        while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
            workers = _children(proc.pid)
            time.sleep(0.05)
        assert len(workers) >= 2, "the import started its worker processes"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(w) for w in workers):
            time.sleep(0.1)
        alive = [w for w in workers if _alive(w)]
        assert not alive, f"workers left running after the import was killed: {alive}"
    finally:
        if proc.poll() is None:
            proc.kill()


def _alive(pid: int) -> bool:
    """Running (a zombie waiting for its new parent to reap it counts as gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "State:\tZ" not in status
