"""Crash safety: SIGKILL `raceview refresh` and `raceview import` at random moments, many times.

    .venv/bin/python scripts/kill_test.py [--kills 50] [--what refresh,import] [--seed 1]

refresh: a local HTTP server (a child process) serves FEEDS feeds of ITEMS items, each item an
article page; before every run a few feeds gain a new item, so every refresh has work to do.
import: a folder of FILES reports; before every run a few new files appear.

After every kill: `PRAGMA integrity_check` is ok, and the set of stored documents (sha256) is a
superset of the set after the previous kill (nothing committed is ever lost). At the end, one run
without a kill completes (exit 0) and brings everything that is served / in the folder.
Prints the figures; exit 1 on any failure.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus" / "docs"


@dataclass
class Figures:
    what: str
    kills: int = 0
    before_store: int = 0  # killed before the store file existed: nothing to check
    finished_before_kill: int = 0
    full_run: float = 0.0  # seconds for one uninterrupted first run (the kill window)
    integrity_ok: int = 0
    supersets_ok: int = 0
    errors: list[str] = field(default_factory=list)
    documents: list[int] = field(default_factory=list)
    final_exit: int | None = None
    final_complete: bool = False
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors and self.final_complete and self.final_exit == 0

    def line(self) -> str:
        docs = f"{self.documents[0]}→{self.documents[-1]}" if self.documents else "-"
        checked = self.kills - self.before_store
        return (
            f"{self.what}: {self.kills} kills in a {self.full_run:.1f} s window"
            f" ({self.finished_before_kill} runs finished before their kill, {self.before_store}"
            f" before the store existed), integrity ok {self.integrity_ok}/{checked}, superset ok"
            f" {self.supersets_ok}/{checked}, documents {docs}, final run exit"
            f" {self.final_exit} complete={self.final_complete}, {self.seconds:.0f} s,"
            f" errors: {len(self.errors)}"
        )


def raceview() -> list[str]:
    exe = Path(sys.executable).with_name("raceview")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "raceview"]


def store_created(db: Path) -> bool:
    """Whether the store's first migration was committed (a kill can land between creating
    the file and that commit: the next run migrates it, nothing was stored)."""
    if not db.exists():
        return False
    conn = sqlite3.connect(db, timeout=30)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0]) > 0
    finally:
        conn.close()


def check_store(db: Path) -> tuple[str, set[str]]:
    """(integrity_check result, stored document sha256s): a fresh connection, as a next run."""
    conn = sqlite3.connect(db, timeout=30)
    try:
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        shas = {r[0] for r in conn.execute("SELECT sha256 FROM documents")}
    finally:
        conn.close()
    return str(result), shas


def sha(body: bytes) -> str:
    import hashlib

    return hashlib.sha256(body).hexdigest()


# --- material -------------------------------------------------------------------------------


def _seeds(suffixes: tuple[str, ...]) -> list[bytes]:
    return [p.read_bytes() for p in sorted(CORPUS.iterdir()) if p.suffix in suffixes]


class Site:
    """Feeds and pages on disk, served by `python -m http.server` in a child process."""

    def __init__(self, root: Path, feeds: int, items: int, rng: random.Random) -> None:
        self.root = root
        self.rng = rng
        self.pages = _seeds((".html",))
        self.items: dict[int, int] = dict.fromkeys(range(feeds), 0)
        (root / "pages").mkdir(parents=True)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        for f in range(feeds):
            for _ in range(items):
                self.add_item(f)
        self.server = subprocess.Popen(
            [sys.executable, "-m", "http.server", str(self.port), "--bind", "127.0.0.1",
             "--directory", str(root)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port)):
                break
            time.sleep(0.05)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def add_item(self, feed: int) -> None:
        n = self.items[feed]
        self.items[feed] = n + 1
        body = self.rng.choice(self.pages) + f"\n<!-- feed {feed} item {n} -->\n".encode()
        (self.root / "pages" / f"f{feed}-i{n}.html").write_bytes(body)
        entries = "".join(
            f"<item><title>Report {feed}-{i}</title><link>{self.url(f'pages/f{feed}-i{i}.html')}"
            f"</link><guid>f{feed}-i{i}</guid></item>"
            for i in range(self.items[feed])
        )
        rss = (
            f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Feed {feed}</title>{entries}</channel></rss>"
        )
        tmp = self.root / f"feed{feed}.xml.tmp"
        tmp.write_text(rss, encoding="utf-8")
        path = self.root / f"feed{feed}.xml"
        # http.server's Last-Modified counts whole seconds: a feed rewritten in the second it
        # was fetched would answer the next conditional GET "304 Not Modified" (an HTTP limit,
        # not raceview's), so each version is dated at least a second after the one before
        stamp = float(int(time.time()))
        if path.exists():
            stamp = max(stamp, int(path.stat().st_mtime) + 1.0)
        os.utime(tmp, (stamp, stamp))
        tmp.replace(path)

    def config(self, path: Path) -> None:
        blocks = [
            f'[[sources]]\nname = "feed{f}"\nkind = "feed"\nurl = "{self.url(f"feed{f}.xml")}"\n'
            for f in self.items
        ]
        path.write_text("\n".join(blocks), encoding="utf-8")

    def expected(self) -> set[str]:
        return {sha(p.read_bytes()) for p in (self.root / "pages").iterdir()}

    def grow(self) -> None:
        for feed in self.rng.sample(sorted(self.items), k=max(1, len(self.items) // 2)):
            self.add_item(feed)

    def close(self) -> None:
        self.server.kill()
        self.server.wait()


class Folder:
    """A folder of reports for `raceview import`."""

    def __init__(self, root: Path, files: int, rng: random.Random) -> None:
        self.root = root
        self.rng = rng
        self.seeds = _seeds((".txt", ".md", ".html"))
        self.n = 0
        self.size = files
        root.mkdir(parents=True)
        for _ in range(files):
            self.add_file()

    def add_file(self) -> None:
        body = self.rng.choice(self.seeds)
        ext = ".html" if body.lstrip().startswith(b"<") else ".txt"
        marker = f"\n<!-- copy {self.n} -->\n" if ext == ".html" else f"\n\n(copy {self.n})\n"
        (self.root / f"doc{self.n:05d}{ext}").write_bytes(body + marker.encode())
        self.n += 1

    def grow(self) -> None:
        for _ in range(max(3, self.size // 5)):
            self.add_file()

    def expected(self) -> set[str]:
        return {sha(p.read_bytes()) for p in self.root.iterdir()}


# --- the loop -------------------------------------------------------------------------------


@contextlib.contextmanager
def material(
    what: str, work: Path, rng: random.Random, size: int
) -> Iterator[tuple[object, list[str]]]:
    """The site or folder, and the command's arguments."""
    if what == "refresh":
        site = Site(work / "site", feeds=max(2, size // 10), items=10, rng=rng)
        config = work / "config.toml"
        site.config(config)
        try:
            yield site, ["--config", str(config), "refresh"]
        finally:
            site.close()
    else:
        folder = Folder(work / "docs", files=size, rng=rng)
        yield folder, ["import", str(folder.root)]


def kill_loop(
    what: str, kills: int, work: Path, *, seed: int = 1, size: int = 100, echo: bool = True,
) -> Figures:  # fmt: skip
    """Kill `raceview WHAT` `kills` times at random moments; then one run to completion.

    The moments are uniform over the time one uninterrupted first run takes (measured on a
    scratch store), and new material appears before every run, so each run has work to do.
    """
    rng = random.Random(seed)
    work.mkdir(parents=True, exist_ok=True)
    db = work / "store.db"
    figures = Figures(what)
    env = {**os.environ, "RACEVIEW_DB": str(db), "PYTHONUNBUFFERED": "1"}
    env.pop("RACEVIEW_CONFIG", None)
    started = time.monotonic()
    previous: set[str] = set()
    with material(what, work, rng, size) as (thing, args):
        t0 = time.monotonic()
        scratch = {**env, "RACEVIEW_DB": str(work / "scratch.db")}
        subprocess.run([*raceview(), *args], env=scratch, cwd=work, capture_output=True,
                       timeout=600, check=False)  # fmt: skip
        figures.full_run = max(1.0, time.monotonic() - t0)
        for n in range(kills):
            thing.grow()  # type: ignore[attr-defined]
            proc = subprocess.Popen(
                [*raceview(), *args], env=env, cwd=work,
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            )  # fmt: skip
            delay = rng.uniform(0.05, figures.full_run)
            try:
                proc.wait(timeout=delay)
                figures.finished_before_kill += 1
                err = proc.stderr.read().decode() if proc.stderr else ""
                if proc.returncode != 0:
                    figures.errors.append(f"run {n} exited {proc.returncode}: {err[-300:]}")
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGKILL)
                proc.wait()
            if proc.stderr:
                proc.stderr.close()
            figures.kills += 1
            if not store_created(db):
                figures.before_store += 1  # killed before the store was even created
                continue
            integrity, shas = check_store(db)
            if integrity == "ok":
                figures.integrity_ok += 1
            else:
                figures.errors.append(f"kill {n}: integrity_check says {integrity}")
            if shas >= previous:
                figures.supersets_ok += 1
            else:
                figures.errors.append(
                    f"kill {n}: {len(previous - shas)} committed document(s) lost"
                )
            previous = shas
            figures.documents.append(len(shas))
            if echo and (n + 1) % 10 == 0:
                print(f"  {what}: {n + 1} kills, {len(shas)} documents", flush=True)
        final = subprocess.run(
            [*raceview(), *args], env=env, cwd=work, capture_output=True, text=True, timeout=600,
            check=False,
        )  # fmt: skip
        figures.final_exit = final.returncode
        if final.returncode != 0:
            figures.errors.append(f"final run exited {final.returncode}: {final.stderr[-500:]}")
        integrity, shas = check_store(db)
        expected = thing.expected()  # type: ignore[attr-defined]
        figures.final_complete = integrity == "ok" and expected <= shas and shas >= previous
        if not figures.final_complete:
            figures.errors.append(
                f"final: integrity {integrity}, {len(expected - shas)} expected document(s) missing"
            )
        figures.documents.append(len(shas))
    figures.seconds = time.monotonic() - started
    return figures


def main(argv: list[str] | None = None) -> int:
    import tempfile

    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--kills", type=int, default=50)
    ap.add_argument("--what", default="refresh,import")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--size", type=int, default=200, help="files to import / feeds×10 items")
    args = ap.parse_args(argv)
    ok = True
    with tempfile.TemporaryDirectory(prefix="raceview-kill-") as tmp:
        for what in args.what.split(","):
            figures = kill_loop(what, args.kills, Path(tmp) / what, seed=args.seed, size=args.size)
            print(figures.line(), flush=True)
            for error in figures.errors[:10]:
                print(f"  ! {error}")
            ok = ok and figures.ok
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
