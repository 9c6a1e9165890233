"""Crash safety, short version of scripts/kill_test.py: SIGKILL `raceview refresh` (against a
local HTTP server) and `raceview import` at random moments; the store stays intact, nothing
committed is lost, and the next run completes and brings everything."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from kill_test import kill_loop


@pytest.mark.slow
@pytest.mark.parametrize("what", ["refresh", "import"])
def test_sigkill_at_random_moments_loses_nothing(what: str, tmp_path: Path) -> None:
    figures = kill_loop(what, 4, tmp_path, seed=7, size=12, echo=False)
    assert figures.ok, figures.line() + "\n" + "\n".join(figures.errors)
    checked = figures.kills - figures.before_store
    assert figures.integrity_ok == checked and figures.supersets_ok == checked
