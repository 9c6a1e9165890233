"""Benchmark: refresh 200 feeds x 20 items from a local server with 50 ms latency per response.

    .venv/bin/python benchmarks/refresh.py [--feeds 200] [--items 20] [--latency 0.05]
                                           [--with-analysis]

The server runs in a child process (so it does not share our GIL), one threaded HTTP/1.1 server
per loopback address 127.0.0.1..127.0.0.16 (Linux routes all of 127/8 to lo), each response sent
after `latency` seconds, with an ETag honoured by a 304. Feeds are spread over the 16 hosts so
the per-host limit (2) does not hide the global one (8).

Ideal wall time = ceil(requests / concurrency) x latency. Targets: first refresh <= 1.3x ideal,
second refresh (all 304) <= 0.2x the first. By default documents are stored without analysis
(the fetch path alone); --with-analysis runs the real ingest (the lead's analyser) too.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import multiprocessing as mp
import os
import platform
import sys
import tempfile
import threading
import time
from collections.abc import Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HOSTS = [f"127.0.0.{n}" for n in range(1, 17)]

ARTICLE = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Stage {i}-{j}</title></head><body>"
    "<article><h1>Stage {j} of race {i}</h1><p>Rider {j} (Team {i}) won stage {j} of the"
    " benchmark tour ahead of Rider {k} at 12 seconds.</p></article></body></html>"
)


def _feed(base: str, i: int, items: int) -> bytes:
    entries = "".join(
        f"<item><title>Stage {j} of race {i}</title><guid>r{i}-s{j}</guid>"
        f"<link>{base}/article/{i}/{j}.html</link><pubDate>Sun, 07 Apr 2024 16:45:00 +0000"
        f"</pubDate><description>Report {j}</description></item>"
        for j in range(items)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Feed {i}'
        f"</title><link>{base}/</link><description>bench</description>{entries}</channel></rss>"
    ).encode()


def _serve(port: int, items: int, latency: float, ready: mp.Event) -> None:  # type: ignore[valid-type]
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            time.sleep(latency)
            if self.headers.get("If-None-Match") == '"v1"':
                self.send_response(304)
                self.send_header("ETag", '"v1"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            host = self.headers.get("Host", "127.0.0.1")
            parts = self.path.strip("/").split("/")
            if parts[0] == "feed":
                feed = int(parts[1].split(".")[0])
                body, ctype = _feed(f"http://{host}", feed, items), "application/rss+xml"
            else:
                i, j = int(parts[1]), int(parts[2].split(".")[0])
                body, ctype = ARTICLE.format(i=i, j=j, k=j + 1).encode(), "text/html"
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("ETag", '"v1"')
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    servers = []
    for host in HOSTS:
        server = ThreadingHTTPServer((host, port), Handler)
        server.daemon_threads = True
        servers.append(server)
        threading.Thread(target=server.serve_forever, daemon=True).start()
    ready.set()  # type: ignore[attr-defined]
    threading.Event().wait()


def _cpu_of(pid: int | None) -> float:
    """CPU seconds a process has used (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _sources(port: int, feeds: int) -> Iterable[object]:
    from raceview.models import Source

    for i in range(feeds):
        host = HOSTS[i % len(HOSTS)]
        yield Source(name=f"feed{i}", kind="feed", url=f"http://{host}:{port}/feed/{i}.xml")


def _store_only(store: object, raws: Iterable[object]) -> list[object]:
    """ingest() without analysis: the fetch path alone."""
    from raceview.ingest import Ingested

    done: list[object] = []
    for raw in raws:
        doc_id, added = store.add_document(raw)  # type: ignore[attr-defined]
        done.append(Ingested(raw.origin, "added" if added else "unchanged", doc_id, "", None))  # type: ignore[attr-defined]
    return done


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--feeds", type=int, default=200)
    p.add_argument("--items", type=int, default=20)
    p.add_argument("--latency", type=float, default=0.05)
    p.add_argument("--with-analysis", action="store_true")
    args = p.parse_args()

    import raceview.refresh as refresh_module
    from raceview.refresh import refresh_sources
    from raceview.sources.http import FetchSettings
    from raceview.store import Store

    if not args.with_analysis:
        refresh_module.ingest = _store_only  # type: ignore[assignment]
    settings = FetchSettings()
    port = _free_port()
    ready = mp.Event()
    server = mp.Process(target=_serve, args=(port, args.items, args.latency, ready), daemon=True)
    server.start()
    if not ready.wait(10):
        print("server did not start (are 127.0.0.2-16 bindable here?)", file=sys.stderr)
        return 2
    sources = list(_sources(port, args.feeds))
    requests = args.feeds * (1 + args.items)
    ideal = math.ceil(requests / settings.concurrency) * args.latency
    ideal_304 = math.ceil(args.feeds / settings.concurrency) * args.latency
    print(f"machine: {platform.platform()}, {platform.python_implementation()}"
          f" {platform.python_version()}, {os.cpu_count()} CPUs")  # fmt: skip
    print(f"load: {args.feeds} feeds x {args.items} items = {requests} requests,"
          f" {args.latency * 1000:.0f} ms latency, concurrency {settings.concurrency},"
          f" {settings.per_host} per host, {len(HOSTS)} hosts,"
          f" analysis {'on' if args.with_analysis else 'off (documents stored only)'}")  # fmt: skip
    try:
        with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.db") as store:
            t0, c0, s0 = time.perf_counter(), time.process_time(), _cpu_of(server.pid)
            first = asyncio.run(refresh_sources(store, sources, settings=settings))
            t1, cpu1 = time.perf_counter() - t0, time.process_time() - c0
            server_cpu = _cpu_of(server.pid) - s0
            t0 = time.perf_counter()
            second = asyncio.run(refresh_sources(store, sources, settings=settings))
            t2 = time.perf_counter() - t0
            failed = [r for r in (*first.results, *second.results) if r.failed]
            print(f"first refresh:  {t1:6.2f} s  ideal {ideal:6.2f} s  ratio {t1 / ideal:.2f}"
                  f" (target <= 1.30)  {first.new} documents; CPU: client {cpu1:.2f} s,"
                  f" server {server_cpu:.2f} s")  # fmt: skip
            print(f"second refresh: {t2:6.2f} s  ideal {ideal_304:6.2f} s  {t2 / t1:.3f} x first"
                  f" (target <= 0.20)  all 304: "
                  f"{all(r.state == 'not_modified' for r in second.results)}")  # fmt: skip
            if failed:
                print(f"FAILED sources: {len(failed)}, e.g. {failed[0].message}")
                return 1
    finally:
        server.terminate()
    return 0


if __name__ == "__main__":
    sys.exit(main())
