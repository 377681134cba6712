"""Being a good citizen on someone else's server: a per-host rate limit and robots.txt.

``HostLimiter`` spaces requests to one host at least ``interval`` seconds apart (longer when the
host's robots.txt asks with Crawl-delay, or after a 429's Retry-After), across threads.
``Robots`` fetches each host's robots.txt once a day and reads it as RFC 9309 says: a missing
file (4xx) allows everything, an unreachable one (5xx, network error) forbids everything until
it is tried again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

ROBOTS_TTL = 24 * 3600.0
#: an unreachable robots.txt is asked for again sooner than a good one
ROBOTS_RETRY = 600.0


def host_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


class HostLimiter:
    """Reserves request slots per host; ``wait`` sleeps until this request's slot."""

    def __init__(self, interval: float, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.interval = interval
        self._clock, self._sleep = clock, sleep
        self._next: dict[str, float] = {}
        self._spacing: dict[str, float] = {}
        self._lock = threading.Lock()

    def space(self, host: str, seconds: float) -> None:
        """Ask for at least ``seconds`` between requests to ``host`` (robots.txt Crawl-delay)."""
        with self._lock:
            self._spacing[host] = max(self.interval, seconds)

    def hold(self, host: str, seconds: float) -> None:
        """No request to ``host`` for ``seconds`` (the server said Retry-After)."""
        with self._lock:
            self._next[host] = max(self._next.get(host, 0.0), self._clock() + seconds)

    def delay(self, host: str) -> float:
        """How long a request to ``host`` would wait now."""
        with self._lock:
            return max(0.0, self._next.get(host, 0.0) - self._clock())

    def wait(self, host: str) -> float:
        """Sleep until ``host`` may be asked again; returns the seconds slept."""
        with self._lock:
            now = self._clock()
            slot = max(now, self._next.get(host, 0.0))
            self._next[host] = slot + self._spacing.get(host, self.interval)
        pause = slot - now
        if pause > 0:
            self._sleep(pause)
        return pause


@dataclass
class _Rules:
    parser: RobotFileParser | None  # None: everything allowed
    forbid_all: bool
    expires: float


class Robots:
    """robots.txt per host, fetched through ``get(url) -> (status, text)`` and cached."""

    def __init__(self, agent: str, get: Callable[[str], tuple[int, str]],
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.agent = agent.split("/")[0].strip() or "*"  # the product token: "rasd/0.1 (...)" -> "rasd"
        self._get, self._clock = get, clock
        self._rules: dict[str, _Rules] = {}
        self._lock = threading.Lock()

    def allowed(self, url: str) -> bool:
        rules = self._for(host_of(url))
        if rules.forbid_all:
            return False
        return rules.parser is None or rules.parser.can_fetch(self.agent, url)

    def unreachable(self, url: str) -> bool:
        """True while the host's robots.txt could not be read (everything waits, nothing is given up)."""
        return self._for(host_of(url)).forbid_all

    def crawl_delay(self, url: str) -> float | None:
        rules = self._for(host_of(url))
        if rules.parser is None:
            return None
        delay = rules.parser.crawl_delay(self.agent)
        return float(delay) if delay is not None else None

    def _for(self, host: str) -> _Rules:
        with self._lock:
            cached = self._rules.get(host)
        if cached is not None and cached.expires > self._clock():
            return cached
        rules = self._fetch(host)
        with self._lock:
            self._rules[host] = rules
        return rules

    def _fetch(self, host: str) -> _Rules:
        try:
            status, text = self._get(f"{host}/robots.txt")
        except Exception:  # unreachable: RFC 9309 says assume everything is disallowed, for now
            return _Rules(None, True, self._clock() + ROBOTS_RETRY)
        if status >= 500:
            return _Rules(None, True, self._clock() + ROBOTS_RETRY)
        if status >= 400:
            return _Rules(None, False, self._clock() + ROBOTS_TTL)
        parser = RobotFileParser()
        parser.parse(text.splitlines())
        return _Rules(parser, False, self._clock() + ROBOTS_TTL)
