"""The main screen: the dashboard's commands (copy, export, versions, refresh, ...)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.actions import SkipAction
from textual.binding import Binding, BindingType
from textual.worker import Worker, WorkerState

from raceview.tui.commands import SCREEN_COMMANDS
from raceview.tui.data import analyse_version, open_in_browser, web_url, write_export
from raceview.tui.formatting import clean
from raceview.tui.messages import (
    CopyFinished,
    ExportWritten,
    HealthLoaded,
    RefreshFinished,
    RefreshProgressed,
    VersionLoaded,
)
from raceview.tui.screens.dashboard import DashboardBase
from raceview.tui.widgets.header import FreshnessHeader

if TYPE_CHECKING:  # exports, dialogs and refresh load when first used (start-up time)
    from raceview.export import Format
    from raceview.tui.refresher import RefreshFn
    from raceview.tui.screens.export_dialog import ExportChoice


class MainScreen(DashboardBase):
    """Race list, result, gap chart and article, with every command bound to a key."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(command.binding() for command in SCREEN_COMMANDS),
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]

    def on_mount(self) -> None:
        # not super().on_mount(): Textual calls DashboardBase.on_mount itself (every class's
        # handler in the MRO runs), so calling it here loaded the race list twice
        self.start_auto_refresh()

    def start_auto_refresh(self) -> None:
        """Refresh every `auto_refresh_minutes` (when set; once)."""
        minutes = self.services.auto_refresh_minutes
        if minutes > 0 and getattr(self, "_refresh_timer", None) is None:
            self._refresh_timer = self.set_interval(minutes * 60, self.auto_refresh_tick)

    # --- panes and filter -------------------------------------------------------------------

    def action_next_pane(self) -> None:
        self.step_pane(1)

    def action_previous_pane(self) -> None:
        self.step_pane(-1)

    def action_filter(self) -> None:
        from textual.widgets import Input  # loaded after the first paint anyway

        if isinstance(self.focused, Input):
            raise SkipAction  # '/' typed in a text field (the filter box itself) is a character
        box = self.filter_box()
        if box is None:
            return  # mounted right after the first paint
        self.pane = "races"
        self.query_one("#race-pane").add_class("-filtering")
        self.set_focus(box)  # now, not after a refresh: keys typed in the same burst go to it

    def action_clear_filter(self) -> None:
        box = self.filter_box()
        if box is not None and (box.value or box.has_focus):
            box.value = ""
            self.query_one("#race-pane").remove_class("-filtering")
            self.show_pane("races")

    # --- copy and export --------------------------------------------------------------------

    def _rows_shown(self) -> int:
        if self.detail is None:
            return 0
        return len(self.detail.gc if self.show_gc and self.detail.gc else self.detail.results)

    def _export_text(self, fmt: Format) -> str | None:
        if self.detail is None:
            self.notify("No race is selected.", severity="warning")
            return None
        from raceview.export import render

        return render(self.detail, fmt, gc=self.show_gc and bool(self.detail.gc))

    def action_copy(self) -> None:
        text = self._export_text("text")
        if text is not None:
            self.copy(text, "result table")

    def copy(self, text: str, what: str) -> None:
        """Send OSC 52 at once (it sets app.clipboard too), then try the system clipboard."""
        self.app.copy_to_clipboard(text)
        self._copy_native(text, what, self._rows_shown())

    @work(thread=True, group="clipboard", exit_on_error=False, name="copying")
    def _copy_native(self, text: str, what: str, rows: int) -> None:
        outcome = self.services.copy_native(text)
        self.post_message(CopyFinished(outcome.native, outcome.how, rows, what))

    def on_copy_finished(self, message: CopyFinished) -> None:
        from raceview.export import race_title

        title = race_title(self.detail) if self.detail else "the race"
        rows = f"{message.rows} row{'s' if message.rows != 1 else ''}"
        if message.native:
            self.notify(
                f"Copied {rows} of {title} ({message.what}) to the system clipboard"
                " and sent them to the terminal (OSC 52).",
                title="Copied",
                markup=False,
            )
        else:
            self.notify(
                f"Sent {rows} of {title} ({message.what}) to the terminal's clipboard (OSC 52);"
                f" {clean(message.how)}. If it did not arrive, press e and save to a file.",
                title="Copied via terminal",
                markup=False,
                timeout=8,
            )

    def action_export(self) -> None:
        if self.detail is None:
            self.notify("No race is selected.", severity="warning")
            return
        from raceview.tui.screens.export_dialog import ExportDialog

        dialog = ExportDialog(self.detail.race.id, self.services.export_dir)
        self.app.push_screen(dialog, self._exported)

    def _exported(self, choice: ExportChoice | None) -> None:
        if choice is None or (text := self._export_text(choice.fmt)) is None:
            return
        from raceview.tui.screens.export_dialog import LABELS

        if choice.target == "clipboard":
            self.copy(text, LABELS[choice.fmt])
        else:
            self._write(choice.path, text, self._rows_shown())

    @work(thread=True, group="export", exit_on_error=False, name="writing the export")
    def _write(self, path: Path, text: str, rows: int) -> None:
        self.post_message(ExportWritten(str(write_export(path, text)), rows))

    def on_export_written(self, message: ExportWritten) -> None:
        self.notify(
            f"Wrote {message.rows} rows to {clean(message.path)}", title="Exported", markup=False
        )

    # --- result, article and versions -------------------------------------------------------

    def action_toggle_gc(self) -> None:
        if self.detail is None or not self.detail.gc:
            self.notify("This race has no general classification.", severity="warning")
            return
        self.show_gc = not self.show_gc

    def action_next_article(self) -> None:
        count = len(self.detail.articles) if self.detail else 0
        if count < 2:
            self.notify("This race has only one article." if count else "No article.")
            return
        self.version, self.version_index = None, 0
        self.article_index = (self.article_index + 1) % count

    def action_next_version(self) -> None:
        article = self.article
        versions = article.versions if article else ()
        if len(versions) < 2:
            self.notify("This article has only one stored version.")
            return
        self.version = None
        self.version_index = (self.version_index + 1) % len(versions)
        if self.version_index:
            self._analyse(versions[self.version_index].document_id)

    @work(
        thread=True, exclusive=True, group="version", exit_on_error=False, name="reading a version"
    )
    def _analyse(self, document_id: int) -> None:
        self.post_message(VersionLoaded(document_id, analyse_version(self.store, document_id)))

    def on_version_loaded(self, message: VersionLoaded) -> None:
        article = self.article
        versions = article.versions if article else ()
        index = self.version_index
        if 0 < index < len(versions) and versions[index].document_id == message.document_id:
            self.version = message.analysis

    def action_open_url(self) -> None:
        article = self.article
        url = web_url(article.url) if article else None
        if article and url is None and article.versions:
            url = web_url(
                article.versions[min(self.version_index, len(article.versions) - 1)].origin
            )
        if url is None:
            self.notify("This article has no web address (it came from a file).")
            return
        self.notify(f"Opening {clean(url)}", markup=False)
        self._open(url)

    @work(thread=True, group="browser", exit_on_error=False, name="opening the browser")
    def _open(self, url: str) -> None:
        open_in_browser(url)

    # --- refresh and sources ----------------------------------------------------------------

    def action_refresh(self) -> None:
        self.start_refresh(quiet=False)

    def auto_refresh_tick(self) -> None:
        """The timer's refresh: silent when refresh is unavailable."""
        self.start_refresh(quiet=True)

    def start_refresh(self, quiet: bool) -> None:
        """Run a refresh in a worker unless one is running."""
        if any(w.group == "refresh" and w.is_running for w in self.workers):
            if not quiet:
                self.notify("A refresh is already running.")
            return
        refresh = self.services.find_refresh()
        if refresh is None:
            if not quiet:
                self.notify("refresh is not available", severity="warning")
            return
        self.query_one(FreshnessHeader).progress = (0, 0)
        self._refresh(refresh)

    @work(exclusive=True, group="refresh", exit_on_error=False, name="refresh")
    async def _refresh(self, refresh: RefreshFn) -> None:
        def progress(done: int, total: int) -> None:
            self.post_message(RefreshProgressed(done, total))

        outcome = await refresh(progress)
        self.post_message(RefreshFinished(outcome.summary, outcome.failures))

    def on_refresh_progressed(self, message: RefreshProgressed) -> None:
        self.query_one(FreshnessHeader).progress = (message.done, message.total)

    def on_refresh_finished(self, message: RefreshFinished) -> None:
        self.query_one(FreshnessHeader).progress = None
        self.notify(clean(message.summary), title="Refresh", markup=False)
        for source, reason in message.failures:
            self.notify(
                clean(reason), title=f"{clean(source)} failed", severity="warning", markup=False
            )
        self.load_races()

    def action_source_health(self) -> None:
        self._load_health()

    @work(thread=True, group="health", exit_on_error=False, name="reading source health")
    def _load_health(self) -> None:
        self.post_message(HealthLoaded(self.store.all_source_health()))

    def on_health_loaded(self, message: HealthLoaded) -> None:
        from raceview.tui.screens.health import SourceHealthScreen

        self.app.push_screen(SourceHealthScreen(message.health, self.services.now))

    # --- one handler for every worker's failure ---------------------------------------------

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.ERROR:
            return
        worker = event.worker
        if worker.group == "refresh":
            self.query_one(FreshnessHeader).progress = None
        error = worker.error
        self.notify(
            clean(f"{type(error).__name__}: {error}"),
            title=f"{worker.name} failed".strip().capitalize(),
            severity="error",
            markup=False,
            timeout=10,
        )
