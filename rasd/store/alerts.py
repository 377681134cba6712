"""Alerts and their delivery outbox (``store.alerts``), and the counts the alert rules read.

An alert's id is derived from its rule and subject, so raising it again is a no-op. Each new
alert gets one ``deliveries`` row per configured channel in the same transaction; a delivery
worker sends them later and records each attempt, so a slow mail server never holds up the
watcher and a crash never loses an alert.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from rasd.model import Alert, Event
from rasd.store import rows
from rasd.store.models import AlertRow, DeliveryRow, EventRow
from rasd.store.rows import now
from rasd.store.writer import chunks

ALERT_FIELDS = ("id", "rule", "kind", "title", "detail", "created_at", "admin1", "admin1_code", "event_id",
                "source_id", "period_start", "period_end")


def alert_of(row: AlertRow) -> Alert:
    return Alert(**{f: getattr(row, f) for f in ALERT_FIELDS}, data=json.loads(row.data or "{}"))


class AlertTable:
    """Reads and writes of ``alerts`` and ``deliveries``, and the event counts rules need."""

    def __init__(self, session: sessionmaker[Session]) -> None:
        self._session = session

    # -- alerts --------------------------------------------------------------------------------

    def add(self, alerts: Iterable[Alert], channels: Sequence[str] = ()) -> list[Alert]:
        """Store the alerts not stored yet (and queue them on ``channels``); returns the new ones."""
        wanted = {a.id: a for a in alerts}
        if not wanted:
            return []
        with self._session.begin() as session:
            known = set(session.scalars(select(AlertRow.id).where(AlertRow.id.in_(list(wanted)))))
            new = [a for a in wanted.values() if a.id not in known]
            for alert in new:
                values = {f: getattr(alert, f) for f in ALERT_FIELDS}
                session.add(AlertRow(**values, data=json.dumps(alert.data, sort_keys=True, default=str)))
                for channel in channels:
                    session.add(DeliveryRow(alert_id=alert.id, channel=channel, state="pending", attempts=0,
                                            next_try=alert.created_at))
        return new

    def recent(self, since: datetime | None = None, until: datetime | None = None, limit: int | None = 200,
               kind: str | None = None) -> list[Alert]:
        """Alerts newest first (raised at or after ``since`` and before ``until``)."""
        stmt = select(AlertRow).order_by(AlertRow.created_at.desc(), AlertRow.id)
        if since is not None:
            stmt = stmt.where(AlertRow.created_at >= since)
        if until is not None:
            stmt = stmt.where(AlertRow.created_at < until)
        if kind is not None:
            stmt = stmt.where(AlertRow.kind == kind)
        if limit is not None:
            stmt = stmt.limit(limit)
        with self._session() as session:
            return [alert_of(r) for r in session.scalars(stmt)]

    def get(self, alert_id: str) -> Alert | None:
        with self._session() as session:
            row = session.get(AlertRow, alert_id)
            return alert_of(row) if row else None

    # -- the outbox ----------------------------------------------------------------------------

    def due(self, at: datetime, limit: int = 50) -> list[tuple[Alert, str, int]]:
        """(alert, channel, attempts so far) of deliveries due at ``at``, oldest first."""
        stmt = (select(AlertRow, DeliveryRow.channel, DeliveryRow.attempts)
                .join(DeliveryRow, DeliveryRow.alert_id == AlertRow.id)
                .where(DeliveryRow.state == "pending", DeliveryRow.next_try <= at)
                .order_by(DeliveryRow.next_try, AlertRow.id).limit(limit))
        with self._session() as session:
            return [(alert_of(a), channel, attempts) for a, channel, attempts in session.execute(stmt)]

    def delivered(self, alert_id: str, channel: str) -> None:
        self._delivery(alert_id, channel, state="sent", delivered_at=now(), attempts=DeliveryRow.attempts + 1,
                       last_error=None)

    def delivery_failed(self, alert_id: str, channel: str, error: str, next_try: datetime, give_up: bool) -> None:
        self._delivery(alert_id, channel, state="failed" if give_up else "pending", next_try=next_try,
                       attempts=DeliveryRow.attempts + 1, last_error=error[:2000])

    def _delivery(self, alert_id: str, channel: str, **values: Any) -> None:
        with self._session.begin() as session:
            session.execute(update(DeliveryRow).where(DeliveryRow.alert_id == alert_id, DeliveryRow.channel == channel)
                            .values(**values))

    def deliveries(self, alert_ids: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
        """alert id → its deliveries (channel, state, attempts, last error), for display."""
        found: dict[str, list[dict[str, Any]]] = {}
        with self._session() as session:
            for group in chunks(alert_ids):
                for row in session.scalars(select(DeliveryRow).where(DeliveryRow.alert_id.in_(group))):
                    found.setdefault(row.alert_id, []).append({
                        "channel": row.channel, "state": row.state, "attempts": row.attempts,
                        "last_error": row.last_error, "delivered_at": row.delivered_at})
        return found

    # -- what rules read -----------------------------------------------------------------------

    def events(self, event_ids: Iterable[str]) -> list[Event]:
        found: list[Event] = []
        with self._session() as session:
            for group in chunks(event_ids):
                found += [rows.event_of(r) for r in session.scalars(select(EventRow).where(EventRow.id.in_(group)))]
        return found

    def events_dated(self, since: date, until: date) -> list[Event]:
        stmt = select(EventRow).where(EventRow.event_date >= since, EventRow.event_date <= until)
        with self._session() as session:
            return [rows.event_of(r) for r in session.scalars(stmt)]

    def daily(self, admin1_code: str, since: date, until: date, measure: str) -> dict[date, int]:
        """Events (or fatalities) a day in a governorate, ``since`` to ``until`` inclusive."""
        value = func.count() if measure == "events" else func.coalesce(func.sum(EventRow.fatalities), 0)
        stmt = (select(EventRow.event_date, value)
                .where(EventRow.admin1_code == admin1_code, EventRow.event_date >= since, EventRow.event_date <= until)
                .group_by(EventRow.event_date))
        with self._session() as session:
            return {day: int(n) for day, n in session.execute(stmt)}

    def earlier_of_kind(self, event: Event, since: date) -> bool:
        """True when another event of ``event``'s type and governorate came before it, on or after ``since``."""
        m = event.mention
        before = or_(EventRow.event_date < m.event_date, and_(EventRow.event_date == m.event_date, EventRow.id < event.id))
        stmt = (select(EventRow.id).where(EventRow.admin1_code == m.admin1_code, EventRow.event_type == m.event_type,
                                          EventRow.event_date >= since, before).limit(1))
        with self._session() as session:
            return session.scalar(stmt) is not None

    def first_event_date(self) -> date | None:
        with self._session() as session:
            return session.scalar(select(func.min(EventRow.event_date)))
