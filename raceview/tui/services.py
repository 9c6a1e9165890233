"""What the screens are given by the app: the store and every outside effect, injectable."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from raceview.store import Store

if TYPE_CHECKING:  # loaded on first use (start-up time)
    from raceview.clipboard import CopyOutcome
    from raceview.tui.refresher import RefreshFn


def utc_now() -> dt.datetime:
    """The current time, timezone-aware."""
    return dt.datetime.now(dt.UTC)


def copy_native(text: str) -> CopyOutcome:
    """Copy with the platform's clipboard tool (raceview.clipboard, imported on first use)."""
    from raceview.clipboard import copy_native as copy

    return copy(text)


def no_refresh() -> RefreshFn | None:
    """No refresh available."""
    return None


@dataclass
class Services:
    """The store, the clock, the clipboard, the refresh and first-run behaviour."""

    store: Store
    now: Callable[[], dt.datetime] = utc_now
    copy_native: Callable[[str], CopyOutcome] = copy_native
    find_refresh: Callable[[], RefreshFn | None] = no_refresh
    keymap: dict[str, str] = field(default_factory=dict)
    import_samples: bool = True
    sample_dir: Path | None = None
    export_dir: Path = field(default_factory=Path.cwd)
    auto_refresh_minutes: int = 0
