"""Article and results pages: an HTTP response becomes a raw document, or a reason it cannot."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from raceview.analysis.text import UndecodableError, decode, looks_binary
from raceview.models import RawDocument
from raceview.sources.http import Response

#: Media types stored as documents, and what the analyser is told they are.
TEXT_TYPES = {
    "text/html": "text/html",
    "application/xhtml+xml": "text/html",
    "text/plain": "text/plain",
    "text/markdown": "text/markdown",
    "text/x-markdown": "text/markdown",
}
UNKNOWN_TYPES = frozenset({"", "application/octet-stream", "binary/octet-stream"})
FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/xml", "text/xml"}
)
_HTML_START = re.compile(
    rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|p|div)\b", re.I | re.S
)
_CHARSET = re.compile(r"charset\s*=\s*\"?([A-Za-z0-9_\-:.]+)", re.I)


class PageRejected(ValueError):
    """A response that is not a text document; the message says why."""


def media_type(content_type: str) -> str:
    """'text/html; charset=x' → 'text/html'."""
    return content_type.split(";")[0].strip().lower()


def page_document(resp: Response, source: str | None, fetched_at: dt.datetime) -> RawDocument:
    """The response as a raw document (bytes exactly as received), or raise PageRejected."""
    body = resp.body
    declared = media_type(resp.content_type)
    if not body.strip():
        raise PageRejected("empty page")
    if declared in FEED_TYPES and not _HTML_START.match(body):
        raise PageRejected(f"a feed ({declared}), not a page: add it with --kind feed")
    if declared in TEXT_TYPES:
        kind = TEXT_TYPES[declared]
    elif declared in FEED_TYPES:  # plainly HTML (checked above) under a feed's type: a lie
        kind = "text/html"
    elif declared in UNKNOWN_TYPES:
        kind = "text/html" if _HTML_START.match(body) else "text/plain"
    else:
        raise PageRejected(f"not a text document ({declared})")
    if looks_binary(body):
        raise PageRejected(f"binary content, not text (served as {declared or 'no type'})")
    try:
        text = decode(body, resp.content_type)
    except UndecodableError as exc:
        raise PageRejected(str(exc)) from None
    if not text.strip():
        raise PageRejected("empty page")
    charset = _CHARSET.search(resp.content_type)
    content_type = f"{kind}; charset={charset.group(1)}" if charset else kind
    return RawDocument(
        body=body,
        origin=resp.url,
        content_type=content_type,
        fetched_at=fetched_at,
        sha256=hashlib.sha256(body).hexdigest(),
        etag=resp.etag,
        last_modified=resp.last_modified,
        source=source,
    )
