"""Benchmark: cold start until the race list is painted, against a minimal Textual app.

    .venv/bin/python benchmarks/startup.py [--db PATH] [--rounds 10]

Both apps run in a real terminal (a private tmux server, 160x45), launched alternately, one
warm-up each first (so both start with the OS file cache warm). The clock starts just before
`tmux new-window` and stops when `capture-pane` shows the newest race's line in the race list
(raceview) or the Static's text (the minimal app), polled every ~2 ms.
Budget: raceview's median <= 1.3x the minimal app's median.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from harness import Tmux, ensure_bytecode, minimal_command, raceview_command, summary, tmux
from make_store import default_path, ensure
from minimal_app import READY
from synth import machine

from raceview.store import Store
from raceview.tui.formatting import race_label
from raceview.tui.widgets.race_list import heading


def first_race(db: Path) -> list[str]:
    """What the race list shows first: the newest race's date heading and title."""
    with Store(db) as store:
        race = store.race_lines()[0]
    return [heading(race), race_label(race)[:20]]


def _once(server: Tmux, command: str, markers: list[str]) -> float:
    target, started = server.launch(command)
    painted = server.wait_for(target, lambda screen: all(m in screen for m in markers))
    server.kill(target)
    return painted - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    print(machine())
    ensure_bytecode()
    db = args.db or ensure(default_path(10_000), 10_000, 150, 15_000)
    marker = first_race(db)
    with tempfile.TemporaryDirectory() as tmp, tmux() as server:
        rv = raceview_command(db, Path(tmp) / "config.toml")
        mini = minimal_command()
        _once(server, mini, [READY]), _once(server, rv, marker)  # warm-up
        minimal: list[float] = []
        raceview: list[float] = []
        for i in range(args.rounds):
            order = [(mini, [READY], minimal), (rv, marker, raceview)]
            for command, ready, out in order if i % 2 else order[::-1]:
                out.append(_once(server, command, ready))
    ratio = statistics.median(raceview) / statistics.median(minimal)
    print(f"minimal Textual app: {summary(minimal)}")
    print(f"raceview (10k races): {summary(raceview)}")
    verdict = "met" if ratio <= 1.3 else "NOT met"
    print(f"ratio {ratio:.2f} (budget <= 1.30: {verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
