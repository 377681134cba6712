"""Initial schema: documents, mentions, events, event_mentions, pair_scores (see rasd.store.models).

Revision ID: 0001
Revises: 
Create Date: 2026-11-25 12:50:48.059452
"""

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('documents',
    sa.Column('id', sa.String(length=255), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('outlet', sa.String(length=255), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('ingested_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('content_hash')
    )
    op.create_table('events',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('year_month', sa.String(length=7), nullable=True),
    sa.Column('fatalities_low', sa.Integer(), nullable=True),
    sa.Column('fatalities_high', sa.Integer(), nullable=True),
    sa.Column('source_count', sa.Integer(), nullable=False),
    sa.Column('doc_ids', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('event_date', sa.Date(), nullable=True),
    sa.Column('time_precision', sa.Integer(), nullable=True),
    sa.Column('event_type', sa.String(length=64), nullable=False),
    sa.Column('sub_event_type', sa.String(length=64), nullable=False),
    sa.Column('actor1', sa.String(length=255), nullable=True),
    sa.Column('actor2', sa.String(length=255), nullable=True),
    sa.Column('assoc_actor_1', sa.String(length=255), nullable=True),
    sa.Column('assoc_actor_2', sa.String(length=255), nullable=True),
    sa.Column('country', sa.String(length=128), nullable=True),
    sa.Column('country_code', sa.String(length=8), nullable=True),
    sa.Column('admin1', sa.String(length=128), nullable=True),
    sa.Column('admin1_code', sa.String(length=16), nullable=True),
    sa.Column('admin2', sa.String(length=128), nullable=True),
    sa.Column('location', sa.String(length=255), nullable=True),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('geo_precision', sa.Integer(), nullable=True),
    sa.Column('fatalities', sa.Integer(), nullable=True),
    sa.Column('injuries', sa.Integer(), nullable=True),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('source_url', sa.Text(), nullable=True),
    sa.CheckConstraint('fatalities IS NULL OR fatalities >= 0', name='ck_events_fatalities'),
    sa.CheckConstraint('geo_precision IS NULL OR geo_precision IN (1, 2, 3)', name='ck_events_geo_precision'),
    sa.CheckConstraint('injuries IS NULL OR injuries >= 0', name='ck_events_injuries'),
    sa.CheckConstraint('time_precision IS NULL OR time_precision IN (1, 2, 3)', name='ck_events_time_precision'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index('ix_events_actor1', ['actor1'], unique=False)
        batch_op.create_index('ix_events_actor2', ['actor2'], unique=False)
        batch_op.create_index('ix_events_admin1_date', ['admin1_code', 'event_date'], unique=False)
        batch_op.create_index('ix_events_admin1_name', ['admin1'], unique=False)
        batch_op.create_index('ix_events_date', ['event_date', 'id'], unique=False)
        batch_op.create_index('ix_events_fatalities', ['fatalities'], unique=False)
        batch_op.create_index('ix_events_location', ['location'], unique=False)
        batch_op.create_index('ix_events_month', ['year_month'], unique=False)
        batch_op.create_index('ix_events_sub_type', ['sub_event_type'], unique=False)
        batch_op.create_index('ix_events_type_date', ['event_type', 'event_date'], unique=False)

    op.create_table('pair_scores',
    sa.Column('mention_a', sa.String(length=32), nullable=False),
    sa.Column('mention_b', sa.String(length=32), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('reasons', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('mention_a', 'mention_b')
    )
    with op.batch_alter_table('pair_scores', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pair_scores_mention_b'), ['mention_b'], unique=False)

    op.create_table('mentions',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('doc_id', sa.String(length=255), nullable=False),
    sa.Column('offset', sa.Integer(), nullable=False),
    sa.Column('event_date', sa.Date(), nullable=True),
    sa.Column('time_precision', sa.Integer(), nullable=True),
    sa.Column('event_type', sa.String(length=64), nullable=False),
    sa.Column('sub_event_type', sa.String(length=64), nullable=False),
    sa.Column('actor1', sa.String(length=255), nullable=True),
    sa.Column('actor2', sa.String(length=255), nullable=True),
    sa.Column('assoc_actor_1', sa.String(length=255), nullable=True),
    sa.Column('assoc_actor_2', sa.String(length=255), nullable=True),
    sa.Column('country', sa.String(length=128), nullable=True),
    sa.Column('country_code', sa.String(length=8), nullable=True),
    sa.Column('admin1', sa.String(length=128), nullable=True),
    sa.Column('admin1_code', sa.String(length=16), nullable=True),
    sa.Column('admin2', sa.String(length=128), nullable=True),
    sa.Column('location', sa.String(length=255), nullable=True),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('geo_precision', sa.Integer(), nullable=True),
    sa.Column('fatalities', sa.Integer(), nullable=True),
    sa.Column('injuries', sa.Integer(), nullable=True),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('source_url', sa.Text(), nullable=True),
    sa.CheckConstraint('fatalities IS NULL OR fatalities >= 0', name='ck_mentions_fatalities'),
    sa.CheckConstraint('geo_precision IS NULL OR geo_precision IN (1, 2, 3)', name='ck_mentions_geo_precision'),
    sa.CheckConstraint('injuries IS NULL OR injuries >= 0', name='ck_mentions_injuries'),
    sa.CheckConstraint('time_precision IS NULL OR time_precision IN (1, 2, 3)', name='ck_mentions_time_precision'),
    sa.ForeignKeyConstraint(['doc_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('mentions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentions_doc_id'), ['doc_id'], unique=False)
        batch_op.create_index('ix_mentions_window', ['event_date', 'admin1_code'], unique=False)

    op.create_table('event_mentions',
    sa.Column('mention_id', sa.String(length=32), nullable=False),
    sa.Column('event_id', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['mention_id'], ['mentions.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('mention_id')
    )
    with op.batch_alter_table('event_mentions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_mentions_event_id'), ['event_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('event_mentions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_mentions_event_id'))

    op.drop_table('event_mentions')
    with op.batch_alter_table('mentions', schema=None) as batch_op:
        batch_op.drop_index('ix_mentions_window')
        batch_op.drop_index(batch_op.f('ix_mentions_doc_id'))

    op.drop_table('mentions')
    with op.batch_alter_table('pair_scores', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pair_scores_mention_b'))

    op.drop_table('pair_scores')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_type_date')
        batch_op.drop_index('ix_events_sub_type')
        batch_op.drop_index('ix_events_month')
        batch_op.drop_index('ix_events_location')
        batch_op.drop_index('ix_events_fatalities')
        batch_op.drop_index('ix_events_date')
        batch_op.drop_index('ix_events_admin1_name')
        batch_op.drop_index('ix_events_admin1_date')
        batch_op.drop_index('ix_events_actor2')
        batch_op.drop_index('ix_events_actor1')

    op.drop_table('events')
    op.drop_table('documents')
