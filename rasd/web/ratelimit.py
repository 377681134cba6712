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
            calls = self._calls[key]
            while calls and calls[0] <= now - self.window:
                calls.popleft()
            if len(calls) >= self.limit:
                return False
            calls.append(now)
            if len(self._calls) > 10_000:  # forget idle clients so the table cannot grow without bound
                self._forget_idle(now)
            return True

    def _forget_idle(self, now: float) -> None:
        for key in [k for k, calls in self._calls.items() if not calls or calls[-1] <= now - self.window]:
            del self._calls[key]
