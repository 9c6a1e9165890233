"""The dashboard's state and data flow: the screen owns the state and binds it to the panes.

Store reads run in thread workers that only post messages; handlers here update the state.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.reactive import var
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Static

from raceview.tui.data import Preload, Races, import_samples, load_race_list, load_search_index
from raceview.tui.messages import (
    DetailLoaded,
    DetailsReadAhead,
    ListPainted,
    RacesLoaded,
    SamplesImported,
    SearchLoaded,
)
from raceview.tui.services import Services
from raceview.tui.widgets.header import FreshnessHeader
from raceview.tui.widgets.race_list import RaceList

if TYPE_CHECKING:  # pydantic models and the detail panes load after the first paint
    from textual.widgets import Input

    from raceview.models import Article, DocumentAnalysis, RaceDetail, ResultRow
    from raceview.tui.widgets.lines import LinePane
    from raceview.tui.widgets.result_table import ResultTable

BREAKPOINTS: list[tuple[int, str]] | None = [(0, "-narrow"), (110, "-normal"), (170, "-wide")]
PANES = ("races", "results", "chart-pane", "article")
PANE_NAMES = {
    "races": "Races",
    "results": "Result",
    "chart-pane": "Gap chart",
    "article": "Article",
}
#: What each detail pane shows of the screen's state (set on it whenever the state changes).
BOUND: dict[str, tuple[str, ...]] = {
    "results": ("detail", "show_gc"),
    "chart-pane": ("detail", "show_gc", "highlight"),
    "article": ("detail", "article_index", "version_index", "version", "highlight"),
}
READ_AHEAD = 2  # races either side of the cursor whose details are read ahead
EMPTY_STORE = [
    "No races yet.",
    "",
    "Add reports:",
    "  raceview import PATH_OR_URL",
    "Add feeds or folders:",
    "  raceview sources add …",
    "then press r to refresh.",
]


def _app_width() -> int:
    """The terminal's width when the screen is made (0 outside a running app)."""
    from textual._context import active_app

    try:
        return active_app.get().size.width
    except LookupError:
        return 0


def _breakpoint(width: int) -> str:
    """The breakpoint class Textual sets for `width`."""
    return max(b for b in BREAKPOINTS or [(0, "")] if width >= b[0])[1]


