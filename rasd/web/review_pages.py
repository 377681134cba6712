"""The review desk's pages: ``/review`` (the keyboard-driven queue), editing an event, a
document's sentences (adding a missed event, "reviewed, nothing missed"), and the audit trail.

Every post is a plain form with a CSRF token, answered with a redirect (so the browser's back
button and reload stay harmless); editors decide, admins also revert.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from rasd.errors import ReviewError
from rasd.export import acled_types
from rasd.model import EventMention
from rasd.review.fields import corrections
from rasd.review.prefill import prefill, sentence_at
from rasd.store import EventQuery, Store
from rasd.web import desk
from rasd.web.auth import posted_form, require
from rasd.web.login import safe_next
from rasd.web.params import Filters, filters
from rasd.web.render import render

router = APIRouter(include_in_schema=False)
ACTIONS = ("accept", "reject", "merge", "split")


def _store(request: Request) -> Store:
    return request.app.state.store


def _queue_query(selection: Filters, outlet: str | None) -> EventQuery:
    return replace(selection.to_query(), outlet=(outlet or "").strip() or None, text=None)


def _queue_url(selection: Filters, outlet: str | None, event_id: str | None) -> str:
    params = dict(pair.split("=", 1) for pair in selection.query_string().split("&") if pair)
    extra = {k: v for k, v in (("outlet", outlet), ("event", event_id)) if v}
    query = "&".join(filter(None, [urlencode(params, safe="%"), urlencode(extra)]))
    return "/review" + (f"?{query}" if query else "")


@router.get("/review", response_class=HTMLResponse)
def review_page(request: Request, selection: Filters = Depends(filters), outlet: str | None = Query(None, max_length=100),
                event: str | None = Query(None, max_length=100)) -> Response:
    require(request, "editor", "review events")
    store = _store(request)
    found = desk.queue(store, _queue_query(selection, outlet))
    ids = [item["id"] for item in found["items"]]
    current = event or (ids[0] if ids else None)
    item = desk.review_item(store, current) if current else None
    if current and item is None:
        raise HTTPException(404, f"no event with id {current!r} (reviewed and merged or rejected already?)")
    at = ids.index(current) if current in ids else -1
    following = ids[at + 1] if 0 <= at < len(ids) - 1 else (ids[0] if at < 0 and ids and ids[0] != current else None)
    links = {"previous": _queue_url(selection, outlet, ids[at - 1]) if at > 0 else None,
             "next": _queue_url(selection, outlet, following) if following else None,
             "after": _queue_url(selection, outlet, following)}
    return render(request, "review.html", selection=selection, outlet=outlet or "", queue=found, item=item,
                  links=links, action="/review", here=_queue_url(selection, outlet, current))


@router.post("/review/{event_id}/{action}")
async def review_action(request: Request, event_id: str = Path(..., max_length=100),
                        action: str = Path(...)) -> Response:
    if action not in ACTIONS:
        raise HTTPException(404, f"no review action {action!r}; use one of {', '.join(ACTIONS)}")
    user, fields = await posted_form(request, "editor", "review events")
    await run_in_threadpool(decide, _store(request), event_id, action, user.name, fields)
    request.app.state.summary.invalidate()
    return RedirectResponse(safe_next(fields.get("next") or f"/events/{event_id}"), status_code=303)


def decide(store: Store, event_id: str, action: str, user: str, fields: dict[str, Any]) -> str | None:
    """Carry out one review action (the pages' forms and the JSON API share it)."""
    note = (fields.get("note") or "").strip() or None
    if action == "accept":
        store.review.accept(event_id, user, note)
    elif action == "reject":
        store.review.reject(event_id, user, note)
    elif action == "merge":
        into = (fields.get("into") or "").strip()
        if not into:
            raise ReviewError("say which event to merge with (its id)", "into")
        store.review.merge(event_id, into, user, note)
        return into
    elif action == "split":
        return store.review.split(event_id, (fields.get("mention") or "").strip(), user, note)
    return None


# -- editing -------------------------------------------------------------------------------

def _event_or_404(store: Store, event_id: str) -> Any:
    event = store.get_event(event_id)
    if event is None:
        raise HTTPException(404, f"no event with id {event_id!r}")
    return event


def _form_page(request: Request, template: str, values: dict[str, Any], status: int = 200, **context: Any) -> Response:
    return render(request, template, status=status, values=values, types=acled_types(), **context)


@router.get("/events/{event_id}/edit", response_class=HTMLResponse)
def edit_page(request: Request, event_id: str = Path(..., max_length=100), next: str | None = None) -> Response:
    require(request, "editor", "correct events")
    event = _event_or_404(_store(request), event_id)
    return _form_page(request, "edit.html", desk.current_fields(event), event=event.to_record(),
                      next=safe_next(next or f"/events/{event_id}"), error=None)


@router.post("/events/{event_id}/edit")
async def edit(request: Request, event_id: str = Path(..., max_length=100)) -> Response:
    user, fields = await posted_form(request, "editor", "correct events")
    store = _store(request)
    event = await run_in_threadpool(_event_or_404, store, event_id)
    target = safe_next(fields.get("next") or f"/events/{event_id}")
    try:
        changes = await run_in_threadpool(corrections, fields, desk.current_fields(event))
        await run_in_threadpool(store.review.edit, event_id, user.name, changes, fields.get("note"))
    except ReviewError as exc:
        return _form_page(request, "edit.html", {**desk.current_fields(event), **fields}, status=422,
                          event=event.to_record(), next=target, error=str(exc), error_field=exc.field)
    request.app.state.summary.invalidate()
    return RedirectResponse(target, status_code=303)


# -- documents: missed events, "nothing missed" ---------------------------------------------

@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: str = Path(..., max_length=255)) -> Response:
    view = desk.document_view(_store(request), doc_id)
    if view is None:
        raise HTTPException(404, f"no document with id {doc_id!r}")
    return render(request, "document.html", doc=view)


