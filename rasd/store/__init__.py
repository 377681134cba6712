"""Storage: rasd's database behind one class, ``Store``, with an injected SQLAlchemy engine.

    >>> from rasd.store import Store, EventQuery
    >>> store = Store.open("sqlite://")               # in memory; migrated on open
    >>> store.query_events(EventQuery())
    ([], 0)

SQL never leaves this package: callers get ``rasd.model`` values. Tables: documents, mentions,
events (the contract's columns, indexed for the queries below), event_mentions (which event
each mention belongs to) and pair_scores (why mentions were merged). Schema changes are alembic
migrations in ``rasd/store/migrations``, run whenever a store is opened.
"""

from rasd.store.engine import engine_for
from rasd.store.query import SORT_FIELDS, EventQuery
from rasd.store.store import STATS_BY, IngestReport, Store

__all__ = ["Store", "EventQuery", "IngestReport", "engine_for", "SORT_FIELDS", "STATS_BY"]
