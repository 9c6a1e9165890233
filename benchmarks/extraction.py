"""Extraction quality and speed on the team corpus (tests/corpus/docs).

Prints race identification, document kind, furniture removal, and precision / recall / F1 of
(position, rider) pairs with gap accuracy, for results and GC; then the median time to analyse
a plain-text report, scaled to 5 KB, and for HTML pages.

    python benchmarks/extraction.py [--failures]
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from corpus_eval import cases, evaluate, summary

from raceview.analysis.pipeline import analyse


def speed() -> str:
    """Median milliseconds per document (text scaled to 5 KB; HTML as is), warm caches cleared."""
    docs = cases()
    text = [c.raw() for c in docs if c.path.suffix != ".html"]
    html = [c.raw() for c in docs if c.path.suffix == ".html"]
    for raw in text[:3] + html[:3]:
        analyse(raw)  # imports and the catalogue, once
    per_5kb = []
    for raw in text:
        start = time.perf_counter()
        analyse(raw)
        per_5kb.append((time.perf_counter() - start) * 1000 * 5000 / max(len(raw.body), 1))
    html_ms = []
    for raw in html:
        start = time.perf_counter()
        analyse(raw)
        html_ms.append((time.perf_counter() - start) * 1000)
    return (
        f"speed: text {statistics.median(per_5kb):.1f} ms per 5 KB (median of {len(text)}),"
        f" HTML {statistics.median(html_ms):.1f} ms per page (median of {len(html)})"
    )


def main() -> int:
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    report = evaluate(cases())
    print(f"documents: {report.kinds_total}")
    print(summary(report))
    print(speed())
    if "--failures" in sys.argv:
        for line in report.failures + report.results.failures + report.gc.failures:
            print("  ", line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