@router.get("/documents/{doc_id}/add", response_class=HTMLResponse)
def add_page(request: Request, doc_id: str = Path(..., max_length=255), start: int = Query(..., ge=0)) -> Response:
    require(request, "editor", "add events")
    article, sentence = _sentence(_store(request), doc_id, start)
    mention = prefill(article, sentence)
    return _form_page(request, "add.html", _mention_values(mention), doc_id=doc_id, sentence=sentence.text,
                      start=start, error=None)


@router.post("/documents/{doc_id}/events")
async def add_event(request: Request, doc_id: str = Path(..., max_length=255)) -> Response:
    user, fields = await posted_form(request, "editor", "add events")
    store = _store(request)
    start = int(fields.get("start", "-1")) if fields.get("start", "").isdigit() else -1
    article, sentence = await run_in_threadpool(_sentence, store, doc_id, start)
    try:
        values = await run_in_threadpool(corrections, fields, {})
        if not values.get("event_type"):
            raise ReviewError("choose the event type and sub-event type", "event_type")
        mention = EventMention(doc_id=doc_id, evidence=sentence.text, offset=sentence.start, source=article.outlet,
                               source_url=article.url, **{"event_date": None, "time_precision": None, **values})
        event_id = await run_in_threadpool(store.review.add, mention, user.name, fields.get("note"))
    except ReviewError as exc:
        return _form_page(request, "add.html", fields, status=422, doc_id=doc_id, sentence=sentence.text, start=start,
                          error=str(exc), error_field=exc.field)
    request.app.state.summary.invalidate()
    return RedirectResponse(f"/events/{event_id}", status_code=303)


@router.post("/documents/{doc_id}/complete")
async def complete_document(request: Request, doc_id: str = Path(..., max_length=255)) -> Response:
    user, fields = await posted_form(request, "editor", "mark documents reviewed")
    await run_in_threadpool(_store(request).review.complete, doc_id, user.name, fields.get("note"))
    return RedirectResponse(f"/documents/{doc_id}", status_code=303)


def _sentence(store: Store, doc_id: str, start: int) -> tuple[Any, Any]:
    article = store.get_document(doc_id)
    if article is None:
        raise HTTPException(404, f"no document with id {doc_id!r}")
    sentence = sentence_at(article, start)
    if sentence is None:
        raise HTTPException(422, f"no sentence of {doc_id} starts at character {start}; pick one on the document's page")
    return article, sentence


def _mention_values(mention: EventMention) -> dict[str, Any]:
    record = mention.to_record()
    return {k: ("" if v is None else v) for k, v in record.items()}


# -- the audit trail -------------------------------------------------------------------------

@router.get("/audit", response_class=HTMLResponse)
def audit_page(request: Request, user: str | None = Query(None, max_length=64)) -> Response:
    require(request, "admin", "read the audit trail")
    entries = [desk.entry_item(e) for e in _store(request).review.recent(200, user)]
    return render(request, "audit.html", entries=entries, who=user)


@router.post("/audit/{audit_id}/revert")
async def revert(request: Request, audit_id: int = Path(..., ge=1)) -> Response:
    admin, fields = await posted_form(request, "admin", "revert changes")
    entry = await run_in_threadpool(_store(request).review.revert, audit_id, admin.name, fields.get("note"))
    request.app.state.summary.invalidate()
    target = f"/events/{entry.event_id}" if entry.event_id else f"/documents/{entry.doc_id}"
    return RedirectResponse(safe_next(fields.get("next") or target), status_code=303)
