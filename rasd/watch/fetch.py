"""A polite HTTP client for feeds, sitemaps and articles.

    fetcher = Fetcher(FetchPolicy(user_agent="rasd/0.1 (+mailto:analyst@example.org)"))
    response = fetcher.get(url, validators={"etag": '"abc"'})   # Response, or FetchError

Every request: robots.txt honoured, one request per host per ``host_interval`` seconds (or the
host's Crawl-delay), a clear User-Agent, timeouts on connect and read plus a deadline for the
whole download, a size cap checked before and while reading (so a 50 MB page costs 10 MB at
most), conditional GET (``If-None-Match``/``If-Modified-Since``; a 304 is ``not_modified``).
Timeouts, dropped connections, 429 and 5xx are retried with exponential backoff and jitter,
waiting at least what ``Retry-After`` asks; a wait longer than ``max_backoff`` is not slept
through but reported (``FetchError.retry_after``), so the caller reschedules instead of blocking.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from datetime import datetime, timezone
from http import HTTPStatus
from typing import Any

import httpx

from rasd.errors import FetchError
from rasd.watch.logs import log_event
from rasd.watch.politeness import HostLimiter, Robots, host_of

log = logging.getLogger(__name__)

#: statuses worth asking again later
TRANSIENT_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


@dataclass(frozen=True)
class FetchPolicy:
    """How politely, and how patiently, to fetch (from ``rasd.settings``)."""

    user_agent: str
    timeout: float = 20.0  # seconds to connect, and between two reads
    deadline: float = 60.0  # seconds for a whole download
    retries: int = 3  # further attempts after the first
    backoff: float = 1.0  # first retry waits about this long; doubled each time
    max_backoff: float = 60.0  # longer waits are left to the next poll
    max_bytes: int = 10_000_000
    host_interval: float = 1.0
    robots: bool = True

    @classmethod
    def from_settings(cls, settings: Any) -> FetchPolicy:
        return cls(user_agent=settings.user_agent, timeout=settings.fetch_timeout, deadline=settings.fetch_deadline,
                   retries=settings.fetch_retries, backoff=settings.fetch_backoff,
                   max_bytes=int(settings.fetch_max_mb * 1_000_000), host_interval=settings.host_interval,
                   robots=settings.respect_robots)


@dataclass(frozen=True)
class Response:
    url: str
    final_url: str
    status: int
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")

    @property
    def validators(self) -> dict[str, str]:
        """What to send next time for a conditional GET."""
        found = {"etag": self.headers.get("etag"), "last_modified": self.headers.get("last-modified")}
        return {k: v for k, v in found.items() if v}


def retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds from a Retry-After header (a number, or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


def _reason(status: int) -> str:
    try:
        return f"HTTP {status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"


class Fetcher:
    """Polite GETs over one connection pool; safe to share between threads."""

    def __init__(self, policy: FetchPolicy, *, client: httpx.Client | None = None,
                 rng: random.Random | None = None, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.policy = policy
        self._client = client or httpx.Client(
            headers={"User-Agent": policy.user_agent}, follow_redirects=True, max_redirects=5,
            timeout=httpx.Timeout(policy.timeout), limits=httpx.Limits(max_connections=20, max_keepalive_connections=10),
        )
        self._rng = rng or random.Random()
        self._sleep = sleep
        self.limiter = HostLimiter(policy.host_interval, clock=clock, sleep=sleep)
        self.robots = Robots(policy.user_agent, self._robots_txt)

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- the public call ---------------------------------------------------------------------

    def get(self, url: str, validators: Mapping[str, str] | None = None) -> Response:
        """The page at ``url`` (or a 304 for unchanged validators); ``FetchError`` says why not."""
        self._check_robots(url)
        headers = _conditional(validators or {})
        for attempt in range(self.policy.retries + 1):
            try:
                return self._once(url, headers)
            except FetchError as error:
                if not error.transient or attempt == self.policy.retries:
                    raise
                self._back_off(url, error, attempt)
        raise AssertionError("unreachable")  # pragma: no cover

    def _check_robots(self, url: str) -> None:
        if not self.policy.robots:
            return
        if self.robots.unreachable(url):
            raise FetchError(url, "the site's robots.txt cannot be read (server error or no answer); "
                                  "nothing is fetched from it until it can", transient=True)
        if not self.robots.allowed(url):
            raise FetchError(url, "robots.txt of the site disallows fetching it", blocked=True)
        delay = self.robots.crawl_delay(url)
        if delay:
            self.limiter.space(host_of(url), delay)

    def _back_off(self, url: str, error: FetchError, attempt: int) -> None:
        """Sleep before the next attempt: exponential, jittered, never less than Retry-After."""
        ceiling = self.policy.backoff * (2 ** attempt)
        wait = ceiling / 2 + self._rng.uniform(0, ceiling / 2)
        if error.retry_after is not None:
            if error.retry_after > self.policy.max_backoff:
                self.limiter.hold(host_of(url), error.retry_after)
                raise error
            wait = max(wait, error.retry_after)
        wait = min(wait, self.policy.max_backoff)
        log_event(log, logging.INFO, "retry", url=url, attempt=attempt + 1, wait_s=round(wait, 2), error=error.problem)
        self._sleep(wait)

    # -- one attempt -------------------------------------------------------------------------

    def _once(self, url: str, headers: dict[str, str]) -> Response:
        host = host_of(url)
        held = self.limiter.delay(host)
        if held > self.policy.max_backoff:
            raise FetchError(url, f"the server asked for a pause of {held:.0f} s (Retry-After)", transient=True,
                             retry_after=held)
        self.limiter.wait(host)
        started = time.monotonic()
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                return self._read(url, response, started)
        except httpx.TimeoutException:
            raise FetchError(url, f"timed out (no answer within {self.policy.timeout:g} s)", transient=True) from None
        except httpx.TooManyRedirects:
            raise FetchError(url, "too many redirects (more than 5)") from None
        except httpx.InvalidURL as exc:
            raise FetchError(url, f"not a valid URL ({exc})") from None
        except (httpx.TransportError, httpx.DecodingError) as exc:
            raise FetchError(url, f"connection failed ({type(exc).__name__}: {exc or 'no detail'})", transient=True) from None

    def _read(self, url: str, response: httpx.Response, started: float) -> Response:
        status, final = response.status_code, str(response.url)
        headers = {k.lower(): v for k, v in response.headers.items()}
        if status == 304:
            return Response(url, final, status, b"", headers)
        if status >= 400:
            wait = retry_after(headers.get("retry-after"))
            if wait is not None and status in (429, 503):
                self.limiter.hold(host_of(url), wait)
            raise FetchError(url, _reason(status), transient=status in TRANSIENT_STATUS, status=status, retry_after=wait)
        body = self._body(url, response, started)
        log_event(log, logging.DEBUG, "fetched", url=url, status=status, bytes=len(body),
                  ms=round((time.monotonic() - started) * 1000))
        return Response(url, final, status, body, headers)

    def _body(self, url: str, response: httpx.Response, started: float) -> bytes:
        cap = self.policy.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise FetchError(url, f"page is {int(declared) / 1e6:.1f} MB, over the {cap / 1e6:g} MB limit; not downloaded")
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > cap:
                raise FetchError(url, f"page is over the {cap / 1e6:g} MB limit; download stopped")
            if time.monotonic() - started > self.policy.deadline:
                raise FetchError(url, f"download took longer than {self.policy.deadline:g} s; stopped", transient=True)
            chunks.append(chunk)
        return b"".join(chunks)

    def _robots_txt(self, robots_url: str) -> tuple[int, str]:
        """robots.txt as (status, text), fetched politely but without a robots check of its own."""
        self.limiter.wait(host_of(robots_url))
        try:
            response = self._client.get(robots_url)
        except httpx.HTTPError as exc:
            log_event(log, logging.WARNING, "robots_unreachable", url=robots_url, error=str(exc) or type(exc).__name__)
            raise
        return response.status_code, response.text[:500_000]


def _conditional(validators: Mapping[str, str]) -> dict[str, str]:
    headers = {}
    if validators.get("etag"):
        headers["If-None-Match"] = validators["etag"]
    if validators.get("last_modified"):
        headers["If-Modified-Since"] = validators["last_modified"]
    return headers
