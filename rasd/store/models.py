"""The database schema as SQLAlchemy 2 typed models (portable: SQLite and PostgreSQL).

    documents ──< mentions >── event_mentions ──> events
                        └── pair_scores (mention_a, mention_b): why mentions merged or not

Events hold the contract's columns so that every query is plain SQL over one indexed table;
``year_month`` (``YYYY-MM``) is stored rather than computed so monthly counts use an index on
every backend. The migrations in ``rasd/store/migrations`` create exactly this schema.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


def _checks(table: str) -> tuple[CheckConstraint, ...]:
    """Value ranges of the contract, enforced by the database on every backend."""
    precision = [CheckConstraint(f"{c} IS NULL OR {c} IN (1, 2, 3)", name=f"ck_{table}_{c}")
                 for c in ("time_precision", "geo_precision")]
    counts = [CheckConstraint(f"{c} IS NULL OR {c} >= 0", name=f"ck_{table}_{c}") for c in ("fatalities", "injuries")]
    return (*precision, *counts)


class DocumentRow(Base):
    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(String(255), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    published: Mapped[date | None] = mapped_column(Date)
    url: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(String(255))
    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    ingested_at: Mapped[datetime] = mapped_column(DateTime)


class _EventColumns:
    """The contract's event columns, shared by mentions and reconciled events."""

    event_date: Mapped[date | None] = mapped_column(Date)
    time_precision: Mapped[int | None] = mapped_column(Integer)
    event_type: Mapped[str] = mapped_column(String(64))
    sub_event_type: Mapped[str] = mapped_column(String(64))
    actor1: Mapped[str | None] = mapped_column(String(255))
    actor2: Mapped[str | None] = mapped_column(String(255))
    assoc_actor_1: Mapped[str | None] = mapped_column(String(255))
    assoc_actor_2: Mapped[str | None] = mapped_column(String(255))
    country: Mapped[str | None] = mapped_column(String(128))
    country_code: Mapped[str | None] = mapped_column(String(8))
    admin1: Mapped[str | None] = mapped_column(String(128))
    admin1_code: Mapped[str | None] = mapped_column(String(16))
    admin2: Mapped[str | None] = mapped_column(String(128))
    location: Mapped[str | None] = mapped_column(String(255))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    geo_precision: Mapped[int | None] = mapped_column(Integer)
    fatalities: Mapped[int | None] = mapped_column(Integer)
    injuries: Mapped[int | None] = mapped_column(Integer)
    evidence: Mapped[str] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    source_url: Mapped[str | None] = mapped_column(Text)


class MentionRow(_EventColumns, Base):
    __tablename__ = "mentions"
    __table_args__ = (
        *_checks("mentions"),
        Index("ix_mentions_window", "event_date", "admin1_code"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    doc_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    offset: Mapped[int] = mapped_column(Integer, default=0)


#: Sortable event columns (besides event_date and id, which older indexes serve) with sort indexes.
SORT_INDEXED: tuple[str, ...] = ("event_type", "sub_event_type", "admin1", "location", "actor1", "actor2",
                                 "fatalities", "injuries", "source_count")


class EventRow(_EventColumns, Base):
    __tablename__ = "events"
    __table_args__ = (
        *_checks("events"),
        Index("ix_events_date", "event_date", "id"),
        Index("ix_events_admin1_date", "admin1_code", "event_date"),
        Index("ix_events_type_date", "event_type", "event_date"),
        Index("ix_events_month", "year_month"),
        # one sorted page read in index order, overall or within a governorate (migration 0003)
        *(Index(f"ix_events_by_{c}", c, "id") for c in SORT_INDEXED),
        *(Index(f"ix_events_admin1_by_{c}", "admin1_code", c, "id") for c in SORT_INDEXED),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    year_month: Mapped[str | None] = mapped_column(String(7))
    fatalities_low: Mapped[int | None] = mapped_column(Integer)
    fatalities_high: Mapped[int | None] = mapped_column(Integer)
    source_count: Mapped[int] = mapped_column(Integer, default=1)
    doc_ids: Mapped[str] = mapped_column(Text, default="[]")  # JSON list, so listing events needs no join
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class EventMentionRow(Base):
    __tablename__ = "event_mentions"

    mention_id: Mapped[str] = mapped_column(ForeignKey("mentions.id", ondelete="CASCADE"), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64), index=True)


class PairScoreRow(Base):
    __tablename__ = "pair_scores"

    mention_a: Mapped[str] = mapped_column(String(32), primary_key=True)
    mention_b: Mapped[str] = mapped_column(String(32), primary_key=True, index=True)
    score: Mapped[float] = mapped_column(Float)
    reasons: Mapped[str] = mapped_column(Text, default="{}")  # JSON object: feature -> contribution
