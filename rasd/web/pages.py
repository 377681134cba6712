"""Dashboard pages: server-rendered HTML over the same data as the JSON API."""

from __future__ import annotations

import datetime
from urllib.parse import quote
from dataclasses import replace
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from rasd.store import Store
from rasd.web import desk, mapsvg, records, service
from rasd.web.params import Filters, filters, month_day
from rasd.web.render import render
from rasd.web.summary import Summary
from rasd.web.vocab import governorate_code

router = APIRouter(include_in_schema=False)
MAP_POINTS = 500


def _render(request: Request, template: str, **context: Any) -> HTMLResponse:
    return render(request, template, suggestions=_suggestions(request), **context)


def _suggestions(request: Request) -> dict[str, list[str]]:
    """Values the filter form offers as you type: stored sub-event types and actor names."""
    store, summary = request.app.state.store, request.app.state.summary
    return {name: [key for key, _ in service.counts(store, name, Filters(), summary)][:200]
            for name in ("sub_event_type", "actor")}


def _map(store: Store, selection: Filters, summary: Summary) -> dict[str, Any]:
    """Governorate shading (under every filter but the governorate itself) and event points."""
    by_code: dict[str, int] = {}
    for key, count in service.counts(store, "admin1_code", replace(selection, admin1=None), summary):
        code = governorate_code(key)
        if code:
            by_code[code] = by_code.get(code, 0) + count
    largest = max(by_code.values(), default=0)
    shapes = [{"shape": s, "count": by_code.get(s.code, 0), "fill": mapsvg.fill(by_code.get(s.code, 0), largest),
               "selected": s.code == selection.admin1} for s in mapsvg.shapes()]
    proj = mapsvg.projection()
    points = [{"id": p.id, "xy": proj.point(p.longitude, p.latitude),
               "label": f"{p.event_date} {p.sub_event_type}, {p.location}"}
              for p in service.map_points(store, selection, MAP_POINTS, summary)]
    return {"shapes": shapes, "points": points, "width": mapsvg.WIDTH, "height": proj.height,
            "legend": mapsvg.legend(largest)}


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, selection: Filters = Depends(filters)) -> HTMLResponse:
    store, summary = request.app.state.store, request.app.state.summary
    by_type = service.counts(store, "event_type", selection, summary)
    recent = service.newest_events(store, selection, 10, summary)
    return _render(
        request, "overview.html", selection=selection, total=sum(n for _, n in by_type),  # every event has a type
        recent=[records.event_item(e) for e in recent], map=_map(store, selection, summary),
        timeline=service.timeline(store, selection, summary), by_type=by_type,
        top_actors=service.counts(store, "actor", selection, summary)[:10],
    )


@router.get("/events", response_class=HTMLResponse)
def events_table(request: Request, selection: Filters = Depends(filters)) -> HTMLResponse:
    events, total = request.app.state.store.query_events(selection.to_query())
    return _render(request, "events.html", selection=selection, total=total,
                   items=[records.event_item(e) for e in events])


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: str = Path(..., max_length=100)) -> Response:
    store = request.app.state.store
    detail = service.event_detail(store, event_id)
    history = desk.history(store, event_id)
    if detail is None:
        merged = store.review.merged_into(event_id)
        if merged:
            return RedirectResponse(f"/events/{quote(merged)}", status_code=303)
        snapshot = store.review.rejected(event_id)
        if snapshot is None:
            raise HTTPException(404, f"no event with id {event_id!r}")
        return _render(request, "event.html", event={**snapshot, "sources": [], "merges": []}, rejected=True,
                       history=history)
    return _render(request, "event.html", event=service.with_context(store, detail), history=history)


@router.get("/onthisday", response_class=HTMLResponse)
def onthisday_page(request: Request, date: str | None = Query(None)) -> HTMLResponse:
    month, day = month_day(date) or service.today()
    items = service.on_this_day(request.app.state.store, month, day, 200)
    shown = datetime.date(2000, month, day)  # a leap year, so 02-29 has neighbours
    return _render(request, "onthisday.html", day=f"{month:02d}-{day:02d}", items=items,
                   previous=(shown - datetime.timedelta(days=1)).strftime("%m-%d"),
                   following=(shown + datetime.timedelta(days=1)).strftime("%m-%d"))
