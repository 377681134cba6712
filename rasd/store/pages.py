"""The fetch ledger: every URL ``rasd watch`` fetched (or was refused), with the raw body kept.

A URL enters the ledger the moment its body arrives (state ``fetched``), in its own small
transaction, so a watcher killed afterwards never downloads it again. Reading the body into a
document is a second step (``settle``) that stores the documents, their events and the pages'
new states in one transaction: killed half-way, the pages are simply still ``fetched``.

States: ``fetched`` (body kept, not read yet) → ``stored`` | ``duplicate`` (its document was
stored before) | ``republished`` (the same text is stored under another URL) | ``empty`` (no
article text in it); ``retry`` (a transient failure, tried again on a later poll), ``failed``
(given up) and ``blocked`` (robots.txt) never had a body.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import and_, func, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from rasd.model import Article, EventMention, Page
from rasd.store import pins
from rasd.store.models import DocumentRow, PageRow
from rasd.store.replace import remove_documents
from rasd.store.rows import now
from rasd.store.sources import SourceTable
from rasd.store.writer import BatchResult, chunks

#: states of a URL that must not be fetched again
SETTLED = ("fetched", "stored", "duplicate", "republished", "empty", "failed", "blocked")
#: states whose page became (or points to) a document
READ = ("stored", "duplicate", "republished")


@dataclass(frozen=True)
class Fetched:
    """One download, as the fetcher hands it to the ledger."""

    url: str
    body: bytes
    final_url: str | None = None
    http_status: int | None = 200
    content_type: str | None = None
    validator: str | None = None
    hint_title: str | None = None
    hint_published: date | None = None


@dataclass
class Outcome:
    """What reading one fetched page gave: an article to store, or why there is none."""

    page_id: int
    article: Article | None = None
    mentions: list[EventMention] = field(default_factory=list)
    text_hash: str | None = None
    empty: bool = False  # the page holds no article text (a section front, a video page)
    error: str | None = None  # why there is no article
    replaces: str | None = None  # a page read again: the document its earlier reading stored


@dataclass
class Settled:
    """What ``settle`` did: the batch as stored, and the new state of each page."""

    batch: BatchResult = field(default_factory=BatchResult)
    states: dict[int, str] = field(default_factory=dict)
    stored_by_source: dict[int, int] = field(default_factory=dict)
    replaced: int = 0  # documents taken out because their page read differently this time
    unchanged: int = 0  # pages read again to the same document


class PageTable:
    """Reads and writes of the ``pages`` table (``store.pages``)."""

    def __init__(self, session: sessionmaker[Session], sources: SourceTable,
                 write_batch: Callable[[Session, Sequence[tuple[Article, list[EventMention]]]], BatchResult]) -> None:
        self._session = session
        self._sources = sources
        self._write_batch = write_batch  # the store's own: documents, mentions, deduplication

    # -- what to fetch -------------------------------------------------------------------------

    def unseen(self, urls: Iterable[str]) -> list[str]:
        """The URLs (canonical) that are neither fetched nor given up, in the order given."""
        wanted = list(dict.fromkeys(urls))
        known: set[str] = set()
        with self._session() as session:
            for group in chunks(wanted):
                settled = PageRow.state.in_(SETTLED)
                known.update(session.scalars(select(PageRow.url).where(PageRow.url.in_(group), settled)))
                known.update(session.scalars(select(PageRow.final_url).where(PageRow.final_url.in_(group), settled)))
        return [u for u in wanted if u not in known]

    def validators(self, source_id: int) -> dict[str, str | None]:
        """url → validator of every page of a source (a folder source compares file stamps)."""
        with self._session() as session:
            stmt = select(PageRow.url, PageRow.validator).where(PageRow.source_id == source_id)
            return dict(session.execute(stmt).all())

    # -- recording downloads -------------------------------------------------------------------

    def save_fetched(self, source_id: int | None, fetched: Fetched) -> int:
        """Record a download (committed at once); returns the page id."""
        values = dict(
            source_id=source_id, final_url=fetched.final_url, fetched_at=now(), state="fetched",
            http_status=fetched.http_status, error=None, content_type=(fetched.content_type or "")[:255] or None,
            validator=fetched.validator, body=zlib.compress(fetched.body, 6), body_bytes=len(fetched.body),
            hint_title=fetched.hint_title, hint_published=fetched.hint_published,
        )
        return self._upsert(fetched.url, values)

    def save_failure(self, source_id: int | None, url: str, state: str, error: str,
                     http_status: int | None = None, max_attempts: int = 5) -> str:
        """Record a URL that gave no body; a ``retry`` past ``max_attempts`` becomes ``failed``.

        Returns the state recorded.
        """
        with self._session() as session:
            attempts = (session.scalar(select(PageRow.attempts).where(PageRow.url == url)) or 0) + 1
        if state == "retry" and attempts >= max_attempts:
            state, error = "failed", f"{error} (gave up after {attempts} attempts)"
        self._upsert(url, dict(source_id=source_id, fetched_at=now(), state=state, error=error[:2000],
                               http_status=http_status, attempts=attempts))
        return state

    def save_file(self, source_id: int, url: str, validator: str, state: str, error: str | None = None) -> None:
        """Record a file of a folder source as read (its documents are stored by then)."""
        self._upsert(url, dict(source_id=source_id, fetched_at=now(), state=state, validator=validator, error=error))

    def _upsert(self, url: str, values: dict[str, object]) -> int:
        with self._session.begin() as session:
            page_id = session.scalar(select(PageRow.id).where(PageRow.url == url))
            if page_id is None:
                row = PageRow(url=url, discovered_at=now(), **{"attempts": 1, **values})
                session.add(row)
                session.flush()
                return row.id
            session.execute(update(PageRow).where(PageRow.id == page_id).values(**values))
            return page_id

    # -- reading them --------------------------------------------------------------------------

    def pending(self, limit: int = 100, source_id: int | None = None) -> list[Page]:
        """Fetched pages not read yet, oldest first (after a crash: the ones left behind)."""
        stmt = select(PageRow).where(PageRow.state == "fetched")
        if source_id is not None:
            stmt = stmt.where(PageRow.source_id == source_id)
        with self._session() as session:
            return [_page_of(r) for r in session.scalars(stmt.order_by(PageRow.id).limit(limit))]

    def kept(self, states: Sequence[str] = READ + ("empty",), after_id: int = 0, limit: int = 200,
             source_id: int | None = None) -> list[tuple[Page, str | None]]:
        """Pages with a kept body (for ``rasd reprocess``), by id, with their document id."""
        stmt = select(PageRow).where(PageRow.state.in_(states), PageRow.body.is_not(None), PageRow.id > after_id)
        if source_id is not None:
            stmt = stmt.where(PageRow.source_id == source_id)
        with self._session() as session:
            return [(_page_of(r), r.doc_id) for r in session.scalars(stmt.order_by(PageRow.id).limit(limit))]

    def settle(self, outcomes: Sequence[Outcome]) -> Settled:
        """Store the outcomes' articles (with their events) and the pages' new states, together.

        A batch the database refuses is retried page by page; a page refused alone is marked
        ``failed`` with the reason, so one bad page costs only itself.
        """
        try:
            with self._session.begin() as session:
                return self._settle(session, outcomes)
        except (SQLAlchemyError, ValueError) as exc:
            if len(outcomes) == 1:
                self.mark_failed(outcomes[0].page_id, f"not stored: {type(exc).__name__}: {exc}")
                return Settled(states={outcomes[0].page_id: "failed"})
        result = Settled()
        for outcome in outcomes:
            single = self.settle([outcome])
            result.batch.stored += single.batch.stored
            result.replaced += single.replaced
            result.unchanged += single.unchanged
            result.batch.mentions += single.batch.mentions
            result.batch.events |= single.batch.events
            result.states.update(single.states)
        return result

    def _settle(self, session: Session, outcomes: Sequence[Outcome]) -> Settled:
        result = Settled()
        outcomes = self._replace(session, outcomes, result)
        twins = _republished(session, outcomes)
        fresh = [o for o in outcomes if o.article is not None and o.page_id not in twins]
        removed = result.batch.events
        result.batch = self._write_batch(session, [(o.article, o.mentions) for o in fresh])  # type: ignore[misc]
        result.batch.events |= removed
        holders = _holders(session, [o.article for o in fresh if o.article.id not in result.batch.stored])  # type: ignore[union-attr]
        stored = set(result.batch.stored)
        pages = {r.id: r for r in session.scalars(select(PageRow).where(PageRow.id.in_([o.page_id for o in outcomes])))}
        tallies: dict[int, list[int]] = {}
        for outcome in outcomes:
            row = pages[outcome.page_id]
            state, doc_id, error = _state(outcome, twins, stored, holders)
            row.state, row.doc_id, row.text_hash, row.error = state, doc_id, outcome.text_hash, error
            result.states[outcome.page_id] = state
            if state == "stored" and row.source_id is not None and not outcome.replaces:
                tally = tallies.setdefault(row.source_id, [0, 0])
                tally[0] += 1
                tally[1] += len(outcome.mentions)
        for source_id, (articles, events) in tallies.items():
            self._sources.count_articles(session, source_id, articles, events, now())
        result.stored_by_source = {source_id: t[0] for source_id, t in tallies.items()}
        return result

    def _replace(self, session: Session, outcomes: Sequence[Outcome], result: Settled) -> list[Outcome]:
        """Pages read again: an unchanged reading is left as it is; a changed one takes its
        earlier document out (``rasd.store.replace``) and is stored like a new one, unless a
        reviewer decided about an event read from it: that document stays as reviewed."""
        kept: list[Outcome] = []
        old = {o.replaces: o for o in outcomes if o.replaces}
        hashes = dict(session.execute(select(DocumentRow.id, DocumentRow.content_hash)
                                      .where(DocumentRow.id.in_(list(old)))).all()) if old else {}
        reviewed = pins.pinned_documents(session, old)
        gone = []
        for outcome in outcomes:
            same = outcome.article is not None and hashes.get(outcome.replaces) == outcome.article.content_hash
            if outcome.replaces and outcome.article is not None and (same or outcome.replaces in reviewed):
                result.states[outcome.page_id] = "stored"  # the same reading as before, or a reviewed one: kept
                result.unchanged += 1
                continue
            if outcome.replaces and outcome.article is not None:
                gone.append(outcome.replaces)
            kept.append(outcome)
        if gone:
            again = [o.page_id for o in kept if o.replaces in gone]
            session.execute(update(PageRow).where(PageRow.id.in_(again)).values(doc_id=None, text_hash=None))
            result.batch.events |= remove_documents(session, gone)
            result.replaced += len(gone)
        return kept

    def requeue(self, states: Sequence[str], source_id: int | None = None) -> int:
        """Pages in ``states`` that kept a body go back to ``fetched``, to be read again."""
        stmt = update(PageRow).where(PageRow.state.in_(states), PageRow.body.is_not(None)).values(state="fetched", error=None)
        if source_id is not None:
            stmt = stmt.where(PageRow.source_id == source_id)
        with self._session.begin() as session:
            return session.execute(stmt).rowcount or 0

    def mark_failed(self, page_id: int, error: str) -> None:
        """A page whose storing the database refused: kept, not retried until ``rasd reprocess``."""
        with self._session.begin() as session:
            session.execute(update(PageRow).where(PageRow.id == page_id).values(state="failed", error=error[:2000]))

    # -- health --------------------------------------------------------------------------------

    def ledger(self, source_id: int | None = None) -> dict[str, dict[str, object]]:
        """url → what became of it (state, error, final URL, document, HTTP status, attempts)."""
        columns = (PageRow.url, PageRow.state, PageRow.error, PageRow.final_url, PageRow.doc_id, PageRow.http_status,
                   PageRow.attempts)
        stmt = select(*columns).order_by(PageRow.id)
        if source_id is not None:
            stmt = stmt.where(PageRow.source_id == source_id)
        with self._session() as session:
            return {row.url: dict(row._mapping) for row in session.execute(stmt)}

    def counts_by_source(self, since: datetime | None = None) -> dict[int | None, dict[str, int]]:
        """source id → {state: pages} (of pages fetched since ``since``, or all)."""
        stmt = select(PageRow.source_id, PageRow.state, func.count()).group_by(PageRow.source_id, PageRow.state)
        if since is not None:
            stmt = stmt.where(PageRow.fetched_at >= since)
        result: dict[int | None, dict[str, int]] = {}
        with self._session() as session:
            for source_id, state, n in session.execute(stmt):
                result.setdefault(source_id, {})[state] = n
        return result

    def arrivals(self, source_id: int, limit: int = 30) -> list[datetime]:
        """When the source's newest stored articles arrived, newest first (its usual rhythm)."""
        stmt = (select(PageRow.fetched_at).where(PageRow.source_id == source_id, PageRow.state == "stored")
                .order_by(PageRow.fetched_at.desc()).limit(limit))
        with self._session() as session:
            return [t for t in session.scalars(stmt) if t is not None]

    def fetched_between(self, start: datetime, end: datetime) -> int:
        with self._session() as session:
            stmt = select(func.count()).select_from(PageRow).where(and_(PageRow.fetched_at >= start,
                                                                       PageRow.fetched_at < end))
            return session.scalar(stmt) or 0


