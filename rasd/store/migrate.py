"""Schema migrations, run programmatically whenever a store is opened."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(connection: object) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def migrate(engine: Engine) -> None:
    """Bring the database at ``engine`` to the newest schema (a no-op when it is current)."""
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")
