"""The daily digest: what came in over a day, in the shape of an analyst's morning note.

    digest = build_digest(store)                      # the last 24 hours
    digest = build_digest(store, day=date(2026, 5, 1))   # one calendar day (UTC)
    digest.to_dict()                                  # the same data as JSON

It holds the events reported in the window, by governorate (most events first), the alerts
raised in it, each source's health, and "this day in history": stored events of the same
calendar day in earlier years, as in the "This Day in Iraqi History" column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from rasd.analysis.onthisday import on_this_day
from rasd.model import Alert, Event
from rasd.store.rows import now

HISTORY_LIMIT = 25


@dataclass
class Digest:
    start: datetime
    end: datetime
    day: date
    by_governorate: list[tuple[str, list[Event]]] = field(default_factory=list)
    documents: int = 0
    alerts: list[Alert] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    history: list[Event] = field(default_factory=list)

    @property
    def events(self) -> int:
        return sum(len(events) for _, events in self.by_governorate)

    @property
    def fatalities(self) -> int:
        return sum(e.mention.fatalities or 0 for _, events in self.by_governorate for e in events)

    @property
    def headline(self) -> str:
        places = len([name for name, _ in self.by_governorate if name != UNKNOWN])
        return (f"{self.events} event(s), {self.fatalities} killed, in {places} governorate(s); "
                f"{len(self.alerts)} alert(s); {self.documents} report(s) read")

    def to_dict(self) -> dict[str, Any]:
        from rasd.alerts.deliver import alert_record

        return {
            "day": self.day.isoformat(), "start": self.start.isoformat(timespec="seconds") + "Z",
            "end": self.end.isoformat(timespec="seconds") + "Z",
            "headline": self.headline, "events": self.events, "fatalities": self.fatalities,
            "documents": self.documents,
            "by_governorate": [{"admin1": name, "events": [e.to_record() for e in events]}
                               for name, events in self.by_governorate],
            "alerts": [alert_record(a) for a in self.alerts],
            "sources": self.sources,
            "this_day_in_history": [e.to_record() for e in self.history],
        }


UNKNOWN = "(governorate unknown)"


def window(day: date | None, at: datetime | None = None) -> tuple[datetime, datetime, date]:
    """[start, end) of a digest: a calendar day (UTC), or the 24 hours before ``at``."""
    if day is not None:
        start = datetime.combine(day, time())
        return start, start + timedelta(days=1), day
    end = at or now()
    return end - timedelta(hours=24), end, end.date()


def by_governorate(events: list[Event]) -> list[tuple[str, list[Event]]]:
    groups: dict[str, list[Event]] = {}
    for event in events:
        groups.setdefault(event.mention.admin1 or UNKNOWN, []).append(event)
    return sorted(groups.items(), key=lambda kv: (kv[0] == UNKNOWN, -len(kv[1]), kv[0]))


def build_digest(store: Any, day: date | None = None, at: datetime | None = None) -> Digest:
    from rasd.watch.health import health_rows

    start, end, shown = window(day, at)
    history = on_this_day(store, f"{shown.month:02d}-{shown.day:02d}", today=shown, limit=HISTORY_LIMIT)
    return Digest(start, end, shown, by_governorate(store.digest.events_reported(start, end)),
                  store.digest.documents_stored(start, end), store.alerts.recent(start, end, limit=None),
                  health_rows(store), history)
