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

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from functools import lru_cache
from operator import itemgetter
from typing import Any

from sqlalchemy import Boolean, Column, Date, MetaData, String, Table, and_, delete, insert, or_, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session
from sqlalchemy.sql import Executable

from rasd import dedup
from rasd.dedup.rules import load_rules
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
#: What a whole mention reads: its id, document, offset and ``rows.SHARED`` in that order.
_WHOLE = (_M.id, _M.doc_id, _M.offset, *(_M[name] for name in rows.SHARED))
#: Where each of ``_STUB``'s columns lies in ``_WHOLE``.
_STUB_OF_WHOLE = itemgetter(*(next(k for k, column in enumerate(_WHOLE) if column is wanted) for wanted in _STUB))
#: Mentions of a governorate inside a window of it: an index range scan per window.
_IN_AREA = select(*_WHOLE).select_from(
    SEARCH.join(MentionRow.__table__, and_(_M.admin1_code == SEARCH.c.area, _IN_RANGE)))
#: Mentions of no governorate inside a window of no governorate (few: most reports name one).
_NO_AREA = select(*_WHOLE).select_from(
    SEARCH.join(MentionRow.__table__, and_(SEARCH.c.area.is_(None), or_(_M.admin1_code.is_(None), _M.admin1_code == ""),
                                           _IN_RANGE)))


def merged_windows(mentions: Iterable[dedup.Dated]) -> list[dedup.Window]:
    """The search windows of ``mentions``, overlapping or adjacent ones of a kind merged."""
    group_of = load_rules().same_group
    by_kind: dict[tuple[str, tuple[str, ...], bool], list[tuple[int, int]]] = defaultdict(list)
    for mention in mentions:
        days = dedup.window_days(mention)
        if days is not None:
            kind = mention.admin1_code or "", group_of(mention.sub_event_type)
            by_kind[(*kind, False)].append(days[0])
            by_kind[(*kind, True)].append(days[1])
    return [dedup.Window(area or None, date.fromordinal(lo), date.fromordinal(hi), types, month_precision)
            for (area, types, month_precision), ranges in sorted(by_kind.items()) for lo, hi in _merged(ranges)]


