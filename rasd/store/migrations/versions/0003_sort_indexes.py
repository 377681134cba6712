"""Indexes that serve one sorted page straight from the index, within a governorate or overall.

Every sortable column gets ``(admin1_code, column, id)`` (the table page filters by governorate
and sorts) and ``(column, id)`` (sorting the whole store). Ending in ``id`` matches the tie-break
of ``rasd.store.query.ordered``, so the database reads the first rows of the index in order
instead of sorting every event of a governorate. The single-column indexes these extend go.

Revision ID: 0003
Revises: 0002
"""

from alembic import op

from rasd.store.models import SORT_INDEXED

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_REPLACED = {"ix_events_fatalities": "fatalities", "ix_events_sub_type": "sub_event_type", "ix_events_actor1": "actor1",
             "ix_events_actor2": "actor2", "ix_events_location": "location", "ix_events_admin1_name": "admin1"}


def upgrade() -> None:
    for name in _REPLACED:
        op.drop_index(name, table_name="events")
    for column in SORT_INDEXED:
        op.create_index(f"ix_events_by_{column}", "events", [column, "id"])
        op.create_index(f"ix_events_admin1_by_{column}", "events", ["admin1_code", column, "id"])
    # Fresh statistics for the planner: without them it can pick a sort index for a filter that
    # the (admin1_code, event_date) index serves far better.
    op.execute("ANALYZE events" if op.get_bind().dialect.name == "postgresql" else "ANALYZE")


def downgrade() -> None:
    for column in SORT_INDEXED:
        op.drop_index(f"ix_events_by_{column}", table_name="events")
        op.drop_index(f"ix_events_admin1_by_{column}", table_name="events")
    for name, column in _REPLACED.items():
        op.create_index(name, "events", [column])
