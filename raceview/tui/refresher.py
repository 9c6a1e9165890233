"""The bridge to `raceview.refresh`, imported lazily (it pulls in httpx and the fetchers).

`raceview.refresh.refresh_sources(store, sources, progress)` is awaited in an async worker; its
per-source progress events become (done, total) counts, its summary a line and failures.
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from raceview.store import Store

if TYPE_CHECKING:  # pydantic models load after the first paint (start-up time)
    from raceview.models import Source

ProgressFn = Callable[[int, int], None]
FINAL_STATES = frozenset({"done", "not_modified", "skipped", "failed"})


@dataclass(frozen=True)
class RefreshOutcome:
    """What a refresh did, in words, and which sources failed (name, reason)."""

    summary: str
    failures: list[tuple[str, str]] = field(default_factory=list)


RefreshFn = Callable[[ProgressFn], Awaitable[RefreshOutcome]]


def find_refresher(store: Store, sources: Sequence[Source]) -> RefreshFn | None:
    """A refresh over the enabled `sources`, or None when raceview.refresh is not available."""
    try:
        module = importlib.import_module("raceview.refresh")
    except ImportError:
        return None
    refresh_sources = getattr(module, "refresh_sources", None)
    if refresh_sources is None:
        return None
    enabled = [s for s in sources if s.enabled]

    async def run(progress: ProgressFn) -> RefreshOutcome:
        finished: set[str] = set()

        def report(event: Any) -> None:
            if getattr(event, "state", None) in FINAL_STATES:
                finished.add(str(getattr(event, "source", "")))
            progress(len(finished), len(enabled))

        progress(0, len(enabled))
        summary = await refresh_sources(store, enabled, report)
        return describe(summary)

    return run


def describe(summary: Any) -> RefreshOutcome:
    """A RefreshSummary in words, with its failed sources."""
    results = tuple(getattr(summary, "results", ()))
    failures = [(str(r.source), str(r.message)) for r in results if getattr(r, "failed", False)]
    new = int(getattr(summary, "new", 0))
    races = len(getattr(summary, "race_ids", ()))
    text = f"{len(results)} sources checked: {new} new documents, {races} races changed"
    if failures:
        text += f", {len(failures)} failed"
    return RefreshOutcome(text, failures)
