"""Refresh orchestration: sources → fetch → raw documents → ingest, with progress by callback.

The async API (no Textual; call it from an async worker, or `asyncio.run` it)::

    summary = await refresh_sources(store, sources, progress, settings=FetchSettings())

- `store`: a Store, a Path to one (opened and closed here) or a zero-argument Store factory.
  The Store's connection is shared across threads under its lock.
- `sources`: the sources to refresh (disabled ones are skipped; `only_due=True` also skips those
  refreshed less than `refresh_minutes` ago; a source in cooldown after 403/429 is skipped).
- `progress`: called on the event loop's thread with a SourceProgress on every change of state
  (queued, fetching, importing, done, not_modified, skipped, failed); exceptions it raises are
  ignored. From a Textual worker, post a message from it.
- returns a RefreshSummary; `summary.ok` is False when any source failed.

Guarantees: one HTTP client per refresh; each source's new documents, HTTP validators, feed items
and health commit together in one transaction (analysis runs in a worker thread); a failing
source never stops the others; cancelling (Ctrl-C) keeps every source already committed.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from raceview.ingest import analyse_new, ingest
from raceview.models import Source, SourceHealth
from raceview.sources.collect import Collected, Collector, SourceFailed
from raceview.sources.http import Fetcher, FetchSettings, host_of
from raceview.store import Store
from raceview.workers import Analyser

State = Literal["queued", "fetching", "importing", "done", "not_modified", "skipped", "failed"]
StoreLike = Store | Path | Callable[[], Store]


@dataclass(frozen=True, slots=True)
class SourceProgress:
    """A source's state as the refresh goes; `message` is one line for people."""

    source: str
    state: State
    message: str = ""
    new: int = 0


@dataclass(frozen=True, slots=True)
class SourceResult:
    """How one source's refresh ended."""

    source: str
    state: Literal["done", "not_modified", "skipped", "failed"]
    message: str
    new: int = 0
    unchanged: int = 0
    items: int = 0
    problems: tuple[str, ...] = ()
    race_ids: frozenset[str] = frozenset()

    @property
    def failed(self) -> bool:
        """Whether the source could not be refreshed."""
        return self.state == "failed"


@dataclass(frozen=True, slots=True)
class RefreshSummary:
    """Every source's result."""

    results: tuple[SourceResult, ...] = ()
    race_ids: frozenset[str] = field(default_factory=frozenset)

    @property
    def ok(self) -> bool:
        """No source failed."""
        return not any(r.failed for r in self.results)

    @property
    def new(self) -> int:
        """Documents newly stored."""
        return sum(r.new for r in self.results)


def is_due(source: Source, health: SourceHealth, now: dt.datetime) -> bool:
    """Whether `refresh_minutes` have passed since the source was last tried."""
    last = health.last_attempt
    return last is None or now - last >= dt.timedelta(minutes=source.refresh_minutes)


async def refresh_sources(
    store: StoreLike,
    sources: Iterable[Source],
    progress: Callable[[SourceProgress], None] | None = None,
    *,
    settings: FetchSettings | None = None,
    only_due: bool = False,
    max_items: int = 100,
) -> RefreshSummary:
    """Refresh `sources` into the store; see the module docstring."""
    own = not isinstance(store, Store)
    opened = store if isinstance(store, Store) else _open(store)
    analyser = Analyser()  # worker processes start only when a source brings many documents
    try:
        run = _Run(opened, progress or (lambda p: None), analyser)
        return await run.all([s for s in sources if s.enabled], settings, only_due, max_items)
    finally:
        await asyncio.to_thread(analyser.close)
        if own:
            opened.close()


def _open(store: Path | Callable[[], Store]) -> Store:
    return Store(store) if isinstance(store, Path) else store()


