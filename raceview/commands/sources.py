"""`raceview sources list|add|remove|test`: manage the configured sources."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import ipaddress
import json
import re
from pathlib import Path
from typing import Any, TextIO

from raceview.analysis.text import sanitize
from raceview.commands.context import EXIT_OK, EXIT_SOME_FAILED, CommandError, Context
from raceview.config import Config, check_source, load_config, save_config
from raceview.export import dump_json
from raceview.models import RawDocument, Source, SourceHealth, SourceKind
from raceview.sources.collect import Collected, Collector, SourceFailed
from raceview.sources.http import Fetcher, FetchError, check_url, host_of
from raceview.store import Store

KINDS = ("feed", "page", "results", "dir")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `sources` command and its subcommands."""
    p = sub.add_parser("sources", help="list, add, remove and test sources", description=__doc__)
    ss = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    ls = ss.add_parser("list", help="every source with its health")
    ls.add_argument("--json", action="store_true", help="a JSON list")
    ls.set_defaults(func=run_list)
    add = ss.add_parser(
        "add",
        help="add a feed, page, results page (URL) or folder (path)",
        description="Add a source. Without --kind, a URL is fetched once: RSS/Atom is a feed,"
        " a page with a results table is a results page, anything else a page; a path is a dir.",
    )
    add.add_argument("target", metavar="URL_OR_PATH")
    add.add_argument("--name", help="a short unique name (default: from the host or folder)")
    add.add_argument("--kind", choices=KINDS)
    add.add_argument("--disabled", action="store_true", help="add it switched off")
    add.add_argument("--minutes", type=int, default=60, help="refresh interval (default 60)")
    add.set_defaults(func=run_add)
    rm = ss.add_parser("remove", help="remove a source (its documents stay in the store)")
    rm.add_argument("name", metavar="NAME")
    rm.set_defaults(func=run_remove)
    test = ss.add_parser("test", help="fetch a source and show what would be imported")
    test.add_argument("name", metavar="NAME")
    test.set_defaults(func=run_test)


def _when(value: dt.datetime | None) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value else "never"


def run_list(args: argparse.Namespace, ctx: Context) -> int:
    """Print every source with its health."""
    config = load_config(ctx.paths.config)
    rows = [(s, ctx.store.source_health(s.name)) for s in config.sources]
    if args.json:
        ctx.out.write(dump_json([_json(s, h) for s, h in rows]))
        ctx.out.write("\n")
        return EXIT_OK
    if not rows:
        ctx.out.write(f"no sources in {ctx.paths.config}; add one with `raceview sources add`\n")
    now = dt.datetime.now(dt.UTC)
    for s, h in rows:
        state = "enabled" if s.enabled else "disabled"
        ctx.out.write(f"{s.name}  {s.kind}  {state}  every {s.refresh_minutes} min"
                      f"  {s.url or s.path}\n")  # fmt: skip
        ctx.out.write(
            f"    last attempt {_when(h.last_attempt)} · last success {_when(h.last_success)}"
            f" · status {h.last_status or '—'} · items seen {h.items_seen}\n"
        )
        if h.cooldown_until and h.cooldown_until > now:
            ctx.out.write(f"    cooling down until {_when(h.cooldown_until)}\n")
        if h.last_error:
            ctx.out.write(sanitize(f"    last error: {h.last_error[:300]}") + "\n")
    return EXIT_OK


def _json(s: Source, h: SourceHealth) -> dict[str, Any]:
    health = json.loads(h.model_dump_json())
    health.pop("name", None)
    return {**s.model_dump(), "health": health}


