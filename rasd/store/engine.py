"""Engines for database URLs: the per-backend details live here and nowhere else."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import StaticPool

from rasd.errors import ConfigError


#: SQLite page cache per connection (KiB): the events table carries a score of indexes and a
#: full-text index, and a large ingest touches pages all over them; the default 2 MB cache
#: makes every insert re-read index pages, several times slower once the file outgrows it.
SQLITE_CACHE_KIB = 131072

#: The page cache of the connection storing an ingest (KiB; ``for_writing``). A batch inserts
#: thousands of events and mentions, each into every index of its table; those keyed by an id (a
#: hash) take it at a random place, so a batch dirties pages all over them (the sort and queue
#: indexes append instead since migration 0012); once those indexes outgrow the cache, each
#: batch re-reads and re-parses most of their pages. Storing the 10,000 documents after the first
#: 90,000 (about 400 MB of event indexes), 512 MB instead of 128 MB took a fifth less CPU (18.4
#: against 14.5 CPU-s, idle; bench/README.md). Only the writer gets it: the dashboard's readers
#: need far less. The process's memory grows by up to this much as the cache fills, then stays,
#: so only batches of ``BULK_DOCUMENTS`` or more get it: a server storing a report at a time, or
#: the watcher a page at a time, keeps the ordinary cache.
SQLITE_WRITER_CACHE_KIB = 524288
BULK_DOCUMENTS = 1000


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    # Write-ahead logging: the dashboard reads while `rasd watch` writes, and a commit costs no
    # fsync (synchronous=NORMAL), which matters to a watcher committing each page as it arrives.
    # A killed process loses nothing committed; only a power cut can lose the last commits.
    if cursor.execute("PRAGMA journal_mode=WAL").fetchone()[0] == "wal":
        cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    cursor.close()


def for_writing(connection: Connection, documents: int) -> None:
    """Ready ``connection`` to store a batch of ``documents``: on SQLite, a bulk batch gets the
    writer's larger page cache (kept by the connection for the batches after it)."""
    if connection.dialect.name == "sqlite" and documents >= BULK_DOCUMENTS:
        connection.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_WRITER_CACHE_KIB}")


#: A pool of connections to PostgreSQL, each tested before use: a managed server (or a proxy in
#: front of it) drops idle connections, restarts for maintenance and fails over, and a dead
#: connection found at checkout is replaced instead of failing the next batch. Recycling after
#: 30 minutes stays under the idle timeouts providers set. ``Store`` retries a batch whose
#: connection drops mid-transaction (``Store.RETRIES``).
POSTGRES_POOL: dict[str, Any] = {"pool_pre_ping": True, "pool_size": 5, "max_overflow": 5, "pool_recycle": 1800,
                                 "connect_args": {"connect_timeout": 15}}


def engine_for(url: str) -> Engine:
    """An engine for ``url``: SQLite (file or memory) or PostgreSQL (psycopg 3 by default)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ConfigError(f"{url!r} is not a database URL; use e.g. sqlite:///rasd.db") from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    kwargs: dict[str, Any] = {}
    if parsed.get_backend_name() == "postgresql":
        kwargs.update(POSTGRES_POOL)
    if parsed.get_backend_name() == "sqlite":
        kwargs["connect_args"] = {"check_same_thread": False}
        if parsed.database in (None, "", ":memory:"):
            kwargs["poolclass"] = StaticPool  # one shared connection, or the memory database vanishes
    try:
        engine = create_engine(parsed, **kwargs)
    except Exception as exc:  # a missing driver or a malformed URL: say which
        raise ConfigError(f"cannot use database {url!r}: {exc}") from None
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine
