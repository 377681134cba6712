"""New events enter SQLite's full-text index a batch at a time, not by a trigger per row.

FTS5 flushes its pending terms at every statement a trigger runs inside, so the per-row insert
trigger of 0002 wrote a small index segment for each new event and merged it into the others:
0.2 ms a row at 100,000 events, a third of the cost of storing an event, and growing with the
index. The store now adds each batch's new events with one ``INSERT ... SELECT``
(``rasd.store.search.index_events``), the only place events are inserted. Deleting and
updating events keep their triggers (review edits and rejects change a row at a time).

Revision ID: 0011
Revises: 0010
"""

from alembic import op

from rasd.store.search import body_sql

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS events_fts_insert")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"""CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN
            INSERT INTO events_fts(rowid, body) VALUES (new.rowid, {body_sql('new.')}); END""")
