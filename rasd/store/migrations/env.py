"""Alembic environment: rasd runs migrations programmatically on an open connection."""

from __future__ import annotations

from alembic import context

from rasd.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - rasd always passes its connection
    raise RuntimeError("rasd migrations run through rasd.store.migrate(engine), not the alembic CLI")

context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
