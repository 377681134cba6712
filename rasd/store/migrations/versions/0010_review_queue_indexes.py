"""The review queue read in index order: unreviewed events, least sure first, overall or within
a governorate.

The queue's order is confidence (events without one first), then newest, then id
(``rasd.store.query.queue_order``) among events nobody has reviewed. ``ix_events_confidence``
(0008) gives only the first key: where many events tie on confidence (a database filled before
0008, or events without one), every tie was sorted at each request, 0.6-0.9 s at a million
events. Two partial indexes (``WHERE review_status IS NULL``: they hold only the queue, and
shrink as it is reviewed) carry the whole order, so a page is the first 50 entries of one.
PostgreSQL orders NULLs the other way by default, so its indexes say where they go. The queue's
size within a governorate is all its events less the reviewed ones: ``ix_events_review_area``
(admin1_code, review_status) counts the second without walking the governorate's rows.

Revision ID: 0010
Revises: 0009
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_ORDER = {
    "sqlite": "confidence, event_date DESC, id DESC",
    "postgresql": "confidence ASC NULLS FIRST, event_date DESC NULLS LAST, id DESC",
}


def upgrade() -> None:
    order = _ORDER.get(op.get_bind().dialect.name, _ORDER["sqlite"])
    op.execute(f"CREATE INDEX ix_events_queue ON events ({order}) WHERE review_status IS NULL")
    op.execute(f"CREATE INDEX ix_events_queue_area ON events (admin1_code, {order}) WHERE review_status IS NULL")
    op.create_index("ix_events_review_area", "events", ["admin1_code", "review_status"])
    # the planner weighs the new indexes only once it has their statistics (a date range of the
    # queue otherwise sorts every unreviewed event of those dates): seconds at a million events;
    # an empty table's statistics would only mislead the planner as it fills
    if op.get_bind().exec_driver_sql("SELECT 1 FROM events LIMIT 1").first():
        op.execute("ANALYZE events")


def downgrade() -> None:
    op.drop_index("ix_events_review_area", table_name="events")
    op.drop_index("ix_events_queue_area", table_name="events")
    op.drop_index("ix_events_queue", table_name="events")
