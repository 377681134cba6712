"""rasd's typed vocabulary: plain frozen dataclasses that flow between pipeline stages.

Nothing heavy is imported here. Extraction's own working values (sentences, candidates) never
leave ``rasd.extract``; SQL rows never leave ``rasd.store``; both convert to these types at their
edge. Every value is picklable.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any

#: The fields that say where an event happened; they travel together (reconciliation takes
#: them all from the one most precise report).
PLACE_FIELDS: tuple[str, ...] = (
    "country",
    "country_code",
    "admin1",
    "admin1_code",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
)

#: Field order of the event output contract (shared/spec/events.md), extended with rasd extras.
EVENT_FIELDS: tuple[str, ...] = (
    "doc_id",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "assoc_actor_1",
    "assoc_actor_2",
    *PLACE_FIELDS,
    "fatalities",
    "injuries",
    "evidence",
    "source",
    "source_url",
    "confidence",
    "rules",
)


def join_outlets(names: Iterable[str | None]) -> str | None:
    """Outlet names as the contract's ``source`` field: distinct, sorted, joined by "; "."""
    return "; ".join(sorted({n for n in names if n})) or None


def split_outlets(source: str | None) -> set[str]:
    """The outlet names in a ``source`` field (``join_outlets`` undone)."""
    return {part.strip() for part in (source or "").split(";") if part.strip()}


def parse_day(value: date | str | None) -> date | None:
    """A day given as ``YYYY-MM-DD`` (or already a date); None and "" are no day.

    ValueError says what is wrong; each caller names the option or parameter it came from.
    """
    if value is None or value == "" or isinstance(value, date):
        return value or None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValueError(f"{value!r} is not a date; use YYYY-MM-DD") from None


@dataclass(frozen=True)
class Article:
    """One news report as ingested: the text and its provenance."""

    id: str
    text: str
    published: date | None = None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    #: where the document was read ("FILE:LINE" or "FILE"), for messages; not part of its identity
    origin: str | None = field(default=None, compare=False)

    @property
    def label(self) -> str:
        """How messages name the document: where it was read, and its id."""
        return f"{self.origin}: document {self.id!r}" if self.origin else self.id

    @property
    def content_hash(self) -> str:
        """Identity for re-ingestion: the same text from the same outlet is the same report."""
        key = "\x1f".join((self.outlet or "", self.title or "", self.text))
        return hashlib.sha256(key.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Place:
    """A gazetteer entry: a governorate, district, town or named site."""

    name: str
    kind: str  # "governorate" | "district" | "town" | "site"
    country: str | None
    country_code: str | None
    admin1: str | None
    admin1_code: str | None
    admin2: str | None
    latitude: float | None
    longitude: float | None
    population: int = 0
    geonameid: int | None = None


@dataclass(frozen=True)
class Actor:
    """A canonical actor from the dictionary, with its ACLED inter type."""

    name: str
    inter: str  # e.g. "State forces", "Political militia", "Civilians"


@dataclass(frozen=True)
class EventMention:
    """One incident as read from one document (before cross-report deduplication)."""

    doc_id: str
    event_date: date | None
    time_precision: int | None
    event_type: str
    sub_event_type: str
    actor1: str | None = None
    actor2: str | None = None
    assoc_actor_1: str | None = None
    assoc_actor_2: str | None = None
    country: str | None = None
    country_code: str | None = None
    admin1: str | None = None
    admin1_code: str | None = None
    admin2: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    fatalities: int | None = None
    injuries: int | None = None
    evidence: str = ""
    source: str | None = None
    source_url: str | None = None
    #: how likely the event is right (calibrated on the development sets: of events given 0.8,
    #: about 80% match a gold event); None where nothing computed it
    confidence: float | None = None
    #: ids of what produced the event: lexicon entries (trigger, type cues) and reading rules
    rules: tuple[str, ...] = ()
    #: position of the evidence in the document, so a document's mentions keep their order
    offset: int = 0

    @cached_property
    def mention_id(self) -> str:
        """Stable id: the document and the evidence position identify a mention (worked out once:
        deduplication asks for it many times)."""
        key = f"{self.doc_id}\x1f{self.offset}\x1f{self.event_type}\x1f{self.sub_event_type}"
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]

    def to_record(self) -> dict[str, Any]:
        """The contract's JSON shape (dates as ISO strings), in the contract's field order."""
        # every field is a plain value but these two: no need for asdict's deep copy (a third
        # of the parent's work when ``rasd extract`` writes a large corpus)
        record = {name: getattr(self, name) for name in EVENT_FIELDS}
        record["event_date"] = self.event_date.isoformat() if self.event_date else None
        record["rules"] = list(self.rules)
        record["mention_id"] = self.mention_id
        return record


@dataclass(frozen=True)
class Source:
    """One report that an event was read from, with the sentence that says so."""

    doc_id: str
    outlet: str | None
    url: str | None
    title: str | None
    published: date | None
    evidence: str


