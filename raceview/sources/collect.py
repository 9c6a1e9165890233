"""What one source has that is new: documents, validators and feed items to commit together.

Collecting only reads the store (validators, feed item fingerprints); the caller commits.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from raceview.models import RawDocument, Source
from raceview.sources.feeds import FeedItem, NotAFeed, item_document, parse_feed
from raceview.sources.files import FileRejected, read_file, walk
from raceview.sources.http import Fetcher, FetchError, Response
from raceview.sources.pages import PageRejected, page_document
from raceview.store import Store, Validators

MAX_ITEMS = 100  # per feed and refresh; the rest wait for the next one


class SourceFailed(Exception):
    """The source itself could not be read; str() says why."""

    def __init__(self, reason: str, cooldown_until: dt.datetime | None = None) -> None:
        super().__init__(reason)
        self.cooldown_until = cooldown_until


@dataclass
class Collected:
    """A source's new material, committed in one transaction by the refresh."""

    raws: list[RawDocument] = field(default_factory=list)
    validators: list[tuple[str, str | None, str | None, int]] = field(default_factory=list)
    feed_items: list[tuple[str, str]] = field(default_factory=list)  # (item key, fingerprint)
    problems: list[str] = field(default_factory=list)  # per item, one line each
    items: int = 0  # feed items or files seen
    not_modified: bool = False
    title: str = ""


@dataclass
class Collector:
    """Collects sources through one fetcher; `conditional=False` ignores stored validators."""

    fetcher: Fetcher
    store: Store
    conditional: bool = True
    max_items: int = MAX_ITEMS
    now: Callable[[], dt.datetime] = field(default=lambda: dt.datetime.now(dt.UTC))

    async def collect(self, source: Source) -> Collected:
        """The source's new documents, or raise SourceFailed."""
        if source.kind == "dir":
            return await asyncio.to_thread(collect_dir, source)
        assert source.url is not None
        if source.kind == "feed":
            return await self._feed(source, source.url)
        resp = await self._get_or_fail(source.url)
        if resp.not_modified:
            return Collected(not_modified=True, items=1)
        try:
            raw = page_document(resp, source.name, self.now())
        except PageRejected as exc:
            raise SourceFailed(str(exc)) from None
        return Collected(
            raws=[raw], validators=[_validators(source.url, resp)], items=1, title=resp.url
        )

    async def _validators(self, url: str) -> Validators | None:
        if not self.conditional:
            return None
        return await asyncio.to_thread(self.store.validators, url)

    async def _get_or_fail(self, url: str) -> Response:
        try:
            return await self.fetcher.get(url, await self._validators(url))
        except FetchError as exc:
            raise SourceFailed(str(exc), exc.cooldown_until) from None

    async def _feed(self, source: Source, url: str) -> Collected:
        resp = await self._get_or_fail(url)
        if resp.not_modified:
            return Collected(not_modified=True)
        try:
            feed = await asyncio.to_thread(parse_feed, resp.body, resp.headers, resp.url)
        except NotAFeed as exc:
            raise SourceFailed(str(exc)) from None
        out = Collected(items=len(feed.items), title=feed.title)
        if feed.problem and not feed.items:
            out.problems.append(f"feed is malformed: {feed.problem}")
        known = await asyncio.to_thread(self._fingerprints, source.name, feed.items)
        fresh = [i for i in feed.items if known.get(i.key) != i.fingerprint][: self.max_items]
        pages: dict[str, list[FeedItem]] = {}
        for item in fresh:
            why = item.refused
            if item.content_html is not None:
                out.raws.append(item_document(item, source.name, self.now()))
                out.feed_items.append((item.key, item.fingerprint))
            elif why or not item.link:
                out.problems.append(f"item {item.title[:60]!r}: {why or 'has no link'}")
                out.feed_items.append((item.key, item.fingerprint))
            else:
                pages.setdefault(item.link, []).append(item)
        known_validators = await self._many_validators(list(pages))
        results = await asyncio.gather(
            *(self._page(source, link, known_validators.get(link)) for link in pages)
        )
        failed = False
        for (link, items), result in zip(pages.items(), results, strict=True):
            if isinstance(result, str):
                out.problems.append(f"{link}: {result}")
                failed = True
                continue
            if result is not None:
                out.raws.append(result[0])
                out.validators.append(result[1])
            out.feed_items += [(i.key, i.fingerprint) for i in items]
        if failed:  # forget the feed's validators: read it whole next time to retry the pages
            out.validators.append((url, None, None, resp.status))
        else:
            out.validators.append(_validators(url, resp))
        return out

    async def _many_validators(self, urls: list[str]) -> dict[str, Validators | None]:
        """Validators of many URLs in one trip to the store's thread."""
        if not self.conditional or not urls:
            return {}
        return await asyncio.to_thread(lambda: {u: self.store.validators(u) for u in urls})

    def _fingerprints(self, source: str, items: tuple[FeedItem, ...]) -> dict[str, str | None]:
        return {i.key: self.store.feed_item_fingerprint(source, i.key) for i in items}

    async def _page(
        self, source: Source, link: str, validators: Validators | None
    ) -> tuple[RawDocument, tuple[str, str | None, str | None, int]] | str | None:
        """A linked page as (document, validators); None when unchanged; str when it failed."""
        try:
            resp = await self.fetcher.get(link, validators)
            if resp.not_modified:
                return None
            return page_document(resp, source.name, self.now()), _validators(link, resp)
        except (FetchError, PageRejected) as exc:
            return str(exc)


def _validators(url: str, resp: Response) -> tuple[str, str | None, str | None, int]:
    return (url, resp.etag, resp.last_modified, resp.status)


def collect_dir(source: Source) -> Collected:
    """Every importable file of a folder source (the store skips bytes it already has)."""
    assert source.path is not None
    root = Path(source.path).expanduser()
    if not root.is_dir():
        raise SourceFailed(f"no such folder: {root}")
    out = Collected()
    for cand in walk(root):
        out.items += 1
        try:
            out.raws.append(read_file(cand.path, source=source.name))
        except FileRejected as exc:
            out.problems.append(f"{cand.path}: {exc}")
    return out
