"""Review decisions, each one transaction with its audit record, and the reads the desk needs.

Decisions: accept (the fields are right), edit (fields corrected), reject (not an event), merge
(two events are one incident), split (a report is another incident), add (a missed event, from
a document's sentence), complete (a document read whole: nothing missed), revert (an admin
undoes one change). Each pins what the human decided (``rasd.store.pins``), so no later
clustering undoes it.

A membership change writes to its audit record's ``before`` the state it replaced (each
affected mention's event and pin, the events' review rows), so a revert restores exactly that;
an edit's ``before`` and ``after`` are the field's values. A change can be reverted while no
later change to the same event (or, for an edit, the same field) is in force.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, insert, or_, select
from sqlalchemy.orm import Session, sessionmaker

from rasd import dedup
from rasd.errors import NotFound, ReviewError
from rasd.model import REVIEWED_FIELDS, AuditEntry, EventMention
from rasd.store import pins, rows
from rasd.store.batches import chunks
from rasd.store.models import (AuditRow, DocumentReviewRow, DocumentRow, EventMentionRow, EventRow, MentionPinRow,
                               MentionRow, ReviewRow)
from rasd.store.writer import rewrite_events

#: actions whose audit record keeps the membership state a revert restores
RESTORABLE = ("accept", "reject", "merge", "split")


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=_plain)


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__} in the audit trail")


def fields_of(row: EventRow) -> dict[str, Any]:
    """The reviewed fields of a stored event, as JSON values."""
    return {name: _plain(v) if isinstance(v, date) else v for name in REVIEWED_FIELDS for v in [getattr(row, name)]}


def _entry(row: AuditRow) -> AuditEntry:
    load = lambda text: json.loads(text) if text else None  # noqa: E731
    return AuditEntry(id=row.id, at=row.at, user=row.user, action=row.action, event_id=row.event_id,
                      other_event=row.other_event, doc_id=row.doc_id, field=row.field, before=load(row.before),
                      after=load(row.after), note=row.note, reverted_by=row.reverted_by)


def _review_dict(row: ReviewRow | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {"status": row.status, "fields": row.fields, "snapshot": row.snapshot, "reviewer": row.reviewer,
            "reviewed_at": row.reviewed_at.isoformat()}


class ReviewTable:
    """Review decisions and the audit trail, over the store's sessions (``Store.review``)."""

    def __init__(self, session: sessionmaker[Session]) -> None:
        self._session = session

    # -- reading ---------------------------------------------------------------------------

    def history(self, event_id: str) -> list[AuditEntry]:
        """Every change to an event, oldest first (merges into it and splits from it too)."""
        with self._session() as session:
            stmt = select(AuditRow).where(or_(AuditRow.event_id == event_id, AuditRow.other_event == event_id))
            return [_entry(r) for r in session.scalars(stmt.order_by(AuditRow.id))]

    def document_history(self, doc_id: str) -> list[AuditEntry]:
        with self._session() as session:
            stmt = select(AuditRow).where(AuditRow.doc_id == doc_id).order_by(AuditRow.id)
            return [_entry(r) for r in session.scalars(stmt)]

    def recent(self, limit: int = 100, user: str | None = None) -> list[AuditEntry]:
        """The newest changes first (an admin's view of the desk)."""
        with self._session() as session:
            stmt = select(AuditRow).order_by(AuditRow.id.desc()).limit(limit)
            if user:
                stmt = stmt.where(AuditRow.user == user)
            return [_entry(r) for r in session.scalars(stmt)]

    def entry(self, audit_id: int) -> AuditEntry | None:
        with self._session() as session:
            row = session.get(AuditRow, audit_id)
            return _entry(row) if row else None

    def status(self, event_id: str) -> str | None:
        with self._session() as session:
            row = session.get(ReviewRow, event_id)
            return row.status if row else None

    def rejected(self, event_id: str) -> dict[str, Any] | None:
        """A rejected event as it was when rejected (its record), or None if it is not rejected."""
        with self._session() as session:
            row = session.get(ReviewRow, event_id)
            if row is None or row.status != "rejected":
                return None
            return json.loads(row.snapshot or "{}")

    def merged_into(self, event_id: str) -> str | None:
        """The event this one was merged into (by a change still in force), if any."""
        with self._session() as session:
            stmt = (select(AuditRow.other_event).where(AuditRow.event_id == event_id, AuditRow.action == "merge",
                                                       AuditRow.reverted_by.is_(None)).order_by(AuditRow.id.desc()))
            return session.scalars(stmt).first()

    def document_review(self, doc_id: str) -> tuple[str, datetime] | None:
        """(reviewer, when) if the document was marked "reviewed, nothing missed"."""
        with self._session() as session:
            row = session.get(DocumentReviewRow, doc_id)
            return (row.reviewer, row.reviewed_at) if row else None

    def completed_documents(self) -> list[str]:
        """Ids of the documents marked "reviewed, nothing missed", in order."""
        with self._session() as session:
            return list(session.scalars(select(DocumentReviewRow.doc_id).order_by(DocumentReviewRow.doc_id)))

    def document_events(self, doc_id: str) -> dict[str, str | None]:
        """event id -> review status (None: not reviewed) of every event read from a document,
        rejected ones included."""
        with self._session() as session:
            return _document_events(session, doc_id)

    def last_change(self) -> int:
        """The newest audit record's number (0: none): it grows with every decision."""
        with self._session() as session:
            return session.scalar(select(func.max(AuditRow.id))) or 0

    def counts(self) -> dict[str, int]:
        """Reviewed events by status."""
        with self._session() as session:
            return dict(session.execute(select(ReviewRow.status, func.count()).group_by(ReviewRow.status)).all())

    # -- deciding --------------------------------------------------------------------------

    def accept(self, event_id: str, user: str, note: str | None = None) -> None:
        """The event is right as it stands: its fields and its reports are pinned."""
        with self._session.begin() as session:
            row = _live(session, event_id)
            state = _state(session, [event_id])
            review = session.get(ReviewRow, event_id)
            status = review.status if review is not None and review.status in ("edited", "added") else "accepted"
            _set_review(session, event_id, status, fields_of(row), user)
            _pin(session, _members(session, event_id), event_id)
            row.review_status = status
            _audit(session, user, "accept", event_id, before=state, note=note)

    def edit(self, event_id: str, user: str, changes: Mapping[str, Any], note: str | None = None) -> list[str]:
        """Correct fields (values already validated, see ``rasd.review.fields``); returns the
        fields that changed, one audit record each. Its reports are pinned too."""
        unknown = set(changes) - set(REVIEWED_FIELDS)
        if unknown:
            raise ReviewError(f"cannot edit {', '.join(sorted(unknown))}; editable: {', '.join(REVIEWED_FIELDS)}")
        with self._session.begin() as session:
            row = _live(session, event_id)
            current = fields_of(row)
            wanted = {name: _plain(v) if isinstance(v, date) else v for name, v in changes.items()}
            changed = [name for name in REVIEWED_FIELDS if name in wanted and wanted[name] != current[name]]
            if not changed:
                raise ReviewError("nothing to change: every value given is the event's value already")
            review = session.get(ReviewRow, event_id)
            status = "added" if review is not None and review.status == "added" else "edited"
            _set_review(session, event_id, status, {**current, **wanted}, user)
            _pin(session, _members(session, event_id), event_id)
            _write_fields(row, {name: changes[name] for name in changed})
            row.review_status = status
            for name in changed:
                _audit(session, user, "edit", event_id, field=name, before=current[name], after=wanted[name], note=note)
            return changed

    def reject(self, event_id: str, user: str, note: str | None = None) -> None:
        """Not an event: it leaves the dataset; its reports stay pinned to it, so no later
        clustering brings it back."""
        with self._session.begin() as session:
            row = _live(session, event_id)
            state = _state(session, [event_id])
            snapshot = _json(rows.event_of(row).to_record())
            _set_review(session, event_id, "rejected", fields_of(row), user, snapshot)
            _pin(session, _members(session, event_id), event_id)
            session.delete(row)
            _audit(session, user, "reject", event_id, before=state, note=note)

    def merge(self, event_id: str, into: str, user: str, note: str | None = None) -> None:
        """``event_id`` and ``into`` report one incident: every report of the first joins the
        second, which keeps its id and its review; all their reports are pinned to it."""
        if event_id == into:
            raise ReviewError("an event cannot be merged with itself", "into")
        with self._session.begin() as session:
            _live(session, event_id)
            _live(session, into, "into")
            state = _state(session, [event_id, into])
            moving = _members(session, event_id)
            _assign(session, moving, into)
            _pin(session, [*moving, *_members(session, into)], into)
            session.execute(delete(ReviewRow).where(ReviewRow.event_id == event_id))
            rewrite_events(session, [event_id, into])
            _audit(session, user, "merge", event_id, other_event=into, before=state, after={"into": into}, note=note)

    def split(self, event_id: str, mention_id: str, user: str, note: str | None = None) -> str:
        """One report of the event tells another incident: it becomes an event of its own
        (returned); both are pinned apart."""
        with self._session.begin() as session:
            _live(session, event_id)
            members = _members(session, event_id)
            if mention_id not in members:
                raise ReviewError(f"mention {mention_id!r} is not one of event {event_id!r}'s reports", "mention")
            if len(members) < 2:
                raise ReviewError(f"event {event_id!r} has only one report; reject or edit it instead", "mention")
            state = _state(session, [event_id])
            new_id = _unused_id(session, [mention_id])
            _assign(session, [mention_id], new_id)
            _pin(session, [m for m in members if m != mention_id], event_id)
            _pin(session, [mention_id], new_id)
            rewrite_events(session, [event_id, new_id])
            _audit(session, user, "split", event_id, other_event=new_id, before=state,
                   after={"mention": mention_id, "event": new_id}, note=note)
            return new_id

    def add(self, mention: EventMention, user: str, note: str | None = None) -> str:
        """A missed event, read by a human from a document: stored as a mention of it, an
        event of its own (returned), reviewed as "added"."""
        with self._session.begin() as session:
            if session.get(DocumentRow, mention.doc_id) is None:
                raise NotFound(f"no document {mention.doc_id!r}")
            existing = session.get(EventMentionRow, mention.mention_id)
            if existing is not None:
                raise ReviewError(f"that event is already read from this sentence: event {existing.event_id}")
            if session.get(MentionRow, mention.mention_id) is None:
                session.execute(insert(MentionRow), [rows.mention_row(mention)])
            new_id = _unused_id(session, [mention.mention_id])
            _assign(session, [mention.mention_id], new_id)
            _pin(session, [mention.mention_id], new_id)
            record = {k: v for k, v in mention.to_record().items() if k in REVIEWED_FIELDS}
            _set_review(session, new_id, "added", json.loads(_json(record)), user)
            rewrite_events(session, [new_id])
            _audit(session, user, "add", new_id, doc_id=mention.doc_id,
                   after={"mention": mention.mention_id, **json.loads(_json(record))}, note=note)
            return new_id

    def complete(self, doc_id: str, user: str, note: str | None = None) -> None:
        """Mark a document "reviewed, nothing missed": every event read from it is reviewed and
        none is missing, so it can serve as gold (``rasd gold export``)."""
        with self._session.begin() as session:
            if session.get(DocumentRow, doc_id) is None:
                raise NotFound(f"no document {doc_id!r}")
            pending = sorted(e for e, status in _document_events(session, doc_id).items() if status is None)
            if pending:
                raise ReviewError(f"{len(pending)} event(s) read from {doc_id} are not reviewed yet: "
                                  f"{', '.join(pending)}; accept, edit or reject them first")
            session.execute(delete(DocumentReviewRow).where(DocumentReviewRow.doc_id == doc_id))
            session.execute(insert(DocumentReviewRow), [{"doc_id": doc_id, "reviewer": user, "reviewed_at": rows.now()}])
            _audit(session, user, "complete", None, doc_id=doc_id, note=note)

    def revert(self, audit_id: int, user: str, note: str | None = None) -> AuditEntry:
        """Undo one change (an admin's decision, checked by the caller); returns the revert's record."""
        with self._session.begin() as session:
            row = session.get(AuditRow, audit_id)
            if row is None:
                raise NotFound(f"no change #{audit_id} in the audit trail")
            _check_revertible(session, row)
            before = json.loads(row.before) if row.before else None
            if row.action == "edit":
                _revert_edit(session, row, before)
            elif row.action in RESTORABLE:
                _restore(session, before)
            elif row.action == "add":
                _revert_add(session, row)
            elif row.action == "complete":
                session.execute(delete(DocumentReviewRow).where(DocumentReviewRow.doc_id == row.doc_id))
            new_id = _audit(session, user, "revert", row.event_id, other_event=row.other_event, doc_id=row.doc_id,
                            field=row.field, before=json.loads(row.after) if row.after else None, after=before,
                            note=note or f"reverts #{row.id} ({row.action})")
            row.reverted_by = new_id
            return _entry(session.get(AuditRow, new_id))


