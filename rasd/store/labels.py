"""Reads for summaries: event counts by label, every event's labels, events by row number.

A dashboard page asks for a dozen counts of one selection; ``rasd.web.summary`` answers them from
memory built by these reads, on every backend:

- ``counts``: events counted by labels (month, governorate, type, ...; "actor" counts an event
  once for each of its actors), for a selection or, with ``scan``, for the whole table in one
  sequential pass;
- ``label_rows``: every selected event's labels with its row number, streamed in chunks;
- ``text_rows``: the row numbers of the events matching free text, from the full-text index;
- ``events_among``/``points``: a page of events, or of map points, among given row numbers.

Row numbers are SQLite's ``rowid`` and, on PostgreSQL, the ``rowid`` column of migration 0005.
An event keeps its row number while it is stored; deduplication rewrites an event as a new row,
so a reader keeping row numbers rebuilds when documents are added.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
from sqlalchemy import Connection, Integer, Select, String, and_, cast, func, literal_column, or_, select
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session

from rasd.model import EventPoint
from rasd.store import search
from rasd.store.models import EventRow
from rasd.store.query import EventQuery, filtered, ordered

#: The row number of an event: SQLite's rowid, PostgreSQL's rowid column (migration 0005).
ROW = literal_column("events.rowid")

#: Labels events are counted by, and the column behind each ("actor" is either actor column).
LABELS: dict[str, Any] = {
    "month": EventRow.year_month, "admin1": EventRow.admin1, "admin1_code": EventRow.admin1_code,
    "event_type": EventRow.event_type, "sub_event_type": EventRow.sub_event_type, "location": EventRow.location,
}

#: What ``label_rows`` yields for each event, in this order.
LABEL_ROW = ("row", "month", "admin1", "admin1_code", "event_type", "sub_event_type", "actor1", "actor2",
             "day", "located")


def counts(session: Session, by: Sequence[str], q: EventQuery | None, scan: bool = False) -> dict[tuple[Any, ...], int]:
    """Events of ``q`` counted by the labels ``by``; an event counts once for each of its actors.

    ``scan``: the whole table is counted (``q`` is None), in one sequential pass.
    """
    if "actor" not in by:
        return {tuple(key): n for *key, n in session.execute(_grouped([LABELS[d] for d in by], q, scan))}
    at = list(by).index("actor")
    result: dict[tuple[Any, ...], int] = {}
    for actor in (EventRow.actor1, EventRow.actor2):
        stmt = _grouped([actor if d == "actor" else LABELS[d] for d in by], q, scan)
        if not scan:  # a whole-table pass tests in Python instead: an index walk here is slower
            stmt = stmt.where(actor.is_not(None))
        if actor is EventRow.actor2:  # an event whose two actors are one counts once for that actor
            stmt = stmt.where(or_(EventRow.actor1.is_(None), EventRow.actor1 != EventRow.actor2))
        for *key, n in session.execute(stmt):
            if key[at] is not None:
                result[tuple(key)] = result.get(tuple(key), 0) + n
    return result


def _grouped(columns: list[Any], q: EventQuery | None, scan: bool) -> Select[Any]:
    """Counts grouped by ``columns``. For a whole-table pass, grouping first by ``column || ''``
    keeps the planner from walking an index and fetching every row from it at random, several
    times slower for a whole table."""
    keys = columns
    if scan:
        keys = [columns[0].op("||")(literal_column("''")).label(columns[0].key), *columns[1:]]
    return filtered(select(*keys, func.count()), q).group_by(*keys)


def label_rows(connection: Connection, q: EventQuery | None, chunk: int) -> Iterator[list[tuple[Any, ...]]]:
    """Every selected event as the tuple ``LABEL_ROW``, in chunks of ``chunk`` (memory stays
    bounded on any backend); ``day`` is YYYYMMDD as an integer (None: undated), ``located``
    whether it has coordinates."""
    day = cast(func.replace(cast(EventRow.event_date, String), "-", ""), Integer)
    located = and_(EventRow.latitude.is_not(None), EventRow.longitude.is_not(None))
    stmt = filtered(select(ROW, *(LABELS[d] for d in LABEL_ROW[1:6]), EventRow.actor1, EventRow.actor2, day,
                           located), q)
    result = connection.execution_options(stream_results=True).execute(stmt)
    for part in result.partitions(chunk):
        yield [tuple(row) for row in part]


def text_rows(session: Session, text: str) -> np.ndarray | None:
    """Sorted row numbers of the events matching ``text``, or None when it has no words."""
    found = search.rowids_sql(text, session.get_bind().dialect.name)
    if found is None:
        return None
    return row_numbers(session.execute(sql_text(found[0]), found[1]).scalar())


def row_numbers(joined: str | None) -> np.ndarray:
    """Comma-separated row numbers (one string: far cheaper to fetch than a row each) as a sorted array."""
    if not joined:
        return np.zeros(0, dtype=np.int64)
    return np.sort(np.fromstring(joined, dtype=np.int64, sep=","))


def events_among(session: Session, q: EventQuery, rows: Sequence[int], limit: int) -> list[EventRow]:
    """The first ``limit`` events of ``q``, in its order, among row numbers ``rows``."""
    stmt = ordered(filtered(select(EventRow), q), q).where(ROW.in_(list(rows))).limit(limit)
    return list(session.scalars(stmt))


def points(connection: Connection, q: EventQuery, limit: int, rows: Sequence[int] | None) -> list[EventPoint]:
    """Up to ``limit`` located events of ``q``, in its order, as map points (among ``rows``)."""
    columns = (EventRow.id, EventRow.latitude, EventRow.longitude, EventRow.event_date, EventRow.sub_event_type,
               EventRow.location)
    stmt = ordered(filtered(select(*columns), q, page=True), q).where(
        EventRow.latitude.is_not(None), EventRow.longitude.is_not(None)).limit(limit)
    if rows is not None:
        stmt = stmt.where(ROW.in_(list(rows)))
    return [EventPoint(*row) for row in connection.execute(stmt)]


def outlet_groups(connection: Connection, q: EventQuery) -> Iterator[tuple[Any, ...]]:
    """(source, month, admin1, admin1_code, event_type, events, first day) for the selected
    events alike in all of those: what estimation reads, a few thousand rows instead of every event."""
    columns = (EventRow.source, EventRow.year_month, EventRow.admin1, EventRow.admin1_code, EventRow.event_type)
    stmt = filtered(select(*columns, func.count(), func.min(EventRow.event_date)), q).group_by(*columns)
    yield from connection.execute(stmt)
