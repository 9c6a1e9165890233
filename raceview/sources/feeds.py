"""RSS/Atom feeds: bytes in, items out; full-content items become HTML documents.

feedparser is imported lazily and only ever given `io.BytesIO(body)` with the response's
headers: given a str (or bytes that look like a path) it would fetch URLs or read local files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from raceview.analysis.text import sanitize
from raceview.models import RawDocument
from raceview.sources.http import check_url

#: Feed content shorter than this (in characters of text) is a teaser: the page is fetched instead.
FULL_CONTENT_CHARS = 500
_TAGS = re.compile(r"<[^>]*>")


class NotAFeed(ValueError):
    """The bytes are not an RSS or Atom feed."""


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One entry of a feed, reduced to what a refresh needs."""

    key: str  # GUID, else link, else a hash of the title
    link: str | None
    title: str
    fingerprint: str  # changes when the item changes
    content_html: str | None  # the full article when the feed carries it
    published: str | None  # ISO 8601, when the feed gives a date

    @property
    def refused(self) -> str | None:
        """Why the link must not be fetched (a file: URL, say), or None."""
        return check_url(self.link) if self.link else None


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A feed's title and items; `problem` notes a malformed but readable feed."""

    title: str
    version: str
    items: tuple[FeedItem, ...]
    problem: str | None = None


def parse_feed(body: bytes, headers: Mapping[str, str], url: str) -> ParsedFeed:
    """Parse feed bytes (never fetching anything); raise NotAFeed when they are no feed."""
    import feedparser  # lazily: ~60 ms to import

    hdrs = {k.lower(): v for k, v in headers.items()}
    hdrs["content-location"] = url  # the base for relative links
    hdrs.pop("content-encoding", None)  # the body is already decoded
    parsed = feedparser.parse(io.BytesIO(body), response_headers=hdrs)
    version = str(parsed.get("version") or "")
    if not version:
        kind = hdrs.get("content-type", "").split(";")[0] or "no content type"
        raise NotAFeed(f"not an RSS or Atom feed ({kind})")
    items = tuple(_item(e) for e in parsed.entries)
    problem = None
    if parsed.get("bozo"):
        problem = sanitize(str(parsed.get("bozo_exception", "malformed feed")))[:200]
    title = sanitize(str(parsed.feed.get("title", ""))).strip()
    return ParsedFeed(title=title, version=version, items=items, problem=problem)


def looks_like_feed(body: bytes, headers: Mapping[str, str], url: str) -> bool:
    """Whether the bytes parse as RSS or Atom."""
    try:
        parse_feed(body, headers, url)
    except NotAFeed:
        return False
    return True


def _item(entry: Any) -> FeedItem:
    link = str(entry.get("link") or "").strip() or None
    title = " ".join(sanitize(str(entry.get("title") or "")).split())
    key = str(entry.get("id") or "").strip() or link or "title:" + _digest(title)
    content = _full_content(entry)
    # dict.get: feedparser's own get() maps updated→published with a DeprecationWarning
    published = _date(dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed"))
    updated = str(dict.get(entry, "updated") or "")
    summary = str(entry.get("summary") or "")
    fingerprint = _digest("\x1f".join((title, link or "", updated, summary, content or "")))
    return FeedItem(key, link, title, fingerprint, content, published)


def _full_content(entry: Any) -> str | None:
    """The longest text/html content block, when it is long enough to be the article."""
    blocks = [c for c in entry.get("content") or [] if "html" in str(c.get("type", "html"))]
    best = max((str(c.get("value") or "") for c in blocks), key=len, default="")
    text = _TAGS.sub(" ", best)
    return best if len(" ".join(text.split())) >= FULL_CONTENT_CHARS else None


def _date(value: Any) -> str | None:
    try:
        return dt.datetime(*tuple(value)[:6]).replace(tzinfo=dt.UTC).isoformat() if value else None
    except (TypeError, ValueError):
        return None


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def item_document(item: FeedItem, source: str | None, fetched_at: dt.datetime) -> RawDocument:
    """A full-content item as an HTML document whose origin is the item's link."""
    assert item.content_html is not None
    title = html.escape(item.title)
    link = html.escape(item.link or "", quote=True)
    meta = f'<link rel="canonical" href="{link}">\n' if item.link else ""
    if item.published:
        stamp = html.escape(item.published, quote=True)
        meta += f'<meta property="article:published_time" content="{stamp}">\n'
    page = (
        f'<!DOCTYPE html>\n<html><head><meta charset="utf-8">\n<title>{title}</title>\n{meta}'
        f"</head><body><article>\n<h1>{title}</h1>\n{item.content_html}\n</article></body></html>\n"
    )
    body = page.encode("utf-8")
    return RawDocument(
        body=body,
        origin=item.link or f"feed-item:{item.key}",
        content_type="text/html; charset=utf-8",
        fetched_at=fetched_at,
        sha256=hashlib.sha256(body).hexdigest(),
        source=source,
    )