# -- helpers (inside the caller's transaction) ---------------------------------------------------

def _live(session: Session, event_id: str, field: str = "event") -> EventRow:
    """The stored event, or an error that says where it went (rejected, merged, never was)."""
    row = session.get(EventRow, event_id)
    if row is not None:
        return row
    review = session.get(ReviewRow, event_id)
    if review is not None and review.status == "rejected":
        raise ReviewError(f"event {event_id} was rejected; an admin can revert that", field)
    merged = session.scalars(select(AuditRow.other_event).where(
        AuditRow.event_id == event_id, AuditRow.action == "merge", AuditRow.reverted_by.is_(None))).first()
    if merged:
        raise ReviewError(f"event {event_id} was merged into {merged}", field)
    raise NotFound(f"no event {event_id!r}")


def _members(session: Session, event_id: str) -> list[str]:
    stmt = select(EventMentionRow.mention_id).where(EventMentionRow.event_id == event_id)
    return sorted(session.scalars(stmt))


def _document_events(session: Session, doc_id: str) -> dict[str, str | None]:
    stmt = (select(EventMentionRow.event_id, ReviewRow.status)
            .join(MentionRow, MentionRow.id == EventMentionRow.mention_id)
            .outerjoin(ReviewRow, ReviewRow.event_id == EventMentionRow.event_id)
            .where(MentionRow.doc_id == doc_id))
    return dict(session.execute(stmt).all())


