"""Full-text search over events: FTS5 with triggers on SQLite, a GIN index on PostgreSQL.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

from rasd.store.search import body_sql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_SQLITE = [
    "CREATE VIRTUAL TABLE events_fts USING fts5(body)",
    f"INSERT INTO events_fts(rowid, body) SELECT rowid, {body_sql()} FROM events",
    f"""CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN
        INSERT INTO events_fts(rowid, body) VALUES (new.rowid, {body_sql('new.')}); END""",
    """CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
        DELETE FROM events_fts WHERE rowid = old.rowid; END""",
    f"""CREATE TRIGGER events_fts_update AFTER UPDATE ON events BEGIN
        DELETE FROM events_fts WHERE rowid = old.rowid;
        INSERT INTO events_fts(rowid, body) VALUES (new.rowid, {body_sql('new.')}); END""",
]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in _SQLITE:
            op.execute(statement)
    elif dialect == "postgresql":
        op.execute(f"CREATE INDEX ix_events_search ON events USING gin (to_tsvector('simple', {body_sql()}))")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS events_fts_{name}")
        op.execute("DROP TABLE IF EXISTS events_fts")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_events_search")
