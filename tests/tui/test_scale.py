"""The race list stays instant with 10,000 races (a line-rendered virtual list)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from raceview.store import Store
from tests.tui.conftest import AppFactory
from tests.tui.fixtures import many
from tests.tui.helpers import race_list, selected, settle

pytestmark = pytest.mark.anyio


async def test_ten_thousand_races(tmp_path: Path, make_app: AppFactory) -> None:
    store = many(Store(tmp_path / "big.db"), 10_000)
    app = make_app(store)
    async with app.run_test(size=(160, 45)) as pilot:
        started = time.perf_counter()
        await settle(pilot)
        assert race_list(app).counts == (10_000, 10_000)
        assert time.perf_counter() - started < 5
        started = time.perf_counter()
        for _ in range(20):
            await pilot.press("j")
        await pilot.pause()
        per_key = (time.perf_counter() - started) / 20
        assert per_key < 0.3, per_key  # end to end under Pilot, detail load included
        races = race_list(app)
        started = time.perf_counter()
        for _ in range(100):
            races.action_cursor(1)
            races.render_line(10)
        assert (time.perf_counter() - started) / 100 < 0.005  # the list itself: < 5 ms
        await pilot.press("G")
        await settle(pilot)
        assert selected(app) == race_list(app).cursor_race_id
        started = time.perf_counter()
        await pilot.press("slash", *"pogacar")
        await pilot.pause()
        typing = time.perf_counter() - started
        assert race_list(app).counts == (5_000, 10_000)
        assert typing < 3, typing
        await pilot.press("escape")
        await pilot.pause()
        assert race_list(app).counts == (10_000, 10_000)
    store.close()