def _state(session: Session, event_ids: Iterable[str]) -> dict[str, Any]:
    """What a membership change replaces: each member's event and pin, and the events' reviews."""
    ids = sorted(set(event_ids))
    members = [m for e in ids for m in _members(session, e)]
    assigned = {m: e for e in ids for m in _members(session, e)}
    pinned = pins.mention_pins(session, members)
    found = {e: _review_dict(session.get(ReviewRow, e)) for e in ids}
    return {"assign": assigned, "pins": {m: pinned.get(m) for m in members}, "reviews": found}


def _restore(session: Session, state: dict[str, Any]) -> None:
    """Put mentions, pins and reviews back as ``state`` recorded them; rebuild the events."""
    assigned: dict[str, str] = state["assign"]
    present = dict(session.execute(select(EventMentionRow.mention_id, EventMentionRow.event_id).where(
        EventMentionRow.mention_id.in_(list(assigned)))).all()) if assigned else {}
    touched = set(present.values()) | set(assigned.values()) | set(state["reviews"])
    for event_id in set(assigned.values()):
        _assign(session, [m for m, e in assigned.items() if e == event_id and m in present], event_id)
    session.execute(delete(MentionPinRow).where(MentionPinRow.mention_id.in_(list(state["pins"]))))
    kept = [{"mention_id": m, "event_id": e} for m, e in state["pins"].items() if e and m in present]
    if kept:
        session.execute(insert(MentionPinRow), kept)
    for event_id, review in state["reviews"].items():
        session.execute(delete(ReviewRow).where(ReviewRow.event_id == event_id))
        if review is not None:
            values = {**review, "reviewed_at": datetime.fromisoformat(review["reviewed_at"])}
            session.execute(insert(ReviewRow), [{"event_id": event_id, **values}])
    rewrite_events(session, touched)


