"""`raceview` with no command: the Textual dashboard (imported only here)."""

from __future__ import annotations

import argparse

from raceview.commands.context import EXIT_OK, Context


def run_dashboard(args: argparse.Namespace, ctx: Context) -> int:
    """Open the dashboard on the store."""
    from raceview.tui.data import Preload, pause_gc

    pause_gc()  # until the race list is painted
    preload = Preload(ctx.store, import_samples=True)  # the race list, read while Textual loads
    from raceview.tui.app import run_app

    run_app(ctx.store, ctx.paths, preload=preload)
    return EXIT_OK
