"""The index deduplication reads stored neighbours through: (admin1_code, sub_event_type, event_date).

``rasd.store.neighbours`` joins the search windows of new mentions (a governorate, a sub-event
type, a range of days) against the mentions; this index answers each window with one range
scan. It replaces ``ix_mentions_window`` (event_date, admin1_code), which served the wider
window the store used to read.

Revision ID: 0009
Revises: 0008
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_mentions_search", "mentions", ["admin1_code", "sub_event_type", "event_date"])
    op.drop_index("ix_mentions_window", table_name="mentions")


def downgrade() -> None:
    op.create_index("ix_mentions_window", "mentions", ["event_date", "admin1_code"])
    op.drop_index("ix_mentions_search", table_name="mentions")
