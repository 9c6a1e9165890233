"""Polite, bounded HTTP GETs for one refresh: one httpx.AsyncClient behind a `Fetcher`.

- timeouts: connect and read (httpx) and a total per attempt (asyncio.timeout), redirects included;
- at most `concurrency` requests at once, and at most `per_host` at once to any one host;
- redirects followed by hand: at most `max_redirects`, http(s) only;
- bodies streamed raw and decompressed here with a cap on the *decoded* size (gzip bombs);
- retries with backoff on connection errors and 5xx; Retry-After honoured up to a cap;
- 403/429 put the host in cooldown (reported in FetchError.cooldown_until);
- conditional GET from stored validators; a 304 comes back as `not_modified` with no body.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import importlib.util
import re
import sys
import zlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from raceview import __version__
from raceview.store import Validators

USER_AGENT = f"raceview/{__version__} (+https://github.com/raceview)"
ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,text/*;q=0.8,*/*;q=0.5"
)
REDIRECTS = frozenset({301, 302, 303, 307, 308})
RETRYABLE = frozenset({500, 502, 503, 504})
MIB = 1024 * 1024
_DNS_FAILURE = re.compile(
    r"name or service not known|nodename nor servname|name resolution|getaddrinfo failed"
    r"|no address associated",
    re.I,
)


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """Every limit of the fetcher; tests pass small ones."""

    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0  # one attempt, redirects and body included
    max_bytes: int = 10 * MIB  # decoded body
    max_redirects: int = 5
    retries: int = 2
    backoff: float = 0.5  # seconds before the first retry; doubles
    retry_after_cap: float = 60.0  # longer Retry-After: give up and cool down instead
    concurrency: int = 8
    per_host: int = 2
    cooldown_403: float = 3600.0
    cooldown_429: float = 900.0
    user_agent: str = USER_AGENT


#: What `Fetcher.open()` uses when given no settings (tests may swap it for faster limits).
DEFAULT_SETTINGS = FetchSettings()


@dataclass(frozen=True, slots=True)
class Response:
    """A final (non-redirect) response with its decoded body."""

    url: str  # after redirects
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names

    @property
    def not_modified(self) -> bool:
        """A 304 to a conditional request."""
        return self.status == 304

    @property
    def content_type(self) -> str:
        """The Content-Type header ('' when absent)."""
        return self.headers.get("content-type", "")

    @property
    def etag(self) -> str | None:
        """The ETag header."""
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        """The Last-Modified header."""
        return self.headers.get("last-modified")


class FetchError(Exception):
    """A URL could not be fetched; str() is a short reason for people."""

    def __init__(
        self,
        reason: str,
        *,
        url: str = "",
        status: int | None = None,
        cooldown_until: dt.datetime | None = None,
    ) -> None:
        super().__init__(reason)
        self.url = url
        self.status = status
        self.cooldown_until = cooldown_until


class _Retry(Exception):
    """One attempt failed in a way worth retrying, after `delay` seconds if given."""

    def __init__(self, reason: str, delay: float | None = None, status: int | None = None) -> None:
        super().__init__(reason)
        self.delay = delay
        self.status = status


def host_of(url: str) -> str:
    """The lower-case host name of a URL ('' when it has none)."""
    return (urlsplit(url).hostname or "").lower()


def check_url(url: str) -> str | None:
    """Why `url` may not be fetched (not http/https, no host), or None."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        return f"refused {parts.scheme or 'relative'!s}: URL (only http and https are fetched)"
    if not parts.hostname:
        return "refused: the URL has no host"
    return None


