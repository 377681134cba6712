"""Sending alerts: a JSON POST to a webhook, an e-mail over SMTP; retried, never in the way.

Alerts wait in the outbox (``store.alerts``, one row per alert and channel). ``Deliverer.run_due``
sends the deliveries that are due, each with its own timeout, and records every attempt: a
failure is tried again later (1 minute, doubling, up to 6 hours apart) and given up after 12
attempts, with the last error kept. ``DeliveryThread`` does this in the background of
``rasd watch``, so a dead mail server or a slow webhook never delays fetching and storing.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import threading
import time
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any

import httpx

from rasd.alerts.rules import AlertConfig, Smtp, Webhook
from rasd.model import Alert
from rasd.store.rows import now
from rasd.watch.logs import log_event

log = logging.getLogger(__name__)

FIRST_RETRY = 60.0
MAX_RETRY = 6 * 3600.0
MAX_ATTEMPTS = 12


def alert_record(alert: Alert, public_url: str | None = None) -> dict[str, Any]:
    """An alert as JSON (the webhook's body, the API's items)."""
    record = {f: getattr(alert, f) for f in ("id", "rule", "kind", "title", "detail", "admin1", "admin1_code",
                                             "event_id", "source_id")}
    record["created_at"] = alert.created_at.isoformat(timespec="seconds") + "Z"
    record["period_start"] = alert.period_start.isoformat() if alert.period_start else None
    record["period_end"] = alert.period_end.isoformat() if alert.period_end else None
    record["data"] = alert.data
    record["url"] = alert_link(alert, public_url)
    return record


def alert_link(alert: Alert, public_url: str | None) -> str | None:
    """Where the dashboard shows what the alert is about (None without a public address)."""
    if not public_url:
        return None
    base = public_url.rstrip("/")
    if alert.event_id:
        return f"{base}/events/{alert.event_id}"
    if alert.source_id is not None:
        return f"{base}/sources#source-{alert.source_id}"
    if alert.admin1_code and alert.period_start:
        return f"{base}/events?admin1={alert.admin1_code}&since={alert.period_start}&until={alert.period_end}"
    return f"{base}/alerts#alert-{alert.id}"


def send_webhook(hook: Webhook, alert: Alert, public_url: str | None) -> None:
    response = httpx.post(hook.url, json=alert_record(alert, public_url), headers=hook.headers, timeout=hook.timeout)
    if response.status_code >= 300:
        raise RuntimeError(f"webhook answered HTTP {response.status_code}: {response.text[:200]}")


def email(smtp: Smtp, alert: Alert, public_url: str | None) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = f"[rasd] {alert.title}"
    message["From"] = smtp.sender
    message["To"] = ", ".join(smtp.to)
    link = alert_link(alert, public_url)
    message.set_content(f"{alert.detail}\n\n{('More: ' + link) if link else ''}\n\n"
                        f"Rule {alert.rule} ({alert.kind}), raised {alert.created_at:%Y-%m-%d %H:%M} UTC by rasd.\n")
    return message


def send_email(smtp: Smtp, alert: Alert, public_url: str | None) -> None:
    connect = smtplib.SMTP_SSL if smtp.ssl else smtplib.SMTP
    with connect(smtp.host, smtp.port, timeout=smtp.timeout) as server:
        if smtp.starttls and not smtp.ssl:
            server.starttls(context=ssl.create_default_context())
        if smtp.username:
            server.login(smtp.username, smtp.password or "")
        server.send_message(email(smtp, alert, public_url))


def retry_delay(attempts: int) -> float:
    return min(MAX_RETRY, FIRST_RETRY * 2 ** max(0, attempts - 1))


class Deliverer:
    def __init__(self, store: Any, config: AlertConfig) -> None:
        self.store = store
        self.config = config

    def _send(self, alert: Alert, channel: str) -> None:
        if channel == "webhook" and self.config.webhook:
            send_webhook(self.config.webhook, alert, self.config.public_url)
        elif channel == "smtp" and self.config.smtp:
            send_email(self.config.smtp, alert, self.config.public_url)
        else:
            raise RuntimeError(f"channel {channel} is not configured any more")

    def run_due(self, at: datetime | None = None) -> tuple[int, int]:
        """Send every delivery due at ``at``; returns (sent, failed)."""
        sent = failed = 0
        for alert, channel, attempts in self.store.alerts.due(at or now()):
            try:
                self._send(alert, channel)
            except Exception as exc:  # any failure of the far end: recorded in words, tried again later
                tries = attempts + 1
                give_up = tries >= MAX_ATTEMPTS
                problem = f"{type(exc).__name__}: {exc}"
                self.store.alerts.delivery_failed(alert.id, channel, problem, now() + timedelta(seconds=retry_delay(tries)), give_up)
                log_event(log, logging.WARNING, "delivery_failed", alert=alert.id, channel=channel, attempt=tries,
                          gave_up=give_up, error=problem)
                failed += 1
            else:
                self.store.alerts.delivered(alert.id, channel)
                log_event(log, logging.INFO, "delivered", alert=alert.id, channel=channel)
                sent += 1
        return sent, failed


class DeliveryThread(threading.Thread):
    """Runs ``Deliverer.run_due`` every ``every`` seconds until ``stop`` is set."""

    def __init__(self, deliverer: Deliverer, stop: threading.Event, every: float = 15.0) -> None:
        super().__init__(name="alert-delivery", daemon=True)
        self.deliverer, self.stop, self.every = deliverer, stop, every

    def run(self) -> None:
        while not self.stop.is_set():
            started = time.monotonic()
            try:
                self.deliverer.run_due()
            except Exception:  # the database was busy or away: the outbox is still there next time
                log.exception("alert delivery round failed")
            self.stop.wait(max(0.0, self.every - (time.monotonic() - started)))
