"""Guessing what kind of source a URL is: feed, results page or article page."""

from __future__ import annotations

import re

from raceview.models import SourceKind
from raceview.sources.feeds import looks_like_feed
from raceview.sources.http import Response

_TIME = re.compile(r"^\+?\s*\d{1,2}(:\d\d){1,2}(\.\d+)?$|^\+?\s*\d+[\"″']\s*$|^s\.?\s*t\.?$", re.I)
_HEADER = re.compile(r"\b(rnk|rank|pos|position|rider|time|gap|team)\b", re.I)


def guess_kind(resp: Response) -> SourceKind:
    """'feed' when the body parses as RSS/Atom, 'results' with a results table, else 'page'."""
    if looks_like_feed(resp.body, resp.headers, resp.url):
        return "feed"
    if "html" in resp.content_type.lower() or b"<table" in resp.body[:2_000_000].lower():
        return "results" if has_results_table(resp.body) else "page"
    return "page"


def has_results_table(body: bytes) -> bool:
    """A table whose rows start 1, 2, 3... with times or a rider/time header."""
    from selectolax.lexbor import LexborHTMLParser  # lazily: only `sources add` needs it

    tree = LexborHTMLParser(body)
    for table in tree.css("table"):
        rows = [[c.text(strip=True) for c in tr.css("td, th")] for tr in table.css("tr")[:60]]
        ranks = [r for r in rows if r and r[0].rstrip(".").isdigit()]
        if len(ranks) < 3 or [int(r[0].rstrip(".")) for r in ranks[:3]] != [1, 2, 3]:
            continue
        header = " ".join(" ".join(r) for r in rows if r and not r[0].rstrip(".").isdigit())
        timed = sum(1 for r in ranks if any(_TIME.match(c) for c in r[1:]))
        if timed >= 2 or _HEADER.search(header):
            return True
    return False