def _minus(lo: int, hi: int, covered: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Days ``lo``..``hi`` outside the sorted, disjoint ranges ``covered``."""
    left = []
    for start, end in covered[max(bisect_left(covered, (lo, lo)) - 1, 0):]:
        if start > hi:
            break
        if end >= lo:
            if start > lo:
                left.append((lo, start - 1))
            lo = max(lo, end + 1)
    if lo <= hi:
        left.append((lo, hi))
    return left


def _cover(covered: list[tuple[int, int]], lo: int, hi: int) -> None:
    """Add days ``lo``..``hi`` to the sorted, disjoint ranges ``covered``, joining what they touch."""
    start = bisect_left(covered, (lo, lo))
    if start and covered[start - 1][1] >= lo - 1:
        start -= 1
    end = start
    while end < len(covered) and covered[end][0] <= hi + 1:
        end += 1
    if end > start:
        lo, hi = min(lo, covered[start][0]), max(hi, covered[end - 1][1])
    covered[start:end] = [(lo, hi)]


def _merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Day ranges (ordinals), overlapping or adjacent ones joined, in order."""
    ranges.sort()
    merged = [ranges[0]]
    for start, end in ranges[1:]:
        lo, hi = merged[-1]
        if start > hi + 1:
            merged.append((start, end))
        else:
            merged[-1] = (lo, max(hi, end))
    return merged


class StoredNeighbours:
    """``rasd.dedup.StoredMentions`` over the caller's transaction."""

    def __init__(self, session: Session) -> None:
        self._session = session
        #: day ranges (ordinals) read so far, by (area, sub-event type, month precision only)
        self._searched: dict[tuple[str | None, str, bool], list[tuple[int, int]]] = defaultdict(list)
        #: the driver's values (``_WHOLE``) of the mentions ``near`` found, for ``load``
        self._read: dict[str, tuple[Any, ...]] = {}

    def near(self, mentions: Sequence[dedup.Dated]) -> list[dedup.Stub]:
        """Stored mentions inside the search windows of ``mentions`` (every possible candidate),
        as stubs, leaving out those of days an earlier call read: the walk's rounds search
        around neighbours whose windows mostly overlap, and read each stored mention once.

        The rows are read whole and kept: the index range scan visits each row anyway, and most
        of them are loaded whole later (a large update compares three in four), which by id
        would cost a second lookup each."""
        searches = [{"area": area, "sub_type": sub_type, "first": date.fromordinal(lo), "last": date.fromordinal(hi),
                     "month_only": month_only}
                    for w in merged_windows(mentions) for sub_type in w.sub_event_types
                    for area, month_only in [(w.admin1_code, w.month_precision)]
                    for lo, hi in self._unsearched((area, sub_type, month_only), w.first.toordinal(), w.last.toordinal())]
        if not searches:
            return []
        connection = self._session.connection()
        SEARCH.create(connection, checkfirst=True)
        connection.execute(delete(SEARCH))
        connection.execute(insert(SEARCH), searches)
        found = _fetched(connection, (_IN_AREA, _NO_AREA))
        self._read.update(found)
        return [_stub(row, _STUB_OF_WHOLE) for row in found.values()]

    def _unsearched(self, kind: tuple[str | None, str, bool], lo: int, hi: int) -> list[tuple[int, int]]:
        """The parts of days ``lo``..``hi`` of ``kind`` not read yet, now marked read. A window of
        any precision also covers the month-precision one of its days."""
        area, sub_type, month_only = kind
        left = [(lo, hi)]
        for covered in {kind, (area, sub_type, False)}:
            left = [part for start, end in left for part in _minus(start, end, self._searched[covered])]
        _cover(self._searched[kind], lo, hi)
        return left

    def load(self, mention_ids: Sequence[str]) -> list[EventMention]:
        """The stored mentions of ``mention_ids``, whole (those ``near`` read without asking again)."""
        missing = [m for m in mention_ids if m not in self._read]
        read = [_whole(self._read.pop(m)) for m in mention_ids if m in self._read]
        return read + list(load_mentions(self._session, missing).values())

    def mates(self, mention_ids: Sequence[str]) -> list[dedup.Stub]:
        """Stored mentions in the events of ``mention_ids``, or pinned to the same events, as stubs."""
        connection = self._session.connection()
        queries = []
        for group in chunks(mention_ids):
            events = select(EventMentionRow.event_id).where(EventMentionRow.mention_id.in_(group)).union(
                select(MentionPinRow.event_id).where(MentionPinRow.mention_id.in_(group)))
            members = select(EventMentionRow.mention_id).where(EventMentionRow.event_id.in_(events)).union(
                select(MentionPinRow.mention_id).where(MentionPinRow.event_id.in_(events)))
            queries.append(select(*_STUB).where(MentionRow.id.in_(members)))
        return [_stub(row) for row in _fetched(connection, queries).values()]


def load_mentions(session: Session, ids: Iterable[str]) -> dict[str, EventMention]:
    """Stored mentions by id, whole (read through the driver's cursor, as ``_fetched`` reads)."""
    connection = session.connection()
    queries = (select(*_WHOLE).where(_M.id.in_(group)) for group in chunks(ids))
    return {mention_id: _whole(row) for mention_id, row in _fetched(connection, queries).items()}


def _whole(row: Sequence[Any]) -> EventMention:
    """The mention of a row of ``_WHOLE``'s columns."""
    return rows.mention_of_values(*row[:3], row[3:])


def _fetched(connection: Connection, queries: Iterable[Executable]) -> dict[str, tuple[Any, ...]]:
    """The rows the queries find, by their first column (the mention id), each once.

    Read through the driver's cursor, a list at a time: a large update reads a few hundred
    thousand rows, and SQLAlchemy's per-row result processing was most of their cost.
    """
    found: dict[str, tuple[Any, ...]] = {}
    for query in queries:
        result = connection.execute(query)
        try:
            found.update((row[0], row) for row in result.cursor.fetchall())
        finally:
            result.close()
    return found


def _stub(row: Sequence[Any], columns: Callable[[Sequence[Any]], tuple[Any, ...]] = itemgetter(*range(len(_STUB)))) -> dedup.Stub:
    """The stub of a row whose ``_STUB`` columns ``columns`` picks (an ``itemgetter``)."""
    mention_id, doc_id, admin1_code, country_code, country, sub_event_type, day, time_precision = columns(row)
    return dedup.Stub(mention_id, doc_id, admin1_code, country_code, country, sub_event_type, _day(day), time_precision)


@lru_cache(maxsize=1 << 14)
def _day(value: date | str | None) -> date | None:
    """A stored date: SQLite hands dates back as ISO text, PostgreSQL as dates (a large update
    reads a few thousand distinct days in a few hundred thousand rows)."""
    return date.fromisoformat(value) if isinstance(value, str) else value
