"""The review desk's data, shaped for its pages and its JSON: the queue, one event to review with
its reports in full, its candidates for a merge, a document's sentences, the audit trail."""

from __future__ import annotations

from dataclasses import asdict, replace
from typing import Any

from rasd.model import REVIEWED_FIELDS, AuditEntry, Event
from rasd.review.prefill import sentences
from rasd.store import EventQuery, Store
from rasd.web import records, service

QUEUE_PAGE = 50


def queue(store: Store, q: EventQuery) -> dict[str, Any]:
    """The first page of the queue under ``q`` and how many events it holds in all."""
    events = store.review_queue(replace(q, limit=QUEUE_PAGE))
    return {"items": [records.event_item(e) for e in events], "total": store.queue_size(q)}


def full_text(store: Store, detail: dict[str, Any]) -> dict[str, Any]:
    """Each source's whole report, its evidence marked (a reviewer reads the report, not a snippet)."""
    for source, mention_id in zip(detail["sources"], detail["mention_ids"]):
        article = store.get_document(source["doc_id"])
        text = article.text if article else ""
        source["context"] = records.evidence_context(text, source["evidence"], around=len(text)) or \
            {"before": text, "evidence": "", "after": ""}
        source["mention_id"] = mention_id
    return detail


def review_item(store: Store, event_id: str) -> dict[str, Any] | None:
    """One event for review: fields, reports in full, merge candidates, status and history."""
    detail = service.event_detail(store, event_id)
    if detail is None:
        return None
    event = store.get_event(event_id)
    detail = full_text(store, detail)
    detail["candidates"] = [records.event_item(e) for e in store.nearby_events(event)]  # type: ignore[arg-type]
    detail["history"] = history(store, event_id)
    return detail


def history(store: Store, event_id: str) -> list[dict[str, Any]]:
    return [entry_item(e) for e in store.review.history(event_id)]


def entry_item(entry: AuditEntry) -> dict[str, Any]:
    """An audit record for JSON and templates; ``summary`` says it in a few words."""
    item = asdict(entry)
    item["at"] = entry.at.isoformat(sep=" ", timespec="seconds")
    item["summary"] = _summary(entry)
    return item


def _summary(entry: AuditEntry) -> str:
    if entry.action == "edit":
        return f"{entry.field}: {_shown(entry.before)} → {_shown(entry.after)}"
    if entry.action == "merge":
        return f"{entry.event_id} merged into {entry.other_event}"
    if entry.action == "split":
        return f"a report split off {entry.event_id} as {entry.other_event}"
    if entry.action == "revert":
        return f"reverted {entry.field + ' ' if entry.field else ''}{entry.note or ''}".strip()
    if entry.action == "complete":
        return f"document {entry.doc_id} reviewed, nothing missed"
    if entry.action == "add":
        return f"missed event added from document {entry.doc_id}"
    return {"accept": "accepted", "reject": "rejected: not an event"}.get(entry.action, entry.action)


def _shown(value: Any) -> str:
    return "(none)" if value is None or value == "" else str(value)


def current_fields(event: Event) -> dict[str, Any]:
    """The reviewed fields of an event as the edit form shows them (JSON values)."""
    record = event.to_record()
    return {name: record.get(name) for name in REVIEWED_FIELDS}


def document_view(store: Store, doc_id: str) -> dict[str, Any] | None:
    """A document's sentences, each with the events already read from it, and its review state."""
    article = store.get_document(doc_id)
    if article is None:
        return None
    read = store.document_mentions(doc_id)
    statuses = store.review.document_events(doc_id)
    rows = []
    for sentence in sentences(article):
        end = sentence.start + len(sentence.text)
        events = sorted({e for m, e in read if e and sentence.start <= m.offset < end})
        rows.append({"start": sentence.start, "text": sentence.text, "paragraph": sentence.paragraph,
                     "events": [{"id": e, "status": statuses.get(e)} for e in events]})
    reviewed = store.review.document_review(doc_id)
    return {"id": article.id, "title": article.title, "outlet": article.outlet, "url": article.url,
            "published": article.published.isoformat() if article.published else None, "sentences": rows,
            "events": [{"id": e, "status": s} for e, s in sorted(statuses.items())],
            "pending": sorted(e for e, s in statuses.items() if s is None),
            "reviewed": {"by": reviewed[0], "at": reviewed[1].isoformat(sep=" ", timespec="minutes")} if reviewed else None,
            "history": [entry_item(e) for e in store.review.document_history(doc_id)]}
