"""Conversions between database rows and the typed model, kept at the store's edge."""

from __future__ import annotations

import json
from dataclasses import fields
from collections.abc import Sequence
from datetime import date, datetime, timezone
from typing import Any

from rasd.model import Article, Event, EventMention, PairScore, Source
from rasd.store.models import DocumentRow, EventMentionRow, EventRow, MentionRow, PairScoreRow

#: the columns mentions and events share: every EventMention field except doc_id and offset
SHARED = tuple(f.name for f in fields(EventMention) if f.name not in ("doc_id", "offset"))


def _to_db(name: str, value: Any) -> Any:
    return ";".join(value) if name == "rules" else value


def _from_db(name: str, value: Any) -> Any:
    return tuple(filter(None, (value or "").split(";"))) if name == "rules" else value


def now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def document_row(article: Article) -> dict[str, Any]:
    return {
        "id": article.id, "content_hash": article.content_hash, "published": article.published,
        "url": article.url, "outlet": article.outlet, "title": article.title, "text": article.text,
        "ingested_at": now(),
    }


def document_of(row: DocumentRow) -> Article:
    return Article(row.id, row.text, row.published, row.url, row.outlet, row.title)


def mention_row(mention: EventMention) -> dict[str, Any]:
    values = {name: _to_db(name, getattr(mention, name)) for name in SHARED}
    return {**values, "id": mention.mention_id, "doc_id": mention.doc_id, "offset": mention.offset}


def mention_of(row: MentionRow) -> EventMention:
    return mention_of_values(row.id, row.doc_id, row.offset, [getattr(row, name) for name in SHARED])


def mention_of_mapping(row: Any) -> EventMention:
    """From a Core row of the mentions table (no ORM objects: fetching thousands stays cheap)."""
    return mention_of_values(row["id"], row["doc_id"], row["offset"], [row[name] for name in SHARED])


def mention_of_values(mention_id: str, doc_id: str, offset: int, values: Sequence[Any]) -> EventMention:
    """From the driver's raw values of ``SHARED`` in order (SQLite gives dates as ISO text).

    Built without ``EventMention.__init__``: a frozen dataclass sets each of its fields through
    ``object.__setattr__``, which was most of the cost of loading the hundred thousand stored
    mentions a large update compares. The values are those stored, checked when they were; the
    stored id fills ``mention_id``'s cache.
    """
    mention = object.__new__(EventMention)
    shared = mention.__dict__
    shared.update(zip(SHARED, values))
    if isinstance(shared["event_date"], str):
        shared["event_date"] = date.fromisoformat(shared["event_date"])
    shared["rules"] = _from_db("rules", shared["rules"])
    shared.update(doc_id=doc_id, offset=offset, mention_id=mention_id)
    return mention


def event_row(event: Event) -> dict[str, Any]:
    m = event.mention
    values = {name: _to_db(name, getattr(m, name)) for name in SHARED}
    values["source"] = event.source
    return {
        **values,
        "id": event.id,
        "year_month": m.event_date.strftime("%Y-%m") if m.event_date else None,
        "fatalities_low": event.fatalities_low,
        "fatalities_high": event.fatalities_high,
        "source_count": event.source_count,
        "doc_ids": json.dumps(list(event.doc_ids)),
        "updated_at": now(),
        "review_status": event.review_status,
    }


def event_of(row: EventRow, sources: tuple[Source, ...] = (), mention_ids: tuple[str, ...] = ()) -> Event:
    doc_ids = tuple(json.loads(row.doc_ids or "[]"))
    mention = EventMention(doc_id=doc_ids[0] if doc_ids else "",
                           **{name: _from_db(name, getattr(row, name)) for name in SHARED})
    return Event(
        id=row.id, mention=mention, doc_ids=doc_ids, sources=sources,
        fatalities_low=row.fatalities_low, fatalities_high=row.fatalities_high,
        source_count=row.source_count, mention_ids=mention_ids, review_status=row.review_status,
    )


def source_of(mention: MentionRow, document: DocumentRow) -> Source:
    return Source(document.id, document.outlet, document.url, document.title, document.published, mention.evidence)


def pair_row(pair: PairScore) -> dict[str, Any]:
    a, b = sorted((pair.mention_a, pair.mention_b))
    return {"mention_a": a, "mention_b": b, "score": float(pair.score), "reasons": json.dumps(pair.reasons, sort_keys=True)}


def pair_of(row: PairScoreRow) -> PairScore:
    return PairScore(row.mention_a, row.mention_b, row.score, json.loads(row.reasons or "{}"))


def assignment_row(mention_id: str, event_id: str) -> dict[str, Any]:
    return {"mention_id": mention_id, "event_id": event_id}


__all__ = [
    "SHARED", "document_row", "document_of", "mention_row", "mention_of", "event_row", "event_of",
    "source_of", "pair_row", "pair_of", "assignment_row", "EventMentionRow",
]
