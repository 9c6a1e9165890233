"""`raceview export RACE`: a race's result as text, Markdown, CSV, TSV or JSON."""

from __future__ import annotations

import argparse
from pathlib import Path

from raceview.clipboard import copy_native, osc52
from raceview.commands.context import EXIT_OK, EXIT_SOME_FAILED, CommandError, Context
from raceview.export import FORMATS, render
from raceview.models import RaceDetail
from raceview.store import Store


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `export` command."""
    p = sub.add_parser(
        "export",
        help="export a race's result",
        description="Export a race's result. RACE is a race id or words to search for"
        " ('indurain 2023'); an ambiguous search lists the candidates and exits 2.",
    )
    p.add_argument("race", metavar="RACE")
    p.add_argument("--format", "-f", choices=FORMATS, default="text")
    p.add_argument("--gc", action="store_true", help="the general classification instead")
    p.add_argument("--copy", action="store_true", help="also copy it to the clipboard")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    p.set_defaults(func=run)


def find_one(store: Store, query: str) -> RaceDetail:
    """The one race `query` names, or a CommandError listing what it could mean."""
    races = store.find_races(query)
    if not races:
        raise CommandError(f"no race matches {query!r} (see `raceview races`)")
    if len(races) > 1:
        names = "\n".join(f"  {r.id}  {r.name} {r.year}" for r in races[:20])
        more = f"\n  ... and {len(races) - 20} more" if len(races) > 20 else ""
        raise CommandError(f"{query!r} matches {len(races)} races; name one:\n{names}{more}")
    detail = store.race_detail(races[0].id)
    if detail is None:  # deleted by another process meanwhile
        raise CommandError(f"race {races[0].id} has just disappeared")
    return detail


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Render, then write to stdout or a file, and copy when asked."""
    detail = find_one(ctx.store, args.race)
    text = render(detail, args.format, gc=args.gc)
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"cannot write {args.output}: {exc.strerror or exc}", 1) from None
        ctx.err.write(f"wrote {args.output}\n")
    else:
        ctx.out.write(text)
    if args.copy:
        outcome = copy_native(text)
        if outcome.native:
            ctx.err.write(f"copied to the {outcome.how}\n")
            return EXIT_OK
        if ctx.err.isatty():
            ctx.err.write(osc52(text))
            ctx.err.write(f"sent to the terminal's clipboard (OSC 52; {outcome.how})\n")
            return EXIT_OK
        ctx.err.write(f"could not copy: {outcome.how}; use -o FILE\n")
        return EXIT_SOME_FAILED
    return EXIT_OK