def _revert_edit(session: Session, row: AuditRow, before: Any) -> None:
    event = _live(session, row.event_id)
    review = session.get(ReviewRow, row.event_id)
    if review is not None:
        review.fields = _json({**json.loads(review.fields or "{}"), row.field: before})
    value = date.fromisoformat(before) if row.field == "event_date" and before else before
    _write_fields(event, {row.field: value})


def _revert_add(session: Session, row: AuditRow) -> None:
    mention_id = json.loads(row.after)["mention"]
    session.execute(delete(MentionPinRow).where(MentionPinRow.mention_id == mention_id))
    session.execute(delete(EventMentionRow).where(EventMentionRow.mention_id == mention_id))
    session.execute(delete(MentionRow).where(MentionRow.id == mention_id))
    session.execute(delete(ReviewRow).where(ReviewRow.event_id == row.event_id))
    rewrite_events(session, [row.event_id])


def _check_revertible(session: Session, row: AuditRow) -> None:
    if row.action == "revert":
        raise ReviewError(f"change #{row.id} is itself a revert; make the change again instead")
    if row.reverted_by is not None:
        raise ReviewError(f"change #{row.id} was reverted already (by #{row.reverted_by})")
    events = [e for e in (row.event_id, row.other_event) if e]
    if not events:
        return
    later = select(AuditRow).where(AuditRow.id > row.id, AuditRow.reverted_by.is_(None), AuditRow.action != "revert",
                                   or_(AuditRow.event_id.in_(events), AuditRow.other_event.in_(events)))
    for other in session.scalars(later.order_by(AuditRow.id.desc())):
        if row.action == "edit" and other.action == "edit" and other.field != row.field:
            continue  # edits of other fields do not depend on this one
        raise ReviewError(f"change #{other.id} ({other.action}{' of ' + other.field if other.field else ''}) came "
                          f"later and depends on this one; revert it first")


