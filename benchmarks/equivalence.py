"""Output equivalence: what the analyser and the store make of a fixed body of documents.

    .venv/bin/python benchmarks/equivalence.py dump OUT.jsonl [--text 600] [--html 60]
    .venv/bin/python benchmarks/equivalence.py compare BEFORE.jsonl AFTER.jsonl

`dump` analyses the team corpus (tests/corpus/docs), the seeds (../shared/seeds, when there)
and generated text and HTML reports (benchmarks/synth.py, fixed seeds), writes one line per
document analysis, then imports them all into a new store in two batches and writes every
race's JSON export. `compare` names the first lines that differ. A speed-up that changes no
line changes no result: run `dump` before and after, then `compare`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from corpus_eval import cases  # noqa: E402
from imports import write_reports  # noqa: E402

from raceview.analysis.pipeline import analyse  # noqa: E402
from raceview.export import to_json  # noqa: E402
from raceview.ingest import ingest  # noqa: E402
from raceview.models import RawDocument  # noqa: E402
from raceview.sources.files import read_file, walk  # noqa: E402
from raceview.store import Store  # noqa: E402
from raceview.workers import Analyser  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"
FETCHED = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _pinned(raw: RawDocument) -> RawDocument:
    """The document with a fixed fetch time and a name free of the temporary folder."""
    name = Path(raw.origin).name
    return raw.model_copy(update={"origin": f"/docs/{name}", "fetched_at": FETCHED})


def documents(text: int, html: int, tmp: Path) -> list[RawDocument]:
    """The corpus, the seeds and the generated reports, in a fixed order."""
    raws = [c.raw() for c in cases()]
    if SEEDS.is_dir():
        raws += [read_file(p) for p in sorted(SEEDS.iterdir()) if p.is_file()]
    for kind, count, seed in (("text", text, 1), ("text", text // 3, 7), ("html", html, 2)):
        folder = tmp / f"{kind}-{seed}"
        write_reports(folder, count, kind, seed, mkdir=True)
        raws += [read_file(c.path) for c in sorted(walk(folder), key=lambda c: c.path)]
    out = []
    for raw in raws:
        pinned = _pinned(raw)
        body = pinned.body
        out.append(pinned.model_copy(update={"sha256": hashlib.sha256(body).hexdigest()}))
    return out


def dump(out: Path, text: int, html: int) -> None:
    """Write every analysis, then every race of a store made of them."""
    with tempfile.TemporaryDirectory() as tmp:
        raws = documents(text, html, Path(tmp))
        lines = [f"doc {raw.origin} {analyse(raw).model_dump_json()}" for raw in raws]
        with Store(Path(tmp) / "eq.db") as store, Analyser(1) as analyser:
            half = len(raws) // 2
            ingest(store, raws[:half], analyser)
            ingest(store, raws[half:], analyser)
            for race_id in store.race_ids():
                detail = store.race_detail(race_id)
                assert detail is not None
                data = to_json(detail)
                lines.append(f"race {race_id} {json.dumps(data, sort_keys=True, default=str)}")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{out}: {len(raws)} documents, {len(lines) - len(raws)} races")


def compare(before: Path, after: Path) -> int:
    """0 when both dumps are equal; else the differing lines' names, and 1."""
    a = before.read_text(encoding="utf-8").splitlines()
    b = after.read_text(encoding="utf-8").splitlines()
    differ = [x.split(" ", 2)[:2] for x, y in zip(a, b, strict=False) if x != y]
    if len(a) != len(b):
        print(f"line counts differ: {len(a)} against {len(b)}")
    for kind, name in differ[:20]:
        print(f"differs: {kind} {name}")
    print(f"{len(differ)} of {len(a)} lines differ")
    return 1 if differ or len(a) != len(b) else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    d.add_argument("--text", type=int, default=600)
    d.add_argument("--html", type=int, default=60)
    c = sub.add_parser("compare")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "dump":
        dump(args.out, args.text, args.html)
        return 0
    return compare(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())
