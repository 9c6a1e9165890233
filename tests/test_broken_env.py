"""Broken environments: damaged stores (random bytes, truncated, damaged pages) and
`raceview repair`; a data folder that cannot be written; a disk that fills up.

(An invalid or missing config: tests/test_config.py and tests/test_refresh_cli.py; a store from
a newer raceview: tests/test_migrations.py.)
"""

from __future__ import annotations

import os
import random
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import run_cli

from raceview.store import Store

SAMPLES = Path(__file__).resolve().parent.parent / "raceview" / "data" / "samples"


def no_traceback(text: str) -> None:
    assert "Traceback" not in text, text


@pytest.fixture(scope="module")
def good_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("good")
    db = folder / "good.db"
    done = run_cli("--db", str(db), "import", str(SAMPLES), cwd=folder)
    assert done.returncode == 0, done.stderr
    return db


def damaged_copy(good: Path, target: Path, how: str) -> Path:
    shutil.copy(good, target)
    size = target.stat().st_size
    if how == "random":
        target.write_bytes(os.urandom(size))
    elif how == "truncated":
        with target.open("r+b") as f:
            f.truncate(size // 2)
    elif how == "pages":  # a few pages past the header overwritten
        rng = random.Random(5)
        with target.open("r+b") as f:
            for _ in range(3):
                f.seek(rng.randrange(8 * 4096, size - 512))
                f.write(rng.randbytes(512))
    return target


def kept_files(folder: Path, name: str) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.startswith(f"{name}.damaged-"))


@pytest.mark.parametrize("how", ["random", "truncated", "pages"])
def test_a_damaged_store_names_the_file_and_the_repair(
    good_db: Path, tmp_path: Path, how: str
) -> None:
    db = damaged_copy(good_db, tmp_path / "store.db", how)
    before = db.read_bytes()
    res = run_cli("--db", str(db), "races", cwd=tmp_path)
    if how == "pages" and res.returncode == 0:
        pytest.skip("the damaged pages are not on the race list's path")
    assert res.returncode == 3
    no_traceback(res.stderr)
    assert str(db) in res.stderr and "raceview repair" in res.stderr
    assert db.read_bytes() == before  # never touched by a failed open

    fixed = run_cli("--db", str(db), "repair", cwd=tmp_path)
    no_traceback(fixed.stderr)
    assert fixed.returncode in (0, 1), fixed.stderr
    kept = kept_files(tmp_path, "store.db")
    assert kept and kept[0].read_bytes() == before  # the damaged file is kept, as it was
    assert "the damaged store is kept as" in fixed.stdout
    after = run_cli("--db", str(db), "races", cwd=tmp_path)
    assert after.returncode == 0, after.stderr
    if how == "random":
        assert fixed.returncode == 1 and "nothing could be read" in fixed.stdout


def test_repair_recovers_the_readable_documents(good_db: Path, tmp_path: Path) -> None:
    with Store(good_db) as store:
        total = store.count_documents()
        races = len(store.race_ids())
    db = damaged_copy(good_db, tmp_path / "store.db", "pages")
    fixed = run_cli("--db", str(db), "repair", "--force", cwd=tmp_path)
    assert fixed.returncode in (0, 1), fixed.stderr
    with Store(db) as store:
        assert store.count_documents() >= total - 3  # at most one document per damaged page
        assert len(store.race_ids()) >= races - 3
        assert store.count_documents() + int(fixed.stdout.split(", ")[1].split()[0]) >= total - 3


def test_repair_of_a_healthy_store_changes_nothing(good_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    shutil.copy(good_db, db)
    res = run_cli("--db", str(db), "repair", cwd=tmp_path)
    assert res.returncode == 0 and "looks healthy; nothing to do" in res.stdout
    assert kept_files(tmp_path, "store.db") == []


def test_repair_without_a_store(tmp_path: Path) -> None:
    res = run_cli("--db", str(tmp_path / "none.db"), "repair", cwd=tmp_path)
    assert res.returncode == 2 and "nothing to repair" in res.stderr
    assert not (tmp_path / "none.db").exists()


def test_a_data_folder_that_cannot_be_written(tmp_path: Path) -> None:
    if os.geteuid() == 0:  # root writes anywhere it has a filesystem: use one that is read-only
        target = Path("/proc/raceview-test/store.db")
    else:
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o500)
        target = ro / "store.db"
    res = run_cli("--db", str(target), "races", cwd=tmp_path)
    assert res.returncode == 3
    no_traceback(res.stderr)
    assert str(target) in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1


def _limit_file_size() -> None:  # in the child: files may not grow past 256 KiB
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (256 * 1024, 256 * 1024))


def test_a_full_disk_is_a_clear_error_and_keeps_the_store(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    assert run_cli("--db", str(db), "races", cwd=tmp_path).returncode == 0  # a fresh store
    big = tmp_path / "big"
    big.mkdir()
    for n in range(40):
        (big / f"r{n}.txt").write_bytes(
            b"Tour de France 2024 stage 1 report\nStandfirst\n" + os.urandom(4000).hex().encode()
        )
    res = subprocess.run(
        [sys.executable, "-m", "raceview", "--db", str(db), "import", str(big)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_limit_file_size,
        check=False,
    )
    assert res.returncode == 3, res.stderr
    no_traceback(res.stderr)
    assert str(db) in res.stderr and "disk" in res.stderr
    after = run_cli("--db", str(db), "races", cwd=tmp_path)  # the store still opens
    assert after.returncode == 0, after.stderr
