"""Render SVG screenshots of the dashboard from the bundled sample reports.

The samples are imported through the real pipeline (raceview.ingest) into a temporary store,
so the pictures show what the analysis currently makes of them.

    .venv/bin/python scripts/screenshots.py [OUTPUT_DIR]     (default: screenshots/)
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from raceview.store import Store
from raceview.tui.app import RaceviewApp
from raceview.tui.data import import_samples
from raceview.tui.services import Services

#: name, terminal size, keys pressed before the screenshot
SHOTS: tuple[tuple[str, tuple[int, int], tuple[str, ...]], ...] = (
    ("dashboard-160x45", (160, 45), ("j", "j", "tab", "j")),
    ("dashboard-80x24", (80, 24), ()),
    ("dashboard-80x24-result", (80, 24), ("enter",)),
    ("filtered", (160, 45), ("slash", *"pogacar")),
    ("help", (160, 45), ("question_mark",)),
)


async def shoot(
    store: Store, out: Path, name: str, size: tuple[int, int], keys: Sequence[str]
) -> None:
    """One screenshot."""
    now = (store.last_updated() or dt.datetime.now(dt.UTC)) + dt.timedelta(minutes=4)
    services = Services(store=store, now=lambda: now, import_samples=False)
    app = RaceviewApp(services)
    async with app.run_test(size=size) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await app.workers.wait_for_complete()
            await pilot.pause()
        await pilot.pause(0.2)
        app.save_screenshot(f"{name}.svg", str(out))


async def main(out: Path) -> int:
    """Import the samples, then take every screenshot; print what was made."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "samples.db") as store:
        documents, races = import_samples(store)
        print(f"imported {documents} sample documents: {races} races")
        for race in store.list_races():
            print(f"  {race.id}  winner: {race.winner or '—'}")
        for name, size, keys in SHOTS:
            await shoot(store, out, name, size, keys)
            print(f"wrote {out / name}.svg")
    return 0 if races else 1


if __name__ == "__main__":
    target = (
        Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent.parent / "screenshots"
    )
    sys.exit(asyncio.run(main(target)))
