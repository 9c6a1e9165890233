"""Concurrent use: the dashboard open (under Pilot, its store connection in this process) while
`raceview import` writes in a second process and a third process exports again and again.
No "database is locked" anywhere; every export is a complete, valid snapshot; the dashboard
keeps working, marks races seen (a write) and shows the new races once it reloads.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from raceview.store import Store
from tests.tui.conftest import AppFactory
from tests.tui.helpers import race_list, settle, toasts

pytestmark = pytest.mark.anyio

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "docs"

EXPORTER = """
import json, subprocess, sys, time
db, until = sys.argv[1], time.monotonic() + float(sys.argv[2])
runs = bad = 0
while time.monotonic() < until:
    for args in (["races", "--json"], ["export", "paris-roubaix-2024", "-f", "json"]):
        done = subprocess.run([sys.executable, "-m", "raceview", "--db", db, *args],
                              capture_output=True, text=True)
        runs += 1
        if done.returncode != 0 or "locked" in done.stderr:
            bad += 1
            print("FAILED", args, done.returncode, done.stderr.strip()[-300:], file=sys.stderr)
            continue
        data = json.loads(done.stdout)  # a complete document, never half a write
        if args[0] == "export":
            assert data["race"]["id"] == "paris-roubaix-2024" and data["results"], data
print(json.dumps({"runs": runs, "bad": bad}))
"""


def _folder(root: Path, n: int) -> Path:
    folder = root / "incoming"
    folder.mkdir()
    seeds = sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".html", ".md"))
    for i in range(n):
        src = seeds[i % len(seeds)]
        marker = f"\n<!-- copy {i} -->\n" if src.suffix == ".html" else f"\n\n(copy {i})\n"
        (folder / f"{i:04d}-{src.name}").write_bytes(src.read_bytes() + marker.encode())
    return folder


async def test_dashboard_import_and_export_at_once(
    tui_store: Store, make_app: AppFactory, tmp_path: Path
) -> None:
    db = tui_store.path
    before = len(tui_store.race_ids())
    folder = _folder(tmp_path, 160)
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    importer = subprocess.Popen(
        [sys.executable, "-m", "raceview", "--db", str(db), "import", str(folder)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    exporter = subprocess.Popen(
        [sys.executable, "-c", EXPORTER, str(db), "6"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    app = make_app(tui_store)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        started = time.monotonic()
        while importer.poll() is None or exporter.poll() is None:
            for key in ("j", "j", "k", "G", "g"):  # each shown race is read, and marked seen
                await pilot.press(key)
                await pilot.pause(0.05)
            assert app.is_running
            assert time.monotonic() - started < 120, "import and export never finished"
        await settle(pilot)
        problems = [t for t in toasts(app) if "locked" in t.lower() or "error" in t.lower()]
        assert not problems
        # a reload shows what the other process wrote
        main = app.screen_stack[0]
        main.load_races()  # type: ignore[attr-defined]
        await settle(pilot)
        assert len(race_list(app).entries) > before
    out, err = importer.communicate()
    assert importer.returncode == 0, err
    assert "locked" not in err
    assert "160 document(s) read, 0 failed" in out
    e_out, e_err = exporter.communicate()
    assert exporter.returncode == 0, e_err
    assert "locked" not in e_err
    figures = json.loads(e_out)
    assert figures["bad"] == 0 and figures["runs"] >= 2
    assert len(tui_store.race_ids()) > before
