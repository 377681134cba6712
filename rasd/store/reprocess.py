"""Re-reading stored documents with the current extractor (``rasd reprocess``), pins intact.

For each document, the mentions the extractor reads now replace those it read before, except
what a reviewer decided: a mention pinned to an event (accepted, edited, merged, split, added
by hand, or rejected) stays as it is, and a newly read mention of the same words (its evidence
overlaps a pinned one's) is left out, so the reviewer's version stands and a rejected event
does not come back. Mentions that are new or read differently are clustered like ingested
ones; events that lost mentions are rebuilt (or removed when none is left).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from rasd.model import Article, EventMention
from rasd.store import pins, rows
from rasd.store.bulk import insert_rows
from rasd.store.models import MentionRow
from rasd.store.replace import remove_mentions
from rasd.store.writer import cluster_with_pins, rewrite_events


@dataclass
class ReprocessReport:
    """What ``Store.reprocess`` changed."""

    documents: int = 0
    kept: int = 0  # mentions read the same way again
    pinned: int = 0  # mentions a reviewer decided about, kept as they were
    removed: int = 0  # mentions the current extractor no longer reads
    added: int = 0  # mentions it reads now (new, or read differently)
    event_ids: set[str] = field(default_factory=set)
    failed: list[str] = field(default_factory=list)

    @property
    def events(self) -> int:
        return len(self.event_ids)


def _span(mention: EventMention) -> tuple[int, int]:
    return mention.offset, mention.offset + max(len(mention.evidence or ""), 1)


def _covered(mention: EventMention, pinned: Sequence[EventMention]) -> bool:
    """Whether a reviewer already decided about the words this mention is read from."""
    start, end = _span(mention)
    return any(p.doc_id == mention.doc_id and start < _span(p)[1] and _span(p)[0] < end for p in pinned)


def _stored(session: Session, doc_ids: list[str]) -> dict[str, EventMention]:
    stmt = select(MentionRow.__table__).where(MentionRow.doc_id.in_(doc_ids))
    return {r["id"]: rows.mention_of_mapping(r) for r in session.execute(stmt).mappings()}


def reprocess_batch(session: Session, batch: Sequence[tuple[Article, list[EventMention]]], report: ReprocessReport) -> None:
    """Replace the mentions of a batch of stored documents by freshly read ones, inside the
    caller's transaction."""
    doc_ids = [a.id for a, _ in batch]
    stored = _stored(session, doc_ids)
    pinned_ids = set(pins.mention_pins(session, stored))
    pinned = [stored[m] for m in pinned_ids]
    fresh: dict[str, EventMention] = {}
    for _, mentions in batch:
        for m in mentions:
            fresh.setdefault(m.mention_id, m)
    unchanged = {m for m, mention in fresh.items() if m in stored and stored[m] == mention}
    wanted = {m: mention for m, mention in fresh.items()
              if m not in unchanged and m not in pinned_ids and not _covered(mention, pinned)}
    stale = [m for m in stored if m not in pinned_ids and m not in unchanged]
    touched = remove_mentions(session, stale)
    clustered: set[str] = set()
    if wanted:
        insert_rows(session, MentionRow.__table__, [rows.mention_row(m) for m in wanted.values()])
        new = list(wanted.values())
        clustered = cluster_with_pins(session, new)
    report.event_ids |= clustered | rewrite_events(session, touched - clustered)
    report.documents += len(batch)
    report.kept += len(unchanged - pinned_ids)
    report.pinned += len(pinned_ids)
    report.removed += len(stale)
    report.added += len(wanted)
