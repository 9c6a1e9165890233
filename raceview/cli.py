"""The command line: `raceview [--db PATH] [--config PATH] [COMMAND ...]`."""

from __future__ import annotations

import argparse
import importlib
import sqlite3
import sys
from collections.abc import Sequence

from raceview import __version__

#: Command modules under raceview.commands, each with a `register(subparsers)`.
COMMANDS = ("imports", "races", "export", "reindex", "refresh", "sources", "repair")

EPILOG = """\
exit codes: 0 ok, 1 some items failed, 2 usage error or nothing found, 3 the store is unusable
environment: RACEVIEW_DB (store file), RACEVIEW_CONFIG (config file)
"""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every available command."""
    parser = argparse.ArgumentParser(
        prog="raceview",
        description="A terminal dashboard for road-cycling races. Without a command, opens it.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"raceview {__version__}")
    parser.add_argument("--db", metavar="PATH", help="the store file (env RACEVIEW_DB)")
    parser.add_argument("--config", metavar="PATH", help="the config file (env RACEVIEW_CONFIG)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"raceview.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"raceview.commands.{name}":
                raise
            continue
        module.register(sub)
    return parser


def _dashboard_args(argv: Sequence[str] | None) -> argparse.Namespace | None:
    """The global options when the command line asks for the dashboard, else None.

    Building the full parser imports every command module, and with them the analyser,
    httpx, pydantic and the config (~0.5 s): the dashboard's start-up does not pay for that.
    """
    light = argparse.ArgumentParser(add_help=False, allow_abbrev=False, exit_on_error=False)
    light.add_argument("--db")
    light.add_argument("--config")
    try:
        args, rest = light.parse_known_args(argv)
    except (argparse.ArgumentError, SystemExit):
        return None
    if rest:
        return None
    args.command = None
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command (or the dashboard); return the exit code."""
    from raceview.commands.context import EXIT_STORE, CommandError, Context
    from raceview.paths import resolve
    from raceview.store import StoreError
    from raceview.store.db import store_problem

    args = _dashboard_args(argv)
    if args is None:  # a command: the full parser (it imports every command module)
        args = build_parser().parse_args(argv)
    ctx = Context(paths=resolve(args.db, args.config))
    try:
        if args.command is None:
            from raceview.commands.dashboard import run_dashboard

            return run_dashboard(args, ctx)
        code: int = args.func(args, ctx)
        return code
    except CommandError as exc:
        print(f"raceview: {exc}", file=sys.stderr)
        return exc.code
    except StoreError as exc:
        print(f"raceview: {exc}", file=sys.stderr)
        return EXIT_STORE
    except sqlite3.DatabaseError as exc:  # damage or a full disk found after opening
        print(f"raceview: {store_problem(ctx.paths.db, exc)}", file=sys.stderr)
        return EXIT_STORE
    except KeyboardInterrupt:
        print("raceview: interrupted; everything committed so far is kept", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    finally:
        ctx.close()
