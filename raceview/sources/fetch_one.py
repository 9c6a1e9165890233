"""`raceview import URL`: fetch one URL as documents (a feed brings its items' pages)."""

from __future__ import annotations

import asyncio
import datetime as dt

from raceview.models import RawDocument
from raceview.sources.collect import MAX_ITEMS
from raceview.sources.feeds import NotAFeed, item_document, parse_feed
from raceview.sources.http import Fetcher, FetchError, FetchSettings, Response
from raceview.sources.pages import PageRejected, page_document


def fetch_documents(
    url: str, settings: FetchSettings | None = None
) -> tuple[list[RawDocument], list[str]]:
    """The documents at `url` and one line per failure (synchronous; runs its own loop)."""
    return asyncio.run(fetch_documents_async(url, settings))


async def fetch_documents_async(
    url: str, settings: FetchSettings | None = None
) -> tuple[list[RawDocument], list[str]]:
    """As `fetch_documents`, for callers already inside an event loop."""
    async with Fetcher.open(settings) as fetcher:
        try:
            resp = await fetcher.get(url)
        except FetchError as exc:
            return [], [str(exc)]
        try:
            feed = await asyncio.to_thread(parse_feed, resp.body, resp.headers, resp.url)
        except NotAFeed:
            return _page(resp)
        docs: list[RawDocument] = []
        errors: list[str] = []
        links: list[str] = []
        for item in feed.items[:MAX_ITEMS]:
            if item.content_html is not None:
                docs.append(item_document(item, None, _now()))
            elif item.refused or not item.link:
                errors.append(f"item {item.title[:60]!r}: {item.refused or 'has no link'}")
            elif item.link not in links:
                links.append(item.link)
        for link, got in zip(
            links, await asyncio.gather(*(_fetch_page(fetcher, u) for u in links)), strict=True
        ):
            docs += got[0]
            errors += [f"{link}: {e}" for e in got[1]]
        return docs, errors


async def _fetch_page(fetcher: Fetcher, url: str) -> tuple[list[RawDocument], list[str]]:
    try:
        return _page(await fetcher.get(url))
    except FetchError as exc:
        return [], [str(exc)]


def _page(resp: Response) -> tuple[list[RawDocument], list[str]]:
    try:
        return [page_document(resp, None, _now())], []
    except PageRejected as exc:
        return [], [str(exc)]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
