"""`raceview refresh [--source NAME]`: fetch every enabled source, with a live progress display."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from raceview.analysis.text import sanitize
from raceview.commands.context import EXIT_OK, EXIT_SOME_FAILED, CommandError, Context
from raceview.config import load_config
from raceview.models import Source
from raceview.refresh import RefreshSummary, SourceProgress, refresh_sources

FINAL = frozenset({"done", "not_modified", "skipped", "failed"})
LABELS = {
    "queued": "waiting",
    "fetching": "fetching",
    "importing": "importing",
    "done": "ok",
    "not_modified": "not modified",
    "skipped": "skipped",
    "failed": "FAILED",
}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `refresh` command."""
    p = sub.add_parser(
        "refresh",
        help="fetch new material from the configured sources",
        description="Fetch every enabled source (see `raceview sources list`) and analyse what"
        " is new. Exits 1 when a source failed; everything fetched before is kept.",
    )
    p.add_argument(
        "--source",
        "-s",
        action="append",
        metavar="NAME",
        help="only this source (repeatable; also refreshes a disabled source)",
    )
    p.add_argument("--due", action="store_true", help="only sources whose interval has passed")
    p.set_defaults(func=run)


def select(sources: tuple[Source, ...], names: list[str] | None) -> list[Source]:
    """The sources to refresh: the named ones (enabled or not), else every enabled one."""
    if not names:
        return [s for s in sources if s.enabled]
    by_name = {s.name: s for s in sources}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        known = ", ".join(by_name) or "none"
        raise CommandError(f"no source named {', '.join(unknown)} (configured: {known})")
    return [by_name[n].model_copy(update={"enabled": True}) for n in dict.fromkeys(names)]


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Refresh, showing progress; print a summary."""
    config = load_config(ctx.paths.config)
    sources = select(config.sources, args.source)
    if not sources:
        ctx.out.write(f"no enabled sources; add one with `raceview sources add URL`"
                      f" (config: {ctx.paths.config})\n")  # fmt: skip
        return EXIT_OK
    store = ctx.store
    with _display(ctx.out, [s.name for s in sources]) as progress:
        summary = asyncio.run(refresh_sources(store, sources, progress, only_due=args.due))
    _print_summary(ctx.out, summary)
    return EXIT_OK if summary.ok else EXIT_SOME_FAILED


@contextmanager
def _display(out: TextIO, names: list[str]) -> Iterator[Callable[[SourceProgress], None]]:
    """A progress callback: a live table on a terminal, one line per finished source otherwise."""
    if not out.isatty():

        def plain(p: SourceProgress) -> None:
            if p.state in FINAL:
                out.write(_line(p) + "\n")
                out.flush()

        yield plain
        return
    from rich.console import Console
    from rich.live import Live
    from rich.table import Table
    from rich.text import Text

    states = {n: SourceProgress(n, "queued") for n in names}

    def table() -> Table:
        t = Table(box=None, show_header=False, pad_edge=False)
        t.add_column(no_wrap=True, min_width=min(24, max(map(len, names))))
        t.add_column(no_wrap=True, min_width=12)
        t.add_column(no_wrap=True, overflow="ellipsis", ratio=1)
        for p in states.values():
            style = {"failed": "red", "done": "green", "skipped": "yellow"}.get(p.state, "")
            message = "" if p.message == LABELS[p.state] else sanitize(p.message)[:300]
            t.add_row(Text(p.source, style="bold"), Text(LABELS[p.state], style=style),
                      Text(message))  # fmt: skip
        return t

    with Live(table(), console=Console(file=out), auto_refresh=False, transient=False) as live:

        def update(p: SourceProgress) -> None:
            states[p.source] = p
            live.update(table(), refresh=True)

        yield update


def _line(p: SourceProgress) -> str:
    detail = f" — {p.message}" if p.message and p.message != LABELS[p.state] else ""
    return sanitize(f"{p.source}: {LABELS[p.state]}{detail}")


def _print_summary(out: TextIO, summary: RefreshSummary) -> None:
    counts = {s: sum(1 for r in summary.results if r.state == s) for s in FINAL}
    if out.isatty():  # the live table cut long reasons short
        for r in summary.results:
            if r.failed:
                out.write(sanitize(f"{r.source}: failed — {r.message}") + "\n")
    for r in summary.results:
        for problem in r.problems[:5]:
            out.write(sanitize(f"  {r.source}: skipped {problem}") + "\n")
        if len(r.problems) > 5:
            out.write(f"  {r.source}: ... and {len(r.problems) - 5} more skipped item(s)\n")
    out.write(
        f"{len(summary.results)} source(s): {counts['done']} ok, {counts['not_modified']}"
        f" not modified, {counts['skipped']} skipped, {counts['failed']} failed;"
        f" {summary.new} new document(s), {len(summary.race_ids)} race(s) updated\n"
    )