class Fetcher:
    """GETs through one shared client under the settings' limits. Use `Fetcher.open()`."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        settings: FetchSettings,
        cooldowns: dict[str, dt.datetime] | None = None,
    ) -> None:
        self.client = client
        self.settings = settings
        self.cooldowns: dict[str, dt.datetime] = dict(cooldowns or {})
        self._all = asyncio.Semaphore(settings.concurrency)
        self._hosts: dict[str, asyncio.Semaphore] = {}

    @classmethod
    @asynccontextmanager
    async def open(
        cls, settings: FetchSettings | None = None, cooldowns: dict[str, dt.datetime] | None = None
    ) -> AsyncIterator[Fetcher]:
        """A fetcher with its own client, closed on exit."""
        s = settings or DEFAULT_SETTINGS
        _skip_missing_sniffio()
        timeout = httpx.Timeout(
            connect=s.connect_timeout, read=s.read_timeout, write=s.read_timeout, pool=None
        )
        # Our semaphores bound the requests in flight; the pool only bounds idle connections
        # (a small max_connections would close other hosts' idle connections to open new ones).
        limits = httpx.Limits(max_connections=None, max_keepalive_connections=64)
        headers = {"User-Agent": s.user_agent, "Accept": ACCEPT, "Accept-Encoding": "gzip, deflate"}
        async with httpx.AsyncClient(
            timeout=timeout, limits=limits, headers=headers, follow_redirects=False
        ) as client:
            yield cls(client, s, cooldowns)

    async def get(self, url: str, validators: Validators | None = None) -> Response:
        """GET `url` (conditionally when `validators`), or raise FetchError with a reason."""
        s = self.settings
        headers: dict[str, str] = {}
        if validators and validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators and validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
        attempt = 0
        while True:
            try:
                async with asyncio.timeout(s.total_timeout):
                    return await self._follow(url, headers)
            except TimeoutError:
                raise FetchError(
                    f"no complete answer within {s.total_timeout:g} s", url=url
                ) from None
            except _Retry as retry:
                attempt += 1
                if attempt > s.retries:
                    until = None
                    if retry.status == 429:
                        until = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=s.cooldown_429)
                        self.cooldowns[host_of(url)] = until
                    raise FetchError(
                        f"{retry} (after {s.retries} retries)",
                        url=url,
                        status=retry.status,
                        cooldown_until=until,
                    ) from None
                delay = retry.delay if retry.delay is not None else s.backoff * 2 ** (attempt - 1)
                await asyncio.sleep(delay)

    async def _follow(self, url: str, headers: dict[str, str]) -> Response:
        """One attempt: the request and up to `max_redirects` redirects."""
        current = url
        for _ in range(self.settings.max_redirects + 1):
            why = check_url(current)
            if why:
                raise FetchError(
                    why if current == url else f"redirected to {current!r}: {why}", url=url
                )
            resp, location = await self._hop(current, headers)
            if location is None:
                assert resp is not None
                return resp
            current = urljoin(current, location)
        raise FetchError(f"too many redirects (more than {self.settings.max_redirects})", url=url)

    async def _hop(self, url: str, headers: dict[str, str]) -> tuple[Response | None, str | None]:
        """One request: (response, None), or (None, Location) for a redirect."""
        host = host_of(url)
        self._check_cooldown(host, url)
        sem = self._hosts.setdefault(host, asyncio.Semaphore(self.settings.per_host))
        async with sem, self._all:
            try:
                async with self.client.stream("GET", url, headers=headers) as r:
                    status = r.status_code
                    hdrs = {k.lower(): v for k, v in r.headers.items()}
                    if status in REDIRECTS:
                        location = hdrs.get("location")
                        if not location:
                            raise FetchError(f"HTTP {status} redirect without a Location", url=url)
                        return None, location
                    self._check_status(status, hdrs, host, url)
                    body = b"" if status == 304 else await self._read(r, hdrs, url)
            except httpx.ConnectTimeout:
                raise _Retry(f"connecting to {host} timed out") from None
            except httpx.ReadTimeout:
                raise FetchError(
                    f"the server sent nothing for {self.settings.read_timeout:g} s", url=url
                ) from None
            except httpx.ConnectError as exc:
                if _DNS_FAILURE.search(str(exc)):
                    raise _Retry(f"cannot resolve {host} (no network, or no such host)") from None
                raise _Retry(f"cannot connect to {host} ({_short(exc)})") from None
            except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
                raise _Retry(f"connection to {host} broken ({_short(exc)})") from None
            except httpx.HTTPError as exc:
                raise FetchError(f"HTTP error: {_short(exc)}", url=url) from None
        return Response(url=url, status=status, body=body, headers=hdrs), None

    def _check_cooldown(self, host: str, url: str) -> None:
        until = self.cooldowns.get(host)
        if until is not None and until > dt.datetime.now(dt.UTC):
            raise FetchError(
                f"{host} asked us to back off; cooling down until {until:%Y-%m-%d %H:%M} UTC",
                url=url,
                cooldown_until=until,
            )

    def _check_status(self, status: int, headers: dict[str, str], host: str, url: str) -> None:
        """Raise for any status but 200 and 304: retry, cool down, or fail."""
        if status in (200, 304):
            return
        s = self.settings
        wait = retry_after(headers.get("retry-after"))
        if status in (403, 429):
            if status == 429 and wait is not None and wait <= s.retry_after_cap:
                raise _Retry(f"HTTP 429 Too Many Requests from {host}", wait, status)
            default = s.cooldown_403 if status == 403 else s.cooldown_429
            pause = max(wait or 0.0, default)
            until = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=min(pause, 7 * 86400))
            self.cooldowns[host] = until
            name = "Forbidden" if status == 403 else "Too Many Requests"
            raise FetchError(
                f"HTTP {status} {name}; not asking {host} again until {until:%Y-%m-%d %H:%M} UTC",
                url=url,
                status=status,
                cooldown_until=until,
            )
        if status in RETRYABLE:
            delay = min(wait, s.retry_after_cap) if wait is not None else None
            raise _Retry(f"HTTP {status} from {host}", delay, status)
        raise FetchError(f"HTTP {status}", url=url, status=status)

    async def _read(self, r: httpx.Response, headers: dict[str, str], url: str) -> bytes:
        """The decoded body, refusing anything past `max_bytes` decoded."""
        cap = self.settings.max_bytes
        decoder = _Decoder(headers.get("content-encoding", ""), url)
        declared = headers.get("content-length", "")
        if decoder.identity and declared.isdigit() and int(declared) > cap:
            raise FetchError(
                f"body of {int(declared):,} bytes is over the {_mib(cap)} cap", url=url
            )
        chunks: list[bytes] = []
        size = 0
        async for raw in r.aiter_raw():
            out = decoder.feed(raw, cap - size + 1)
            size += len(out)
            if size > cap:
                raise FetchError(f"body is over the {_mib(cap)} cap (decoded)", url=url)
            chunks.append(out)
        return b"".join(chunks)


class _Decoder:
    """Content-Encoding gzip/deflate undone here, never producing more than asked for."""

    def __init__(self, encoding: str, url: str) -> None:
        enc = encoding.strip().lower()
        self.identity = enc in ("", "identity")
        self._z: zlib._Decompress | None = None
        if enc in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif enc == "deflate":
            self._z = zlib.decompressobj(zlib.MAX_WBITS | 32)
        elif not self.identity:
            raise FetchError(f"unsupported Content-Encoding {encoding!r}", url=url)
        self._url = url

    def feed(self, data: bytes, limit: int) -> bytes:
        """Decode `data`, stopping once `limit` bytes come out (the caller then gives up)."""
        if self._z is None:
            return data
        try:
            return self._z.decompress(data, limit)
        except zlib.error as exc:
            raise FetchError(f"corrupt compressed body ({exc})", url=self._url) from None


def _skip_missing_sniffio() -> None:
    """Make httpcore's per-request `import sniffio` fail fast when sniffio is not installed.

    httpcore tries that import on every request; without sniffio each failed attempt scans
    sys.path (~0.3 ms, a quarter of our CPU per request). A None entry makes it fail at once,
    exactly as it would anyway. Installing sniffio makes this a no-op.
    """
    if "sniffio" not in sys.modules and importlib.util.find_spec("sniffio") is None:
        sys.modules["sniffio"] = None  # type: ignore[assignment]


def retry_after(value: str | None) -> float | None:
    """Seconds a Retry-After header asks for (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


def _short(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) < 120 else text[:117] + "..."


def _mib(n: int) -> str:
    return f"{n / MIB:g} MiB" if n >= MIB else f"{n:,} bytes"
