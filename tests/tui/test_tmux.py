"""The real binary in tmux: `y` puts the result in tmux's buffer through OSC 52."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from raceview.store import Store
from tests.tui.fixtures import populate

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def _wait(check: Callable[[], bool], timeout: float = 15.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Callable[..., str]]:
    """Run tmux commands on a private server; the server is killed afterwards."""
    socket = f"raceview-test-{os.getpid()}-{tmp_path.name}"

    def run(*args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", socket, "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            check=False,
        )
        return done.stdout

    yield run
    run("kill-server")


def test_y_copies_into_tmux_buffer(tmp_path: Path, tmux: Callable[..., str]) -> None:
    db = tmp_path / "tmux.db"
    with Store(db) as store:
        populate(store)
    binary = Path(sys.executable).parent / "raceview"
    command = (
        f"env -u DISPLAY -u WAYLAND_DISPLAY RACEVIEW_CONFIG={tmp_path / 'config.toml'}"
        f" {binary} --db {db}"
    )
    tmux("new-session", "-d", "-s", "rv", "-x", "160", "-y", "45", command)
    tmux("set-option", "-g", "set-clipboard", "on")
    assert _wait(lambda: "Tour de France 2024" in tmux("capture-pane", "-p", "-t", "rv")), tmux(
        "capture-pane", "-p", "-t", "rv"
    )
    # the race list is painted first and the race's detail a moment later (longer on a busy
    # machine): until it is, `y` says no race is selected, so press it again
    for _ in range(5):
        time.sleep(0.5)
        tmux("send-keys", "-t", "rv", "y")
        if _wait(lambda: "Jonas Vingegaard" in tmux("show-buffer"), timeout=3):
            break
    assert "Jonas Vingegaard" in tmux("show-buffer"), tmux("list-buffers")
    buffer = tmux("show-buffer")
    assert buffer.startswith("Tour de France 2024, stage 21")
    assert "+1:03" in buffer
    assert _wait(lambda: "Copied" in tmux("capture-pane", "-p", "-t", "rv"))  # the toast
    tmux("send-keys", "-t", "rv", "q")
    assert _wait(lambda: "rv" not in tmux("list-sessions"), timeout=10)
