"""Query parameters shared by the API and the pages, validated into one ``Filters`` value.

Every invalid value becomes a ``ParameterError`` naming the parameter and saying why; the app
turns it into a 422 response (JSON for the API, an HTML page for the dashboard), never a 500.
"""

from __future__ import annotations

import unicodedata
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import Query

from rasd.model import parse_day
from rasd.store import EventQuery
from rasd.web.vocab import EVENT_TYPES, SORT_FIELDS, governorate_code

MAX_LIMIT = 1000
MAX_TEXT = 200


class ParameterError(ValueError):
    """A request parameter that cannot be used; ``parameter`` names it."""

    def __init__(self, parameter: str, problem: str) -> None:
        self.parameter = parameter
        self.problem = problem
        super().__init__(f"parameter '{parameter}': {problem}")


@dataclass(frozen=True)
class Filters:
    """A validated event selection: what the URL's query string says to show."""

    since: date | None = None
    until: date | None = None
    admin1: str | None = None  # ISO 3166-2 code
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None
    text: str | None = None
    sort: str = "event_date"
    descending: bool = True
    limit: int | None = 50
    offset: int = 0

    def to_query(self) -> EventQuery:
        """The store's ``EventQuery`` for this selection."""
        return EventQuery(**asdict(self))

    def without_paging(self) -> Filters:
        """The whole selection (for downloads and estimates), not one page of it."""
        return replace(self, limit=None, offset=0)

    def query_string(self, **changes: Any) -> str:
        """The URL query string for this selection (with ``changes``), defaults left out."""
        values = asdict(replace(self, **changes))
        defaults = asdict(Filters())
        pairs = {}
        for name, value in values.items():
            if value is None or value == defaults[name]:
                continue
            key = {"text": "q", "descending": "desc"}.get(name, name)
            pairs[key] = "1" if value is True else "0" if value is False else str(value)
        return urlencode(pairs)


def _date(name: str, value: str | None) -> date | None:
    try:
        return parse_day(value)
    except ValueError as exc:
        raise ParameterError(name, str(exc)) from None


def _int(name: str, value: str | None, default: int, low: int, high: int) -> int:
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ParameterError(name, f"{value!r} is not a whole number") from None
    if not low <= number <= high:
        raise ParameterError(name, f"{number} is out of range; use {low} to {high}")
    return number


def _text(name: str, value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    if len(value) > MAX_TEXT:
        raise ParameterError(name, f"longer than {MAX_TEXT} characters")
    control = next((c for c in value if unicodedata.category(c) == "Cc" and c not in "\t\n\r"), None)
    if control is not None:
        raise ParameterError(name, f"contains the control character {control!r}; use plain text")
    return value.strip()


def _choice(name: str, value: str | None, allowed: tuple[str, ...]) -> str | None:
    if value is None or value == "":
        return None
    if value not in allowed:
        raise ParameterError(name, f"{value!r} is not one of: {', '.join(allowed)}")
    return value


def _admin1(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    code = governorate_code(value)
    if code is None:
        raise ParameterError("admin1", f"{value!r} is not a governorate name or ISO 3166-2 code (e.g. IQ-BG)")
    return code


def _bool(name: str, value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes"):
        return True
    if value.lower() in ("0", "false", "no"):
        return False
    raise ParameterError(name, f"{value!r} is not a boolean; use 1 or 0")


def filters(
    since: str | None = Query(None, description="Earliest event date, YYYY-MM-DD", examples=["2011-01-01"]),
    until: str | None = Query(None, description="Latest event date, YYYY-MM-DD", examples=["2011-06-30"]),
    admin1: str | None = Query(None, description="Governorate name or ISO 3166-2 code", examples=["IQ-MA"]),
    event_type: str | None = Query(None, description="One of ACLED's six event types"),
    sub_event_type: str | None = Query(None, description="ACLED sub-event type, exact spelling"),
    actor: str | None = Query(None, description="Canonical actor name (actor1 or actor2)"),
    q: str | None = Query(None, description="Free text searched in location and evidence"),
    sort: str | None = Query(None, description=f"Sort column: {', '.join(SORT_FIELDS)}"),
    desc: str | None = Query(None, description="1 for descending (default), 0 for ascending"),
    limit: str | None = Query(None, description=f"Page size, 1 to {MAX_LIMIT} (default 50)"),
    offset: str | None = Query(None, description="Rows to skip (default 0)"),
) -> Filters:
    """FastAPI dependency: parse and validate the event-selection query parameters."""
    result = Filters(
        since=_date("since", since),
        until=_date("until", until),
        admin1=_admin1(admin1),
        event_type=_choice("event_type", event_type, EVENT_TYPES),
        sub_event_type=_text("sub_event_type", sub_event_type),
        actor=_text("actor", actor),
        text=_text("q", q),
        sort=_choice("sort", sort, SORT_FIELDS) or "event_date",
        descending=_bool("desc", desc, True),
        limit=_int("limit", limit, 50, 1, MAX_LIMIT),
        offset=_int("offset", offset, 0, 0, 10_000_000),
    )
    if result.since and result.until and result.since > result.until:
        raise ParameterError("since", f"{result.since} is after until={result.until}")
    return result


def month_day(value: str | None) -> tuple[int, int] | None:
    """Parse ``MM-DD`` for on-this-day; None means today."""
    if value is None or value == "":
        return None
    try:
        month, day = (int(part) for part in value.split("-"))
        date(2000, month, day)  # a leap year, so 02-29 is valid
    except ValueError:
        raise ParameterError("date", f"{value!r} is not a calendar day; use MM-DD, e.g. 06-02") from None
    return month, day
