"""What the daily digest reads (``store.digest``): events and documents by when they were stored."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from rasd.model import Event
from rasd.store import rows
from rasd.store.models import DocumentRow, EventMentionRow, EventRow, MentionRow


class DigestQueries:
    def __init__(self, session: sessionmaker[Session]) -> None:
        self._session = session

    def events_reported(self, start: datetime, end: datetime) -> list[Event]:
        """Events with a report stored in [start, end): the news of that window, oldest event first."""
        reported = (select(EventMentionRow.event_id)
                    .join(MentionRow, MentionRow.id == EventMentionRow.mention_id)
                    .join(DocumentRow, DocumentRow.id == MentionRow.doc_id)
                    .where(DocumentRow.ingested_at >= start, DocumentRow.ingested_at < end))
        stmt = select(EventRow).where(EventRow.id.in_(reported)).order_by(EventRow.event_date, EventRow.id)
        with self._session() as session:
            return [rows.event_of(r) for r in session.scalars(stmt)]

    def documents_stored(self, start: datetime, end: datetime) -> int:
        stmt = select(func.count()).select_from(DocumentRow).where(DocumentRow.ingested_at >= start,
                                                                    DocumentRow.ingested_at < end)
        with self._session() as session:
            return session.scalar(stmt) or 0
