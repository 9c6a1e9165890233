"""Reading HTML pages: main text, headline, standfirst, date and address, and when trafilatura's
fallback extractors run."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pytest
import trafilatura
from pytest_httpserver import HTTPServer

from raceview.analysis.html import read_html
from raceview.analysis.pipeline import analyse
from raceview.models import RawDocument

STORY = [
    "Lotte Kopecky won the sprint on the cobbled rise into Oudenaarde after a day in the wind.",
    "Her teammate led the group onto the final climb and kept the pace high to the last corner.",
    "Elisa Balsamo was second, a bike length down, and Marianne Vos took third place on the line.",
    "The race split on the Paterberg, where a group of eleven riders went clear of the favourites.",
]


def page(head: str, body: str) -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


def article(*, heading: str = "Kopecky wins in Oudenaarde") -> str:
    paragraphs = "".join(f"<p>{s}</p>" for s in STORY)
    return (
        "<header><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></header>"
        f"<main><article><h1>{heading}</h1>{paragraphs}</article></main>"
        "<footer><p>All rights reserved.</p></footer>"
    )


@pytest.fixture
def extractions(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """The `fast` flag of every trafilatura extraction read_html asks for."""
    calls: list[bool] = []
    real = trafilatura.bare_extraction

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append(bool(kwargs.get("fast")))
        return real(*args, **kwargs)

    monkeypatch.setattr(trafilatura, "bare_extraction", spy)
    return calls


def test_headline_standfirst_date_and_address_come_from_the_page_metadata() -> None:
    head = (
        "<title>Kopecky wins | Example Cycling</title>"
        "<meta property='og:title' content='Kopecky wins the Tour of Flanders'>"
        "<meta name='description' content='A sprint on the last rise settles it.'>"
        "<meta property='article:published_time' content='2024-03-31T17:40:00Z'>"
        "<link rel='canonical' href='https://example.org/2024/flanders-women'>"
    )
    doc = read_html(page(head, article()), "https://example.org/feed-item")
    assert doc.title == "Kopecky wins the Tour of Flanders"
    assert doc.standfirst == "A sprint on the last rise settles it."
    assert (doc.published, doc.dateline) == (dt.date(2024, 3, 31), True)
    assert doc.url == "https://example.org/2024/flanders-women"
    assert STORY[2] in doc.text


def test_without_og_title_the_only_h1_is_the_headline_and_the_site_name_goes() -> None:
    doc = read_html(page("<title>Flanders report | Example Cycling</title>", article()), "x.html")
    assert doc.title == "Kopecky wins in Oudenaarde"
    doc = read_html(page("<title>Flanders report | Example Cycling</title>", "<p>Short.</p>"), "f")
    assert doc.title == "Flanders report"


def test_a_date_only_in_the_page_text_is_found_but_not_trusted_as_a_dateline() -> None:
    body = article().replace("<h1>", "<p class='byline'>Published 31 March 2024</p><h1>")
    doc = read_html(page("", body), "report.html")
    assert (doc.published, doc.dateline) == (dt.date(2024, 3, 31), False)
    assert read_html(page("", article()), "report.html").published is None
    fetched_before = dt.datetime(2024, 3, 1, tzinfo=dt.UTC)  # a date after the fetch is no date
    assert read_html(page("", body), "report.html", fetched_before).published is None


def test_the_address_is_the_fetched_url_when_the_page_names_none() -> None:
    assert read_html(page("", article()), "https://example.org/a").url == "https://example.org/a"
    assert read_html(page("", article()), "/home/me/a.html").url is None


def test_a_well_formed_article_needs_only_trafilaturas_own_extractor(
    extractions: list[bool],
) -> None:
    doc = read_html(page("", article()), "report.html")
    assert all(s in doc.text for s in STORY)
    assert extractions == [True]


def test_a_page_its_own_extractor_misses_is_rescued_by_the_fallbacks(
    extractions: list[bool],
) -> None:
    spans = "".join(f"<span>{s}</span>" for s in STORY)
    doc = read_html(page("", f"<section>{spans}</section>"), "report.html")
    assert extractions == [True, False]
    assert STORY[0] in doc.text and STORY[3] in doc.text


def test_a_page_that_is_only_an_address_is_never_fetched(httpserver: HTTPServer) -> None:
    """The analysis does no I/O: a hostile page whose whole body is a URL (of a service on
    the user's network, say) is text, not something to download."""
    httpserver.expect_request("/internal").respond_with_data("<html><p>secret</p></html>")
    body = httpserver.url_for("/internal").encode()
    raw = RawDocument(
        body=body,
        origin="https://example.org/page",
        content_type="text/html",
        fetched_at=dt.datetime(2024, 4, 1, tzinfo=dt.UTC),
        sha256=hashlib.sha256(body).hexdigest(),
    )
    analysis = analyse(raw)
    assert httpserver.log == []
    assert analysis.race is None and "secret" not in analysis.text
