"""Alerts: rules over the stored events and sources, raised after each watch round and delivered.

``rules`` reads the rules (defaults in ``rasd/data/alerts/default.toml``, the user's file on
top); ``detect`` applies them; ``deliver`` sends new alerts to a webhook and by e-mail from an
outbox in the database. ``AlertHook`` ties them to ``rasd watch``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from rasd.alerts.detect import detect
from rasd.alerts.rules import AlertConfig, load_rules
from rasd.model import Alert
from rasd.watch.logs import log_event

__all__ = ["AlertHook", "AlertConfig", "load_rules", "detect", "raise_alerts"]

log = logging.getLogger(__name__)


def raise_alerts(store: Any, config: AlertConfig, event_ids: Iterable[str] | None = None,
                 today: date | None = None) -> list[Alert]:
    """Detect alerts and store the new ones (queued for delivery); returns the new ones."""
    new = store.alerts.add(detect(store, config, event_ids, today), config.channels)
    for alert in new:
        log_event(log, logging.INFO, "alert", id=alert.id, rule=alert.rule, kind=alert.kind, title=alert.title)
    return new


class AlertHook:
    """After each watch round: the rules, on the events that round created or changed."""

    def __init__(self, store: Any, config: AlertConfig) -> None:
        self.store = store
        self.config = config

    def __call__(self, results: Sequence[Any]) -> None:
        event_ids: set[str] = set()
        for result in results:
            event_ids |= result.event_ids
        raise_alerts(self.store, self.config, event_ids)