def _set_review(session: Session, event_id: str, status: str, fields: dict[str, Any], user: str,
                snapshot: str | None = None) -> None:
    session.execute(delete(ReviewRow).where(ReviewRow.event_id == event_id))
    session.execute(insert(ReviewRow), [{"event_id": event_id, "status": status, "fields": _json(fields),
                                         "snapshot": snapshot, "reviewer": user, "reviewed_at": rows.now()}])


def _pin(session: Session, mention_ids: list[str], event_id: str) -> None:
    mention_ids = sorted(set(mention_ids))
    for group in chunks(mention_ids):
        session.execute(delete(MentionPinRow).where(MentionPinRow.mention_id.in_(group)))
    if mention_ids:
        session.execute(insert(MentionPinRow), [{"mention_id": m, "event_id": event_id} for m in mention_ids])


def _assign(session: Session, mention_ids: list[str], event_id: str) -> None:
    for group in chunks(mention_ids):
        session.execute(delete(EventMentionRow).where(EventMentionRow.mention_id.in_(group)))
    if mention_ids:
        session.execute(insert(EventMentionRow), [rows.assignment_row(m, event_id) for m in mention_ids])


def _unused_id(session: Session, mention_ids: list[str]) -> str:
    """A fresh event id for these mentions, as clustering would name it, never one in use."""
    base = dedup.event_id_for(mention_ids)
    candidate, suffix = base, 1
    while (session.get(EventRow, candidate) is not None or session.get(ReviewRow, candidate) is not None
           or session.scalars(select(EventMentionRow.mention_id).where(EventMentionRow.event_id == candidate)).first()):
        suffix += 1
        candidate = f"{base}-{suffix}"
    return candidate


def _write_fields(row: EventRow, values: Mapping[str, Any]) -> None:
    for name, value in values.items():
        setattr(row, name, value)
    if "event_date" in values:
        row.year_month = row.event_date.strftime("%Y-%m") if row.event_date else None
    row.updated_at = rows.now()


def _audit(session: Session, user: str, action: str, event_id: str | None, *, other_event: str | None = None,
           doc_id: str | None = None, field: str | None = None, before: Any = None, after: Any = None,
           note: str | None = None) -> int:
    values = {"at": rows.now(), "user": user, "action": action, "event_id": event_id, "other_event": other_event,
              "doc_id": doc_id, "field": field, "before": None if before is None else _json(before),
              "after": None if after is None else _json(after), "note": (note or "").strip() or None}
    return session.execute(insert(AuditRow).values(**values).returning(AuditRow.id)).scalar_one()
