"""What the handlers ask of the store and of ``rasd.analysis``, in one place.

Handlers stay short; this module picks the store call (with the in-memory ``Summary``'s answer
or candidates where it has them) and shapes the result for JSON and templates.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import date
from typing import Any

from fastapi import HTTPException

from rasd.analysis.estimate import estimate
from rasd.analysis.onthisday import on_this_day as analysis_on_this_day
from rasd.extract import extract
from rasd.model import Article, Event, EventPoint
from rasd.store import Store
from rasd.web import records
from rasd.web.params import Filters, ParameterError
from rasd.web.summary import Summary
from rasd.web.vocab import EVENT_TYPES


def event_detail(store: Store, event_id: str) -> dict[str, Any] | None:
    """One event with sources and merge reasons, or None if there is no such event."""
    event = store.get_event(event_id)
    if event is None:
        return None
    pairs = store.event_pairs(event_id)
    mention_ids = {m for p in pairs for m in (p.mention_a, p.mention_b)}
    documents = store.mention_documents(mention_ids) if mention_ids else {}
    return records.event_detail(event, pairs, documents)


def with_context(store: Store, detail: dict[str, Any]) -> dict[str, Any]:
    """Add each source's evidence in the words around it in its report (for the event page)."""
    for source in detail["sources"]:
        article = store.get_document(source["doc_id"])
        source["context"] = records.evidence_context(article.text if article else "", source["evidence"])
    return detail


def today() -> tuple[int, int]:
    now = date.today()
    return now.month, now.day


def counts(store: Store, dimension: str, selection: Filters, summary: Summary | None = None) -> list[tuple[str, int]]:
    """(key, count) pairs of the selection by ``dimension``, largest first (months in order).

    Answered from the in-memory ``summary`` where it can, else by the store.
    """
    grouped = summary.grouped((dimension,), selection) if summary else None
    if grouped is None:
        pairs = store.stats(dimension, selection.to_query())
    else:
        pairs = [(key[0], n) for key, n in grouped.items()]
    rows = [(key, count) for key, count in pairs if key is not None]
    if dimension == "month":
        return sorted(rows)
    return sorted(rows, key=lambda row: (-row[1], row[0]))


def timeline(store: Store, selection: Filters, summary: Summary | None = None) -> dict[str, Any]:
    """Monthly counts per event type over the selection, aligned on one month axis."""
    grouped = summary.grouped(("month", "event_type"), selection) if summary else None
    if grouped is None:
        types = [selection.event_type] if selection.event_type else list(EVENT_TYPES)
        grouped = {(month, t): n for t in types
                   for month, n in store.stats("month", replace(selection, event_type=t).to_query())}
    months = _month_range({month for month, _ in grouped if month is not None})
    series = [{"event_type": t, "counts": [grouped.get((m, t), 0) for m in months]} for t in EVENT_TYPES]
    return {"months": months, "series": [s for s in series if any(s["counts"])]}


#: Estimation reads every selected event; beyond this many the web asks for a narrower selection
#: (``rasd estimate`` on the command line has no such limit).
ESTIMATE_MAX_EVENTS = 50_000


def _month_range(months: set[str]) -> list[str]:
    """Every month from the first to the last of ``months`` (YYYY-MM): quiet months show as zero."""
    if not months:
        return []
    first, last = min(months), max(months)
    year, month = int(first[:4]), int(first[5:7])
    result = []
    while (label := f"{year:04d}-{month:02d}") <= last:
        result.append(label)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return result


def estimates(store: Store, selection: Filters, by: str | None) -> list[dict[str, Any]]:
    """Multiple-systems estimates of the selection (``rasd.analysis.estimate``)."""
    query = selection.without_paging()
    _, total = store.query_events(replace(query, limit=0).to_query())
    if total > ESTIMATE_MAX_EVENTS:
        raise ParameterError("since", f"the selection holds {total} events; narrow it (since, until, admin1, "
                             f"event_type) to at most {ESTIMATE_MAX_EVENTS}, or use `rasd estimate`")
    events = store.estimation_events(query.to_query())
    return [result.to_dict() for result in estimate(events, by)]


def on_this_day(store: Store, month: int, day: int, limit: int) -> list[dict[str, Any]]:
    """Events of ``month``/``day`` in years before this one, newest first, at most ``limit``."""
    return [records.event_item(e) for e in analysis_on_this_day(store, f"{month:02d}-{day:02d}", limit=limit)]


def submit(store: Store, article: Article) -> dict[str, Any]:
    """Extract events from one submitted report and store both (the write endpoint's work)."""
    stored = store.get_document(article.id)
    if stored is not None and stored.content_hash != article.content_hash:
        raise HTTPException(409, f"another report with id {article.id!r} is already stored; give this one another id")
    mentions = extract(article)
    report = store.ingest([(article, mentions)])
    return {"doc_id": article.id, "mentions": [m.to_record() for m in mentions], "ingest": asdict(report)}


def _newest_first(selection: Filters) -> bool:
    return selection.sort == "event_date" and selection.descending and not selection.offset


def newest_events(store: Store, selection: Filters, limit: int, summary: Summary) -> list[Event]:
    """The selection's ``limit`` newest events (a text selection's read by row number from the
    summary's candidates, so no query sorts every match of a common word)."""
    rows = summary.newest_rows(selection, limit) if _newest_first(selection) else None
    if rows is None:
        events, _ = store.query_events(replace(selection, limit=limit, offset=0).to_query())
        return events
    return store.events_among(replace(selection, text=None, limit=limit, offset=0).to_query(), rows)


def map_points(store: Store, selection: Filters, limit: int, summary: Summary) -> list[EventPoint]:
    """Up to ``limit`` located events of the selection, in its order (newest first by default)."""
    rows = summary.newest_rows(selection, limit, located=True) if _newest_first(selection) else None
    if rows is not None:  # candidates already match the text (see newest_events)
        selection = replace(selection, text=None)
    return store.event_points(replace(selection, limit=limit, offset=0).to_query(), rows)
