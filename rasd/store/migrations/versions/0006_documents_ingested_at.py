"""An index on documents.ingested_at: the daily digest reads what was stored in a day.

Revision ID: 0006
Revises: 0005
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_documents_ingested_at", "documents", ["ingested_at"])


def downgrade() -> None:
    op.drop_index("ix_documents_ingested_at", table_name="documents")
