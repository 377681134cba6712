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

from sqlalchemy import delete, insert, or_, select
from sqlalchemy.orm import Session

from rasd.store import rows
from rasd.store.models import DocumentRow, EventMentionRow, EventRow, MentionRow, PairScoreRow
from rasd.store.writer import _members, _reconciled, chunks


def remove_documents(session: Session, doc_ids: Iterable[str]) -> set[str]:
    """Delete documents with everything read from them, inside the caller's transaction;
    returns the ids of the events that changed or went."""
    doc_ids = list(doc_ids)
    mention_ids = list(session.scalars(select(MentionRow.id).where(MentionRow.doc_id.in_(doc_ids))))
    events: set[str] = set()
    for group in chunks(mention_ids):
        events.update(session.scalars(select(EventMentionRow.event_id).where(EventMentionRow.mention_id.in_(group))))
        session.execute(delete(PairScoreRow).where(or_(PairScoreRow.mention_a.in_(group), PairScoreRow.mention_b.in_(group))))
        session.execute(delete(EventMentionRow).where(EventMentionRow.mention_id.in_(group)))
        session.execute(delete(MentionRow).where(MentionRow.id.in_(group)))
    session.execute(delete(DocumentRow).where(DocumentRow.id.in_(doc_ids)))
    members = _members(session, events)
    rebuilt = _reconciled(session, dict(members), {})
    for group in chunks(events):
        session.execute(delete(EventRow).where(EventRow.id.in_(group)))
    if rebuilt:
        session.execute(insert(EventRow), [rows.event_row(e) for e in rebuilt])
    return events
