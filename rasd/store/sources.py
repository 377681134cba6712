"""The watched sources: what ``rasd sources`` edits and what ``rasd watch`` schedules.

Each source's schedule and health live in its row (next due time, last success, consecutive
failures, the last error in words, ETag and Last-Modified in ``cursor``), so a watcher killed at
any moment starts again exactly where the database says it was.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from rasd.errors import ConfigError
from rasd.model import WatchedSource
from rasd.store.models import PageRow, SourceRow
from rasd.store.rows import now


@dataclass(frozen=True)
class SourceSpec:
    """A source as written by a user (command line or sources.toml)."""

    url: str
    name: str
    kind: str
    every_seconds: int


def source_of(row: SourceRow) -> WatchedSource:
    values = {c: getattr(row, c) for c in WatchedSource.__dataclass_fields__ if c != "cursor"}
    return WatchedSource(**values, cursor=json.loads(row.cursor or "{}"))


class SourceTable:
    """Reads and writes of the ``sources`` table (``store.sources``)."""

    def __init__(self, session: sessionmaker[Session]) -> None:
        self._session = session

    def add(self, spec: SourceSpec) -> WatchedSource:
        """A new source, due at once; ``ConfigError`` if its URL is watched already."""
        with self._session() as session:
            existing = session.scalar(select(SourceRow).where(SourceRow.url == spec.url))
            if existing is not None:
                raise ConfigError(f"{spec.url} is already watched as source {existing.id} ({existing.name!r}); "
                                  "change it with `rasd sources remove` and add it again")
        try:
            with self._session.begin() as session:
                row = _new_row(spec)
                session.add(row)
                session.flush()
                return source_of(row)
        except IntegrityError:
            raise ConfigError(f"{spec.url} is already watched") from None

    def seed(self, specs: Iterable[SourceSpec]) -> tuple[int, int]:
        """Add the sources that are missing, update name, kind and schedule of the others.

        Returns (added, updated). Sources not in ``specs`` are left alone: the file seeds, it
        does not own the table.
        """
        added = updated = 0
        with self._session.begin() as session:
            for spec in specs:
                row = session.scalar(select(SourceRow).where(SourceRow.url == spec.url))
                if row is None:
                    session.add(_new_row(spec))
                    added += 1
                elif (row.name, row.kind, row.every_seconds) != (spec.name, spec.kind, spec.every_seconds):
                    row.name, row.kind, row.every_seconds = spec.name, spec.kind, spec.every_seconds
                    updated += 1
        return added, updated

    def all(self) -> list[WatchedSource]:
        with self._session() as session:
            return [source_of(r) for r in session.scalars(select(SourceRow).order_by(SourceRow.id))]

    def get(self, key: int | str) -> WatchedSource | None:
        """A source by id (``3`` or ``"3"``), URL or name."""
        with self._session() as session:
            row = _find(session, key)
            return source_of(row) if row is not None else None

    def remove(self, source_id: int) -> bool:
        """Forget a source. Its pages stay in the ledger, so adding it again fetches nothing twice."""
        with self._session.begin() as session:
            session.execute(update(PageRow).where(PageRow.source_id == source_id).values(source_id=None))
            return bool(session.execute(delete(SourceRow).where(SourceRow.id == source_id)).rowcount)

    def set_paused(self, source_id: int, paused: bool) -> None:
        with self._session.begin() as session:
            values: dict[str, Any] = {"paused": paused}
            if not paused:
                values["next_due"] = now()  # a resumed source is polled at once
            session.execute(update(SourceRow).where(SourceRow.id == source_id).values(**values))

    def due(self, at: datetime, limit: int = 100) -> list[WatchedSource]:
        """Sources not paused whose next poll is due at ``at``, most overdue first."""
        stmt = (select(SourceRow).where(SourceRow.paused.is_(False), SourceRow.next_due <= at)
                .order_by(SourceRow.next_due, SourceRow.id).limit(limit))
        with self._session() as session:
            return [source_of(r) for r in session.scalars(stmt)]

    def next_due(self) -> datetime | None:
        """When the next poll of any active source is due (None: nothing to watch)."""
        with self._session() as session:
            return session.scalar(select(func.min(SourceRow.next_due)).where(SourceRow.paused.is_(False)))

    def record_success(self, source_id: int, at: datetime, next_due: datetime, cursor: dict[str, Any]) -> None:
        with self._session.begin() as session:
            session.execute(update(SourceRow).where(SourceRow.id == source_id).values(
                last_attempt=at, last_success=at, next_due=next_due, cursor=json.dumps(cursor, sort_keys=True),
                consecutive_failures=0, polls=SourceRow.polls + 1))

    def record_failure(self, source_id: int, at: datetime, next_due: datetime, error: str) -> None:
        with self._session.begin() as session:
            session.execute(update(SourceRow).where(SourceRow.id == source_id).values(
                last_attempt=at, next_due=next_due, last_error=error[:2000], last_error_at=at,
                consecutive_failures=SourceRow.consecutive_failures + 1, polls=SourceRow.polls + 1,
                failed_polls=SourceRow.failed_polls + 1))

    def add_tallies(self, source_id: int, articles: int, events: int) -> None:
        """Add to a source's tallies, in a transaction of its own."""
        with self._session.begin() as session:
            self.count_articles(session, source_id, articles, events, now())

    def count_articles(self, session: Session, source_id: int, articles: int, events: int, at: datetime) -> None:
        """Add to a source's tallies, inside the caller's transaction (the one storing them)."""
        values: dict[str, Any] = {"articles": SourceRow.articles + articles, "events": SourceRow.events + events}
        if articles:
            values["last_new_at"] = at
        session.execute(update(SourceRow).where(SourceRow.id == source_id).values(**values))


def _new_row(spec: SourceSpec) -> SourceRow:
    """A source never polled: due at once, with empty tallies."""
    return SourceRow(url=spec.url, name=spec.name, kind=spec.kind, every_seconds=spec.every_seconds,
                     added_at=now(), next_due=now(), cursor="{}", paused=False, consecutive_failures=0,
                     polls=0, failed_polls=0, articles=0, events=0)


def _find(session: Session, key: int | str) -> SourceRow | None:
    if isinstance(key, int) or (isinstance(key, str) and key.isdigit()):
        return session.get(SourceRow, int(key))
    row = session.scalar(select(SourceRow).where(SourceRow.url == key))
    if row is None:
        row = session.scalar(select(SourceRow).where(SourceRow.name == key).order_by(SourceRow.id).limit(1))
    return row
