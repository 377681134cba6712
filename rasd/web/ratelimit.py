"""A small in-process sliding-window rate limiter for write endpoints."""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque


class RateLimiter:
    """Allow at most ``limit`` calls per ``window`` seconds for each client key."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit = limit
        self.window = window
        self._calls: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def allow(self, key: str, now: float | None = None) -> bool:
        """Record a call by ``key``; False when it is over the limit (the call is not counted)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            if self._full(key, now):
                return False
            self._add(key, now)
            return True

    def blocked(self, key: str, now: float | None = None) -> bool:
        """Whether ``key`` has used up its calls in the window (nothing is recorded)."""
        with self._lock:
            return self._full(key, time.monotonic() if now is None else now)

    def record(self, key: str, now: float | None = None) -> None:
        """Count one call by ``key`` (e.g. a failed login), whatever the limit."""
        with self._lock:
            self._add(key, time.monotonic() if now is None else now)

    def _full(self, key: str, now: float) -> bool:
        calls = self._calls[key]
        while calls and calls[0] <= now - self.window:
            calls.popleft()
        return len(calls) >= self.limit

    def _add(self, key: str, now: float) -> None:
        self._calls[key].append(now)
        if len(self._calls) > 10_000:  # forget idle clients so the table cannot grow without bound
            self._forget_idle(now)

    def _forget_idle(self, now: float) -> None:
        for key in [k for k, calls in self._calls.items() if not calls or calls[-1] <= now - self.window]:
            del self._calls[key]
