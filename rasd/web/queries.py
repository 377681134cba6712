"""Light read queries the dashboard needs and the store has no call for (SQL via its engine).

Only the columns a page draws are read, so no model objects are built for hundreds of rows.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import Engine, func, select

from rasd.model import Event, EventMention
from rasd.store.models import EventRow
from rasd.store.query import filtered, ordered
from rasd.web.params import Filters


@dataclass(frozen=True)
class Point:
    id: str
    latitude: float
    longitude: float
    event_date: date | None
    sub_event_type: str
    location: str | None


def map_points(store: Any, selection: Filters, limit: int) -> list[Point]:
    """Up to ``limit`` located events of the selection, in its order (newest first by default)."""
    query = replace(selection, limit=limit, offset=0).to_query()
    engine: Engine | None = getattr(store, "engine", None)
    if engine is None:  # a store without an SQL engine: its own query, whole events
        events, _ = store.query_events(query)
        return [Point(e.id, e.mention.latitude, e.mention.longitude, e.mention.event_date, e.mention.sub_event_type,
                      e.mention.location) for e in events
                if e.mention.latitude is not None and e.mention.longitude is not None]
    columns = (EventRow.id, EventRow.latitude, EventRow.longitude, EventRow.event_date, EventRow.sub_event_type,
               EventRow.location)
    stmt = ordered(filtered(select(*columns), query, page=True), query).where(EventRow.latitude.is_not(None),
                                                                    EventRow.longitude.is_not(None)).limit(limit)
    with engine.connect() as connection:
        return [Point(*row) for row in connection.execute(stmt)]


def estimation_events(engine: Engine, selection: Filters) -> list[Event]:
    """The selection's events with only what estimation reads (outlets, month, place, type).

    Events alike in all of those are read as one grouped row and repeated, so the database
    sends a few thousand rows instead of every event (estimation only counts them).
    """
    query = selection.without_paging().to_query()
    columns = (EventRow.source, EventRow.year_month, EventRow.admin1, EventRow.admin1_code, EventRow.event_type)
    stmt = filtered(select(*columns, func.count(), func.min(EventRow.event_date)), query).group_by(*columns)
    events: list[Event] = []
    with engine.connect() as connection:
        for source, month, admin1, admin1_code, event_type, count, first_date in connection.execute(stmt):
            mention = EventMention(doc_id="", event_date=first_date, time_precision=None, event_type=event_type,
                                   sub_event_type="", admin1=admin1, admin1_code=admin1_code, source=source)
            events.extend([Event(id=f"{month}:{source}", mention=mention, doc_ids=())] * count)
    return events