def run_add(args: argparse.Namespace, ctx: Context) -> int:
    """Add a source, guessing its kind by fetching it once when --kind is not given."""
    config = load_config(ctx.paths.config)
    target: str = args.target
    kind: SourceKind | None = args.kind
    is_url = bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", target))
    if is_url:
        why = check_url(target)
        if why:
            raise CommandError(why)
        if kind == "dir":
            raise CommandError("a dir source takes a folder path, not a URL")
        if kind is None:
            kind = _guess(target)
        url, path, default_name = target, None, _name_from_host(target)
    else:
        folder = Path(target).expanduser().resolve()
        if not folder.is_dir():
            raise CommandError(
                f"{target}: not a folder (import single files with `raceview import`)"
            )
        if kind not in (None, "dir"):
            raise CommandError(f"a {kind} source takes an http(s) URL")
        kind, url, path, default_name = "dir", None, str(folder), folder.name
    name = args.name or _unique(default_name or "source", config)
    if config.source(name):
        raise CommandError(f"a source named {name!r} exists already (use --name)")
    source = Source(name=name, kind=kind, url=url, path=path, enabled=not args.disabled,
                    refresh_minutes=args.minutes)  # fmt: skip
    try:
        check_source(source)
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    save_config(ctx.paths.config, config.model_copy(update={"sources": (*config.sources, source)}))
    ctx.out.write(f"added {name} ({kind}) {url or path}\n")
    return EXIT_OK


def _guess(url: str) -> SourceKind:
    from raceview.sources.guess import guess_kind

    async def fetch() -> SourceKind:
        async with Fetcher.open() as fetcher:
            return guess_kind(await fetcher.get(url))

    try:
        return asyncio.run(fetch())
    except FetchError as exc:
        raise CommandError(f"cannot fetch {url}: {exc} (give --kind to add it anyway)", 1) from None


def _name_from_host(url: str) -> str:
    host = host_of(url)
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    else:
        return host
    labels = [p for p in host.split(".") if p not in ("www", "feeds", "rss", "m")]
    if len(labels) > 1:
        labels = labels[:-1]  # drop the TLD
    return "-".join(labels[-1:]) if labels else ""


def _unique(base: str, config: Config) -> str:
    base = re.sub(r"[^A-Za-z0-9_-]+", "-", base).strip("-") or "source"
    name, n = base, 2
    while config.source(name):
        name, n = f"{base}-{n}", n + 1
    return name


def run_remove(args: argparse.Namespace, ctx: Context) -> int:
    """Remove a source from the config (documents already stored stay)."""
    config = load_config(ctx.paths.config)
    if not config.source(args.name):
        raise CommandError(f"no source named {args.name!r}")
    rest = tuple(s for s in config.sources if s.name != args.name)
    save_config(ctx.paths.config, config.model_copy(update={"sources": rest}))
    ctx.out.write(f"removed {args.name}; its documents stay in the store\n")
    return EXIT_OK


def run_test(args: argparse.Namespace, ctx: Context) -> int:
    """Fetch a source unconditionally and list what a refresh would import; store nothing."""
    config = load_config(ctx.paths.config)
    source = config.source(args.name)
    if source is None:
        raise CommandError(f"no source named {args.name!r}")
    store = ctx.store

    async def collect() -> Collected:
        async with Fetcher.open() as fetcher:
            return await Collector(fetcher, store, conditional=False).collect(source)

    try:
        got = asyncio.run(collect())
    except SourceFailed as exc:
        ctx.out.write(sanitize(f"{source.name}: failed — {exc}") + "\n")
        return EXIT_SOME_FAILED
    _print_test(ctx.out, store, source, got)
    return EXIT_OK


def _print_test(out: TextIO, store: Store, source: Source, got: Collected) -> None:
    from raceview.analysis.pipeline import analyse

    title = f" “{got.title}”" if got.title and source.kind == "feed" else ""
    out.write(sanitize(f"{source.name} ({source.kind}){title}: {got.items} item(s) seen") + "\n")
    for raw in got.raws:
        known = " (already stored)" if store.has_document(raw.sha256) else ""
        out.write(sanitize(f"  would import {raw.origin}{known}") + "\n")
        out.write(
            sanitize(f"      {raw.content_type}, {len(raw.body):,} bytes, {_what(raw, analyse)}\n")
        )
    for problem in got.problems:
        out.write(sanitize(f"  would skip {problem}") + "\n")
    out.write(f"{len(got.raws)} document(s) would be imported; nothing was stored\n")


def _what(raw: RawDocument, analyse: Any) -> str:
    try:
        a = analyse(raw)
    except Exception as exc:  # the analyser is not ours to crash on here
        return f"analysis failed: {exc!r}"
    race = f" → {a.race.race_id}" if a.race else ""
    return f"{a.kind}{race}: {a.title[:80]!r}"
