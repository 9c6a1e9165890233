"""Benchmark: selecting another race until its table, chart and article are updated.

    .venv/bin/python benchmarks/select_race.py [--db PATH] [--moves 40]

The real dashboard under Pilot (headless, 160x45) on the 10,000-race store (150 result rows
and one article per race). Each `j` (next race) is timed from the press until the compositor
has painted the result table, the gap chart and the article text of the newly selected race;
then `pilot.pause()`, untimed (Pilot's own press + pause costs ~90 ms even for a key that does
nothing; see pilot_app.py). Budget: median <= 30 ms.
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
from raceview.tui.widgets.article_view import ArticleView
from raceview.tui.widgets.gap_chart import GapChart
from raceview.tui.widgets.result_table import ResultTable


async def run(db: Path, moves: int) -> list[float]:
    times: list[float] = []
    with Store(db) as store, tempfile.TemporaryDirectory() as tmp:
        app = build(store, Path(tmp))
        async with app.run_test(size=SIZE) as pilot:
            screen = app.screen_stack[0]
            rl = races(app)
            panes = (ResultTable, GapChart, ArticleView)  # mounted after the first paint
            await until(lambda: all(len(screen.query(pane)) for pane in panes))
            table = screen.query_one(ResultTable)
            chart = screen.query_one(GapChart)
            article = screen.query_one(ArticleView)

            def shown(race_id: str | None) -> bool:
                panes = (table.detail, chart.detail, article.detail)
                return all(d is not None and d.race.id == race_id for d in panes) and (
                    table.row_count == len(table.rows_shown) > 0
                )

            await until(lambda: rl.counts[1] > 0 and shown(rl.cursor_race_id))
            await pilot.pause()
            watch = PaintWatch([table, chart, article])
            for _ in range(moves):
                target = rl.entries[rl._visible[rl._cursor + 1]].id
                watch.expect(lambda _w, t=target: shown(t))
                started = time.perf_counter()
                await pilot.press("j")
                await until(watch.done)
                times.append(watch.at() - started)
                await pilot.pause()
            print(f"  {moves} moves, last race {rl.cursor_race_id}: {table.row_count} rows")
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--moves", type=int, default=40)
    args = parser.parse_args()
    print(machine())
    db = args.db or ensure(default_path(10_000), 10_000, 150, 15_000)
    times = asyncio.run(run(db, args.moves))
    median = statistics.median(times) * 1000
    print(f"select a race: {summary(times)}")
    print(f"budget median <= 30 ms: {'met' if median <= 30 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
