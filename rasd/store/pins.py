"""Human decisions as pins, applied wherever clustering results are written.

A reviewer's accept, edit, merge, split or reject is stored twice: which event each mention
belongs to (``mention_pins``) and, per event, its verdict and the field values a human set or
confirmed (``reviews``). Every path that writes events (ingest, the watcher, bulk re-clustering,
``rasd reprocess``, review actions) goes through ``rasd.store.writer``, which asks this module
for the pins before clustering, holds clustering to them, and lays each event's pinned fields
over what reconciliation computed. So no re-clustering undoes a decision, whoever calls it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rasd.model import REVIEWED_FIELDS, Event, parse_day
from rasd.store.batches import chunks, pairs_by_key
from rasd.store.models import MentionPinRow, MentionRow, ReviewRow


def mention_pins(session: Session, mention_ids: Iterable[str]) -> dict[str, str]:
    """mention id -> the event a human put it in, for those of ``mention_ids`` that are pinned
    (none asked for when nothing is pinned: a batch asks about a hundred thousand mentions)."""
    if session.scalar(select(MentionPinRow.mention_id).limit(1)) is None:
        return {}
    return pairs_by_key(session, MentionPinRow.mention_id, MentionPinRow.event_id, mention_ids)


def pinned_documents(session: Session, doc_ids: Iterable[str]) -> set[str]:
    """The documents among ``doc_ids`` that a reviewer decided about (a mention of it is pinned)."""
    found: set[str] = set()
    for group in chunks(doc_ids):
        stmt = (select(MentionRow.doc_id).join(MentionPinRow, MentionPinRow.mention_id == MentionRow.id)
                .where(MentionRow.doc_id.in_(group)).distinct())
        found.update(session.scalars(stmt))
    return found


def held(assignment: Mapping[str, str], pins: Mapping[str, str]) -> dict[str, str]:
    """``assignment`` with every pinned mention in its pinned event (the writer's safety net:
    ``rasd.dedup.cluster`` already honours pins it is given)."""
    return {m: pins.get(m, e) for m, e in assignment.items()}


def reviews(session: Session, event_ids: Iterable[str]) -> dict[str, ReviewRow]:
    found: dict[str, ReviewRow] = {}
    for group in chunks(event_ids):
        found.update((r.event_id, r) for r in session.scalars(select(ReviewRow).where(ReviewRow.event_id.in_(group))))
    return found


def pinned_fields(review: ReviewRow) -> dict[str, Any]:
    """The field values a human set or confirmed, as model values (dates parsed)."""
    values = json.loads(review.fields or "{}")
    if values.get("event_date"):
        values["event_date"] = parse_day(values["event_date"])
    return {k: v for k, v in values.items() if k in REVIEWED_FIELDS}


def apply(event: Event, review: ReviewRow | None) -> Event:
    """``event`` as a reviewer left it: pinned fields over reconciled ones, and its status."""
    if review is None:
        return event
    return replace(event, mention=replace(event.mention, **pinned_fields(review)), review_status=review.status)


def overlay(session: Session, events: list[Event]) -> tuple[list[Event], list[Event]]:
    """(events to store, rejected events): pins applied; a rejected event is kept out of the
    events table (listings, counts and exports never see it) but its mentions stay pinned to it."""
    found = reviews(session, [e.id for e in events])
    kept, rejected = [], []
    for event in events:
        review = found.get(event.id)
        (rejected if review is not None and review.status == "rejected" else kept).append(apply(event, review))
    return kept, rejected
