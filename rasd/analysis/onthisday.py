"""On this day: stored events of one calendar day in earlier years, newest first.

The "This Day in History" column of an analyst's post. Only events whose day is known to
within a few days (time precision 1 or 2) count; a month-only date says nothing of the day.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Protocol

from rasd.errors import ConfigError
from rasd.model import Event

MONTH_DAY = re.compile(r"^(\d{1,2})-(\d{1,2})$")
MONTH_ONLY = 3


class EventSource(Protocol):
    """What on-this-day needs from a store: ``rasd.store.Store`` satisfies it."""

    def query_events(self, q: object) -> tuple[list[Event], int]: ...


def parse_month_day(text: str | None, today: date | None = None) -> tuple[int, int]:
    """``MM-DD`` (or today's when None) as (month, day); ConfigError for anything else."""
    if text is None:
        today = today or date.today()
        return today.month, today.day
    match = MONTH_DAY.match(text.strip())
    if not match:
        raise ConfigError(f"{text!r} is not a calendar day; use MM-DD, e.g. 04-01")
    month, day = int(match.group(1)), int(match.group(2))
    try:
        date(2000, month, day)  # a leap year, so 02-29 is accepted
    except ValueError:
        raise ConfigError(f"{text!r} is not a calendar day; use MM-DD, e.g. 04-01") from None
    return month, day


def _day_in(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:  # 29 February of a common year
        return None


def select_on_this_day(events: Iterable[Event], month: int, day: int, before_year: int) -> list[Event]:
    """The events dated ``month``-``day`` of a year before ``before_year``, newest first."""
    chosen = [
        e
        for e in events
        if (d := e.mention.event_date) is not None
        and (d.month, d.day) == (month, day)
        and d.year < before_year
        and (e.mention.time_precision or 1) < MONTH_ONLY
    ]
    return sorted(chosen, key=lambda e: (e.mention.event_date, e.id), reverse=True)


def on_this_day(store: EventSource, month_day: str | None = None, today: date | None = None,
                limit: int | None = None) -> list[Event]:
    """Stored events of ``month_day`` (default: today) in years before this one, newest first,
    at most ``limit``.

    One indexed one-day query per year, newest year first and each capped by what is still
    wanted, back to the year of the oldest stored event: fast however large the store.
    """
    from rasd.store import EventQuery

    today = today or date.today()
    month, day = parse_month_day(month_day, today)
    oldest, _ = store.query_events(EventQuery(sort="event_date", descending=False, limit=1))
    if not oldest or oldest[0].mention.event_date is None:
        return []
    found: list[Event] = []
    for year in range(today.year - 1, oldest[0].mention.event_date.year - 1, -1):
        when = _day_in(year, month, day)
        if when is None:
            continue
        events, _ = store.query_events(EventQuery(since=when, until=when, limit=None if limit is None else limit - len(found)))
        found.extend(select_on_this_day(events, month, day, today.year))
        if limit is not None and len(found) >= limit:
            break
    return found[:limit]
