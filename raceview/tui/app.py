"""The Textual application: RaceviewApp and `run_app`, the dashboard's entry point."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.screen import Screen

from raceview.tui.commands import ALL_COMMANDS, APP_COMMANDS
from raceview.tui.screens.help import HelpScreen
from raceview.tui.screens.main import MainScreen
from raceview.tui.services import Services

if TYPE_CHECKING:
    from raceview.paths import Paths
    from raceview.store import Store


class RaceviewApp(App[None]):
    """The dashboard. Give it Services (store, clock, clipboard, refresh) and a keymap."""

    CSS_PATH = "app.tcss"
    TITLE = "raceview"
    BINDINGS: ClassVar[list[BindingType]] = [command.binding() for command in APP_COMMANDS]
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, services: Services, *, keymap: dict[str, str] | None = None) -> None:
        super().__init__()
        self.services = services
        self.keymap_overrides = dict(keymap or services.keymap)
        self.theme = "textual-dark"

    def on_mount(self) -> None:
        if self.keymap_overrides:
            self.set_keymap(self.keymap_overrides)

    def get_default_screen(self) -> Screen[None]:
        return MainScreen(self.services)

    def action_help(self) -> None:
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


def run_app(store: Store, paths: Paths, keymap: dict[str, str] | None = None) -> None:
    """Run the dashboard on `store`, with the config's keys, sources and auto-refresh."""
    from raceview.tui.refresher import RefreshFn, find_refresher

    config = _load_config(paths)
    sources = tuple(getattr(config, "sources", ()))
    keys = dict(getattr(config, "keys", {}) or {})
    minutes = int(getattr(getattr(config, "ui", None), "auto_refresh_minutes", 0) or 0)

    def find_refresh() -> RefreshFn | None:
        return find_refresher(store, [s for s in sources if getattr(s, "enabled", True)])

    services = Services(
        store=store, find_refresh=find_refresh, keymap=keys, auto_refresh_minutes=minutes
    )
    RaceviewApp(services, keymap=keymap or keys).run()


def _load_config(paths: Paths) -> object | None:
    """The config (sources, keys, ui) when raceview.config is available."""
    try:
        from raceview.config import load_config
    except ImportError:
        return None
    return load_config(paths.config)
