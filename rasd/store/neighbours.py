"""The stored mentions near new ones: the queries behind ``rasd.dedup.affected``.

Deduplication asks, a few times per batch, for the stored mentions that share an event or a
pin with some mentions (``mates``), and for every stored mention inside the search windows
of a set of mentions (``near``) (``rasd.dedup.search_windows``: a governorate, the sub-event types blocked
together, a range of days). The windows go into a temporary table, one row per window and
sub-event type, and one join reads the mentions inside any of them through the
``(admin1_code, sub_event_type, event_date)`` index: the cost follows the rows found, not the
size of the table, and the statement is the same every time (compiled once).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Boolean, Column, Date, MetaData, String, Table, and_, delete, insert, or_, select
from sqlalchemy.orm import Session

from rasd import dedup
from rasd.model import EventMention
from rasd.store import rows
from rasd.store.batches import chunks
from rasd.store.models import EventMentionRow, MentionPinRow, MentionRow

#: One row per search window and sub-event type; ``area`` NULL for mentions of no governorate.
SEARCH = Table(
    "rasd_search", MetaData(),
    Column("area", String(16)), Column("sub_type", String(64)),
    Column("first", Date), Column("last", Date), Column("month_only", Boolean),
    prefixes=["TEMPORARY"],
)

_M = MentionRow.__table__.c
_IN_RANGE = and_(_M.sub_event_type == SEARCH.c.sub_type, _M.event_date.between(SEARCH.c.first, SEARCH.c.last),
                 or_(SEARCH.c.month_only.is_(False), _M.time_precision >= 3))
#: What a stub of a stored mention reads (``rasd.dedup.Stub``, in its field order).
_STUB = (_M.id, _M.doc_id, _M.admin1_code, _M.country_code, _M.country, _M.sub_event_type, _M.event_date, _M.time_precision)
#: Mentions of a governorate inside a window of it: an index range scan per window.
_IN_AREA = select(*_STUB).select_from(
    SEARCH.join(MentionRow.__table__, and_(_M.admin1_code == SEARCH.c.area, _IN_RANGE)))
#: Mentions of no governorate inside a window of no governorate (few: most reports name one).
_NO_AREA = select(*_STUB).select_from(
    SEARCH.join(MentionRow.__table__, and_(SEARCH.c.area.is_(None), or_(_M.admin1_code.is_(None), _M.admin1_code == ""),
                                           _IN_RANGE)))


def merged_windows(mentions: Iterable[dedup.Dated]) -> list[dedup.Window]:
    """The search windows of ``mentions``, overlapping or adjacent ones of a kind merged."""
    by_kind: dict[tuple[str, tuple[str, ...], bool], list[tuple[date, date]]] = defaultdict(list)
    for mention in mentions:
        for w in dedup.search_windows(mention):
            by_kind[w.admin1_code or "", w.sub_event_types, w.month_precision].append((w.first, w.last))
    merged: list[dedup.Window] = []
    for (area, types, month_precision), ranges in sorted(by_kind.items()):
        ranges.sort()
        lo, hi = ranges[0]
        for start, end in ranges[1:]:
            if start > hi + timedelta(days=1):
                merged.append(dedup.Window(area or None, lo, hi, types, month_precision))
                lo = start
            hi = max(hi, end)
        merged.append(dedup.Window(area or None, lo, hi, types, month_precision))
    return merged


class StoredNeighbours:
    """``rasd.dedup.StoredMentions`` over the caller's transaction."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def near(self, mentions: Sequence[dedup.Dated]) -> list[dedup.Stub]:
        """Stored mentions inside the search windows of ``mentions`` (every possible candidate), as stubs."""
        windows = merged_windows(mentions)
        if not windows:
            return []
        connection = self._session.connection()
        SEARCH.create(connection, checkfirst=True)
        connection.execute(delete(SEARCH))
        connection.execute(insert(SEARCH), [
            {"area": w.admin1_code, "sub_type": sub_type, "first": w.first, "last": w.last, "month_only": w.month_precision}
            for w in windows for sub_type in w.sub_event_types])
        found = {row[0]: row for query in (_IN_AREA, _NO_AREA) for row in connection.execute(query)}
        return [dedup.Stub(*row) for row in found.values()]

    def load(self, mention_ids: Sequence[str]) -> list[EventMention]:
        """The stored mentions of ``mention_ids``, whole."""
        return list(load_mentions(self._session, mention_ids).values())

    def mates(self, mention_ids: Sequence[str]) -> list[EventMention]:
        """Stored mentions in the events of ``mention_ids``, or pinned to the same events."""
        found: list[EventMention] = []
        for group in chunks(mention_ids):
            events = select(EventMentionRow.event_id).where(EventMentionRow.mention_id.in_(group)).union(
                select(MentionPinRow.event_id).where(MentionPinRow.mention_id.in_(group)))
            members = select(EventMentionRow.mention_id).where(EventMentionRow.event_id.in_(events)).union(
                select(MentionPinRow.mention_id).where(MentionPinRow.event_id.in_(events)))
            found += _mentions(self._session.execute(select(MentionRow.__table__).where(MentionRow.id.in_(members))).mappings())
        return found


def load_mentions(session: Session, ids: Iterable[str]) -> dict[str, EventMention]:
    """Stored mentions by id, whole."""
    loaded: dict[str, EventMention] = {}
    for group in chunks(ids):
        for row in session.execute(select(MentionRow.__table__).where(MentionRow.id.in_(group))).mappings():
            loaded[row["id"]] = rows.mention_of_mapping(row)
    return loaded


def _mentions(found: Iterable[Any]) -> list[EventMention]:
    unique = {row["id"]: row for row in found}
    return [rows.mention_of_mapping(row) for row in unique.values()]
