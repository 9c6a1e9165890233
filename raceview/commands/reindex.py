"""`raceview reindex`: re-analyse stored raw documents with this version's analyser."""

from __future__ import annotations

import argparse

from raceview.commands.context import EXIT_OK, Context
from raceview.ingest import reindex


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `reindex` command."""
    p = sub.add_parser("reindex", help="re-analyse every stored document", description=__doc__)
    p.add_argument(
        "--stale", action="store_true", help="only documents analysed by another analyser version"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Re-analyse and rebuild the races."""
    n = reindex(ctx.store, everything=not args.stale)
    races = len(ctx.store.race_ids())
    ctx.out.write(f"re-analysed {n} document(s); {races} race(s) in the store\n")
    return EXIT_OK