@dataclass(frozen=True)
class PairScore:
    """Why two mentions were (or were not) judged to be the same incident."""

    mention_a: str
    mention_b: str
    score: float
    reasons: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Event:
    """A deduplicated incident: reconciled attributes plus every source it was read from."""

    id: str
    mention: EventMention  # the reconciled attributes, in mention form
    doc_ids: tuple[str, ...]
    sources: tuple[Source, ...] = ()
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    source_count: int = 1
    mention_ids: tuple[str, ...] = ()
    #: a human's verdict (``REVIEW_STATUSES``), or None while nobody has reviewed it
    review_status: str | None = None

    @property
    def source(self) -> str | None:
        """The outlets its sources name (``join_outlets``), else the reconciled mention's ``source``."""
        return join_outlets(s.outlet for s in self.sources) or self.mention.source

    def to_record(self) -> dict[str, Any]:
        record = self.mention.to_record()
        record.pop("mention_id", None)
        record["id"] = self.id
        record["doc_ids"] = list(self.doc_ids)
        record["source"] = self.source
        record["source_count"] = self.source_count
        record["fatalities_low"] = self.fatalities_low
        record["fatalities_high"] = self.fatalities_high
        record["review_status"] = self.review_status or "unreviewed"
        return record


#: What a reviewer decided about an event: its fields confirmed, corrected, added by hand from a
#: document, or not an event at all (rejected events leave the dataset).
REVIEW_STATUSES: tuple[str, ...] = ("accepted", "edited", "added", "rejected")

#: The fields a reviewer judges and corrects; those a human set or confirmed are pinned on the
#: event (provenance, i.e. evidence, source and URLs, follows its reports instead).
REVIEWED_FIELDS: tuple[str, ...] = (
    "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
    "assoc_actor_1", "assoc_actor_2", *PLACE_FIELDS, "fatalities", "injuries",
)


@dataclass(frozen=True)
class EventPoint:
    """An event as a map draws it: where, when and what (no sources, no evidence)."""

    id: str
    latitude: float
    longitude: float
    event_date: date | None
    sub_event_type: str
    location: str | None


# -- watching sources (``rasd watch``) ---------------------------------------------------------

#: kinds of watched source: feeds (feedparser reads RSS and Atom alike), sitemaps, local folders
SOURCE_KINDS: tuple[str, ...] = ("rss", "atom", "sitemap", "folder")


@dataclass(frozen=True)
class WatchedSource:
    """A feed, sitemap or folder that ``rasd watch`` polls, with its schedule and health."""

    id: int
    name: str
    url: str
    kind: str
    every_seconds: int
    paused: bool = False
    added_at: datetime | None = None
    next_due: datetime | None = None
    last_attempt: datetime | None = None
    last_success: datetime | None = None
    last_new_at: datetime | None = None  # when a new article last arrived
    consecutive_failures: int = 0
    last_error: str | None = None
    last_error_at: datetime | None = None
    polls: int = 0
    failed_polls: int = 0
    articles: int = 0  # documents stored from this source
    events: int = 0  # event mentions read from them
    cursor: dict[str, Any] = field(default_factory=dict)  # conditional-GET validators and the like

    @property
    def error_rate(self) -> float:
        return self.failed_polls / self.polls if self.polls else 0.0


@dataclass(frozen=True)
class Alert:
    """Something an analyst should look at: a surge, a first event, a deadly event, a silent source."""

    id: str  # stable: the same rule on the same subject and period is one alert
    rule: str
    kind: str
    title: str
    detail: str
    created_at: datetime
    admin1: str | None = None
    admin1_code: str | None = None
    event_id: str | None = None
    source_id: int | None = None
    period_start: date | None = None
    period_end: date | None = None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Page:
    """A fetched web page waiting to be read: the raw body as served, and what the feed said of it."""

    id: int
    url: str
    body: bytes
    source_id: int | None = None
    final_url: str | None = None
    content_type: str | None = None
    hint_title: str | None = None
    hint_published: date | None = None
    fetched_at: datetime | None = None


# -- review (``/review``, ``rasd users``) ---------------------------------------------------------

#: roles, weakest first: a viewer reads, an editor reviews and corrects, an admin also reverts
ROLES: tuple[str, ...] = ("viewer", "editor", "admin")


@dataclass(frozen=True)
class User:
    """An account: ``role`` is viewer (reads), editor (reviews and corrects) or admin (also reverts)."""

    id: int
    name: str
    role: str
    created_at: datetime | None = None
    last_login: datetime | None = None
    has_password: bool = True

    def can(self, role: str) -> bool:
        """Whether this user holds ``role`` or a stronger one."""
        return ROLES.index(self.role) >= ROLES.index(role)


@dataclass(frozen=True)
class ApiToken:
    id: int
    user: str
    label: str | None
    created_at: datetime | None
    last_used: datetime | None = None
    revoked_at: datetime | None = None


@dataclass(frozen=True)
class AuditEntry:
    """One change, as the audit trail keeps it: who, when, what, the value before and after, why.

    ``field`` is the corrected field for edits; membership changes (accept, reject, merge,
    split, add) keep in ``before`` the state a revert restores. ``reverted_by`` is the id of
    the change that undid this one.
    """

    id: int
    at: datetime
    user: str
    action: str
    event_id: str | None
    other_event: str | None = None
    doc_id: str | None = None
    field: str | None = None
    before: Any = None
    after: Any = None
    note: str | None = None
    reverted_by: int | None = None
