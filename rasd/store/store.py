"""``Store``: every read and write of rasd's database, behind one class with an injected engine."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta
from itertools import islice
from typing import Any, TypeVar

import numpy as np
from sqlalchemy import Engine, func, or_, select, text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from rasd.errors import ConfigError, RasdError, StoreError
from rasd.model import Article, Event, EventMention, EventPoint, PairScore
from rasd.settings import BATCH_SIZE
from rasd.store import labels, rows, search
from rasd.store.engine import engine_for, for_writing
from rasd.store.migrate import migrate
from rasd.store.models import DocumentRow, EventMentionRow, EventRow, MentionRow, PairScoreRow
from rasd.store.alerts import AlertTable
from rasd.store.digest import DigestQueries
from rasd.store.pages import PageTable
from rasd.store.reprocess import ReprocessReport, reprocess_batch
from rasd.store.review import ReviewTable
from rasd.store.users import UserTable
from rasd.store.sources import SourceTable
from rasd.store.query import EventQuery, filtered, is_admin1_code, ordered, queue_order
from rasd.store.writer import BatchResult, chunks, storable_problem, store_batch
from rasd.store.gcpause import gc_paused

log = logging.getLogger(__name__)
T = TypeVar("T")

#: What ``Store.stats`` counts events by.
STATS_BY: tuple[str, ...] = (*labels.LABELS, "actor")


@dataclass
class IngestReport:
    """What ``Store.ingest`` did. ``failed`` holds one message per document not stored."""

    documents: int = 0
    skipped: int = 0
    mentions: int = 0
    event_ids: set[str] = field(default_factory=set)  # events created or updated
    failed: list[str] = field(default_factory=list)

    @property
    def events(self) -> int:
        return len(self.event_ids)

    @property
    def ok(self) -> bool:
        return not self.failed

    def add(self, batch: BatchResult) -> None:
        self.documents += len(batch.stored)
        self.skipped += len(batch.skipped)
        self.mentions += batch.mentions
        self.event_ids |= batch.events
        self.failed.extend(batch.conflicts)


class Store:
    """rasd's database: documents, mentions, deduplicated events and pair scores.

    ``Store(engine)`` migrates the schema to the newest version; ``Store.open(url)`` builds the
    engine from a URL (``None``: the ``db`` setting, i.e. ``RASD_DB`` or ``sqlite:///rasd.db``).
    """

    #: How often a batch is tried again when the database connection drops mid-transaction.
    RETRIES = 4

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._session = sessionmaker(engine, expire_on_commit=False)
        self.dialect = engine.dialect.name
        self._admin1_names: dict[str, str] = {}
        # what `rasd watch` keeps: its sources and the ledger of fetched pages
        self.sources = SourceTable(self._session)
        self.pages = PageTable(self._session, self.sources, self._write_batch)
        self.alerts = AlertTable(self._session)
        self.digest = DigestQueries(self._session)
        # the desk: review decisions with their audit trail (rasd.store.review)
        self.review = ReviewTable(self._session)
        self.users = UserTable(self._session)
        try:
            migrate(engine)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot open or migrate database {engine.url!r}: {exc.__class__.__name__}: {exc.orig if hasattr(exc, 'orig') else exc}") from None

    @classmethod
    def open(cls, url: str | None = None) -> Store:
        from rasd.settings import load_settings

        return cls(engine_for(load_settings(db=url).db))

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()

    # -- writing ---------------------------------------------------------------------------

    def ingest(self, items: Iterable[tuple[Article, list[EventMention]]], batch_size: int = BATCH_SIZE) -> IngestReport:
        """Store documents and their mentions, then deduplicate; one transaction per batch.

        Documents whose content hash is stored are skipped. A batch the database refuses is
        rolled back and retried one document at a time, so one bad document costs only itself.
        """
        report = IngestReport()
        self._admin1_names = {}
        iterator = iter(items)
        while batch := list(islice(iterator, batch_size)):
            batch = self._storable(batch, report)
            if not batch:
                continue
            try:
                report.add(self._store(batch))
            except Exception as exc:  # whatever one document does, the rest of the batch is stored
                log.warning("batch of %d documents refused (%s); retrying one by one", len(batch), _short(exc))
                self._store_singly(batch, report)
        return report

    @staticmethod
    def _storable(batch: list[tuple[Article, list[EventMention]]], report: IngestReport) -> list[tuple[Article, list[EventMention]]]:
        """The items the database can hold; the others go to ``report.failed`` with the reason."""
        kept = []
        for article, mentions in batch:
            problem = storable_problem(article, mentions)
            if problem is None:
                kept.append((article, mentions))
            else:
                report.failed.append(f"{article.label}: not stored: {problem}")
        return kept

    def _store(self, batch: list[tuple[Article, list[EventMention]]]) -> BatchResult:
        return self._retried(lambda session: self._write_batch(session, batch))

    def _retried(self, write: Callable[[Session], T]) -> T:
        """``write`` in one transaction, run again (after 1, 2, 4... s) while the connection drops
        under it: the transaction was rolled back with it, so nothing is written twice."""
        for attempt in range(self.RETRIES + 1):
            try:
                with gc_paused(), self._session.begin() as session:
                    return write(session)
            except DBAPIError as exc:
                if not exc.connection_invalidated or attempt == self.RETRIES:
                    raise
                log.warning("connection to %s lost (%s); retrying in %d s", self.url, _short(exc), 2**attempt)
                time.sleep(2**attempt)
        raise AssertionError("unreachable")

    def _write_batch(self, session: Session, batch: Sequence[tuple[Article, list[EventMention]]]) -> BatchResult:
        """Documents, mentions and deduplication of one batch, in the caller's transaction."""
        for_writing(session.connection(), len(batch))
        return store_batch(session, batch)

    def _store_singly(self, batch: list[tuple[Article, list[EventMention]]], report: IngestReport) -> None:
        for item in batch:
            try:
                report.add(self._store([item]))
            except Exception as exc:
                report.failed.append(f"{item[0].label}: not stored: {_short(exc)}")

    def reprocess(self, items: Iterable[tuple[Article, list[EventMention]]], batch_size: int = BATCH_SIZE) -> ReprocessReport:
        """Replace stored documents' mentions by those the current extractor reads (``items``:
        each stored document with its fresh mentions), keeping every reviewer's decision
        (``rasd.store.reprocess``); one transaction per batch, a refused batch retried singly."""
        report = ReprocessReport()
        iterator = iter(items)
        while batch := list(islice(iterator, batch_size)):
            try:
                with self._session.begin() as session:
                    for_writing(session.connection(), len(batch))
                    reprocess_batch(session, batch, report)
            except (SQLAlchemyError, RasdError, ValueError) as exc:
                log.warning("reprocessing %d documents refused (%s); retrying one by one", len(batch), _short(exc))
                for item in batch:
                    try:
                        with self._session.begin() as session:
                            reprocess_batch(session, [item], report)
                    except (SQLAlchemyError, RasdError, ValueError) as one:
                        report.failed.append(f"{item[0].id}: not reprocessed: {_short(one)}")
        return report

    def iter_documents(self, doc_ids: Sequence[str] | None = None) -> Iterator[Article]:
        """Stored documents (all, or those named), streamed in id order."""
        stmt = select(DocumentRow).order_by(DocumentRow.id)
        if doc_ids:
            stmt = stmt.where(DocumentRow.id.in_(list(doc_ids)))
        with self._session() as session:
            for row in session.scalars(stmt.execution_options(yield_per=200)):
                yield rows.document_of(row)

    # -- reading ---------------------------------------------------------------------------

    def _where(self, stmt: Any, q: EventQuery | None, page: bool = False) -> Any:
        return filtered(stmt, self._resolved(q), page=page)

    def _resolved(self, q: EventQuery | None) -> EventQuery | None:
        """``q`` with a governorate name replaced by its ISO code, whose index also orders by date."""
        if q is None or not q.admin1 or is_admin1_code(q.admin1):
            return q
        key = q.admin1.strip().lower()
        if key not in self._admin1_names:
            self._admin1_names = self._admin1_codes()
        return replace(q, admin1=self._admin1_names.get(key, q.admin1))

    def _admin1_codes(self) -> dict[str, str]:
        """lower-case governorate name -> ISO code, read through the code index (a few ms on 1M rows)."""
        names: dict[str, str] = {}
        with self._session() as session:
            codes = session.scalars(select(EventRow.admin1_code).distinct().where(EventRow.admin1_code.is_not(None))).all()
            for code in codes:
                name = session.scalar(select(EventRow.admin1).where(EventRow.admin1_code == code).limit(1))
                if name:
                    names[name.lower()] = code
        return names

    def query_events(self, q: EventQuery) -> tuple[list[Event], int]:
        """One page of the events ``q`` selects, and how many it selects in all."""
        with self._session() as session:
            matched = self._text_matches(session, q) if q.limit is not None else None
            if matched is None:
                total = self._count(session, q)
                stmt = ordered(self._where(select(EventRow), q, page=q.limit is not None), q).offset(q.offset)
            else:
                total = len(matched)
                stmt = ordered(self._where(select(EventRow), replace(q, text=None), page=True).where(
                    search.among(matched)), q).offset(q.offset)
            if q.limit is not None:
                stmt = stmt.limit(q.limit)
            return [rows.event_of(r) for r in session.scalars(stmt)], total

    def _text_matches(self, session: Session, q: EventQuery) -> np.ndarray | None:
        """Row numbers of the events matching text and other filters, or None (see below).

        On SQLite, text with other filters: the full-text index's matches and the other filters'
        rows (from their index) are each read as one string and intersected here. Counting them
        in SQL instead tests every match against the filters, twice (count, then page): about
        twice as slow for a common word.
        """
        if self.dialect != "sqlite" or not q.text or _only_text(q):
            return None
        found = search.rowids_sql(q.text, self.dialect)
        if found is None:
            return None
        matching = labels.row_numbers(session.execute(text(found[0]), found[1]).scalar())
        filtered_rows = self._where(select(func.group_concat(labels.ROW)).select_from(EventRow), replace(q, text=None))
        return np.intersect1d(matching, labels.row_numbers(session.scalar(filtered_rows)), assume_unique=True)

    def _count(self, session: Session, q: EventQuery) -> int:
        fast = search.count_sql(q.text, self.dialect) if q.text and _only_text(q) else None
        if fast is not None:
            return session.execute(text(fast[0]), fast[1]).scalar() or 0
        # Text within a governorate or type: walking that filter's index and testing each event
        # against the matches costs about half of fetching every match and testing its filters.
        narrow = bool(q.text and (q.admin1 or q.event_type or q.sub_event_type))
        return session.scalar(self._where(select(func.count()).select_from(EventRow), q, page=narrow)) or 0

    def iter_events(self, q: EventQuery | None = None) -> Iterator[Event]:
        """Every selected event, streamed in chunks (for export); default order: oldest first."""
        q = q or EventQuery(sort="event_date", descending=False, limit=None)
        stmt = ordered(self._where(select(EventRow), q), q).offset(q.offset)
        if q.limit is not None:
            stmt = stmt.limit(q.limit)
        with self._session() as session:
            for row in session.scalars(stmt.execution_options(yield_per=1000)):
                yield rows.event_of(row)

    def get_event(self, event_id: str) -> Event | None:
        """One event with every source (document metadata and the evidence read from it)."""
        with self._session() as session:
            row = session.get(EventRow, event_id)
            if row is None:
                return None
            stmt = (
                select(MentionRow, DocumentRow)
                .join(EventMentionRow, EventMentionRow.mention_id == MentionRow.id)
                .join(DocumentRow, DocumentRow.id == MentionRow.doc_id)
                .where(EventMentionRow.event_id == event_id)
                .order_by(DocumentRow.published, DocumentRow.id, MentionRow.offset)
            )
            found = session.execute(stmt).all()
            sources = tuple(rows.source_of(m, d) for m, d in found)
            return rows.event_of(row, sources, tuple(m.id for m, _ in found))

    def event_pairs(self, event_id: str) -> list[PairScore]:
        """Scored mention pairs touching this event: why its reports were merged (or kept apart)."""
        with self._session() as session:
            ids = select(EventMentionRow.mention_id).where(EventMentionRow.event_id == event_id).scalar_subquery()
            stmt = (select(PairScoreRow).where(or_(PairScoreRow.mention_a.in_(ids), PairScoreRow.mention_b.in_(ids)))
                    .order_by(PairScoreRow.score.desc(), PairScoreRow.mention_a, PairScoreRow.mention_b))
            return [rows.pair_of(r) for r in session.scalars(stmt)]

    def mention_documents(self, mention_ids: Iterable[str]) -> dict[str, str]:
        """mention id → document id, to label pair scores."""
        with self._session() as session:
            stmt = select(MentionRow.id, MentionRow.doc_id).where(MentionRow.id.in_(list(mention_ids)))
            return dict(session.execute(stmt).all())

    def mention_labels(self, mention_ids: Iterable[str]) -> dict[str, str]:
        """mention id → "document (place, date)": tells apart two mentions of one document."""
        with self._session() as session:
            stmt = select(MentionRow.id, MentionRow.doc_id, MentionRow.location, MentionRow.event_date).where(
                MentionRow.id.in_(list(mention_ids)))
            return {m: f"{doc} ({place or 'unknown place'}, {day or 'undated'})" for m, doc, place, day in session.execute(stmt)}

    def stats(self, by: str, q: EventQuery | None = None) -> list[tuple[str, int]]:
        """Event counts by month (chronological), or by a field or actor (largest first)."""
        if by not in STATS_BY:
            raise ConfigError(f"cannot count by {by!r}; choose one of {', '.join(STATS_BY)}")
        counts = [(key[0], n) for key, n in self.label_counts((by,), q).items()]
        if by == "month":
            return sorted(counts, key=lambda kv: (kv[0] is None, kv[0] or ""))
        return sorted(counts, key=lambda kv: (-kv[1], kv[0] is None, kv[0] or ""))

    def counts(self) -> dict[str, int]:
        """Rows per table (documents, mentions, events, pair_scores)."""
        with self._session() as session:
            return {
                name: session.scalar(select(func.count()).select_from(table)) or 0
                for name, table in (("documents", DocumentRow), ("mentions", MentionRow), ("events", EventRow), ("pair_scores", PairScoreRow))
            }

    def integrity_problems(self) -> list[str]:
        """Inconsistencies in the stored data (``rasd.store.integrity``); empty when all is well."""
        from rasd.store.integrity import problems

        with self.engine.connect() as connection:
            return problems(connection)

    def is_empty(self) -> bool:
        """True when no document has been stored (e.g. a mistyped database path)."""
        with self._session() as session:
            return session.scalar(select(DocumentRow.id).limit(1)) is None

    def stored_hashes(self, hashes: Iterable[str]) -> set[str]:
        """The content hashes among ``hashes`` already stored (to skip re-extracting them)."""
        found: set[str] = set()
        with self._session() as session:
            for group in chunks(hashes):
                found.update(session.scalars(select(DocumentRow.content_hash).where(DocumentRow.content_hash.in_(group))))
        return found

    def get_document(self, doc_id: str) -> Article | None:
        with self._session() as session:
            row = session.get(DocumentRow, doc_id)
            return rows.document_of(row) if row else None

    # -- summaries: the reads the dashboard builds its in-memory counts from (rasd.store.labels) --

    def document_count(self) -> int:
        """How many documents are stored: it changes whenever an ingest may have changed events."""
        with self._session() as session:
            return session.scalar(select(func.count()).select_from(DocumentRow)) or 0

    def label_counts(self, by: Sequence[str], q: EventQuery | None = None,
                     scan: bool = False) -> dict[tuple[Any, ...], int]:
        """Selected events counted by labels ``by`` (``labels.LABELS``, or "actor": an event counts
        once for each of its actors); ``scan``: every event, in one sequential pass (``q`` None)."""
        with self._session() as session:
            return labels.counts(session, by, self._resolved(q), scan)

    def label_rows(self, q: EventQuery | None = None, chunk: int = 50_000) -> Iterator[list[tuple[Any, ...]]]:
        """Every selected event's labels and row number (``labels.LABEL_ROW``), in chunks."""
        with self.engine.connect() as connection:
            yield from labels.label_rows(connection, self._resolved(q), chunk)

    def text_rows(self, text: str) -> np.ndarray | None:
        """Sorted row numbers of the events matching free ``text`` (None: it has no words)."""
        with self._session() as session:
            return labels.text_rows(session, text)

    def events_among(self, q: EventQuery, row_numbers: Sequence[int]) -> list[Event]:
        """The first ``q.limit`` events of ``q``, in its order, among ``row_numbers``."""
        with self._session() as session:
            return [rows.event_of(r) for r in labels.events_among(session, self._resolved(q), row_numbers, q.limit or 0)]

    def event_points(self, q: EventQuery, row_numbers: Sequence[int] | None = None) -> list[EventPoint]:
        """Up to ``q.limit`` located events of ``q``, in its order, as map points (among ``row_numbers``)."""
        with self.engine.connect() as connection:
            return labels.points(connection, self._resolved(q), q.limit or 0, row_numbers)

    # -- the review desk -----------------------------------------------------------------

    def review_queue(self, q: EventQuery) -> list[Event]:
        """One page of the events nobody has reviewed among ``q``, in the queue's order
        (``queue_order``: lowest confidence first)."""
        q = replace(self._resolved(q) or q, reviewed=False, text=None)
        with self._session() as session:
            stmt = queue_order(filtered(select(EventRow), q, page=True)).offset(q.offset).limit(q.limit or 50)
            return [rows.event_of(r) for r in session.scalars(stmt)]

    def queue_size(self, q: EventQuery) -> int:
        """How many events of ``q`` are not reviewed: all of them less the reviewed ones, two
        counts the indexes answer (counting the unreviewed directly walks most of the table)."""
        q = replace(self._resolved(q) or q, text=None, limit=None)
        with self._session() as session:
            every = self._count(session, replace(q, reviewed=None))
            return every - self._count(session, replace(q, reviewed=True))

    def nearby_events(self, event: Event, days: int = 7, limit: int = 8) -> list[Event]:
        """Events that could be the same incident (same governorate, within ``days``), closest
        in time first: what a reviewer merges an event with."""
        m = event.mention
        if m.event_date is None:
            return []
        area = EventRow.admin1_code == m.admin1_code if m.admin1_code else EventRow.admin1_code.is_(None)
        stmt = (select(EventRow).where(area, EventRow.id != event.id,
                                       EventRow.event_date.between(m.event_date - timedelta(days=days),
                                                                   m.event_date + timedelta(days=days)))
                .limit(200))
        with self._session() as session:
            found = [rows.event_of(r) for r in session.scalars(stmt)]
        key = lambda e: (abs((e.mention.event_date - m.event_date).days), e.mention.event_type != m.event_type,  # noqa: E731
                         e.mention.location != m.location, e.id)
        return sorted(found, key=key)[:limit]

    def document_mentions(self, doc_id: str) -> list[tuple[EventMention, str | None]]:
        """The mentions read from a document, in reading order, with the event each belongs to."""
        with self._session() as session:
            stmt = (select(MentionRow, EventMentionRow.event_id)
                    .outerjoin(EventMentionRow, EventMentionRow.mention_id == MentionRow.id)
                    .where(MentionRow.doc_id == doc_id).order_by(MentionRow.offset, MentionRow.id))
            return [(rows.mention_of(m), e) for m, e in session.execute(stmt)]

    def estimation_events(self, q: EventQuery) -> list[Event]:
        """The selected events with only what estimation reads (outlets, month, governorate, type).

        Events alike in all of those are read as one grouped row and repeated, so the database
        sends a few thousand rows instead of every event (estimation only counts them).
        """
        events: list[Event] = []
        with self.engine.connect() as connection:
            for source, month, admin1, code, event_type, count, first_day in labels.outlet_groups(connection, self._resolved(q)):
                mention = EventMention(doc_id="", event_date=first_day, time_precision=None, event_type=event_type,
                                       sub_event_type="", admin1=admin1, admin1_code=code, source=source)
                events.extend([Event(id=f"{month}:{source}", mention=mention, doc_ids=())] * count)
        return events


def _only_text(q: EventQuery) -> bool:
    """True when free text is the query's only filter."""
    return not any((q.since, q.until, q.admin1, q.event_type, q.sub_event_type, q.actor, q.outlet,
                    q.reviewed is not None))


def _short(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    return f"{type(orig or exc).__name__}: {str(orig or exc).splitlines()[0]}"
