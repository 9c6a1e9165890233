"""Shared fixtures: an isolated environment and a temp store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from raceview.store import Store


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test reads or writes the user's real data, config or clipboard."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for var, sub in (
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_STATE_HOME", ".local/state"),
    ):
        monkeypatch.setenv(var, str(home / sub))
    for var in ("RACEVIEW_DB", "RACEVIEW_CONFIG", "DISPLAY", "WAYLAND_DISPLAY", "TMUX"):
        monkeypatch.delenv(var, raising=False)
    return home


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh store in a temp dir."""
    with Store(tmp_path / "rv.db") as s:
        yield s
