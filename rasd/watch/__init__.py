"""Watching the news: sources polled on a schedule, new articles read, alerts raised.

Stages, one module each: ``sources`` (what a user writes: URLs, kinds, schedules, sources.toml),
``fetch`` (a polite HTTP client), ``discover`` (feeds, sitemaps and folders → article URLs),
``webpage`` (HTML → ``Article``), ``poll`` (one source, once), ``runner`` (every source, forever),
``logs`` (structured logs). The state lives in the database (``rasd.store``): a watcher can be
killed at any moment and started again.
"""

from __future__ import annotations

from typing import Any


def build_watcher(settings: Any, store: Any) -> Any:
    """A ``Watcher`` over ``store`` with the fetcher, options and alerting ``settings`` ask for."""
    from rasd.watch.fetch import Fetcher, FetchPolicy
    from rasd.watch.poll import Poller, WatchOptions
    from rasd.watch.runner import Watcher

    poller = Poller(store, Fetcher(FetchPolicy.from_settings(settings)), WatchOptions.from_settings(settings))
    hook = None
    if settings.alerts:
        from rasd.alerts import AlertHook, load_rules

        hook = AlertHook(store, load_rules(settings.alerts_file))
    return Watcher(store, poller, workers=settings.watch_workers, after_round=hook)
