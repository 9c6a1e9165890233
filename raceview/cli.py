"""The command line: `raceview [--db PATH] [--config PATH] [COMMAND ...]`."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from raceview import __version__

#: Command modules under raceview.commands, each with a `register(subparsers)`.
COMMANDS = ("imports", "races", "export", "reindex", "refresh", "sources")

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


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command (or the dashboard); return the exit code."""
    from raceview.commands.context import EXIT_STORE, CommandError, Context
    from raceview.paths import resolve
    from raceview.store import StoreError

    parser = build_parser()
    args = parser.parse_args(argv)
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
    except KeyboardInterrupt:
        print("raceview: interrupted; everything committed so far is kept", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    finally:
        ctx.close()
