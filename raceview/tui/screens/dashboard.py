"""The dashboard's state and data flow: the screen owns the state and binds it to the panes.

Store reads run in thread workers that only post messages; handlers here update the state.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, ScrollableContainer, Vertical
from textual.reactive import var
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Input, Static

from raceview.tui.data import import_samples, load_race_list, load_search_index
from raceview.tui.messages import (
    DetailLoaded,
    ListPainted,
    RacesLoaded,
    SamplesImported,
    SearchLoaded,
)
from raceview.tui.screens.help import ADD_SOURCES
from raceview.tui.services import Services
from raceview.tui.widgets.article_view import ArticleView
from raceview.tui.widgets.gap_chart import GapChart
from raceview.tui.widgets.header import FreshnessHeader
from raceview.tui.widgets.race_list import RaceList
from raceview.tui.widgets.result_table import ResultTable

if TYPE_CHECKING:  # pydantic models load after the first paint (start-up time)
    from raceview.models import DocumentAnalysis, RaceDetail, ResultRow

BREAKPOINTS: list[tuple[int, str]] | None = [(0, "-narrow"), (110, "-normal"), (170, "-wide")]
PANES = ("races", "results", "chart-pane", "article")
PANE_NAMES = {
    "races": "Races",
    "results": "Result",
    "chart-pane": "Gap chart",
    "article": "Article",
}
EMPTY_STORE = [
    "No races yet.",
    "",
    "Add reports:",
    "  raceview import PATH_OR_URL",
    "Add feeds or folders:",
    "  raceview sources add …",
    "then press r to refresh.",
]


class DashboardBase(Screen[None]):
    """Layout, state and the race → detail flow; the commands live in MainScreen."""

    HORIZONTAL_BREAKPOINTS = BREAKPOINTS

    detail: var[RaceDetail | None] = var(None)
    show_gc: var[bool] = var(False)
    highlight: var[ResultRow | None] = var(None)
    article_index: var[int] = var(0)
    version_index: var[int] = var(0)
    version: var[DocumentAnalysis | None] = var(None)
    pane: var[str] = var("races")

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.store = services.store
        self._loading_id: str | None = None
        self._painted = False  # the race list has been painted once (start-up is over)

    def compose(self) -> ComposeResult:
        yield FreshnessHeader(self.services.now, id="header")
        yield Static(id="pane-tabs")
        with Horizontal(id="body"):
            with Vertical(id="race-pane"):
                yield Input(id="filter", placeholder="filter: race, rider, team")
                yield RaceList(id="races")
            with Vertical(id="detail-pane"):
                with Horizontal(id="top"):
                    yield ResultTable(id="results").data_bind(
                        DashboardBase.detail, DashboardBase.show_gc
                    )
                    with ScrollableContainer(id="chart-pane"):
                        yield GapChart(id="chart").data_bind(
                            DashboardBase.detail, DashboardBase.show_gc, DashboardBase.highlight
                        )
                yield ArticleView(id="article").data_bind(
                    DashboardBase.detail,
                    DashboardBase.article_index,
                    DashboardBase.version_index,
                    DashboardBase.version,
                    DashboardBase.highlight,
                )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#filter", Input).cursor_blink = False
        self.query_one("#race-pane").border_title = "Races"
        self.query_one("#chart-pane").border_title = "Gap chart"
        self.query_one("#article").border_title = "Article"
        self.watch_pane()
        self.query_one(RaceList).focus()
        self.load_races(first_run=True)

    # --- loading ----------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="races", exit_on_error=False, name="loading races")
    def load_races(self, first_run: bool = False) -> None:
        """Read the race list (importing the bundled samples into an empty store first)."""
        if first_run and self.services.import_samples and self.store.count_documents() == 0:
            documents, races = import_samples(self.store, self.services.sample_dir)
            self.post_message(SamplesImported(documents, races))
        self.post_message(RacesLoaded(load_race_list(self.store), self.store.last_updated()))

    @work(thread=True, exclusive=True, group="search", exit_on_error=False, name="loading search")
    def load_search(self) -> None:
        """Read what the filter matches (riders, teams): after the list is on screen."""
        self.post_message(SearchLoaded(load_search_index(self.store)))

    @work(thread=True, exclusive=True, group="detail", exit_on_error=False, name="loading a race")
    def load_detail(self, race_id: str) -> None:
        """Read one race's detail."""
        self.post_message(DetailLoaded(race_id, self.store.race_detail(race_id)))

    @work(thread=True, group="seen", exit_on_error=False, name="marking seen")
    def mark_seen(self, race_id: str) -> None:
        """Remember the user has looked at a race."""
        self.store.mark_seen(race_id, self.services.now())

    def on_samples_imported(self, message: SamplesImported) -> None:
        self.notify(
            f"Loaded {message.documents} bundled sample reports ({message.races} races). "
            + ADD_SOURCES,
            title="First run",
            markup=False,
            timeout=12,
        )

    def on_races_loaded(self, message: RacesLoaded) -> None:
        races = self.query_one(RaceList)
        races.empty_text = EMPTY_STORE
        previous = races.cursor_race_id
        races.set_races(message.races, keep=previous)
        header = self.query_one(FreshnessHeader)
        header.last_updated = message.last_updated
        header.counts = races.counts
        current = races.cursor_race_id
        if current is not None and current == previous:
            self.load_detail(current)  # same race: refresh it in place
        elif current is None:
            self.detail = None
        if self._painted:
            self.load_search()
        else:  # start-up: paint the list first, then load the rest (no GIL contention)
            self.call_after_refresh(self._after_first_paint)

    def _after_first_paint(self) -> None:
        self._painted = True
        self.load_search()
        current = self.query_one(RaceList).cursor_race_id
        if current is not None:
            self.load_detail(current)
        self.post_message(ListPainted())

    def on_search_loaded(self, message: SearchLoaded) -> None:
        races = self.query_one(RaceList)
        races.set_search(message.search)
        self.query_one(FreshnessHeader).counts = races.counts

    def on_race_list_highlighted(self, message: RaceList.Highlighted) -> None:
        if message.race_id is not None:
            self._loading_id = message.race_id
            if self._painted:  # at start-up, once the list is painted
                self.load_detail(message.race_id)

    def on_detail_loaded(self, message: DetailLoaded) -> None:
        races = self.query_one(RaceList)
        if message.race_id != races.cursor_race_id:
            return  # the cursor moved on meanwhile
        detail = message.detail
        if detail is None or self.detail is None or detail.race.id != self.detail.race.id:
            self.highlight = None
            self.article_index = self.version_index = 0
            self.version = None
            self.show_gc = False
        self.detail = detail
        if detail is not None and detail.race.id in races.unseen:
            races.mark_seen(detail.race.id)
            self.mark_seen(detail.race.id)

    def on_result_table_rider_focused(self, message: ResultTable.RiderFocused) -> None:
        self.highlight = message.row

    def on_race_list_selected(self, message: RaceList.Selected) -> None:
        self.show_pane("results")

    # --- filter -----------------------------------------------------------------------------

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        races = self.query_one(RaceList)
        races.set_filter(event.value)
        self.query_one(FreshnessHeader).counts = races.counts

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.query_one(RaceList).focus()

    # --- panes ------------------------------------------------------------------------------

    def watch_pane(self) -> None:
        for name in PANE_NAMES:
            self.set_class(self.pane == name, f"-pane-{name}")
        tabs = Text(" ")
        for name, label in PANE_NAMES.items():
            tabs.append(f" {label} ", "bold reverse" if name == self.pane else "dim")
            tabs.append(" ")
        self.query_one("#pane-tabs", Static).update(tabs)

    def show_pane(self, name: str) -> None:
        """Focus a pane, making it the visible one in the narrow layout."""
        self.pane = name
        pane = self.query_one(f"#{name}", Widget)
        pane.focus()  # at once when visible; again once a narrow layout has shown it
        self.call_after_refresh(pane.focus)

    def step_pane(self, delta: int) -> None:
        """Move focus to the next (or previous) pane."""
        focused = self.focused
        current = 0
        for i, name in enumerate(PANES):
            pane = self.query_one(f"#{name}", Widget)
            if focused is not None and (focused is pane or pane in focused.ancestors):
                current = i
        self.show_pane(PANES[(current + delta) % len(PANES)])