class DashboardBase(Screen[None]):
    """Layout, state and the race → detail flow; the commands live in MainScreen.

    The first frame holds the header, the race list and the footer only; the filter box and
    the detail panes (result table, gap chart, article) are mounted once it is painted.
    """

    HORIZONTAL_BREAKPOINTS = BREAKPOINTS

    detail: var[RaceDetail | None] = var(None)
    show_gc: var[bool] = var(False)
    highlight: var[ResultRow | None] = var(None)
    article_index: var[int] = var(0)
    version_index: var[int] = var(0)
    version: var[DocumentAnalysis | None] = var(None)
    pane: var[str] = var("races")

    def __init__(self, services: Services, preload: Preload | None = None) -> None:
        # the classes of the first frame up front: it is styled once, not again on the
        # first resize (which sets the same breakpoint class)
        super().__init__(classes=f"-pane-races {_breakpoint(_app_width())}")
        self.services = services
        self.store = services.store
        self._preload = preload
        self._loading_id: str | None = None
        self._painted = False  # the race list has been painted once (start-up is over)
        self._panes: dict[str, LinePane] = {}  # the detail panes, once mounted
        self._details: dict[str, RaceDetail | None] = {}  # read ahead, by race id
        self._generation = 0  # of the race list: details read before a reload are dropped

    def compose(self) -> ComposeResult:
        yield FreshnessHeader(self.services.now, id="header")
        yield Static(id="pane-tabs")
        with Horizontal(id="body"), Vertical(id="race-pane"):
            yield RaceList(id="races")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#race-pane").border_title = "Races"
        self.watch_pane()
        races = self.query_one(RaceList)
        races.on_cursor = self._cursor_moved
        races.focus()
        ready = self._preload.take(timeout=0.2) if self._preload else None
        if ready is not None:
            self._show_races(ready)
        else:
            self.load_races(first_run=True)

    def _mount_detail(self) -> None:
        """Mount the filter box and the detail panes (after the first paint)."""
        from raceview.tui.widgets.article_view import ArticleView
        from raceview.tui.widgets.filter_box import FilterBox
        from raceview.tui.widgets.gap_chart import GapChart
        from raceview.tui.widgets.result_table import ResultTable

        box = FilterBox(self._filter_to, id="filter", placeholder="filter: race, rider, team")
        box.cursor_blink = False
        self.query_one("#race-pane").mount(box, before=0)
        table, chart = ResultTable(id="results"), GapChart(id="chart-pane")
        article = ArticleView(id="article")
        chart.border_title, article.border_title = "Gap chart", "Article"
        self._panes = {"results": table, "chart-pane": chart, "article": article}
        for name, pane in self._panes.items():
            for attribute in BOUND[name]:
                setattr(pane, attribute, getattr(self, attribute))
        top = Horizontal(table, chart, id="top")
        self.query_one("#body").mount(Vertical(top, article, id="detail-pane"))

    def detail_pane(self, name: str) -> Widget | None:
        """A detail pane ('results', 'chart-pane', 'article'), None until mounted."""
        return self._panes.get(name)

    def filter_box(self) -> Input | None:
        """The filter box, None until mounted."""
        from textual.widgets import Input

        try:
            return self.query_one("#filter", Input)
        except NoMatches:
            return None

    @property
    def article(self) -> Article | None:
        """The article shown in the article pane."""
        view = self._panes.get("article")
        return getattr(view, "article", None)

    def _bind(self, attribute: str) -> None:
        for name, pane in self._panes.items():
            if attribute in BOUND[name]:
                setattr(pane, attribute, getattr(self, attribute))

    def watch_detail(self) -> None:
        self._bind("detail")

    def watch_show_gc(self) -> None:
        self._bind("show_gc")

    def watch_highlight(self) -> None:
        self._bind("highlight")

    def watch_article_index(self) -> None:
        self._bind("article_index")

    def watch_version_index(self) -> None:
        self._bind("version_index")

    def watch_version(self) -> None:
        self._bind("version")

    # --- loading ----------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="races", exit_on_error=False, name="loading races")
    def load_races(self, first_run: bool = False) -> None:
        """Read the race list (importing the bundled samples into an empty store first)."""
        if first_run and self._preload is not None:
            ready = self._preload.take(timeout=None)
            if ready is not None:
                self.post_message(RacesLoaded(ready))
                return
        if first_run and self.services.import_samples and self.store.count_documents() == 0:
            documents, races = import_samples(self.store, self.services.sample_dir)
            self.post_message(SamplesImported(documents, races))
        self.post_message(RacesLoaded(Races(load_race_list(self.store), self.store.last_updated())))

    @work(thread=True, exclusive=True, group="search", exit_on_error=False, name="loading search")
    def load_search(self) -> None:
        """Read what the filter matches (riders, teams): after the list is on screen."""
        self.post_message(SearchLoaded(load_search_index(self.store)))

    @work(thread=True, exclusive=True, group="detail", exit_on_error=False, name="loading a race")
    def load_detail(self, race_id: str) -> None:
        """Read one race's detail."""
        self.post_message(DetailLoaded(race_id, self.store.race_detail(race_id)))

    @work(thread=True, exclusive=True, group="ahead", exit_on_error=False, name="reading ahead")
    def read_ahead(self, race_ids: list[str], generation: int) -> None:
        """Read the details of the races around the cursor, so that moving to one is instant."""
        from textual.worker import get_current_worker

        worker = get_current_worker()
        details: dict[str, RaceDetail | None] = {}
        for race_id in race_ids:
            if worker.is_cancelled:
                return
            details[race_id] = self.store.race_detail(race_id)
        self.post_message(DetailsReadAhead(details, generation))

    def _read_around(self) -> None:
        """After a paint: read ahead the neighbours not read yet."""
        wanted = self.query_one(RaceList).neighbours(READ_AHEAD)
        missing = [race_id for race_id in wanted if race_id not in self._details]
        if missing:
            self.read_ahead(missing, self._generation)

    def on_details_read_ahead(self, message: DetailsReadAhead) -> None:
        if message.generation == self._generation:
            self._details.update(message.details)
            self._prune_details()

    def _prune_details(self) -> None:
        races = self.query_one(RaceList)
        keep = {races.cursor_race_id, *races.neighbours(READ_AHEAD)}
        self._details = {k: v for k, v in self._details.items() if k in keep}

    @work(thread=True, group="seen", exit_on_error=False, name="marking seen")
    def mark_seen(self, race_id: str) -> None:
        """Remember the user has looked at a race."""
        self.store.mark_seen(race_id, self.services.now())

    def on_samples_imported(self, message: SamplesImported) -> None:
        from raceview.tui.screens.help import ADD_SOURCES

        self.notify(
            f"Loaded {message.documents} bundled sample reports ({message.races} races). "
            + ADD_SOURCES,
            title="First run",
            markup=False,
            timeout=12,
        )

    def on_races_loaded(self, message: RacesLoaded) -> None:
        self._show_races(message.races)

    def _show_races(self, loaded: Races) -> None:
        races = self.query_one(RaceList)
        previous, rest = races.cursor_race_id, races.partial  # rest: of the list read at start
        if not rest:  # the rest comes from the same store moments later: details still hold
            self._details, self._generation = {}, self._generation + 1  # they may have changed
        races.empty_text = EMPTY_STORE
        races.set_races(loaded.lines, keep=previous, whole=loaded.whole)
        header = self.query_one(FreshnessHeader)
        header.last_updated = loaded.last_updated
        header.counts = races.counts
        current = races.cursor_race_id
        if current is not None and current == previous and not rest:
            self.load_detail(current)  # same race: refresh it in place
        elif current is None:
            self.detail = None
        if self._painted:
            self.load_search()
        else:  # start-up: paint the list first, then load the rest (no GIL contention)
            self.call_after_refresh(self._after_first_paint)

    def _after_first_paint(self) -> None:
        if self._painted:
            return
        self._painted = True
        self._mount_detail()
        if self.query_one(RaceList).partial:
            self.load_races()  # the rest of the list; its search texts follow it
        else:
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
        self._cursor_moved(message.race_id)

    def _cursor_moved(self, race_id: str | None) -> None:
        if race_id is not None:
            self._loading_id = race_id
            if not self._painted:
                return  # at start-up, once the list is painted
            if race_id in self._details:  # read ahead: shown in the same frame as the cursor
                self._show_detail(race_id, self._details[race_id])
            else:
                self.load_detail(race_id)

    def on_detail_loaded(self, message: DetailLoaded) -> None:
        self._show_detail(message.race_id, message.detail)

    def _show_detail(self, race_id: str, detail: RaceDetail | None) -> None:
        races = self.query_one(RaceList)
        if race_id != races.cursor_race_id:
            return  # the cursor moved on meanwhile
        self._details[race_id] = detail
        self._prune_details()
        self.call_after_refresh(self._read_around)
        if detail is None or self.detail is None or detail.race.id != self.detail.race.id:
            # another race: its first row is highlighted at once (not after the table's
            # message), so each pane is rebuilt once
            self.highlight = detail.results[0] if detail is not None and detail.results else None
            self.article_index = self.version_index = 0
            self.version = None
            self.show_gc = False
        self.detail = detail
        if detail is not None and detail.race.id in races.unseen:
            races.mark_seen(detail.race.id)
            self.mark_seen(detail.race.id)
        for pane in self._panes.values():  # rebuilt now, painted in the coming frame
            pane.flush()

    def on_result_table_rider_focused(self, message: ResultTable.RiderFocused) -> None:
        self.highlight = message.row

    def on_race_list_selected(self, message: RaceList.Selected) -> None:
        self.show_pane("results")

    # --- filter -----------------------------------------------------------------------------

    def _filter_to(self, value: str) -> None:
        races = self.query_one(RaceList)
        if value != races.filter_text:
            races.set_filter(value)
            self.query_one(FreshnessHeader).counts = races.counts

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "filter":
            self.query_one(RaceList).focus()

    # --- panes ------------------------------------------------------------------------------

    def watch_pane(self) -> None:
        current = f"-pane-{self.pane}"
        if not self.has_class(current):  # two restyles, not one per pane
            self.remove_class(*(f"-pane-{name}" for name in PANE_NAMES if name != self.pane))
            self.add_class(current)
        tabs = Text(" ")
        for name, label in PANE_NAMES.items():
            tabs.append(f" {label} ", "bold reverse" if name == self.pane else "dim")
            tabs.append(" ")
        self.query_one("#pane-tabs", Static).update(tabs)

    def _pane_widget(self, name: str) -> Widget | None:
        return self.query_one("#races", Widget) if name == "races" else self._panes.get(name)

    def show_pane(self, name: str) -> None:
        """Focus a pane, making it the visible one in the narrow layout."""
        pane = self._pane_widget(name)
        if pane is None:
            return  # the detail panes are not mounted yet (the first moments)
        self.pane = name
        pane.focus()  # at once when visible; again once a narrow layout has shown it
        self.call_after_refresh(pane.focus)

    def step_pane(self, delta: int) -> None:
        """Move focus to the next (or previous) pane."""
        focused = self.focused
        current = 0
        for i, name in enumerate(PANES):
            pane = self._pane_widget(name)
            if focused is not None and (focused is pane or pane in focused.ancestors):
                current = i
        self.show_pane(PANES[(current + delta) % len(PANES)])
