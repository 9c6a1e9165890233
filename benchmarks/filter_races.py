"""Benchmark: typing a character in the filter until the race list is updated.

    .venv/bin/python benchmarks/filter_races.py [--db PATH]

The real dashboard under Pilot (headless, 160x45) on the 10,000-race store. After the race
list and its search index are loaded, `/` opens the filter and queries are typed one key at a
time; each key is timed from the press until the list shows the filtered races (its applied
filter equals the box's text) and the screen has been refreshed (`pilot.pause()`).
Budget: median <= 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from harness import summary
from make_store import default_path, ensure
from pilot_app import SIZE, PaintWatch, build, races, until
from synth import machine

from raceview.store import Store

QUERIES = ("pogacar", "tour 2023", "vingegaard stage", "healy", "giro women 21")


async def run(db: Path) -> list[float]:
    times: list[float] = []
    with Store(db) as store, tempfile.TemporaryDirectory() as tmp:
        app = build(store, Path(tmp))
        async with app.run_test(size=SIZE) as pilot:
            rl = races(app)
            await until(lambda: rl.counts[1] > 0 and rl.search_ready)
            await pilot.pause()
            watch = PaintWatch([rl])
            for query in QUERIES:
                await pilot.press("slash")
                typed = ""
                for key in query:
                    typed += key
                    watch.expect(lambda _w, t=typed: rl.filter_applied == t)
                    started = time.perf_counter()
                    await pilot.press("space" if key == " " else key)
                    await until(watch.done)
                    times.append(watch.at() - started)
                    await pilot.pause()
                shown = rl.counts
                print(f"  {query!r}: {shown[0]:,} of {shown[1]:,} races")
                await pilot.press("escape")
                await until(lambda: rl.counts[0] == rl.counts[1])
                await pilot.pause()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=None)
    args = parser.parse_args()
    print(machine())
    db = args.db or ensure(default_path(10_000), 10_000, 150, 15_000)
    times = asyncio.run(run(db))
    median = statistics.median(times) * 1000
    print(f"filter keystroke: {summary(times)}")
    print(f"budget median <= 50 ms: {'met' if median <= 50 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
