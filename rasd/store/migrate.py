"""Schema migrations, run programmatically whenever a store is opened.

Migrating is atomic and exclusive on every backend. All pending migrations run in one
transaction, so a process killed half-way leaves the database exactly as it was, and the next
open simply migrates again. That transaction starts by taking a lock (SQLite: ``BEGIN
IMMEDIATE``, the database's write lock; PostgreSQL: a transaction-scoped advisory lock), so when
several processes open a new database at once, one migrates and the others wait, then find
nothing left to do. A database already at the newest schema is recognised without any lock, so
opening a store never waits for another process's write.

SQLite needs care for this: Python's sqlite3 driver runs DDL outside any transaction unless it
is told to leave transaction control to us, which ``_sqlite_transaction`` does for the one
connection that migrates.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

MIGRATIONS = Path(__file__).with_name("migrations")
#: How long a process waits for another one's migration to finish (ms): building an index over
#: a million events takes a while, and waiting is always better than failing to open.
LOCK_WAIT_MS = 600_000
#: Any fixed number: the advisory lock PostgreSQL migrations hold ("rasd" in ASCII).
_PG_LOCK_KEY = 0x72617364


def alembic_config(connection: object) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the database at ``engine`` to ``revision`` (the newest schema unless a test asks
    for an older one); a no-op, without locking, when it is there already."""
    with engine.connect() as connection:
        if revision == "head" and _is_current(connection):
            return
        connection.rollback()
        with _locked_transaction(connection):
            command.upgrade(alembic_config(connection), revision)


def _is_current(connection: Connection) -> bool:
    heads = set(ScriptDirectory(str(MIGRATIONS)).get_heads())
    return set(MigrationContext.configure(connection).get_current_heads()) == heads


@contextmanager
def _locked_transaction(connection: Connection) -> Iterator[None]:
    """One transaction holding the migration lock: committed if the body returns, else rolled back."""
    dialect = connection.dialect.name
    with _sqlite_transaction(connection) if dialect == "sqlite" else nullcontext():
        if dialect == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_LOCK_KEY})")
        try:
            yield
        except BaseException:
            connection.rollback()
            raise
        connection.commit()


@contextmanager
def _sqlite_transaction(connection: Connection) -> Iterator[None]:
    """Begin an immediate (write-locked) transaction in which DDL is transactional too."""
    raw = connection.connection.driver_connection
    saved_level = raw.isolation_level
    saved_wait = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
    connection.rollback()
    raw.isolation_level = None  # the driver stops issuing (and skipping) BEGIN: we issue our own
    try:
        connection.exec_driver_sql(f"PRAGMA busy_timeout={LOCK_WAIT_MS}")
        connection.exec_driver_sql("BEGIN IMMEDIATE")
        yield
    finally:
        if raw.in_transaction:  # only when the body failed before commit or rollback
            raw.rollback()
        raw.isolation_level = saved_level
        raw.execute(f"PRAGMA busy_timeout={int(saved_wait or 0)}")
