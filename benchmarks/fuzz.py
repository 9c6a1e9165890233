"""Fuzz the whole analysis pipeline (analyse + reconcile + every export) with hostile documents.

    .venv/bin/python benchmarks/fuzz.py [--cases 100000] [--workers 2] [--seed 1] [--save DIR]

Inputs: the team corpus (tests/corpus/docs) and the bundled samples, mutated — byte flips,
truncation, duplication, insertion of markup, escape sequences, huge numbers and odd Unicode,
HTML tag soup — plus documents generated from scratch (results lists, tables, gap notations).
Every case is deterministic from (seed, case number), so any finding can be replayed with
`--replay N`.

Reports: cases run, crashes (exceptions), invariant violations (duplicate positions, negative
gaps, terminal escapes surviving into analysed text), the slowest input, and every input over
the slow threshold. Findings are minimised and saved under --save (tests/fixtures/fuzz).

A watchdog in the parent kills a worker stuck on one input for longer than --hang seconds
(counted as a hang) and restarts it on the next case.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import multiprocessing as mp
import os
import queue
import random
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEED_DIRS = (ROOT / "tests" / "corpus" / "docs", ROOT / "raceview" / "data" / "samples")
TYPES = {".txt": "text/plain", ".md": "text/markdown", ".html": "text/html"}
T0 = dt.datetime(2024, 7, 21, 18, 0, tzinfo=dt.UTC)

# Things to plant: markup for Rich/Textual, terminal escapes, huge numbers, odd Unicode, HTML.
MARKUP = [
    b"[@click=app.quit]Results[/]", b"[/]", b"[/", b"[bold red]", b"[link=file:///etc/passwd]x",
    b"**bold**", b"| a | b |\n|---|---|\n", b"`code`", b"<script>alert(1)</script>",
    b"&amp;&lt;&#0;&#x110000;&#99999999999;&bogus;", b"<!-- never closed",
    b"<![CDATA[", b"<?xml version='1.0'?>", b"<!DOCTYPE html>", b"\\", b"%s%n%x",
]  # fmt: skip
ESCAPES = [
    b"\x1b]52;c;cHduZWQ=\x07", b"\x1b]0;pwned\x07", b"\x1b[2J", b"\x1b[31m", b"\x1bP+q\x1b\\",
    b"\x1b_apc\x1b\\", b"\x1b", b"\x07", b"\x00", b"\x7f", b"\x08\x08\x08", b"\r", b"\x0b\x0c",
    "\u009b2J".encode(), "\u009d0;pwned\u009c".encode(), b"\xc2\x9b31m",
]  # fmt: skip
NUMBERS = [
    b"99999999999999999999999", b"1:99:99", b"9999:59:59", b"+99999", b"-1", b"0:00:00",
    b"1e308", b"NaN", b"10000000 km", b"at 4294967296 seconds", b"99999999999th",
    b"2024-13-45", b"date 9999-99-99 ", b"stage 4294967296", b"1h99'99\"", b"+ 0:-1",
]  # fmt: skip
UNICODE = [
    "\u202eevil\u202c", "\u2066iso\u2069", "\ufeff", "\u200b\u200d", "e\u0301\u0301\u0301",
    "𝕿𝖔𝖚𝖗", "🚴\u200d♀️", "\udcff", "Ørjan Ødegård", "İstanbul", "ß" * 40, "\U0010ffff",
    "\u0000", "\u2028\u2029", "ﬁ", "Ⅻ", "١٢٣", "ｔｏｕｒ",
]  # fmt: skip
TAGS = [
    "p", "div", "table", "tr", "td", "th", "article", "main", "h1", "li", "ul", "span", "b",
    "script", "style", "template", "svg", "math", "iframe", "noscript", "title", "meta", "br",
]  # fmt: skip
RIDERS = [
    "Tadej Pogačar", "Jonas Vingegaard", "Remco Evenepoel", "Ion Izagirre", "Sergio Higuita",
    "Mattias Skjelmose", "Andreas Kron", "Mathieu van der Poel", "Wout van Aert",
    "Lotte Kopecky", "Demi Vollering", "Biniam Girmay", "Team [/] x", "[@click=app.quit]Q[/]",
]  # fmt: skip
GAPS = [
    "s.t.", "same time", "+0:13", "0:00:13", "at 13 seconds", "two seconds behind", "1'05\"",
    "a minute and five seconds", ",,", "+2", "at 1:03", "4h05'12\"", "DNF", "", "+1:00:00",
]  # fmt: skip


def load_seeds() -> list[tuple[str, bytes, str]]:
    """(name, bytes, content type) of every seed document."""
    seeds = []
    for folder in SEED_DIRS:
        for path in sorted(folder.iterdir()):
            ctype = TYPES.get(path.suffix)
            if ctype:
                seeds.append((path.name, path.read_bytes(), ctype))
    return seeds


# --- mutations -------------------------------------------------------------------------------


def _pos(rng: random.Random, data: bytes) -> int:
    return rng.randrange(len(data) + 1)


def flip(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    b = bytearray(data)
    for _ in range(rng.randint(1, 16)):
        i = rng.randrange(len(b))
        b[i] = rng.randrange(256) if rng.random() < 0.5 else b[i] ^ (1 << rng.randrange(8))
    return bytes(b)


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: _pos(rng, data)] if rng.random() < 0.7 else data[_pos(rng, data) :]


def duplicate(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    a = rng.randrange(len(data))
    b = min(len(data), a + rng.randint(1, 4000))
    times = rng.choice((2, 3, 10, 50))
    at = _pos(rng, data)
    return data[:at] + data[a:b] * times + data[at:]


def delete(rng: random.Random, data: bytes) -> bytes:
    a = _pos(rng, data)
    return data[:a] + data[a + rng.randint(1, 2000) :]


def splice(rng: random.Random, data: bytes, other: bytes) -> bytes:
    return data[: _pos(rng, data)] + other[_pos(rng, other) :]


def insert(rng: random.Random, data: bytes) -> bytes:
    pool = rng.choice(
        (MARKUP, ESCAPES, NUMBERS, [u.encode("utf-8", "surrogatepass") for u in UNICODE])
    )
    out = data
    for _ in range(rng.randint(1, 8)):
        at = _pos(rng, out)
        out = out[:at] + rng.choice(pool) + out[at:]
    return out


def replace_digits(rng: random.Random, data: bytes) -> bytes:
    """Make every number in the text huge, zero or negative."""
    import re

    repl = rng.choice((b"9" * 30, b"0", b"-7", b"4294967296", b"00000000000000000000001"))
    return re.sub(rb"\d+", lambda m: repl if rng.random() < 0.5 else m.group(0), data)


def tag_soup(rng: random.Random, data: bytes) -> bytes:
    parts = []
    for _ in range(rng.randint(1, 60)):
        tag = rng.choice(TAGS)
        r = rng.random()
        if r < 0.4:
            parts.append(f"<{tag}>")
        elif r < 0.7:
            parts.append(f"</{tag}>")
        elif r < 0.8:
            parts.append(
                f"<{tag} {rng.choice(['class', 'id', 'href'])}='{'x' * rng.randint(0, 50)}"
            )
        else:
            parts.append(f"<{tag}>" * rng.randint(50, 600))  # deep nesting
    soup = "".join(parts).encode()
    at = _pos(rng, data)
    return data[:at] + soup + data[at:]


def encode_oddly(rng: random.Random, data: bytes) -> bytes:
    text = data.decode("utf-8", "replace")
    enc = rng.choice(("utf-16", "utf-16-be", "latin-1", "cp1252", "utf-32", "shift_jis"))
    return text.encode(enc, "replace")


MUTATIONS: list[Callable[[random.Random, bytes], bytes]] = [
    flip, truncate, duplicate, delete, insert, insert, replace_digits, tag_soup, encode_oddly,
]  # fmt: skip


# --- generated documents ---------------------------------------------------------------------


def generated(rng: random.Random) -> tuple[bytes, str]:
    """A report from scratch: title, prose with gaps, a results list or table."""
    race = rng.choice(("Tour de France", "Paris-Roubaix", "Giro d'Italia", "Vuelta a España",
                       "Tour of Flanders", "Race Of Nowhere", "World Championships"))  # fmt: skip
    year = rng.choice((2023, 2024, 1899, 2999, 0, 10**12))
    stage = rng.choice(("", " stage 3", " stage 21", " stage 0", " stage 99999"))
    riders = rng.sample(RIDERS, k=rng.randint(1, len(RIDERS)))
    lines = [f"{race} {year}{stage}: {riders[0]} wins", "A standfirst line about the finish."]
    for i, rider in enumerate(riders[1:], 2):
        lines.append(f"{rider} was {i}th {rng.choice(GAPS)} behind {rng.choice(riders)}.")
    html = rng.random() < 0.4
    positions = list(range(1, len(riders) + 1))
    if rng.random() < 0.3:
        rng.shuffle(positions)  # out of order
    if rng.random() < 0.2:
        positions = [rng.choice(positions) for _ in positions]  # duplicates
    if html:
        rows = "".join(
            f"<tr><td>{p}</td><td>{r}</td><td>Team {p}</td><td>{rng.choice(GAPS)}</td></tr>"
            for p, r in zip(positions, riders, strict=True)
        )
        body = (
            f"<html><head><title>{lines[0]}</title></head><body><article><h1>{lines[0]}</h1>"
            + "".join(f"<p>{line}</p>" for line in lines[1:])
            + f"<table><tr><th>Pos</th><th>Rider</th><th>Team</th><th>Time</th></tr>{rows}"
            "</table></article></body></html>"
        )
        return body.encode(), "text/html"
    sep = rng.choice((". ", ") ", "\t", " "))
    table = [
        f"{p}{sep}{r} ({rng.choice(('UAE', 'Visma', 'FRA', '[/]'))}){sep}{rng.choice(GAPS)}"
        for p, r in zip(positions, riders, strict=True)
    ]
    head = (
        f" date 2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} "
        if rng.random() < 0.5
        else ""
    )
    return (
        head + "\n".join(lines) + "\n\nResult\n" + "\n".join(table) + "\n"
    ).encode(), "text/plain"


CONTENT_TYPES = (
    "text/html",
    "text/plain",
    "text/markdown",
    "text/html; charset=utf-16",
    "text/plain; charset=bogus",
    "text/html; charset=shift_jis",
)
CAP = 3_500  # bytes: most cases stay small, so 100,000 of them fit in about 15 minutes
LARGE_CAP = 200_000  # bytes: the few large cases (LARGE_SHARE of them)
LARGE_SHARE = 0.002


def _window(rng: random.Random, body: bytes) -> bytes:
    """The head (title, standfirst) and a random stretch of the body."""
    head = body[: rng.randint(150, 1000)]
    a = rng.randrange(len(body) + 1)
    return head + body[a : a + rng.randint(300, 2500)]


def make_case(seed: int, n: int, seeds: list[tuple[str, bytes, str]]) -> tuple[bytes, str, str]:
    """(body, content type, description) of case `n`: deterministic from (seed, n)."""
    rng = random.Random(f"{seed}:{n}")
    cap = LARGE_CAP if rng.random() < LARGE_SHARE else CAP
    if rng.random() < 0.25:
        body, ctype = generated(rng)
        how = ["generated"]
        if rng.random() < 0.5:
            fn = rng.choice(MUTATIONS)
            body = fn(rng, body)[:cap]
            how.append(fn.__name__)
        return body, ctype, "+".join(how)
    name, body, ctype = rng.choice(seeds)
    how = [name]
    if (len(body) > CAP and cap == CAP) or rng.random() < 0.3:
        body = _window(rng, body)
        how.append("window")
    for _ in range(rng.choice((1, 1, 2, 3, 5))):
        if rng.random() < 0.08:
            other = rng.choice(seeds)[1]
            body = splice(rng, body, other)
            how.append("splice")
        else:
            fn = rng.choice(MUTATIONS)
            body = fn(rng, body)
            how.append(fn.__name__)
        if len(body) > cap:
            a = rng.randrange(len(body) - cap + 1) if rng.random() < 0.5 else 0
            body = body[a : a + cap]
    if cap == LARGE_CAP:
        how.append("large")
    if rng.random() < 0.1:
        ctype = rng.choice(CONTENT_TYPES)
        how.append(f"as {ctype}")
    return body, ctype, "+".join(how)


# --- running one case ------------------------------------------------------------------------

HOSTILE = ("\x1b", "\x9b", "\x9d", "\x07", "\u202e", "\u2066")


def run_pipeline(body: bytes, ctype: str) -> list[str]:
    """analyse + reconcile + every export of one document; return invariant violations."""
    from raceview.analysis.pipeline import analyse
    from raceview.analysis.reconcile import reconcile
    from raceview.export import FORMATS, render
    from raceview.models import RaceDetail, RawDocument
    from raceview.store.documents import AnalysedDocument

    raw = RawDocument(
        body=body,
        origin="https://fuzz.example/report",
        content_type=ctype,
        fetched_at=T0,
        sha256=hashlib.sha256(body).hexdigest(),
    )
    try:
        analysis = analyse(raw)
    except Exception as exc:
        from raceview.analysis.text import UndecodableError

        if isinstance(exc, UndecodableError):  # documented: the importer rejects such bytes
            return []
        raise
    problems: list[str] = []
    for what in ("title", "standfirst", "text"):
        value = getattr(analysis, what)
        if any(h in value for h in HOSTILE):
            problems.append(f"terminal escape survives in analysis.{what}")
    for name, rows in (("results", analysis.results), ("gc", analysis.gc)):
        problems += row_problems(name, rows)
    doc = AnalysedDocument(1, raw.origin, raw.sha256, T0, analysis)
    rec = reconcile([doc])
    if rec is not None:
        problems += row_problems("reconciled results", rec.results)
        detail = RaceDetail(race=rec.race, results=rec.results, gc=rec.gc,
                            conflicts=rec.conflicts, articles=rec.articles)  # fmt: skip
        for fmt in FORMATS:
            out = render(detail, fmt)
            if fmt != "json" and any(h in out for h in HOSTILE):
                problems.append(f"terminal escape survives in the {fmt} export")
    return problems


def row_problems(name: str, rows: Any) -> list[str]:
    out = []
    positions = [r.pos for r in rows if r.pos is not None]
    if len(positions) != len(set(positions)):
        out.append(f"duplicate positions in {name}")
    if any(r.gap_s is not None and r.gap_s < 0 for r in rows):
        out.append(f"negative gap in {name}")
    for r in rows:
        if any(h in r.rider + (r.team or "") for h in HOSTILE):
            out.append(f"terminal escape survives in a rider or team of {name}")
            break
    return out


# --- workers and the watchdog ----------------------------------------------------------------


@dataclass
class Finding:
    case: int
    kind: str  # crash | slow | hang | violation
    detail: str
    seconds: float
    how: str


@dataclass
class Totals:
    cases: int = 0
    seconds: float = 0.0
    slowest: tuple[float, int, str] = (0.0, -1, "")
    findings: list[Finding] = field(default_factory=list)


def worker(
    wid: int, start: int, step: int, stop: int, seed: int, slow: float,
    current: Any, started: Any, out: mp.Queue[Any],
) -> None:  # fmt: skip
    os.environ.setdefault("PYTHONHASHSEED", "0")
    seeds = load_seeds()
    run_pipeline(b"warm up", "text/plain")
    tot = Totals()
    for n in range(start, stop, step):
        body, ctype, how = make_case(seed, n, seeds)
        current[wid] = n
        started[wid] = time.monotonic()
        t = time.perf_counter()
        try:
            problems = run_pipeline(body, ctype)
        except Exception as exc:
            problems = []
            tb = traceback.format_exc(limit=-6)
            tot.findings.append(Finding(n, "crash", f"{type(exc).__name__}: {exc}\n{tb}", 0, how))
        took = time.perf_counter() - t
        started[wid] = 0.0
        tot.cases += 1
        tot.seconds += took
        if took > tot.slowest[0]:
            tot.slowest = (took, n, how)
        if took > slow:
            tot.findings.append(Finding(n, "slow", f"{took:.2f} s", took, how))
        for p in sorted(set(problems)):
            tot.findings.append(Finding(n, "violation", p, took, how))
        if tot.cases % 500 == 0:
            out.put(("progress", wid, tot))
            tot = Totals(slowest=tot.slowest)
    out.put(("done", wid, tot))


def run(cases: int, workers: int, seed: int, slow: float, hang: float) -> Totals:
    ctx = mp.get_context("fork")
    current = ctx.Array("q", [-1] * workers)
    started = ctx.Array("d", [0.0] * workers)
    out: mp.Queue[Any] = ctx.Queue()
    procs: dict[int, Any] = {}
    next_start = dict.fromkeys(range(workers), 0)

    def spawn(wid: int, first: int) -> None:
        p = ctx.Process(target=worker, args=(wid, first, workers, cases, seed, slow, current,
                                            started, out), daemon=True)  # fmt: skip
        p.start()
        procs[wid] = p

    for w in range(workers):
        next_start[w] = w
        spawn(w, w)
    total = Totals()
    done: set[int] = set()
    t0 = time.monotonic()
    last_print = 0.0
    while len(done) < workers:
        try:
            kind, wid, part = out.get(timeout=0.5)
            total.cases += part.cases
            total.seconds += part.seconds
            total.findings += part.findings
            if part.slowest[0] > total.slowest[0]:
                total.slowest = part.slowest
            if kind == "done":
                done.add(wid)
        except queue.Empty:
            pass
        now = time.monotonic()
        for wid, p in list(procs.items()):
            if wid in done:
                continue
            began = started[wid]
            if began and now - began > hang:
                n = current[wid]
                p.kill()
                p.join()
                total.cases += 1
                total.findings.append(Finding(n, "hang", f"killed after {hang:g} s", hang, "?"))
                total.slowest = max(total.slowest, (hang, n, "hang"))
                started[wid] = 0.0
                spawn(wid, n + workers)
            elif not p.is_alive() and wid not in done and out.empty():
                p.join()
                n = current[wid]
                total.findings.append(
                    Finding(n, "crash", f"worker died (exit {p.exitcode})", 0, "?")
                )
                spawn(wid, n + workers)
        if now - last_print > 15:
            last_print = now
            rate = total.cases / max(now - t0, 1e-9)
            print(f"  {total.cases:,}/{cases:,} cases, {rate:,.0f}/s, "
                  f"{sum(f.kind != 'slow' for f in total.findings)} finding(s), "
                  f"slowest {total.slowest[0]:.2f} s", flush=True)  # fmt: skip
    return total


# --- minimising and saving findings ----------------------------------------------------------


def signature(body: bytes, ctype: str) -> str | None:
    """What goes wrong with this input (exception type and innermost frame), or None."""
    try:
        problems = run_pipeline(body, ctype)
    except Exception as exc:
        tb = traceback.extract_tb(exc.__traceback__)
        last = tb[-1] if tb else None
        where = f"{Path(last.filename).name}:{last.name}" if last else "?"
        return f"{type(exc).__name__}@{where}"
    return problems[0] if problems else None


def minimise(body: bytes, ctype: str, still: Callable[[bytes], bool], budget: float = 60) -> bytes:
    """Delta debugging by chunks: the smallest prefix/chunk removal that still fails."""
    deadline = time.monotonic() + budget
    chunk = max(1, len(body) // 2)
    while chunk >= 1 and time.monotonic() < deadline:
        i = 0
        shrunk = False
        while i < len(body) and time.monotonic() < deadline:
            cand = body[:i] + body[i + chunk :]
            if cand and still(cand):
                body = cand
                shrunk = True
            else:
                i += chunk
        if not shrunk:
            chunk //= 2
    return body


MAX_SLOW_SAVED = 6  # the slowest distinct inputs
MAX_OTHER_SAVED = 20  # distinct crash and violation signatures


def save(findings: list[Finding], seed: int, folder: Path, slow: float) -> list[str]:
    """Minimise each distinct finding and save it (input + a .txt with what happened)."""
    folder.mkdir(parents=True, exist_ok=True)
    seeds = load_seeds()
    lines = []
    seen: set[str] = set()
    kept = {"slow": 0, "other": 0}
    for f in sorted(findings, key=lambda f: -f.seconds):
        group = "slow" if f.kind in ("slow", "hang") else "other"
        if kept[group] >= (MAX_SLOW_SAVED if group == "slow" else MAX_OTHER_SAVED):
            continue
        body, ctype, how = make_case(seed, f.case, seeds)
        if f.kind in ("slow", "hang"):
            t = time.perf_counter()
            with contextlib.suppress(Exception):
                run_pipeline(body, ctype)
            took = time.perf_counter() - t
            key = f"slow:{how.split('+')[0]}"
            if key in seen:
                continue
            seen.add(key)
            detail = f"{took:.2f} s on replay ({f.detail} in the run)"
            small = body
        else:
            sig = signature(body, ctype)
            if sig is None or sig in seen:
                continue
            seen.add(sig)
            small = minimise(body, ctype, lambda b, s=sig, c=ctype: signature(b, c) == s)
            try:
                run_pipeline(small, ctype)
                detail = f.detail
            except Exception:
                detail = traceback.format_exc()
        kept[group] += 1
        ext = ".html" if "html" in ctype else ".md" if "markdown" in ctype else ".txt"
        digest = hashlib.sha256(small).hexdigest()[:12]
        name = f"{f.kind}-{digest}{ext}"
        (folder / name).write_bytes(small)
        (folder / f"{f.kind}-{digest}.about.txt").write_text(
            f"kind: {f.kind}\ncase: {f.case} (seed {seed}; replay with"
            f" `benchmarks/fuzz.py --seed {seed} --replay {f.case}`)\nmutations: {how}\n"
            f"content type: {ctype}\nbytes: {len(body):,} → {len(small):,} minimised\n\n{detail}\n",
            encoding="utf-8",
        )
        lines.append(f"{name}: {detail.splitlines()[0] if detail else ''}")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--cases", type=int, default=100_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--slow", type=float, default=1.0, help="seconds: report inputs slower")
    ap.add_argument("--hang", type=float, default=60.0, help="seconds: kill a worker stuck on one")
    ap.add_argument("--save", type=Path, default=ROOT / "tests" / "fixtures" / "fuzz")
    ap.add_argument("--replay", type=int, help="run one case and show what happens")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    if args.replay is not None:
        body, ctype, how = make_case(args.seed, args.replay, load_seeds())
        print(f"case {args.replay}: {how}, {len(body):,} bytes, {ctype}")
        t = time.perf_counter()
        problems = run_pipeline(body, ctype)
        print(f"{time.perf_counter() - t:.3f} s; problems: {problems or 'none'}")
        return 0
    seeds = load_seeds()
    print(f"fuzz: {args.cases:,} cases from {len(seeds)} seed documents, {args.workers} workers,"
          f" seed {args.seed}", flush=True)  # fmt: skip
    t0 = time.monotonic()
    total = run(args.cases, args.workers, args.seed, args.slow, args.hang)
    wall = time.monotonic() - t0
    kinds = {
        k: sum(1 for f in total.findings if f.kind == k)
        for k in ("crash", "hang", "slow", "violation")
    }
    print(
        f"cases: {total.cases:,} in {wall:.0f} s wall ({total.cases / wall:,.0f}/s),"
        f" mean {1000 * total.seconds / max(total.cases, 1):.1f} ms per case"
    )
    print(
        f"crashes: {kinds['crash']}  hangs: {kinds['hang']}  inputs over {args.slow:g} s:"
        f" {kinds['slow']}  invariant violations: {kinds['violation']}"
    )
    s, n, how = total.slowest
    print(f"slowest: {s:.3f} s (case {n}: {how})")
    violations: dict[str, int] = {}
    for f in total.findings:
        if f.kind in ("crash", "violation"):
            key = f.detail.splitlines()[0][:120]
            violations[key] = violations.get(key, 0) + 1
    for key, count in sorted(violations.items(), key=lambda kv: -kv[1])[:20]:
        print(f"  {count:6,} × {key}")
    if total.findings:
        for line in save(total.findings, args.seed, args.save, args.slow):
            print(f"  saved {line}")
    return 1 if kinds["crash"] or kinds["hang"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
