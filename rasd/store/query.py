"""Event selections (``EventQuery``) and their translation into SQL filters and ordering."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, literal_column, or_

from rasd.errors import ConfigError
from rasd.model import parse_day
from rasd.store import search
from rasd.store.models import EventRow

SORT_FIELDS: tuple[str, ...] = (
    "event_date", "event_type", "sub_event_type", "admin1", "location", "actor1", "actor2",
    "fatalities", "injuries", "source_count", "id",
)
_ISO_CODE = re.compile(r"^[A-Za-z]{2}-[A-Za-z0-9]{1,3}$")


@dataclass(frozen=True)
class EventQuery:
    """A selection of stored events; every field is optional (None = no filter)."""

    since: date | None = None
    until: date | None = None
    admin1: str | None = None  # governorate name ("Maysan") or ISO 3166-2 code ("IQ-MA")
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None  # canonical name, matched against actor1 or actor2
    text: str | None = None  # words (or word prefixes) that must all appear in evidence, location, actors or governorate
    reviewed: bool | None = None  # True: only events a reviewer accepted, edited or added; False: only the others
    outlet: str | None = None  # an outlet named in the event's sources (case-insensitive substring)
    sort: str = "event_date"
    descending: bool = True
    limit: int | None = 50
    offset: int = 0

    @classmethod
    def parse(cls, **filters: Any) -> EventQuery:
        """A query from loose values, as the command line and the Python API take them: dates
        as ``YYYY-MM-DD``. ConfigError names an unknown filter or a bad date."""
        unknown = set(filters) - {f.name for f in fields(cls)}
        if unknown:
            raise ConfigError(f"unknown filter {', '.join(sorted(unknown))}; use {', '.join(f.name for f in fields(cls))}")
        for name in ("since", "until"):
            try:
                filters[name] = parse_day(filters.get(name))
            except ValueError as exc:
                raise ConfigError(f"{name}: {exc}") from None
        return cls(**filters)


def is_admin1_code(value: str) -> bool:
    return bool(_ISO_CODE.match(value))


def _admin1(value: str) -> ColumnElement[bool]:
    """By ISO code, or by name as stored (``Store`` resolves names case-insensitively first)."""
    if is_admin1_code(value):
        return EventRow.admin1_code == value.upper()
    return EventRow.admin1 == value


def _actor(name: str, page: bool) -> ColumnElement[bool]:
    """Either actor is ``name``. For one sorted page, ``column || ''`` keeps the planner off the
    actor indexes: it would fetch and sort every event of a common actor, where walking the sort
    order's index finds a page of them at once. Counts are cheaper through the actor indexes."""
    if not page:
        return or_(EventRow.actor1 == name, EventRow.actor2 == name)
    unindexed = [c.op("||")(literal_column("''")) for c in (EventRow.actor1, EventRow.actor2)]
    return or_(unindexed[0] == name, unindexed[1] == name)


def conditions(q: EventQuery, *, page: bool = False) -> list[ColumnElement[bool]]:
    """The WHERE clauses for ``q`` (all parameterised)."""
    where: list[ColumnElement[bool]] = []
    if q.since:
        where.append(EventRow.event_date >= q.since)
    if q.until:
        where.append(EventRow.event_date <= q.until)
    if q.admin1:
        where.append(_admin1(q.admin1))
    if q.event_type:
        where.append(EventRow.event_type == q.event_type)
    if q.sub_event_type:
        where.append(EventRow.sub_event_type == q.sub_event_type)
    if q.actor:
        where.append(_actor(q.actor, page))
    if q.text and q.text.strip():
        where.append(search.condition(q.text, page))
    if q.reviewed is not None:
        where.append(EventRow.review_status.is_not(None) if q.reviewed else EventRow.review_status.is_(None))
    if q.outlet and q.outlet.strip():
        where.append(func.lower(EventRow.source).contains(q.outlet.strip().lower(), autoescape=True))
    return where


def queue_order(stmt: Select[Any]) -> Select[Any]:
    """The review queue's order: lowest extraction confidence first (events without one before
    any), then newest first. Confidence is read when the events table has it (extraction
    records it per event; until then every event ties and the newest come first)."""
    confidence = getattr(EventRow, "confidence", None)
    first = [confidence.asc().nulls_first()] if confidence is not None else []
    return stmt.order_by(*first, EventRow.event_date.desc().nulls_last(), EventRow.id.desc())


def filtered(stmt: Select[Any], q: EventQuery | None, *, page: bool = False) -> Select[Any]:
    """``stmt`` restricted to the events ``q`` selects (``page``: for one sorted page)."""
    if q is None:
        return stmt
    clauses = conditions(q, page=page)
    return stmt.where(and_(*clauses)) if clauses else stmt


def ordered(stmt: Select[Any], q: EventQuery) -> Select[Any]:
    """``stmt`` sorted by ``q.sort``, ties broken by date then id (a total order, so paging is
    stable) in the same direction: the order of the sort indexes (migration 0012)."""
    if q.sort not in SORT_FIELDS:
        raise ConfigError(f"cannot sort by {q.sort!r}; choose one of {', '.join(SORT_FIELDS)}")
    column = getattr(EventRow, q.sort)
    ties = [c for c in (EventRow.event_date, EventRow.id) if c is not column]
    if q.descending:
        return stmt.order_by(column.desc().nulls_last(), *(c.desc() for c in ties))
    return stmt.order_by(column.asc().nulls_last(), *(c.asc() for c in ties))
