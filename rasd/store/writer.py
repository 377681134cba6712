"""Storing one batch of documents in one transaction: documents, mentions, then deduplication.

After a batch's mentions are inserted, the stored mentions that clustering them can touch are
fetched (``rasd.dedup.affected`` walks out from the new mentions, asking ``fetch_near`` for the
stored ones inside each set's search windows), clustered together with the new ones by
``rasd.dedup.cluster`` (prior assignments keep event ids stable), and every event whose
membership changed is reconciled again and rewritten. The work follows the batch and the
density of reports around it, not the size of the database.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session

from rasd import dedup
from rasd.ingest.checks import document_problem
from rasd.model import Article, Event, EventMention
from rasd.store import pins, rows, search
from rasd.store.batches import CHUNK, chunks, pairs_by_key
from rasd.store.bulk import insert_rows
from rasd.store.neighbours import StoredNeighbours, load_mentions
from rasd.store.models import DocumentRow, EventMentionRow, EventRow, MentionRow, PairScoreRow

__all__ = ["CHUNK", "BatchResult", "apply_clustering", "changes", "chunks", "cluster_with_pins", "rewrite_events",
           "store_batch"]

log = logging.getLogger(__name__)


#: The largest whole number every backend holds in an INTEGER column (PostgreSQL's is 32-bit).
MAX_INTEGER = 2**31 - 1
_COUNTS = ("fatalities", "injuries", "offset")


def storable_problem(article: Article, mentions: Sequence[EventMention]) -> str | None:
    """Why the database cannot hold this document and its mentions, or None.

    Checked before any SQL, so such a document costs only itself: the driver would raise on the
    whole batch (an integer over 64 bits is an OverflowError in SQLite, not a database error).
    """
    problem = document_problem(article)
    if problem is not None:
        return problem
    for mention in mentions:
        for name in _COUNTS:
            value = getattr(mention, name)
            if value is not None and not 0 <= value <= MAX_INTEGER:
                return f"{name} {value} read from {mention.evidence[:80]!r} is not a storable count (0 to {MAX_INTEGER})"
    return None


@dataclass
class BatchResult:
    """What one batch did (added up into ``IngestReport``)."""

    stored: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    mentions: int = 0
    events: set[str] = field(default_factory=set)


def _existing(session: Session, batch: Sequence[tuple[Article, list[EventMention]]]) -> tuple[set[str], dict[str, str]]:
    """Content hashes already stored, and stored id → hash for the batch's ids."""
    hashes = [a.content_hash for a, _ in batch]
    ids = [a.id for a, _ in batch]
    seen = set(session.scalars(select(DocumentRow.content_hash).where(DocumentRow.content_hash.in_(hashes))))
    by_id = dict(session.execute(select(DocumentRow.id, DocumentRow.content_hash).where(DocumentRow.id.in_(ids))).all())
    return seen, by_id


def _select_new(session: Session, batch: Sequence[tuple[Article, list[EventMention]]], result: BatchResult) -> list[tuple[Article, list[EventMention]]]:
    """The batch's documents that are not stored yet; re-ingested ones are skipped."""
    hashes, by_id = _existing(session, batch)
    fresh: list[tuple[Article, list[EventMention]]] = []
    for article, mentions in batch:
        if article.content_hash in hashes:
            result.skipped.append(article.id)
        elif article.id in by_id:
            result.conflicts.append(f"{article.label}: another document with this id is already stored; give it a different id")
        else:
            hashes.add(article.content_hash)
            by_id[article.id] = article.content_hash
            fresh.append((article, mentions))
    return fresh


def _insert_documents(session: Session, fresh: Sequence[tuple[Article, list[EventMention]]]) -> list[EventMention]:
    insert_rows(session, DocumentRow.__table__, [rows.document_row(a) for a, _ in fresh])
    unique: dict[str, EventMention] = {}
    for _, mentions in fresh:
        for m in mentions:
            unique.setdefault(m.mention_id, m)
    if unique:
        insert_rows(session, MentionRow.__table__, [rows.mention_row(m) for m in unique.values()])
    return list(unique.values())


def _assignments(session: Session, mention_ids: Iterable[str]) -> dict[str, str]:
    return pairs_by_key(session, EventMentionRow.mention_id, EventMentionRow.event_id, mention_ids)


def _members(session: Session, event_ids: Iterable[str]) -> dict[str, set[str]]:
    members: dict[str, set[str]] = defaultdict(set)
    for group in chunks(event_ids):
        stmt = select(EventMentionRow.mention_id, EventMentionRow.event_id).where(EventMentionRow.event_id.in_(group))
        for mention_id, event_id in session.execute(stmt):
            members[event_id].add(mention_id)
    return members


def _documents(session: Session, doc_ids: Iterable[str]) -> dict[str, Article]:
    """Document metadata (not text) for the sources of reconciled events."""
    found: dict[str, Article] = {}
    columns = (DocumentRow.id, DocumentRow.published, DocumentRow.url, DocumentRow.outlet, DocumentRow.title)
    for group in chunks(doc_ids):
        for doc_id, published, url, outlet, title in session.execute(select(*columns).where(DocumentRow.id.in_(group))):
            found[doc_id] = Article(doc_id, "", published, url, outlet, title)
    return found


def _rewrite_assignment(session: Session, assignment: dict[str, str]) -> None:
    for group in chunks(assignment):
        session.execute(delete(EventMentionRow).where(EventMentionRow.mention_id.in_(group)))
    insert_rows(session, EventMentionRow.__table__, [rows.assignment_row(m, e) for m, e in assignment.items()])


