"""The fetcher against a real HTTP server on 127.0.0.1: limits, retries, redirects, caps."""

from __future__ import annotations

import asyncio
import dataclasses
import gzip
import time
from collections.abc import Iterator
from functools import cache

import pytest
from httpkit import FAST, drip, serve_threaded
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from raceview import __version__
from raceview.sources.http import Fetcher, FetchError, FetchSettings
from raceview.store import Validators


@pytest.fixture(scope="module")
def _threaded() -> Iterator[HTTPServer]:
    yield from serve_threaded()


@pytest.fixture
def server(_threaded: HTTPServer) -> HTTPServer:
    _threaded.clear()
    return _threaded


def get(url: str, settings: FetchSettings = FAST, validators: Validators | None = None):  # type: ignore[no-untyped-def]
    async def go():  # type: ignore[no-untyped-def]
        async with Fetcher.open(settings) as fetcher:
            return await fetcher.get(url, validators)

    return asyncio.run(go())


def fails(url: str, settings: FetchSettings = FAST) -> FetchError:
    with pytest.raises(FetchError) as info:
        get(url, settings)
    return info.value


def test_plain_get_sends_our_user_agent(server: HTTPServer) -> None:
    server.expect_request("/a").respond_with_data(b"<p>hi</p>", content_type="text/html")
    resp = get(server.url_for("/a"))
    assert resp.status == 200 and resp.body == b"<p>hi</p>"
    req = server.log[0][0]
    assert req.headers["User-Agent"] == f"raceview/{__version__} (+https://github.com/raceview)"


def test_conditional_get_sends_validators_and_reads_304(server: HTTPServer) -> None:
    server.expect_request("/a").respond_with_data(b"", status=304)
    resp = get(
        server.url_for("/a"), validators=Validators('"abc"', "Mon, 01 Apr 2024 10:00:00 GMT")
    )
    assert resp.not_modified and resp.body == b""
    req = server.log[0][0]
    assert req.headers["If-None-Match"] == '"abc"'
    assert req.headers["If-Modified-Since"] == "Mon, 01 Apr 2024 10:00:00 GMT"


def test_500_then_success_is_retried(server: HTTPServer) -> None:
    server.expect_ordered_request("/flaky").respond_with_data("oops", status=500)
    server.expect_ordered_request("/flaky").respond_with_data("fine", content_type="text/plain")
    assert get(server.url_for("/flaky")).body == b"fine"
    assert len(server.log) == 2


def test_persistent_500_gives_up_after_two_retries(server: HTTPServer) -> None:
    server.expect_request("/down").respond_with_data("oops", status=503)
    err = fails(server.url_for("/down"))
    assert "HTTP 503" in str(err) and "after 2 retries" in str(err)
    assert len(server.log) == 3


def test_429_retry_after_is_honoured(server: HTTPServer) -> None:
    server.expect_ordered_request("/busy").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "0"}
    )
    server.expect_ordered_request("/busy").respond_with_data("ok", content_type="text/plain")
    assert get(server.url_for("/busy")).body == b"ok"


def test_429_retry_after_too_long_cools_the_host_down(server: HTTPServer) -> None:
    server.expect_request("/busy").respond_with_data(
        "no", status=429, headers={"Retry-After": "3600"}
    )
    started = time.monotonic()
    err = fails(server.url_for("/busy"))
    assert time.monotonic() - started < 1.0  # never waits an hour, nor the cap
    assert err.status == 429 and err.cooldown_until is not None
    assert "Too Many Requests" in str(err)
    assert len(server.log) == 1


def test_retry_after_wait_is_capped(server: HTTPServer) -> None:
    server.expect_ordered_request("/wait").respond_with_data(
        "later", status=503, headers={"Retry-After": "30"}
    )
    server.expect_ordered_request("/wait").respond_with_data("ok", content_type="text/plain")
    started = time.monotonic()
    assert get(server.url_for("/wait")).body == b"ok"
    assert time.monotonic() - started < FAST.retry_after_cap + 0.5


def test_403_cools_down_and_blocks_the_host_in_the_same_refresh(server: HTTPServer) -> None:
    server.expect_request("/secret").respond_with_data("go away", status=403)
    server.expect_request("/other").respond_with_data("fine", content_type="text/plain")

    async def go() -> tuple[FetchError, FetchError]:
        async with Fetcher.open(FAST) as fetcher:
            errs = []
            for path in ("/secret", "/other"):
                with pytest.raises(FetchError) as info:
                    await fetcher.get(server.url_for(path))
                errs.append(info.value)
            return errs[0], errs[1]

    first, second = asyncio.run(go())
    assert first.status == 403 and first.cooldown_until is not None
    assert "cooling down" in str(second)
    assert [r.path for r, _ in server.log] == ["/secret"]


