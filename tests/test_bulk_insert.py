"""``rasd.store.bulk.insert_rows``: a batch's rows in one statement (COPY on PostgreSQL), read back
exactly, whichever fields of each row are empty; left-out columns get their defaults."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from rasd.model import EventMention
from rasd.store import Store, engine_for
from rasd.store.bulk import COPY_FROM, insert_rows
from rasd.store.engine import BULK_DOCUMENTS, SQLITE_CACHE_KIB, SQLITE_WRITER_CACHE_KIB, for_writing
from rasd.store.models import DocumentRow, MentionRow, PairScoreRow
from rasd.store.rows import mention_row


def _mention(k: int) -> EventMention:
    return EventMention(
        doc_id=f"doc-{k // 3}", offset=k * 10, event_date=date(2011, 4, 1 + k % 28) if k % 4 else None, time_precision=1 if k % 4 else None,
        event_type="Battles", sub_event_type="Armed clash", actor1="Gunmen" if k % 2 else None,
        actor2=None if k % 3 else "Police Forces of Iraq", admin1_code="IQ-BA" if k % 5 else None,
        location="al-Zubair; a 'quoted'\tplace\\" if k % 7 == 0 else None, fatalities=k % 4 or None,
        evidence=f"Line one\nline two of report {k}", rules=("r1", "r2") if k % 2 else ())


@pytest.mark.parametrize("count", [3, COPY_FROM * 3])
def test_rows_that_differ_in_their_empty_fields_are_stored_exactly(store_url: str, count: int) -> None:
    store = Store(engine_for(store_url))
    mentions = [_mention(k) for k in range(count)]
    documents = [{"id": f"doc-{k}", "content_hash": f"h{k}", "published": date(2011, 4, 5), "url": None,
                  "outlet": None, "title": None, "text": f"text {k}\r\nwith \\N and tabs\t", "ingested_at": datetime(2026, 12, 5, 12, k)}
                 for k in range(count // 3 + 1)]
    with store._session.begin() as session:
        insert_rows(session, DocumentRow.__table__, documents)
        insert_rows(session, MentionRow.__table__, [mention_row(m) for m in mentions])
        insert_rows(session, PairScoreRow.__table__, [{"mention_a": "a", "mention_b": "b", "score": 0.5}])
    with store._session() as session:
        stored = {row.id: row for row in session.scalars(select(MentionRow))}
        texts = dict(session.execute(select(DocumentRow.id, DocumentRow.text)).all())
        reasons = session.scalar(select(PairScoreRow.reasons))
    assert texts == {d["id"]: d["text"] for d in documents}
    assert {m.mention_id: mention_row(m) for m in mentions} == {
        key: {name: getattr(row, name) for name in mention_row(mentions[0])} for key, row in stored.items()}
    assert reasons == "{}"  # the column's default, as an ORM insert gives it
    store.close()


def test_a_row_naming_an_unknown_column_is_refused_with_its_name(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'x.db'}")
    with pytest.raises(ValueError, match="pair_scores has no column colour"), store._session.begin() as session:
        insert_rows(session, PairScoreRow.__table__, [{"mention_a": "a", "mention_b": "b", "score": 1.0, "colour": "red"}])
    store.close()


def test_only_a_bulk_batch_widens_the_sqlite_page_cache(tmp_path: Path) -> None:
    """A backfill's batches get the writer's large cache; a report at a time keeps the ordinary one."""
    engine = engine_for(f"sqlite:///{tmp_path / 'cache.db'}")
    with engine.connect() as connection:
        for_writing(connection, BULK_DOCUMENTS - 1)
        assert connection.exec_driver_sql("PRAGMA cache_size").scalar() == -SQLITE_CACHE_KIB
        for_writing(connection, BULK_DOCUMENTS)
        assert connection.exec_driver_sql("PRAGMA cache_size").scalar() == -SQLITE_WRITER_CACHE_KIB
    engine.dispose()