def _rewrite_pairs(session: Session, touched: set[str], prior: dict[str, str], clustering: dedup.Clustering,
                   candidates: set[str]) -> None:
    """Replace the stored scores of pairs between a touched mention and another of ``candidates``
    (the mentions compared with them).

    Pairs among untouched candidates were scored the same way before and are left alone; new
    mentions (those without a prior event) have no stored pairs, so only stored ones are cleared.
    """
    stale: set[tuple[str, str]] = set()
    for group in chunks(sorted(touched & prior.keys())):
        for column in (PairScoreRow.mention_a, PairScoreRow.mention_b):
            keys = session.execute(select(PairScoreRow.mention_a, PairScoreRow.mention_b).where(column.in_(group)))
            stale.update((a, b) for a, b in keys if a in candidates and b in candidates)
    if stale:
        table = PairScoreRow.__table__
        by_key = delete(table).where(table.c.mention_a == bindparam("a"), table.c.mention_b == bindparam("b"))
        session.connection().execute(by_key, [{"a": a, "b": b} for a, b in sorted(stale)])
    fresh = (p for p in clustering.pairs if p.mention_a in touched or p.mention_b in touched)
    unique = {(r["mention_a"], r["mention_b"]): r for r in map(rows.pair_row, fresh)}
    if unique:
        insert_rows(session, PairScoreRow.__table__, list(unique.values()))


def _reconciled(session: Session, members: dict[str, set[str]], known: dict[str, EventMention]) -> list[Event]:
    needed = {m for ids in members.values() for m in ids} - known.keys()
    mentions = {**known, **load_mentions(session, needed)}
    documents = _documents(session, {mentions[m].doc_id for ids in members.values() for m in ids})
    return [dedup.reconcile([mentions[m] for m in ids], event_id, documents) for event_id, ids in members.items() if ids]


def _replace_events(session: Session, members: dict[str, set[str]], changed: Iterable[str],
                    known: dict[str, EventMention] | None = None) -> set[str]:
    """Reconcile ``members`` (event id -> its mention ids) again, lay the reviewers' pins over
    them, and replace the rows of every ``changed`` event; returns the ids of events stored."""
    events, _ = pins.overlay(session, _reconciled(session, members, known or {}))
    for group in chunks(changed):
        session.execute(delete(EventRow).where(EventRow.id.in_(group)))
    if events:
        insert_rows(session, EventRow.__table__, [rows.event_row(e) for e in events])
        search.index_events(session, [e.id for e in events])
    return {e.id for e in events}


def rewrite_events(session: Session, event_ids: Iterable[str]) -> set[str]:
    """Rebuild events from the mentions assigned to them now (after a review moved some)."""
    wanted = set(event_ids)
    return _replace_events(session, dict(_members(session, wanted)), wanted)


def changes(clustering: dedup.Clustering, prior: dict[str, str]) -> tuple[dict[str, str], set[str]]:
    """Mentions whose event is new or different, and every event that gains or loses one."""
    moved = {m: e for m, e in clustering.assignment.items() if prior.get(m) != e}
    changed = set(moved.values()) | {prior[m] for m in moved if m in prior}
    return moved, changed


def apply_clustering(session: Session, clustering: dedup.Clustering, prior: dict[str, str],
                     known: dict[str, EventMention]) -> set[str]:
    """Persist a clustering of candidates: only events whose membership changed are rewritten.
    ``known``: the mentions compared (the clustered ones and the ring around them), whole.

    Pinned mentions stay in the event a reviewer put them in, and reviewed events keep their
    pinned fields (``rasd.store.pins``), whatever the clustering says.
    """
    held = pins.held(clustering.assignment, pins.mention_pins(session, clustering.assignment))
    clustering = replace(clustering, assignment=held)
    moved, changed = changes(clustering, prior)
    if not moved:
        return set()
    members = {event_id: ids - moved.keys() for event_id, ids in _members(session, changed).items()}
    for mention_id, event_id in moved.items():
        members.setdefault(event_id, set()).add(mention_id)
    _rewrite_assignment(session, moved)
    touched = {m for ids in members.values() for m in ids}
    _rewrite_pairs(session, touched, prior, clustering, set(clustering.assignment) | known.keys())
    return _replace_events(session, members, changed, known)


def cluster_with_pins(session: Session, new: Sequence[EventMention]) -> set[str]:
    """Cluster new (already inserted) mentions with the stored ones they can affect
    (``dedup.affected``), honouring pins, and persist the result. Only the core is clustered:
    the ring around it keeps its events whatever happens (``dedup.cluster``), and the walk has
    scored every pair clustering the core reads."""
    nearby = dedup.affected(new, StoredNeighbours(session))
    core = [m for m in nearby.mentions if m.mention_id in nearby.core]
    new_ids = {m.mention_id for m in new}
    stored = [m.mention_id for m in core if m.mention_id not in new_ids]
    prior = _assignments(session, stored)
    clustering = dedup.cluster(core, prior, pins.mention_pins(session, stored), scores=nearby.scores)
    return apply_clustering(session, clustering, prior, {m.mention_id: m for m in nearby.mentions})


def store_batch(session: Session, batch: Sequence[tuple[Article, list[EventMention]]]) -> BatchResult:
    """Store one batch inside the caller's transaction."""
    result = BatchResult()
    fresh = _select_new(session, batch, result)
    if not fresh:
        return result
    new = _insert_documents(session, fresh)
    result.stored = [a.id for a, _ in fresh]
    result.mentions = len(new)
    if new:
        result.events = cluster_with_pins(session, new)
    return result
