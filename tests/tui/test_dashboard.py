"""Pilot tests of the dashboard: navigation, filter, result, chart, article, versions."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from raceview.store import Store
from raceview.tui import data
from raceview.tui.data import load_first_races
from raceview.tui.widgets.article_view import HIGHLIGHT, ArticleView
from raceview.tui.widgets.gap_chart import GapChart
from raceview.tui.widgets.header import FreshnessHeader
from raceview.tui.widgets.result_table import ResultTable
from tests.tui.conftest import AppFactory
from tests.tui.helpers import main, race_list, selected, settle

pytestmark = pytest.mark.anyio

ORDER = [
    "tour-de-france-2024-stage-21",
    "paris-roubaix-2024",
    "chaos-2024",
    "gp-miguel-indurain-2023",
    "tour-of-nowhere-2022",
]


async def test_list_is_newest_first_and_shows_the_first_race(
    tui_store: Store, make_app: AppFactory
) -> None:
    app = make_app(tui_store)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert [e.race_id for e in race_list(app).entries] == ORDER
        assert selected(app) == ORDER[0]
        header = main(app).query_one(FreshnessHeader)
        assert "updated 4 min ago" in header.render().plain
        assert "5 races" in header.render().plain


async def test_keys_move_through_races(tui_store: Store, make_app: AppFactory) -> None:
    app = make_app(tui_store)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        assert selected(app) == ORDER[1]
        await pilot.press("G")
        await settle(pilot)
        assert selected(app) == ORDER[-1]
        await pilot.press("k")
        await settle(pilot)
        assert selected(app) == ORDER[-2]
        await pilot.press("g")
        await settle(pilot)
        assert selected(app) == ORDER[0]


async def test_seen_marks_drop_when_a_race_is_shown(tui_store: Store, make_app: AppFactory) -> None:
    assert tui_store.unseen_race_ids() == {ORDER[0]}
    app = make_app(tui_store)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert race_list(app).unseen == set()
    assert tui_store.unseen_race_ids() == set()


def test_first_races_are_the_lists_first_lines(tui_store: Store) -> None:
    lines, whole = load_first_races(tui_store, 2)
    assert lines == tui_store.race_lines()[:2]
    assert whole == (5, 5 + 5)  # five dates (an undated race has its year's heading)
    assert load_first_races(tui_store, 5) == (tui_store.race_lines(), None)


async def test_list_read_in_two_steps_ends_whole_and_seen(
    tui_store: Store, make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(data, "FIRST_RACES", 2)
    app = make_app(tui_store)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        races = race_list(app)
        assert [e.race_id for e in races.entries] == ORDER
        assert not races.partial
        assert races.counts == (5, 5)
        assert races.virtual_size.height == 10
        assert races.unseen == set()  # the first race was shown meanwhile
        await pilot.press("G")
        await settle(pilot)
        assert selected(app) == ORDER[-1]
    assert tui_store.unseen_race_ids() == set()


async def test_tab_cycles_panes(tui_store: Store, make_app: AppFactory) -> None:
    app = make_app(tui_store)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        ids = []
        for _ in range(4):
            await pilot.press("tab")
            await pilot.pause()
            ids.append(app.focused.id if app.focused else None)
        assert ids == ["results", "chart-pane", "article", "races"]
        await pilot.press("shift+tab")
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "article"


async def test_narrow_terminal_shows_one_pane_at_a_time(
    tui_store: Store, make_app: AppFactory
) -> None:
    app = make_app(tui_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = main(app)
        assert screen.has_class("-narrow")
        assert screen.query_one("#race-pane").display
        await pilot.press("enter")
        await settle(pilot)
        assert app.focused is not None and app.focused.id == "results"
        assert screen.query_one("#results").region.width > 60
        assert screen.query_one("#race-pane").region.width == 0


async def test_filter_is_accent_insensitive_and_esc_clears(
    tui_store: Store, make_app: AppFactory
) -> None:
    app = make_app(tui_store)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"induráin")
        await settle(pilot)
        assert race_list(app).counts == (1, 5)
        assert selected(app) == "gp-miguel-indurain-2023"
        for _ in range(8):
            await pilot.press("backspace")
        await pilot.press(*"skjelmose")  # a rider, without accents
        await pilot.pause()
        assert race_list(app).counts == (1, 5)
        await pilot.press("escape")
        await settle(pilot)
        assert race_list(app).counts == (5, 5)
        assert app.focused is race_list(app)
        await pilot.press("slash", *"nobody at all")
        await pilot.pause()
        assert race_list(app).counts == (0, 5)
        assert "No race matches" in race_list(app).render_line(1).text


async def test_keys_typed_in_one_burst_after_slash_reach_the_filter(
    tui_store: Store, make_app: AppFactory
) -> None:
    """A paste or a fast typist: the keys after '/' arrive before the filter box has focus."""
    from textual import events

    app = make_app(tui_store)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        for key, char in [("slash", "/"), *((c, c) for c in "skjelmose")]:
            app.post_message(events.Key(key, char))  # all queued before any is handled
        await settle(pilot)
        assert app.query_one("#filter", Input).value == "skjelmose"
        assert race_list(app).counts == (1, 5)
        await pilot.press("slash")  # in the box, '/' is a character
        assert app.query_one("#filter", Input).value == "skjelmose/"


async def test_result_table_marks_gaps_sources_and_conflicts(
    tui_store: Store, make_app: AppFactory
) -> None:
    app = make_app(tui_store)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("G", "k")  # GP Miguel Induráin
        await settle(pilot)
        table = main(app).query_one(ResultTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert [r[3] for r in rows] == ["", "+0:02", "s.t.", "+0:13"]
        assert [r[4] for r in rows] == ["P", "P", "P", "P!"]


async def test_selecting_a_row_highlights_chart_and_sentence(
    tui_store: Store, make_app: AppFactory
) -> None:
    app = make_app(tui_store)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "j")
        await settle(pilot)
        screen = main(app)
        assert screen.highlight is not None and screen.highlight.rider == "Jonas Vingegaard"
        chart = screen.query_one(GapChart)
        assert chart.highlight == screen.highlight
        view = screen.query_one(ArticleView)
        plain = view.plain
        assert "Jonas Vingegaard (Visma-Lease a Bike) was second" in plain


async def test_gc_toggle(tui_store: Store, make_app: AppFactory) -> None:
    app = make_app(tui_store)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        table = main(app).query_one(ResultTable)
        assert table.border_title == "GC"
        assert str(table.get_row_at(1)[3]) == "+6:17"
        await pilot.press("c")
        await pilot.pause()
        assert str(table.get_row_at(1)[3]) == "+1:03"


async def test_versions_step_through_and_show_other_text(
    tui_store: Store, make_app: AppFactory
) -> None:
    app = make_app(tui_store)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        plain = main(app).query_one(ArticleView).plain
        assert "version 2 of 2" in plain
        assert "Stub version sentence about Nice." in plain
        await pilot.press("v")
        await settle(pilot)
        plain = main(app).query_one(ArticleView).plain
        assert "version 1 of 2 (best)" in plain
        assert "Stub version sentence" not in plain


async def test_markup_and_escapes_in_data_show_literally(
    tui_store: Store, make_app: AppFactory
) -> None:
    app = make_app(tui_store)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j")  # the chaos race
        await settle(pilot)
        assert app.is_running
        table = main(app).query_one(ResultTable)
        assert str(table.get_row_at(0)[1]).startswith("[@click=app.quit]Boom")
        assert str(table.get_row_at(0)[2]).endswith("Team [/] x")
        assert str(table.get_row_at(1)[1]) == "Esc Rider"
        line = race_list(app).render_line(5).text
        assert "[@click=app.quit]Results[/]" in line
        assert "\x1b" not in line
        await pilot.click("#races", offset=(20, 5))
        await settle(pilot)
        assert app.is_running


def test_highlight_style_is_visible() -> None:
    assert "reverse" in HIGHLIGHT


async def test_result_rows_paint_as_their_cells(tui_store: Store, make_app: AppFactory) -> None:
    """The table paints a row straight from the race (a fast path): the same as its cells."""
    from raceview.tui.widgets.result_table import _strip

    app = make_app(tui_store)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        table = main(app).query_one(ResultTable)
        for _ in range(race_list(app).counts[0]):
            for i in range(table.row_count):
                assert table._row_strip(i).text == _strip(table.get_row_at(i)).text
            await pilot.press("j")
            await settle(pilot)
