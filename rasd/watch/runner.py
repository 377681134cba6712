"""The watch loop: poll every due source, record what happened, sleep until the next is due.

    watcher = Watcher(store, poller, workers=4)
    watcher.run_once()                   # one round (``rasd watch --once``, for cron)
    watcher.run_forever(stop_event)      # until the event is set (SIGTERM, SIGINT)

All state is in the database: each source's next due time, cursor and health are written after
its poll, and pages as they arrive (``rasd.watch.poll``), so a watcher killed with ``kill -9``
and started again polls what is due and reads what was left fetched but unread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

from rasd.model import WatchedSource
from rasd.store.rows import now
from rasd.watch.logs import log_event
from rasd.watch.poll import PollResult, Poller, next_due

log = logging.getLogger(__name__)

#: the loop looks at the schedule at least this often (a source added meanwhile is noticed)
MAX_SLEEP = 60.0


class Watcher:
    def __init__(self, store: Any, poller: Poller, *, workers: int = 4,
                 after_round: Callable[[Sequence[PollResult]], None] | None = None) -> None:
        self.store = store
        self.poller = poller
        self.workers = max(1, workers)
        self.after_round = after_round

    def run_once(self, force: bool = False) -> list[PollResult]:
        """Poll every source that is due (every active one with ``force``), a few at a time."""
        self.poller.read_pending(None, PollResult(0))  # pages a killed run fetched but never read
        sources = self.store.sources.due(now() + timedelta(days=36500) if force else now(), limit=10_000)
        if not sources:
            return []
        with ThreadPoolExecutor(max_workers=min(self.workers, len(sources)), thread_name_prefix="poll") as pool:
            results = list(pool.map(self._poll, sources))
        if self.after_round is not None:
            try:
                self.after_round(results)
            except Exception:  # alerting must never stop the watch
                log.exception("after-round work failed")
        return results

    def _poll(self, source: WatchedSource) -> PollResult:
        started = now()
        try:
            result = self.poller.poll(source)
        except Exception as exc:  # a bug in one source's poll must not stop the others
            log.exception("poll of source %s failed", source.id)
            result = PollResult(source.id, error=f"internal error: {type(exc).__name__}: {exc}", cursor=source.cursor)
        due = next_due(source, result, self.poller.options, started)
        if result.error is None:
            self.store.sources.record_success(source.id, started, due, result.cursor)
        else:
            self.store.sources.record_failure(source.id, started, due, result.error)
        return result

    def seconds_to_next(self) -> float:
        due = self.store.sources.next_due()
        if due is None:
            return MAX_SLEEP
        return min(MAX_SLEEP, max(0.0, (due - now()).total_seconds()))

    def run_forever(self, stop: threading.Event) -> None:
        log_event(log, logging.INFO, "watch_started", sources=len(self.store.sources.all()), workers=self.workers)
        while not stop.is_set():
            try:
                self.run_once()
            except Exception:  # the database went away for a moment: log, wait, try again
                log.exception("watch round failed; trying again shortly")
                stop.wait(MAX_SLEEP)
                continue
            stop.wait(self.seconds_to_next())
        log_event(log, logging.INFO, "watch_stopped")

