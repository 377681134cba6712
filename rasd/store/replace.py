"""Taking documents out again, for ``rasd reprocess``: a page read anew replaces what was read before.

Removing a document removes its mentions, their merge scores and their place in events; each
event that loses a mention is reconciled again from the mentions it keeps, or deleted when it
keeps none. Re-storing the new reading then deduplicates it like any new document, against the
stored mentions of its area and weeks. Events held together only by the removed mention stay
one event until a later reading splits them: a limit of incremental clustering, noted in
docs/watch.md.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from rasd.store.models import DocumentRow, EventMentionRow, MentionRow, PairScoreRow
from rasd.store.writer import chunks, rewrite_events


def remove_mentions(session: Session, mention_ids: Iterable[str]) -> set[str]:
    """Delete mentions with their merge scores and their place in events, inside the caller's
    transaction; returns the events they were in (rebuild them with ``rewrite_events``)."""
    events: set[str] = set()
    for group in chunks(mention_ids):
        events.update(session.scalars(select(EventMentionRow.event_id).where(EventMentionRow.mention_id.in_(group))))
        session.execute(delete(PairScoreRow).where(or_(PairScoreRow.mention_a.in_(group), PairScoreRow.mention_b.in_(group))))
        session.execute(delete(EventMentionRow).where(EventMentionRow.mention_id.in_(group)))
        session.execute(delete(MentionRow).where(MentionRow.id.in_(group)))
    return events


def remove_documents(session: Session, doc_ids: Iterable[str]) -> set[str]:
    """Delete documents with everything read from them, inside the caller's transaction;
    returns the ids of the events that changed or went (rebuilt through the writer, so
    reviewers' pins hold on the events that remain)."""
    doc_ids = list(doc_ids)
    events = remove_mentions(session, session.scalars(select(MentionRow.id).where(MentionRow.doc_id.in_(doc_ids))).all())
    session.execute(delete(DocumentRow).where(DocumentRow.id.in_(doc_ids)))
    rewrite_events(session, events)
    return events
