"""PostgreSQL as a team runs it: pooled connections that survive a server dropping them."""

from __future__ import annotations

from datetime import date

import psycopg
import pytest
from sqlalchemy import event
from test_store import article, mention

from rasd.store import Store, engine_for

pytestmark = pytest.mark.postgres


def _terminate(url: str, pid: int) -> None:
    with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))


def test_a_connection_dropped_mid_batch_is_retried_and_nothing_is_stored_twice(postgres_url: str,
                                                                                caplog: pytest.LogCaptureFixture) -> None:
    store = Store(engine_for(postgres_url))
    first, second = article("pg-a", "Roadside bomb in Amarah.", date(2011, 4, 5)), article("pg-b", "IED hits police.", date(2011, 4, 5), "Other Wire")
    dropped: list[int] = []

    @event.listens_for(store.engine, "before_cursor_execute")
    def drop_once(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001, ANN202
        if not dropped and statement.lstrip().upper().startswith("INSERT INTO MENTIONS"):
            dropped.append(conn.connection.dbapi_connection.info.backend_pid)
            _terminate(postgres_url, dropped[0])

    report = store.ingest([(first, [mention(first)]), (second, [mention(second, fatalities=3)])])
    assert dropped and report.documents == 2 and not report.failed
    messages = [r.getMessage() for r in caplog.records]
    assert any("lost" in m and "retrying in 1 s" in m for m in messages)  # the whole batch again, at once
    assert not any("one by one" in m for m in messages)
    assert store.counts()["documents"] == 2 and store.counts()["mentions"] == 2
    [stored] = [store.get_event(e.id) for e in store.iter_events()]
    assert stored is not None and set(stored.doc_ids) == {"pg-a", "pg-b"}
    store.close()


def test_a_pooled_connection_the_server_closed_is_replaced(postgres_url: str) -> None:
    store = Store(engine_for(postgres_url))
    first = article("pool-a", "Roadside bomb in Amarah.", date(2011, 4, 5))
    store.ingest([(first, [mention(first)])])
    with store.engine.connect() as connection:
        pid = connection.connection.dbapi_connection.info.backend_pid
    _terminate(postgres_url, pid)  # the idle connection in the pool dies, as a managed server's would
    second = article("pool-b", "IED hits police.", date(2011, 4, 5), "Other Wire")
    assert store.ingest([(second, [mention(second)])]).documents == 1
    assert store.counts()["documents"] == 2
    store.close()
