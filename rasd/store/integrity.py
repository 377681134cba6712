"""Consistency checks over a stored database: what must hold after any crash or concurrent write.

The database engine's own check (SQLite's ``integrity_check`` and ``foreign_key_check``) comes
first; then rasd's invariants: every mention belongs to exactly one existing event, every event
has a mention, and on SQLite the full-text index holds exactly the stored events.
"""

from __future__ import annotations

from sqlalchemy import Connection, func, select, text

from rasd.store.models import EventMentionRow, EventRow, MentionRow


def problems(connection: Connection) -> list[str]:
    """Every inconsistency found, as plain sentences (empty: the database is consistent)."""
    found = _sqlite_checks(connection) if connection.dialect.name == "sqlite" else []
    unassigned = _count(connection, select(func.count()).select_from(MentionRow).where(
        ~MentionRow.id.in_(select(EventMentionRow.mention_id))))
    dangling = _count(connection, select(func.count()).select_from(EventMentionRow).where(
        ~EventMentionRow.event_id.in_(select(EventRow.id))))
    empty = _count(connection, select(func.count()).select_from(EventRow).where(
        ~EventRow.id.in_(select(EventMentionRow.event_id))))
    found += [f"{n} {what}" for n, what in ((unassigned, "mentions belong to no event"),
                                            (dangling, "mention assignments name a missing event"),
                                            (empty, "events have no mention")) if n]
    return found


def _count(connection: Connection, stmt: object) -> int:
    return int(connection.execute(stmt).scalar() or 0)  # type: ignore[call-overload]


def _sqlite_checks(connection: Connection) -> list[str]:
    found = []
    verdict = connection.execute(text("PRAGMA integrity_check")).scalars().all()
    if verdict != ["ok"]:
        found.append("integrity_check: " + "; ".join(verdict[:5]))
    broken = connection.execute(text("PRAGMA foreign_key_check")).all()
    if broken:
        found.append(f"{len(broken)} rows break a foreign key (first: {tuple(broken[0])})")
    events = _count(connection, select(func.count()).select_from(EventRow))
    indexed = _count(connection, text("SELECT count(*) FROM events_fts"))
    if indexed != events:
        found.append(f"the search index holds {indexed} rows for {events} events")
    return found