def test_read_timeout(server: HTTPServer) -> None:
    def stall(request: Request) -> Response:
        time.sleep(0.7)
        return Response("late")

    server.expect_request("/stall").respond_with_handler(stall)
    settings = dataclasses.replace(FAST, read_timeout=0.2, total_timeout=1.0)
    err = fails(server.url_for("/stall"), settings)
    assert "sent nothing for 0.2 s" in str(err)


def test_slow_drip_past_the_total_timeout(server: HTTPServer) -> None:
    server.expect_request("/drip").respond_with_handler(
        lambda r: drip([b"<p>" + b"x" * 10 + b"</p>"] * 100, pause=0.05)
    )
    started = time.monotonic()
    err = fails(server.url_for("/drip"))
    assert time.monotonic() - started < FAST.total_timeout + 0.4
    assert "no complete answer within 0.8 s" in str(err)


def test_endless_body_is_capped(server: HTTPServer) -> None:
    def endless() -> Iterator[bytes]:
        while True:
            yield b"<p>" + b"more " * 2000 + b"</p>\n"

    server.expect_request("/endless").respond_with_handler(
        lambda r: Response(endless(), content_type="text/html", direct_passthrough=True)
    )
    settings = dataclasses.replace(FAST, max_bytes=256 * 1024, total_timeout=1.5)
    err = fails(server.url_for("/endless"), settings)
    assert "over the 262,144 bytes cap" in str(err)


@cache
def _bomb() -> bytes:
    return gzip.compress(b"\0" * (50 * 1024 * 1024), compresslevel=9)


def test_gzip_bomb_is_capped_on_decoded_size(server: HTTPServer) -> None:
    bomb = _bomb()
    assert len(bomb) < 200_000
    server.expect_request("/bomb").respond_with_data(
        bomb, content_type="text/html", headers={"Content-Encoding": "gzip"}
    )
    settings = dataclasses.replace(FAST, total_timeout=1.5)  # default 10 MiB cap
    err = fails(server.url_for("/bomb"), settings)
    assert "over the 10 MiB cap (decoded)" in str(err)


def test_gzip_body_is_decoded(server: HTTPServer) -> None:
    body = "<p>Pogačar wins</p>".encode() * 100
    server.expect_request("/gz").respond_with_data(
        gzip.compress(body), content_type="text/html", headers={"Content-Encoding": "gzip"}
    )
    assert get(server.url_for("/gz")).body == body


def test_unknown_content_encoding_is_refused(server: HTTPServer) -> None:
    server.expect_request("/br").respond_with_data(b"\x00\x01", headers={"Content-Encoding": "br"})
    assert "unsupported Content-Encoding 'br'" in str(fails(server.url_for("/br")))


def test_redirects_are_followed_up_to_five(server: HTTPServer) -> None:
    for n in range(5):
        server.expect_request(f"/r{n}").respond_with_data(
            "", status=302, headers={"Location": f"/r{n + 1}"}
        )
    server.expect_request("/r5").respond_with_data("end", content_type="text/plain")
    resp = get(server.url_for("/r0"))
    assert resp.body == b"end" and resp.url.endswith("/r5")


def test_redirect_loop(server: HTTPServer) -> None:
    server.expect_request("/loop").respond_with_data("", status=301, headers={"Location": "/loop"})
    err = fails(server.url_for("/loop"))
    assert "too many redirects (more than 5)" in str(err)
    assert len(server.log) == 6


def test_redirect_to_a_local_file_is_refused(server: HTTPServer) -> None:
    server.expect_request("/evil").respond_with_data(
        "", status=302, headers={"Location": "file:///etc/passwd"}
    )
    err = fails(server.url_for("/evil"))
    assert "redirected to 'file:///etc/passwd'" in str(err) and "only http and https" in str(err)
    assert "root:" not in str(err)


def test_non_http_urls_are_refused_without_a_request() -> None:
    for url in ("file:///etc/passwd", "ftp://example.org/x", "javascript:alert(1)"):
        assert "only http and https" in str(fails(url))


def test_connection_refused_is_retried_then_reported() -> None:
    err = fails("http://127.0.0.1:9/nothing-listens-here")
    assert "cannot connect to 127.0.0.1" in str(err) and "after 2 retries" in str(err)


def test_per_host_limit(server: HTTPServer) -> None:
    active = 0
    peak = 0

    def slow(request: Request) -> Response:
        nonlocal active, peak
        active += 1
        peak = max(peak, active)
        time.sleep(0.1)
        active -= 1
        return Response("ok")

    server.expect_request("/slow").respond_with_handler(slow)

    async def go() -> None:
        async with Fetcher.open(FAST) as fetcher:
            await asyncio.gather(*(fetcher.get(server.url_for("/slow")) for _ in range(6)))

    asyncio.run(go())
    assert peak == 2
