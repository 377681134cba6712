"""The review desk for scripts: ``/api/review/queue``, ``/api/events/{id}/review``, an event's
history, and reverting a change. Authenticated like the pages (a session cookie plus its CSRF
token in ``X-CSRF-Token``) or with an API token (``Authorization: Bearer``)."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from rasd.errors import ReviewError
from rasd.review.fields import corrections
from rasd.web import desk, errors
from rasd.web.auth import require
from rasd.web.params import Filters, filters
from rasd.web.review_pages import ACTIONS, _event_or_404, _queue_query, decide

router = APIRouter(prefix="/api", tags=["review"],
                   responses={**errors.COMMON, **errors.responses(401, 403, 404, 409, 413)})
BODY_MAX_BYTES = 64_000


class Decision(BaseModel):
    """One review decision. ``changes`` (for edit) maps contract fields to their new values; a
    place from the gazetteer is given by ``location`` and ``admin1_code`` (``place_source``
    "gazetteer"), a new one with ``place_source`` "new" and its coordinates."""

    action: str = Field(..., description=f"{', '.join((*ACTIONS, 'edit'))}")
    note: str | None = Field(None, max_length=2000, description="Why (kept in the audit trail)")
    changes: dict[str, Any] = Field(default_factory=dict)
    into: str | None = Field(None, max_length=100, description="merge: the event to merge into")
    mention: str | None = Field(None, max_length=40, description="split: the mention id of the report to split off")


async def _decision(request: Request) -> Decision:
    body = await request.body()
    if len(body) > BODY_MAX_BYTES:
        raise HTTPException(413, f"body over {BODY_MAX_BYTES} bytes")
    try:
        return Decision.model_validate(json.loads(body or b"{}"))
    except ValueError as exc:
        raise HTTPException(422, f"body: not a valid decision: {str(exc).splitlines()[0]}") from None


@router.get("/review/queue", summary="Events not reviewed yet, least certain first (editors)")
def review_queue(request: Request, selection: Filters = Depends(filters),
                 outlet: str | None = Query(None, max_length=100, description="An outlet among the event's sources")) -> dict[str, Any]:
    require(request, "editor", "read the review queue")
    return desk.queue(request.app.state.store, _queue_query(selection, outlet))


@router.get("/events/{event_id}/history", summary="Every change to an event: who, when, field, before, after, note")
def event_history(request: Request, event_id: str = Path(..., max_length=100)) -> dict[str, Any]:
    return {"items": desk.history(request.app.state.store, event_id)}


@router.post("/events/{event_id}/review", summary="Accept, edit, reject, merge or split an event (editors)")
async def review_event(request: Request, event_id: str = Path(..., max_length=100)) -> dict[str, Any]:
    user = await run_in_threadpool(require, request, "editor", "review events")
    request.app.state.auth.check_csrf(request, None)
    decision = await _decision(request)
    store = request.app.state.store
    result = await run_in_threadpool(_apply, store, event_id, decision, user.name)
    request.app.state.summary.invalidate()
    return result


def _apply(store: Any, event_id: str, decision: Decision, user: str) -> dict[str, Any]:
    if decision.action == "edit":
        event = _event_or_404(store, event_id)
        raw = {k: "" if v is None else str(v) for k, v in decision.changes.items()}
        if "location" in raw:
            raw.setdefault("place_source", "gazetteer")
        changes = corrections(raw, desk.current_fields(event))
        changed = store.review.edit(event_id, user, changes, decision.note)
        return {"event": event_id, "changed": changed, "review_status": store.review.status(event_id)}
    if decision.action not in ACTIONS:
        raise ReviewError(f"action {decision.action!r}: use one of {', '.join((*ACTIONS, 'edit'))}", "action")
    other = decide(store, event_id, decision.action, user, decision.model_dump())
    return {"event": event_id, "action": decision.action, "other_event": other,
            "review_status": store.review.status(event_id)}


@router.post("/audit/{audit_id}/revert", summary="Revert one change (admins)")
async def revert_change(request: Request, audit_id: int = Path(..., ge=1)) -> dict[str, Any]:
    admin = await run_in_threadpool(require, request, "admin", "revert changes")
    request.app.state.auth.check_csrf(request, None)
    entry = await run_in_threadpool(request.app.state.store.review.revert, audit_id, admin.name, None)
    request.app.state.summary.invalidate()
    return desk.entry_item(entry)
