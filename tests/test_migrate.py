"""Migrations never brick a database: killed at any statement, or run by ten processes at once.

Each interrupted migration runs in a forked child that kills itself (SIGKILL: no cleanup, no
rollback) just before its n-th SQL statement; the parent then opens the database as a user would.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, inspect, text

from rasd.store import Store, engine_for
from rasd.store.migrate import migrate


def _in_child(work: Callable[[], None]) -> int:
    """Run ``work`` in a forked process; its exit status (negative: the signal that ended it)."""
    pid = os.fork()
    if pid == 0:  # the child never returns into pytest
        code = 1
        try:
            work()
            code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)


def _kill_before_statement(engine: Engine, n: int) -> None:
    seen = iter(range(n + 1))

    @event.listens_for(engine, "before_cursor_execute")
    def count(*_: object) -> None:
        if next(seen) == n:
            os.kill(os.getpid(), signal.SIGKILL)


def _migrate_killed_at(url: str, n: int, revision: str = "head") -> int:
    def work() -> None:
        engine = engine_for(url)
        _kill_before_statement(engine, n)
        migrate(engine, revision)

    return _in_child(work)


def _schema(engine: Engine) -> tuple[object, ...]:
    found = inspect(engine)
    tables = sorted(found.get_table_names())
    indexes = sorted((t, i["name"]) for t in tables for i in found.get_indexes(t))
    with engine.connect() as connection:
        version = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return tables, indexes, version


def _fresh_schema(tmp_path: Path) -> tuple[object, ...]:
    return _schema(Store(engine_for(f"sqlite:///{tmp_path / 'reference.db'}")).engine)


@pytest.mark.parametrize("start", [None, "0002"], ids=["new database", "upgrade from 0002"])
def test_a_migration_killed_at_any_statement_leaves_a_database_that_opens(tmp_path: Path, start: str | None) -> None:
    reference = _fresh_schema(tmp_path)
    n = 0
    while True:
        url = f"sqlite:///{tmp_path / f'killed-{n}.db'}"
        if start:
            migrate(engine_for(url), start)
            with engine_for(url).begin() as connection:  # a stored document must survive too
                connection.execute(text("INSERT INTO documents (id, content_hash, text, ingested_at) "
                                        "VALUES ('d1', 'h1', 'Gunmen killed two in Tikrit.', '2011-06-02')"))
        status = _migrate_killed_at(url, n)
        store = Store(engine_for(url))  # raised StoreError before the fix ("table documents already exists")
        assert _schema(store.engine) == reference, f"killed before statement {n}"
        if start:
            with store.engine.connect() as connection:
                assert connection.execute(text("SELECT id FROM documents")).scalars().all() == ["d1"]
        store.close()
        if status == 0:  # the migration finished before statement n: every statement was tried
            break
        assert status == -signal.SIGKILL
        n += 1
    assert n > 20  # the migrations are many statements, each was a kill point


def test_ten_processes_opening_a_new_database_at_once_all_succeed(store_url: str) -> None:
    runs = 10
    def open_store() -> None:
        Store(engine_for(store_url)).close()

    pids = []
    for _ in range(runs):
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                open_store()
                code = 0
            finally:
                os._exit(code)
        pids.append(pid)
    statuses = [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in pids]
    assert statuses == [0] * runs
    store = Store(engine_for(store_url))
    assert store.counts() == {"documents": 0, "mentions": 0, "events": 0, "pair_scores": 0}
    with store.engine.connect() as connection:
        assert len(connection.execute(text("SELECT version_num FROM alembic_version")).all()) == 1
    store.close()
