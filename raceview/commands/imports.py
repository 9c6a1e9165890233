"""`raceview import PATH_OR_URL...`: store files, folders and URLs, one line per item."""

from __future__ import annotations

import argparse
from pathlib import Path

from raceview.analysis.pipeline import ANALYSER_VERSION
from raceview.commands.context import EXIT_OK, EXIT_SOME_FAILED, Context
from raceview.ingest import Ingested, ingest
from raceview.models import RawDocument
from raceview.sources.files import FileRejected, read_file, walk
from raceview.workers import Analyser


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `import` command."""
    p = sub.add_parser(
        "import",
        help="import files, folders (recursively) and URLs",
        description="Store documents (.txt, .md, .html files; folders recursively; http(s) URLs)"
        " and analyse them. Importing the same bytes twice changes nothing.",
    )
    p.add_argument("items", nargs="+", metavar="PATH_OR_URL")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Import every item; report each; exit 1 if any failed."""
    failed = 0
    raws: list[RawDocument] = []
    for item in args.items:
        if item.startswith(("http://", "https://")):
            fetched, errors = _fetch_url(item)
            raws += fetched
            for err in errors:
                ctx.err.write(f"failed  {item}: {err}\n")
            failed += len(errors)
            continue
        path = Path(item).expanduser()
        if not path.exists():
            ctx.err.write(f"failed  {item}: no such file or folder\n")
            failed += 1
            continue
        found = 0
        for cand in walk(path):
            found += 1
            try:
                raws.append(read_file(cand.path))
            except FileRejected as exc:
                ctx.err.write(f"skipped {cand.path}: {exc}\n")
                failed += 1
        if found == 0:
            ctx.out.write(f"nothing {item}: no .txt, .md or .html files in it\n")
    with Analyser() as analyser:  # a large import is analysed on every core
        finished = ingest(ctx.store, raws, analyser)
    for done in finished:
        ctx.out.write(_line(done) + "\n")
    ctx.out.write(f"{len(raws)} document(s) read, {failed} failed\n")
    stale = len(ctx.store.stale_document_ids(ANALYSER_VERSION))
    if stale:
        ctx.err.write(
            f"note: {stale} stored document(s) were analysed by an older raceview;"
            " `raceview reindex --stale` analyses them again\n"
        )
    return EXIT_SOME_FAILED if failed else EXIT_OK


def _line(done: Ingested) -> str:
    if done.outcome == "unchanged":
        return f"same    {done.origin} (already stored)"
    what = f"{done.kind} → {done.race_id}" if done.race_id else f"{done.kind}, no race"
    return f"added   {done.origin} ({what})"


def _fetch_url(url: str) -> tuple[list[RawDocument], list[str]]:
    """Fetch one URL as a raw document (the sources package does the HTTP)."""
    try:
        from raceview.sources.fetch_one import fetch_documents
    except ImportError:
        return [], ["importing URLs is not available in this build"]
    return fetch_documents(url)
