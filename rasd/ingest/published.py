"""Publication dates as written in documents: ISO dates and datetimes, and dateline lines."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

#: Publication dates before this are not news reports (and date arithmetic near year 1 overflows).
EARLIEST = date(1900, 1, 1)
#: A report may carry tomorrow's date (time zones, an early edition), not a later one.
LEEWAY_DAYS = 2

_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_FORMATS = (
    "%Y/%m/%d",
    "%d %B %Y",
    "%d %b %Y",
    "%B %d %Y",
    "%b %d %Y",
    "%A %B %d %Y",
    "%A %d %B %Y",
    "%a %B %d %Y",
    "%a %b %d %Y",
)


def parse_iso(value: object) -> date | None:
    """``YYYY-MM-DD`` (or an ISO datetime: its date part) → date; anything else → None."""
    if not isinstance(value, str):
        return None
    m = _ISO.match(value)
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def parse_dateline(line: str) -> date | None:
    """A line that is only a date ("Thursday, June 2, 2011", "2011-06-02", "2 June 2011") → date."""
    line = line.strip()
    if not line or len(line) > 40:
        return None
    if _ISO.fullmatch(line) or re.fullmatch(r"\d{4}-\d{2}-\d{2}(T[\d:.+\-Z]*)?", line):
        return parse_iso(line)
    cleaned = re.sub(r"[,.]", " ", line)
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", cleaned)
    cleaned = " ".join(cleaned.split())
    for fmt in _FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    return None


def published_problem(day: date | None, today: date | None = None) -> str | None:
    """Why ``day`` cannot be a publication date (before 1900, or days after today), else None."""
    if day is None:
        return None
    latest = (today or date.today()) + timedelta(days=LEEWAY_DAYS)
    if day < EARLIEST:
        return f"publication date {day.isoformat()} is before {EARLIEST.isoformat()}; check the 'published' field"
    if day > latest:
        return (f"publication date {day.isoformat()} is in the future (after {latest.isoformat()}); "
                "check the 'published' field")
    return None
