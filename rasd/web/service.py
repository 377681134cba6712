"""What the handlers ask of the store and of ``rasd.analysis``, in one place.

Handlers stay short; this module picks the store call (or a faster query from
``rasd.web.queries`` where the store has one) and shapes the result for JSON and templates.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from fastapi import HTTPException

from rasd.web import records
from rasd.web.params import Filters
from rasd.web.vocab import EVENT_TYPES


def event_detail(store: Any, event_id: str) -> dict[str, Any] | None:
    """One event with sources and merge reasons, or None if there is no such event."""
    event = store.get_event(event_id)
    if event is None:
        return None
    pairs = store.event_pairs(event_id)
    mention_ids = {m for p in pairs for m in (p.mention_a, p.mention_b)}
    documents = store.mention_documents(mention_ids) if mention_ids else {}
    return records.event_detail(event, pairs, documents)


def today() -> tuple[int, int]:
    now = date.today()
    return now.month, now.day


def counts(store: Any, dimension: str, selection: Filters) -> list[tuple[str, int]]:
    """(key, count) pairs of the selection by ``dimension``, largest first (months in order)."""
    rows = [(key, count) for key, count in store.stats(dimension, selection.to_query()) if key is not None]
    if dimension == "month":
        return sorted(rows)
    return sorted(rows, key=lambda row: (-row[1], row[0]))


def timeline(store: Any, selection: Filters) -> dict[str, Any]:
    """Monthly counts per event type over the selection, aligned on one month axis."""
    types = [selection.event_type] if selection.event_type else list(EVENT_TYPES)
    per_type = {t: dict(counts(store, "month", replace(selection, event_type=t))) for t in types}
    months = sorted({month for series in per_type.values() for month in series})
    series = [{"event_type": t, "counts": [per_type[t].get(m, 0) for m in months]} for t in types]
    return {"months": months, "series": [s for s in series if any(s["counts"])]}


def estimates(store: Any, selection: Filters, by: str | None) -> list[dict[str, Any]]:
    """Multiple-systems estimates of the selection (``rasd.analysis.estimate``)."""
    try:
        from rasd.analysis.estimate import estimate
    except ImportError:
        raise HTTPException(501, "estimation of unreported incidents is not available in this build") from None
    events = store.iter_events(selection.without_paging().to_query())
    return [result.to_dict() for result in estimate(list(events), by)]


def on_this_day(store: Any, month: int, day: int, limit: int) -> list[dict[str, Any]]:
    """Events of ``month``/``day`` in years before this one, newest first.

    One indexed date-range query per year keeps this fast and database-neutral.
    """
    first = _first_year(store)
    if first is None:
        return []
    items: list[dict[str, Any]] = []
    for year in range(date.today().year - 1, first - 1, -1):
        try:
            day_of_year = date(year, month, day)
        except ValueError:  # 29 February in a common year
            continue
        selection = Filters(since=day_of_year, until=day_of_year, limit=limit - len(items))
        events, _ = store.query_events(selection.to_query())
        items.extend(records.event_item(e) for e in events)
        if len(items) >= limit:
            break
    return items


def _first_year(store: Any) -> int | None:
    events, _ = store.query_events(Filters(sort="event_date", descending=False, limit=1).to_query())
    dated = [e.mention.event_date for e in events if e.mention.event_date]
    return dated[0].year if dated else None


def submit(store: Any, article: Any) -> dict[str, Any]:
    """Extract events from one submitted report and store both (the write endpoint's work)."""
    from rasd.extract import extract

    mentions = extract(article)
    report = store.ingest([(article, mentions)])
    return {"doc_id": article.id, "mentions": [m.to_record() for m in mentions], "ingest": _plain(report)}


def _plain(value: Any) -> Any:
    from dataclasses import asdict, is_dataclass

    return asdict(value) if is_dataclass(value) else str(value)
