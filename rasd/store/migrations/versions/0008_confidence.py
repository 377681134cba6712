"""How sure extraction is of each mention and event, and what produced it.

``confidence`` (0..1, calibrated on the development sets) and ``rules`` (";"-joined ids of the
lexicon entries and reading rules that produced it) on mentions and events, and an index for
the review queue, which shows the least sure events first.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ADD COLUMN on both backends: the events table keeps its rowids (the text index uses them)
    for table in ("mentions", "events"):
        op.add_column(table, sa.Column("confidence", sa.Float(), nullable=True))
        op.add_column(table, sa.Column("rules", sa.Text(), nullable=True))
    op.create_index("ix_events_confidence", "events", ["confidence", "id"])


def downgrade() -> None:
    op.drop_index("ix_events_confidence", table_name="events")
    for table in ("events", "mentions"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("rules")
            batch.drop_column("confidence")