def _page_of(row: PageRow) -> Page:
    return Page(id=row.id, url=row.url, body=zlib.decompress(row.body) if row.body else b"", source_id=row.source_id,
                final_url=row.final_url, content_type=row.content_type, hint_title=row.hint_title,
                hint_published=row.hint_published, fetched_at=row.fetched_at)


def _republished(session: Session, outcomes: Sequence[Outcome]) -> dict[int, str]:
    """page id → id of the document already holding the same text (stored earlier, or earlier
    in this batch): a wire story re-published word for word is one report, not two."""
    hashes = [o.text_hash for o in outcomes if o.article is not None and o.text_hash]
    known: dict[str, str] = {}
    for group in chunks(hashes):
        stmt = select(PageRow.text_hash, PageRow.doc_id).where(PageRow.text_hash.in_(group), PageRow.state.in_(READ),
                                                               PageRow.doc_id.is_not(None))
        known.update(session.execute(stmt).all())
    twins: dict[int, str] = {}
    for outcome in outcomes:
        if outcome.article is None or not outcome.text_hash:
            continue
        if outcome.text_hash in known:
            twins[outcome.page_id] = known[outcome.text_hash]
        else:
            known[outcome.text_hash] = outcome.article.id
    return twins


def _holders(session: Session, articles: Iterable[Article]) -> dict[str, str]:
    """content hash → id of the stored document with that content (for duplicate pages)."""
    hashes = [a.content_hash for a in articles]
    found: dict[str, str] = {}
    for group in chunks(hashes):
        found.update(session.execute(select(DocumentRow.content_hash, DocumentRow.id)
                                     .where(DocumentRow.content_hash.in_(group))).all())
    return found


def _state(outcome: Outcome, twins: dict[int, str], stored: set[str],
           holders: dict[str, str]) -> tuple[str, str | None, str | None]:
    """(state, document id, error) of a page after ``settle``."""
    article = outcome.article
    if article is None:
        return ("empty" if outcome.empty else "failed"), None, outcome.error
    if outcome.page_id in twins:
        return "republished", twins[outcome.page_id], None
    if article.id in stored:
        return "stored", article.id, None
    if article.content_hash in holders:
        return "duplicate", holders[article.content_hash], None
    return "failed", None, f"{article.id}: another document with this id is stored; not stored"


__all__ = ["PageTable", "Fetched", "Outcome", "Settled", "SETTLED", "READ"]
