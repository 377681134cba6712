"""Light read queries the dashboard needs and the store has no call for (SQL via its engine).

Only the columns a page draws are read, so no model objects are built for hundreds of rows.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import Engine, func, literal_column, select
from sqlalchemy.orm import Session

from rasd.model import Event, EventMention
from rasd.store.models import EventRow
from rasd.store.query import filtered, ordered
from rasd.store.rows import event_of
from rasd.web.params import Filters
from rasd.web.summary import Summary

_ROWID = literal_column("events.rowid")  # only with a summary's row numbers, which exist on SQLite only


@dataclass(frozen=True)
class Point:
    id: str
    latitude: float
    longitude: float
    event_date: date | None
    sub_event_type: str
    location: str | None


def newest_first(selection: Filters) -> bool:
    return selection.sort == "event_date" and selection.descending and not selection.offset


def newest_events(store: Any, selection: Filters, limit: int, summary: Summary | None) -> list[Event]:
    """The selection's ``limit`` newest events (a text selection's read by row number from the
    summary's candidates, so no query sorts every match of a common word)."""
    rowids = summary.newest_rows(selection, limit) if summary and newest_first(selection) else None
    if rowids is None:
        events, _ = store.query_events(replace(selection, limit=limit, offset=0).to_query())
        return events
    query = replace(selection, text=None, limit=limit, offset=0).to_query()
    stmt = ordered(filtered(select(EventRow), query), query).where(_ROWID.in_(rowids)).limit(limit)
    with Session(store.engine) as session:
        return [event_of(row) for row in session.scalars(stmt)]


def map_points(store: Any, selection: Filters, limit: int, summary: Summary | None = None) -> list[Point]:
    """Up to ``limit`` located events of the selection, in its order (newest first by default)."""
    rowids = summary.newest_rows(selection, limit, located=True) if summary and newest_first(selection) else None
    if rowids is not None:  # candidates already match the text (see newest_events)
        selection = replace(selection, text=None)
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
    if rowids is not None:
        stmt = stmt.where(_ROWID.in_(rowids))
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
