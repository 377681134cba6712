"""Sort indexes that a backfill appends to: ties broken by date, then id; the confidence index goes.

The sort indexes of 0003 ended in the event id, a hash: each new event went to a random place
within its value, so a batch of 5,000 reports (some 18,000 events) dirtied nearly every page of
all 18 indexes, and SQLite writes each dirty page whole at commit: storing the last 10,000 of
a 100,000-report backfill took 17.3 CPU-s against 10.2 for the first. Ending in (event_date, id)
puts a backfill's new events at the end of their value's run, a few pages an index (13.6 against
10.0 CPU-s, same events); the order stays total, so paging stays stable
(``rasd.store.query.ordered`` breaks ties the same way).
``ix_events_confidence`` (0008) served the review queue until the partial indexes of 0010 took
its whole order; nothing reads it since, and its float keys scattered writes the same way.

Rebuilding the indexes reads the events table once for each: 13 s at 355,000 events on a 2-core
machine.

Revision ID: 0012
Revises: 0011
"""

from alembic import op

from rasd.store.models import SORT_INDEXED

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def _sort_indexes(tie_break: list[str]) -> None:
    for column in SORT_INDEXED:
        op.drop_index(f"ix_events_by_{column}", table_name="events")
        op.drop_index(f"ix_events_admin1_by_{column}", table_name="events")
        op.create_index(f"ix_events_by_{column}", "events", [column, *tie_break])
        op.create_index(f"ix_events_admin1_by_{column}", "events", ["admin1_code", column, *tie_break])


def upgrade() -> None:
    op.drop_index("ix_events_confidence", table_name="events")
    _sort_indexes(["event_date", "id"])


def downgrade() -> None:
    _sort_indexes(["id"])
    op.create_index("ix_events_confidence", "events", ["confidence", "id"])
