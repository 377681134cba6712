"""The database schema as SQLAlchemy 2 typed models (portable: SQLite and PostgreSQL).

    documents ──< mentions >── event_mentions ──> events
                        └── pair_scores (mention_a, mention_b): why mentions merged or not

Events hold the contract's columns so that every query is plain SQL over one indexed table;
``year_month`` (``YYYY-MM``) is stored rather than computed so monthly counts use an index on
every backend. The migrations in ``rasd/store/migrations`` create exactly this schema.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, DateTime, Float, ForeignKey, Index, Integer, LargeBinary, String, Text
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
    ingested_at: Mapped[datetime] = mapped_column(DateTime, index=True)  # the digest: what came in when


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
    confidence: Mapped[float | None] = mapped_column(Float)
    rules: Mapped[str | None] = mapped_column(Text)  # ";"-joined ids (EventMention.rules)


class MentionRow(_EventColumns, Base):
    __tablename__ = "mentions"
    __table_args__ = (
        *_checks("mentions"),
        # the stored neighbours of new mentions, read by rasd.store.neighbours (migration 0006)
        Index("ix_mentions_search", "admin1_code", "sub_event_type", "event_date"),
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
        # the review queue's whole order, unreviewed events only: ix_events_queue and ix_events_queue_area,
        # partial indexes whose NULLs order differs by dialect, are made by migration 0010
        # one sorted page read in index order, overall or within a governorate (migration 0003);
        # ties by date then id, so a backfill appends to each value's run (0012)
        *(Index(f"ix_events_by_{c}", c, "event_date", "id") for c in SORT_INDEXED),
        *(Index(f"ix_events_admin1_by_{c}", "admin1_code", c, "event_date", "id") for c in SORT_INDEXED),
        Index("ix_events_review", "review_status", "event_date"),
        Index("ix_events_review_area", "admin1_code", "review_status"),  # reviewed within a governorate (0010)
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    year_month: Mapped[str | None] = mapped_column(String(7))
    fatalities_low: Mapped[int | None] = mapped_column(Integer)
    fatalities_high: Mapped[int | None] = mapped_column(Integer)
    source_count: Mapped[int] = mapped_column(Integer, default=1)
    doc_ids: Mapped[str] = mapped_column(Text, default="[]")  # JSON list, so listing events needs no join
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    # accepted | edited | added; NULL: not reviewed. A copy of reviews.status (migration 0007),
    # so listings and exports read it without a join; rejected events have no row here.
    review_status: Mapped[str | None] = mapped_column(String(16))


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


# -- watching sources (migration 0004) --------------------------------------------------------
#
#     sources ──< pages (the fetch ledger: one row per canonical URL, raw body kept compressed)
#     alerts ──< deliveries (the outbox: one row per alert and channel, retried until sent)


class SourceRow(Base):
    __tablename__ = "sources"
    __table_args__ = (CheckConstraint("kind IN ('rss', 'atom', 'sitemap', 'folder')", name="ck_sources_kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(255))
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    every_seconds: Mapped[int] = mapped_column(Integer)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    added_at: Mapped[datetime] = mapped_column(DateTime)
    cursor: Mapped[str] = mapped_column(Text, default="{}")  # JSON: ETag, Last-Modified, ...
    next_due: Mapped[datetime] = mapped_column(DateTime, index=True)
    last_attempt: Mapped[datetime | None] = mapped_column(DateTime)
    last_success: Mapped[datetime | None] = mapped_column(DateTime)
    last_new_at: Mapped[datetime | None] = mapped_column(DateTime)
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_error_at: Mapped[datetime | None] = mapped_column(DateTime)
    polls: Mapped[int] = mapped_column(Integer, default=0)
    failed_polls: Mapped[int] = mapped_column(Integer, default=0)
    articles: Mapped[int] = mapped_column(Integer, default=0)
    events: Mapped[int] = mapped_column(Integer, default=0)


class PageRow(Base):
    """One fetched (or refused) URL. ``state``: fetched (body kept, not yet read) → stored |
    duplicate | republished | empty; or failed / blocked when no body could be had."""

    __tablename__ = "pages"
    __table_args__ = (
        Index("ix_pages_source_fetched", "source_id", "fetched_at"),
        Index("ix_pages_state", "state", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="SET NULL"))
    url: Mapped[str] = mapped_column(String(2048), unique=True)  # canonical
    final_url: Mapped[str | None] = mapped_column(String(2048), index=True)  # canonical, after redirects
    discovered_at: Mapped[datetime] = mapped_column(DateTime)
    fetched_at: Mapped[datetime | None] = mapped_column(DateTime)
    state: Mapped[str] = mapped_column(String(16))
    http_status: Mapped[int | None] = mapped_column(Integer)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    error: Mapped[str | None] = mapped_column(Text)
    content_type: Mapped[str | None] = mapped_column(String(255))
    validator: Mapped[str | None] = mapped_column(String(255))  # ETag, or a file's mtime and size
    body: Mapped[bytes | None] = mapped_column(LargeBinary)  # zlib-compressed raw bytes
    body_bytes: Mapped[int | None] = mapped_column(Integer)
    hint_title: Mapped[str | None] = mapped_column(Text)  # from the feed item
    hint_published: Mapped[date | None] = mapped_column(Date)
    doc_id: Mapped[str | None] = mapped_column(String(255), index=True)
    text_hash: Mapped[str | None] = mapped_column(String(64), index=True)  # normalised article text


class AlertRow(Base):
    __tablename__ = "alerts"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    rule: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(Text)
    detail: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    admin1: Mapped[str | None] = mapped_column(String(128))
    admin1_code: Mapped[str | None] = mapped_column(String(16))
    event_id: Mapped[str | None] = mapped_column(String(64))
    source_id: Mapped[int | None] = mapped_column(Integer)
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    data: Mapped[str] = mapped_column(Text, default="{}")


class DeliveryRow(Base):
    __tablename__ = "deliveries"

    alert_id: Mapped[str] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"), primary_key=True)
    channel: Mapped[str] = mapped_column(String(16), primary_key=True)  # webhook | smtp
    state: Mapped[str] = mapped_column(String(12), default="pending")  # pending | sent | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_try: Mapped[datetime] = mapped_column(DateTime, index=True)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str | None] = mapped_column(Text)


# -- review: accounts, human decisions and their audit trail (migration 0007) ----------------
#
#     users ──< api_tokens
#     reviews (one per reviewed event: status and the field values a human set, the pins)
#     mention_pins (mention -> the event a human put it in: no re-clustering moves it)
#     audit (every change: who, when, field, before, after, note; revertible)
#     document_reviews (a document read whole: "reviewed, nothing missed")

class UserRow(Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('viewer', 'editor', 'admin')", name="ck_users_role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str | None] = mapped_column(String(255))  # argon2id; NULL: tokens only
    created_at: Mapped[datetime] = mapped_column(DateTime)
    last_login: Mapped[datetime | None] = mapped_column(DateTime)


class ApiTokenRow(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # SHA-256 of the token: tokens are long random strings, so a fast hash is safe to look up by
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    last_used: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)


class SecretRow(Base):
    """Server secrets made once and kept in the database (the session signing key), so every
    worker and every restart agree without configuration."""

    __tablename__ = "secrets"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(255))


class ReviewRow(Base):
    __tablename__ = "reviews"
    __table_args__ = (CheckConstraint("status IN ('accepted', 'edited', 'added', 'rejected')", name="ck_reviews_status"),)

    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))
    fields: Mapped[str] = mapped_column(Text, default="{}")  # JSON: field -> the value a human set or confirmed
    snapshot: Mapped[str | None] = mapped_column(Text)  # JSON record of a rejected event, to show and revert it
    reviewer: Mapped[str] = mapped_column(String(64))
    reviewed_at: Mapped[datetime] = mapped_column(DateTime)


class MentionPinRow(Base):
    __tablename__ = "mention_pins"

    mention_id: Mapped[str] = mapped_column(ForeignKey("mentions.id", ondelete="CASCADE"), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64), index=True)


class AuditRow(Base):
    __tablename__ = "audit"
    __table_args__ = (Index("ix_audit_event", "event_id", "id"), Index("ix_audit_doc", "doc_id", "id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    user: Mapped[str] = mapped_column(String(64))  # the name, kept when the account is removed
    action: Mapped[str] = mapped_column(String(16))  # accept edit reject merge split add complete revert
    event_id: Mapped[str | None] = mapped_column(String(64))
    other_event: Mapped[str | None] = mapped_column(String(64), index=True)  # a merge's target, a split's new event
    doc_id: Mapped[str | None] = mapped_column(String(255))
    field: Mapped[str | None] = mapped_column(String(64))
    before: Mapped[str | None] = mapped_column(Text)  # JSON: a field's value, or the state a revert restores
    after: Mapped[str | None] = mapped_column(Text)  # JSON
    note: Mapped[str | None] = mapped_column(Text)
    reverted_by: Mapped[int | None] = mapped_column(Integer)  # the audit id of the revert


class DocumentReviewRow(Base):
    __tablename__ = "document_reviews"

    doc_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    reviewer: Mapped[str] = mapped_column(String(64))
    reviewed_at: Mapped[datetime] = mapped_column(DateTime)
