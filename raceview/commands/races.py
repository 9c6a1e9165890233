"""`raceview races [--json]`: one line (or JSON object) per race, newest first."""

from __future__ import annotations

import argparse

from raceview.analysis.text import sanitize
from raceview.commands.context import EXIT_OK, Context
from raceview.export import dump_json
from raceview.models import Race


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `races` command."""
    p = sub.add_parser("races", help="list the races in the store", description=__doc__)
    p.add_argument("--json", action="store_true", help="a JSON list of race objects")
    p.add_argument("query", nargs="?", help="only races matching these words")
    p.set_defaults(func=run)


def race_json(race: Race) -> dict[str, object]:
    """A race as a JSON object (the `races --json` contract)."""
    return {
        "id": race.id,
        "name": race.name,
        "year": race.year,
        "stage": race.stage,
        "date": race.date.isoformat() if race.date else None,
        "category": race.category,
        "gender": race.gender,
        "winner": race.winner,
        "articles": race.n_articles,
        "versions": race.n_versions,
    }


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Print the races."""
    races = ctx.store.find_races(args.query) if args.query else ctx.store.list_races()
    if args.json:
        ctx.out.write(dump_json([race_json(r) for r in races]))
        ctx.out.write("\n")
        return EXIT_OK
    if not races:
        ctx.out.write("no races yet: `raceview import FOLDER` or `raceview refresh`\n")
    for race in races:
        stage = f" stage {race.stage}" if race.stage else ""
        date = race.date.isoformat() if race.date else f"{race.year}      "
        winner = race.winner or "—"
        ctx.out.write(sanitize(f"{race.id}  {date}  {race.name}{stage}  {winner}") + "\n")
    return EXIT_OK
