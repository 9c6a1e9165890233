"""The Textual application: RaceviewApp and `run_app`, the dashboard's entry point."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.screen import Screen

from raceview.tui.commands import ALL_COMMANDS, APP_COMMANDS
from raceview.tui.data import Preload, resume_gc
from raceview.tui.messages import ListPainted
from raceview.tui.screens.main import MainScreen
from raceview.tui.services import Services

if TYPE_CHECKING:
    from raceview.paths import Paths
    from raceview.store import Store
    from raceview.tui.refresher import RefreshFn


@dataclass(frozen=True, slots=True)
class Settings:
    """What the config file says to the dashboard."""

    keys: dict[str, str]
    auto_refresh_minutes: int
    find_refresh: Callable[[], RefreshFn | None]


class RaceviewApp(App[None]):
    """The dashboard. Give it Services (store, clock, clipboard, refresh) and a keymap."""

    CSS_PATH = "app.tcss"
    TITLE = "raceview"
    BINDINGS: ClassVar[list[BindingType]] = [command.binding() for command in APP_COMMANDS]
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self,
        services: Services,
        *,
        keymap: dict[str, str] | None = None,
        settings: Callable[[], Settings] | None = None,
        preload: Preload | None = None,
    ) -> None:
        # the race list is read in a thread while Textual starts, for the first frame
        self._preload = preload or Preload(services.store, services.import_samples)
        super().__init__()
        self.services = services
        self.keymap_overrides = dict(keymap or services.keymap)
        self.theme = "textual-dark"
        self._settings = settings  # read once the race list is on screen (start-up time)
        self.settings_error: Exception | None = None

    def on_list_painted(self, _message: ListPainted) -> None:
        resume_gc()
        if self._settings is not None:
            self._read_settings(self._settings)
            self._settings = None

    @work(thread=True, exit_on_error=False, name="reading the config")
    def _read_settings(self, read: Callable[[], Settings]) -> None:
        try:
            settings = read()
        except Exception as exc:  # a bad config ends the app with its message, as before
            self.call_from_thread(self._settings_failed, exc)
            return
        self.call_from_thread(self._apply_settings, settings)

    def _apply_settings(self, settings: Settings) -> None:
        self.services.find_refresh = settings.find_refresh
        self.services.auto_refresh_minutes = settings.auto_refresh_minutes
        if settings.keys and not self.keymap_overrides:
            self.services.keymap = dict(settings.keys)
            self.keymap_overrides = dict(settings.keys)
            self.set_keymap(self.keymap_overrides)
        main = self.screen_stack[0] if self.screen_stack else None
        if isinstance(main, MainScreen):
            main.start_auto_refresh()

    def _settings_failed(self, error: Exception) -> None:
        self.settings_error = error
        self.exit(return_code=2)

    def on_mount(self) -> None:
        if self.keymap_overrides:
            self.set_keymap(self.keymap_overrides)
        self.set_timer(5.0, resume_gc)  # even when the list never paints (a store error)

    def get_default_screen(self) -> Screen[None]:
        return MainScreen(self.services, self._preload)

    def action_help(self) -> None:
        from raceview.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.keymap_overrides))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every raceview command in the palette, then Textual's own."""
        main = self.screen_stack[0] if self.screen_stack else None
        for command in ALL_COMMANDS:
            target = self if command in APP_COMMANDS else main
            if target is None:
                continue
            action = command.ACTION

            async def run(target: object = target, action: str = action) -> None:
                await self.run_action(action, target)  # type: ignore[arg-type]

            yield SystemCommand(command.TITLE, command.HELP, run)
        yield from super().get_system_commands(screen)


def run_app(
    store: Store,
    paths: Paths,
    keymap: dict[str, str] | None = None,
    preload: Preload | None = None,
) -> None:
    """Run the dashboard on `store`; the config (keys, sources, auto-refresh) is read in a
    thread once the race list is painted (it costs ~0.2 s of imports); a bad config ends the
    app with the same error as before."""

    def settings() -> Settings:
        from raceview.tui.refresher import find_refresher

        config = _load_config(paths)
        sources = tuple(getattr(config, "sources", ()))
        keys = dict(getattr(config, "keys", {}) or {})
        minutes = int(getattr(getattr(config, "ui", None), "auto_refresh_minutes", 0) or 0)

        def find_refresh() -> RefreshFn | None:
            return find_refresher(store, [s for s in sources if getattr(s, "enabled", True)])

        return Settings(keys, minutes, find_refresh)

    app = RaceviewApp(Services(store=store), keymap=keymap, settings=settings, preload=preload)
    app.run()
    if app.settings_error is not None:
        raise app.settings_error


def _load_config(paths: Paths) -> object | None:
    """The config (sources, keys, ui) when raceview.config is available."""
    try:
        from raceview.config import load_config
    except ImportError:
        return None
    return load_config(paths.config)