@dataclass
class _Run:
    store: Store
    emit: Callable[[SourceProgress], None]
    analyser: Analyser

    def report(self, p: SourceProgress) -> None:
        with contextlib.suppress(Exception):  # a broken display must not break the refresh
            self.emit(p)

    async def all(
        self,
        sources: list[Source],
        settings: FetchSettings | None,
        only_due: bool,
        max_items: int,
    ) -> RefreshSummary:
        now = _now()
        health = {
            s.name: await asyncio.to_thread(self.store.source_health, s.name) for s in sources
        }
        cooldowns: dict[str, dt.datetime] = {}
        for s in sources:
            until = health[s.name].cooldown_until
            if s.url and until and until > now:
                host = host_of(s.url)
                cooldowns[host] = max(until, cooldowns.get(host, until))
        for s in sources:
            self.report(SourceProgress(s.name, "queued"))
        async with Fetcher.open(settings, cooldowns) as fetcher:
            collector = Collector(fetcher, self.store, max_items=max_items)
            results = await asyncio.gather(
                *(self.one(collector, s, health[s.name], only_due) for s in sources)
            )
        touched = frozenset().union(*(r.race_ids for r in results)) if results else frozenset()
        return RefreshSummary(tuple(results), touched)

    async def one(
        self, collector: Collector, source: Source, health: SourceHealth, only_due: bool
    ) -> SourceResult:
        name = source.name
        now = _now()
        until = collector.fetcher.cooldowns.get(host_of(source.url or ""))
        if until and until > now and source.url:
            return self.finish(
                SourceResult(name, "skipped", f"cooling down until {until:%Y-%m-%d %H:%M} UTC")
            )
        if only_due and not is_due(source, health, now):
            return self.finish(SourceResult(name, "skipped", "not due yet"))
        self.report(SourceProgress(name, "fetching", source.url or source.path or ""))
        try:
            got = await collector.collect(source)
        except SourceFailed as exc:
            return await self.failed(source, health, str(exc), exc.cooldown_until)
        except Exception as exc:  # a bug in one source's handling must not stop the others
            return await self.failed(source, health, f"internal error: {exc!r}", None)
        if got.raws:
            self.report(SourceProgress(name, "importing", f"{len(got.raws)} document(s)"))
        try:
            return self.finish(await asyncio.to_thread(self.commit, source, health, got))
        except Exception as exc:
            return await self.failed(source, health, f"could not store: {exc}", None)

    def commit(self, source: Source, before: SourceHealth, got: Collected) -> SourceResult:
        """Store the documents, validators, feed items and health in one transaction."""
        # outside the transaction: keep the write lock short
        prepared = analyse_new(self.store, got.raws, self.analyser)
        with self.store.db.transaction():
            done = ingest(self.store, prepared)
            for url, etag, last_modified, status in got.validators:
                self.store.save_validators(url, etag, last_modified, status)
            for key, fingerprint in got.feed_items:
                self.store.save_feed_item(source.name, key, fingerprint)
            new = sum(1 for d in done if d.outcome == "added")
            state: Literal["done", "not_modified"] = "not_modified" if got.not_modified else "done"
            message = "not modified" if got.not_modified else f"{new} new"
            if got.problems:
                message += f", {len(got.problems)} item(s) skipped"
            now = _now()
            self.store.save_source_health(
                SourceHealth(
                    name=source.name,
                    last_attempt=now,
                    last_success=now,
                    last_status=message,
                    last_error="; ".join(got.problems)[:500] or None,
                    cooldown_until=None,
                    items_seen=got.items or before.items_seen,
                )
            )
        return SourceResult(
            source.name,
            state,
            message,
            new=new,
            unchanged=len(done) - new,
            items=got.items,
            problems=tuple(got.problems),
            race_ids=frozenset(d.race_id for d in done if d.race_id),
        )

    async def failed(
        self, source: Source, before: SourceHealth, reason: str, until: dt.datetime | None
    ) -> SourceResult:
        now = _now()
        keep = (
            before.cooldown_until if before.cooldown_until and before.cooldown_until > now else None
        )
        health = before.model_copy(
            update={
                "last_attempt": now,
                "last_status": "failed",
                "last_error": reason,
                "cooldown_until": until or keep,
            }
        )
        with contextlib.suppress(Exception):  # an unusable store: the result still tells
            await asyncio.to_thread(self.store.save_source_health, health)
        return self.finish(SourceResult(source.name, "failed", reason))

    def finish(self, result: SourceResult) -> SourceResult:
        self.report(SourceProgress(result.source, result.state, result.message, result.new))
        return result


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
