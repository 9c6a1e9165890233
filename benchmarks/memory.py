"""Benchmark: peak memory (VmHWM) of the dashboard against a minimal Textual app.

    .venv/bin/python benchmarks/memory.py [--db PATH]

Both run in a real terminal (private tmux server, 160x45). The minimal app is read once
painted and idle for 2 s. raceview (10,000-race store) is exercised first: painted, search
index loaded, 15 races selected one after another (table, chart, article each time), a filter
typed and cleared, the GC/article keys, then 2 s idle. Budget: raceview's peak <= minimal + 60 MB.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from harness import ensure_bytecode, minimal_command, peak_rss_mb, raceview_command, tmux
from make_store import default_path, ensure
from minimal_app import READY
from startup import first_race
from synth import machine


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=None)
    args = parser.parse_args()
    print(machine())
    ensure_bytecode()
    db = args.db or ensure(default_path(10_000), 10_000, 150, 15_000)
    markers = first_race(db)
    with tempfile.TemporaryDirectory() as tmp, tmux() as server:
        target, _ = server.launch(minimal_command())
        server.wait_for(target, lambda s: READY in s)
        time.sleep(2)
        minimal = peak_rss_mb(server.pid(target))
        server.kill(target)

        target, _ = server.launch(raceview_command(db, Path(tmp) / "config.toml"))
        server.wait_for(target, lambda s: all(m in s for m in markers))
        time.sleep(2)
        for _ in range(15):
            server.run("send-keys", "-t", target, "j")
            time.sleep(0.15)
        for key in ("/", "p", "o", "g", "a", "c", "a", "r", "Escape", "a", "c"):
            server.run("send-keys", "-t", target, key)
            time.sleep(0.15)
        time.sleep(2)
        pid = server.pid(target)
        raceview = peak_rss_mb(pid)
        server.kill(target)
    extra = raceview - minimal
    print(f"minimal Textual app peak RSS: {minimal:.1f} MB")
    print(f"raceview (10k races) peak RSS: {raceview:.1f} MB (+{extra:.1f} MB)")
    print(f"budget <= minimal + 60 MB: {'met' if extra <= 60 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
