"""Shared by the terminal benchmarks: apps launched in a real terminal (a private tmux server).

A run is launched with `tmux new-window` and its screen read with `capture-pane` every few
milliseconds until what it waits for is painted.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = Path(sys.executable)
WIDTH, HEIGHT = 160, 45


def ensure_bytecode() -> None:
    """Compile raceview's modules to bytecode, as an installed app has them.

    pip compiles a package's modules when it installs them (Textual's are compiled in the
    venv), and Python writes the cache on an editable install's first run; but this machine
    sets PYTHONDONTWRITEBYTECODE=1, which made every measured start compile raceview from
    source (~50 ms) while the baseline's Textual loaded compiled code.
    """
    import compileall

    compileall.compile_dir(ROOT / "raceview", quiet=1)


class Tmux:
    """A private tmux server with one session, sized WIDTH x HEIGHT."""

    def __init__(self) -> None:
        self.socket = f"raceview-bench-{os.getpid()}"
        self.run("new-session", "-d", "-s", "bench", "-x", str(WIDTH), "-y", str(HEIGHT))
        self.n = 0

    def run(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            check=False,
        )
        return done.stdout

    def launch(self, command: str) -> tuple[str, float]:
        """Start `command` in a new window; (target, the time just before launching)."""
        self.n += 1
        name = f"w{self.n}"
        started = time.perf_counter()
        self.run("new-window", "-d", "-t", "bench", "-n", name, f"exec {command}")
        return f"bench:{name}", started

    def screen(self, target: str) -> str:
        return self.run("capture-pane", "-p", "-t", target)

    def pid(self, target: str) -> int:
        return int(self.run("display-message", "-p", "-t", target, "#{pane_pid}").strip())

    def wait_for(self, target: str, ready: Callable[[str], bool], timeout: float = 30) -> float:
        """Poll the screen until `ready(screen)`; the time it became so."""
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            if ready(self.screen(target)):
                return time.perf_counter()
            time.sleep(0.002)
        raise TimeoutError(f"{target} never got ready:\n{self.screen(target)}")

    def kill(self, target: str) -> None:
        self.run("kill-window", "-t", target)

    def close(self) -> None:
        self.run("kill-server")


@contextmanager
def tmux() -> Iterator[Tmux]:
    server = Tmux()
    try:
        yield server
    finally:
        server.close()


def minimal_command() -> str:
    return f"{PYTHON} {ROOT / 'benchmarks' / 'minimal_app.py'}"


def raceview_command(db: Path, config: Path) -> str:
    binary = PYTHON.parent / "raceview"
    return f"env -u DISPLAY -u WAYLAND_DISPLAY {binary} --db {db} --config {config}"


def peak_rss_mb(pid: int) -> float:
    """VmHWM (peak resident set) of a process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM")


def summary(values: list[float]) -> str:
    ms = sorted(v * 1000 for v in values)
    return f"median {statistics.median(ms):.0f} ms (min {ms[0]:.0f}, max {ms[-1]:.0f}, n={len(ms)})"


def store_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Races, result rows, documents and articles in a store (a classification is one JSON
    array of rows since migration 6)."""
    one = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COUNTED}
    rows = conn.execute("SELECT coalesce(sum(json_array_length(body)), 0) FROM classifications")
    return {**one, "result rows": rows.fetchone()[0]}


COUNTED = ("races", "documents", "articles")
