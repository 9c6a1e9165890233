"""Benchmark: store size per 1,000 articles, and `raceview reindex` throughput.

    .venv/bin/python benchmarks/store_size.py [--db PATH] [--reindex-races 200]

Size: the generated 10,000-race store (checkpointed), per table when SQLite has `dbstat`.
Reindex: `raceview --db COPY reindex` (the real command, one process) on a copy of a smaller
store of the same shape, timed end to end (re-analysis of every document, then the rebuild of
every race).
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import PYTHON, store_counts
from make_store import default_path, ensure
from synth import machine


def sizes(db: Path) -> None:
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    counts = store_counts(conn)
    size = db.stat().st_size
    print(f"store {db.name}: {size / 1e6:,.0f} MB; {counts}")
    print(
        f"  per 1,000 articles: {size / counts['articles'] * 1000 / 1e6:.1f} MB"
        f" (per 1,000 documents: {size / counts['documents'] * 1000 / 1e6:.1f} MB)"
    )
    try:
        rows = conn.execute(
            "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 10"
        ).fetchall()
    except sqlite3.OperationalError:
        rows = []
    for name, bytes_ in rows:
        print(f"    {name:<28} {bytes_ / 1e6:8.1f} MB")
    conn.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--reindex-races", type=int, default=200)
    args = parser.parse_args()
    print(machine())
    sizes(args.db or ensure(default_path(10_000), 10_000, 150, 15_000))
    n = args.reindex_races
    small = ensure(default_path(n), n, 150, n * 3 // 2)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "reindex.db"
        shutil.copy(small, copy)
        binary = PYTHON.parent / "raceview"
        started = time.perf_counter()
        done = subprocess.run(
            [str(binary), "--db", str(copy), "reindex"], capture_output=True, text=True, check=True
        )
        took = time.perf_counter() - started
    docs = n * 3 // 2
    print(f"reindex: {done.stdout.strip()} in {took:.1f} s = {docs / took:.0f} documents/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
