"""The race list works with 10,000 races (a line-rendered virtual list).

How fast it answers is measured by the benchmarks (benchmarks/select_race.py, filter_races.py,
startup.py), never here: a timed test fails on a busy machine and proves nothing on a fast one.
"""

from __future__ import annotations

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
        await settle(pilot)
        assert race_list(app).counts == (10_000, 10_000)
        first = selected(app)
        for _ in range(20):
            await pilot.press("j")
        await settle(pilot)
        races = race_list(app)
        assert selected(app) == races.cursor_race_id != first
        for _ in range(100):
            races.action_cursor(1)
            assert races.render_line(10).cell_length == races.scrollable_content_region.width
        await pilot.press("G")
        await settle(pilot)
        assert selected(app) == race_list(app).cursor_race_id
        await pilot.press("slash", *"pogacar")
        await settle(pilot)
        assert race_list(app).counts == (5_000, 10_000)
        await pilot.press("escape")
        await settle(pilot)
        assert race_list(app).counts == (10_000, 10_000)
    store.close()
