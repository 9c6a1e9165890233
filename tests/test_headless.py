"""The core runs without Textual, and importing it does no I/O."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CORE = "raceview.cli, raceview.store, raceview.analysis.pipeline, raceview.export, raceview.ingest"


def python(code: str, cwd: Path, env: dict[str, str] | None = None) -> None:
    res = subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert res.returncode == 0, res.stderr


def test_the_core_never_imports_textual(tmp_path: Path) -> None:
    python(f"import {CORE}; import sys; assert 'textual' not in sys.modules", tmp_path)


def test_building_the_parser_never_imports_textual(tmp_path: Path) -> None:
    code = (
        "from raceview.cli import build_parser; build_parser().format_help(); import sys;"
        " assert 'textual' not in sys.modules, 'textual'"
    )
    python(code, tmp_path)


def test_importing_and_help_do_no_io(tmp_path: Path) -> None:
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    env = {
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_STATE_HOME": str(home / "state"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    python(f"import {CORE}", work, env)
    python("import sys; from raceview.cli import main; sys.argv = ['raceview', '--help']\n"
           "try:\n    main()\nexcept SystemExit:\n    pass", work, env)  # fmt: skip
    python("from raceview.cli import main\ntry:\n    main(['--version'])\nexcept SystemExit:\n"
           "    pass", work, env)  # fmt: skip
    assert list(home.iterdir()) == []
    assert list(work.iterdir()) == []
