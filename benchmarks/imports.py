"""Benchmark: importing plain-text reports and HTML pages (store + analyse + rebuild).

    .venv/bin/python benchmarks/imports.py [--text 600] [--html 150]

Generated, varied reports (benchmarks/synth.py): stage and one-day races, full reports with
results tables, prose-only reports, "More to follow" stubs and later versions of the same
story, so reconciliation merges versions. Files are written to a temporary folder and imported
as `raceview import FOLDER` does (read_file + ingest, one process, one core) into a new store.
Budgets: text >= 300 documents/s; HTML <= 1.25x the time of trafilatura's extraction alone on
the same pages. That baseline is trafilatura's standard extraction of the article and its
metadata (`bare_extraction(..., with_metadata=True)` with raceview's precision options and its
full cascade of extractors), which is what raceview itself ran until it learned to skip the
parts it can do without. Also printed, for the record: the ratio to trafilatura's cheapest call
(`fast=True`, no metadata), i.e. what raceview adds to the least trafilatura can do.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from synth import html_page, machine, plan_races, result, riders_pool, story, text_report

from raceview.ingest import ingest
from raceview.sources.files import read_file, walk
from raceview.store import Store
from raceview.workers import Analyser, default_workers


def write_reports(folder: Path, n: int, kind: str, seed: int) -> int:
    """`n` report files; about one in four is another version of the previous race."""
    rng = random.Random(seed)
    pool = riders_pool(rng)
    plan = plan_races(n, seed)
    rng.shuffle(plan)
    written = 0
    i = 0
    while written < n:
        race = plan[i]
        i += 1
        rows = result(rng, pool, rng.choice((20, 50, 150)))
        versions = [(True, False), (False, True)] if rng.random() < 0.25 else [(False, None)]
        for stub, table in versions:
            if written == n:
                break
            title, standfirst, paras = story(
                rng,
                race,
                rows,
                table=bool(table if table is not None else rng.random() < 0.6),
                stub=stub,
            )
            name = folder / f"r{written:05d}"
            if kind == "text":
                name.with_suffix(".txt").write_text(text_report(race, title, standfirst, paras))
            else:
                name.with_suffix(".html").write_text(html_page(rng, race, title, standfirst, paras))
            written += 1
    return written


def import_folder(folder: Path, db: Path, workers: int = 1) -> tuple[float, int, int]:
    """(seconds, documents, races) for `raceview import folder` into a new store."""
    with Store(db) as store:
        started = time.perf_counter()
        raws = [read_file(c.path) for c in walk(folder)]
        with Analyser(workers) as analyser:  # workers=1: one core, all in this process
            done = ingest(store, raws, analyser)
        took = time.perf_counter() - started
        return took, len(done), len(store.race_ids())


def trafilatura_alone(folder: Path, *, cheapest: bool = False) -> float:
    """Seconds trafilatura alone takes on the pages: standard extraction, or its cheapest."""
    import trafilatura

    pages = [p.read_text() for p in sorted(folder.glob("*.html"))]
    started = time.perf_counter()
    for html in pages:
        trafilatura.bare_extraction(
            html,
            fast=cheapest,
            include_comments=False,
            include_tables=False,
            include_images=False,
            with_metadata=not cheapest,
            favor_precision=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--text", type=int, default=600)
    parser.add_argument("--html", type=int, default=150)
    parser.add_argument("--rounds", type=int, default=3, help="HTML rounds, each on new pages")
    args = parser.parse_args()
    print(machine())
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "text").mkdir()
        (root / "warm").mkdir()
        write_reports(root / "text", args.text, "text", 1)
        write_reports(root / "warm", 10, "html", 3)
        import_folder(root / "warm", root / "warm.db")  # imports and caches warmed up
        trafilatura_alone(root / "warm")
        took, docs, races = import_folder(root / "text", root / "text.db")
        rate = docs / took
        print(f"text: {docs} reports in {took:.2f} s = {rate:.0f}/s ({races} races)")
        print(f"  budget >= 300/s: {'met' if rate >= 300 else 'NOT met'}")
        cores = default_workers()
        if cores > 1:
            took, docs, _ = import_folder(root / "text", root / "text-all.db", cores)
            print(
                f"text, {cores} worker processes (raceview import's default):"
                f" {docs / took:.0f}/s, {took:.2f} s"
            )
        ratios = []
        for round_ in range(args.rounds):  # new pages each round: the analyser's caches stay cold
            pages = root / f"html{round_}"
            pages.mkdir()
            write_reports(pages, args.html, "html", 2 + 10 * round_)
            base = trafilatura_alone(pages)
            took, docs, races = import_folder(pages, root / f"html{round_}.db")
            cheapest = trafilatura_alone(pages, cheapest=True)
            ratios.append(took / base)
            print(
                f"html, round {round_ + 1}: {docs} pages in {took:.2f} s ({docs / took:.0f}/s,"
                f" {races} races); trafilatura alone {base:.2f} s ({docs / base:.0f}/s);"
                f" ratio {took / base:.2f} (to its cheapest call, {cheapest:.2f} s:"
                f" {took / cheapest:.2f})"
            )
        ratio = statistics.median(ratios)
        print(
            f"html: median ratio {ratio:.2f} over {args.rounds} rounds"
            f" (budget <= 1.25: {'met' if ratio <= 1.25 else 'NOT met'})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
