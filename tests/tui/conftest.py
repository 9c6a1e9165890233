"""Fixtures for the dashboard tests: a populated store and an app with frozen effects."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from raceview.clipboard import CopyOutcome
from raceview.store import Store
from raceview.tui.app import RaceviewApp
from raceview.tui.refresher import RefreshFn
from raceview.tui.services import Services
from tests.tui.fixtures import NOW, populate


class FakeClipboard:
    """Records what was copied; says whether a native clipboard 'worked'."""

    def __init__(self, native: bool = True) -> None:
        self.native = native
        self.copied: list[str] = []

    def __call__(self, text: str) -> CopyOutcome:
        self.copied.append(text)
        if self.native:
            return CopyOutcome(True, "system clipboard")
        return CopyOutcome(False, "no clipboard tool (test)")


@pytest.fixture
def tui_store(tmp_path: Path) -> Iterator[Store]:
    """A store holding the fixture races."""
    with Store(tmp_path / "tui.db") as s:
        yield populate(s)


AppFactory = Callable[..., RaceviewApp]


@pytest.fixture
def make_app(tmp_path: Path) -> AppFactory:
    """Build an app over a store with a frozen clock, a fake clipboard and no samples."""

    def build(
        store: Store,
        *,
        clipboard: FakeClipboard | None = None,
        refresh: RefreshFn | None = None,
        keymap: dict[str, str] | None = None,
        import_samples: bool = False,
        sample_dir: Path | None = None,
    ) -> RaceviewApp:
        services = Services(
            store=store,
            now=lambda: NOW,
            copy_native=clipboard or FakeClipboard(),
            find_refresh=lambda: refresh,
            import_samples=import_samples,
            sample_dir=sample_dir,
            export_dir=tmp_path / "exports",
        )
        return RaceviewApp(services, keymap=keymap)

    return build


@pytest.fixture
def anyio_backend() -> str:
    """Pilot tests run on asyncio (through anyio's pytest plugin)."""
    return "asyncio"
