"""``/api/events``: list, one event, and downloads of the current selection."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import StreamingResponse

from rasd.web import errors, records, service
from rasd.web.params import Filters, ParameterError, filters

router = APIRouter(prefix="/api", tags=["events"], responses=errors.COMMON)


@router.get("/events", summary="Events matching the filters, one page at a time")
def list_events(request: Request, selection: Filters = Depends(filters)) -> dict[str, Any]:
    """`{"items": [...], "total": n}`: each item has its `id` and every field of the output contract."""
    events, total = request.app.state.store.query_events(selection.to_query())
    return {"items": [records.event_item(e) for e in events], "total": total,
            "limit": selection.limit, "offset": selection.offset}


@router.get("/events.csv", summary="Download the selection as CSV (all pages)", response_class=StreamingResponse,
            responses={200: {"description": "One row an event, with a header row",
                             "content": {"text/csv": {"schema": {"type": "string"}}}}})
def events_csv(
    request: Request,
    selection: Filters = Depends(filters),
    columns: str = Query("rasd", description="rasd: the output contract's fields; acled: ACLED's 31 columns"),
) -> StreamingResponse:
    if columns not in ("rasd", "acled"):
        raise ParameterError("columns", f"{columns!r} is not one of: rasd, acled")
    events = request.app.state.store.iter_events(selection.without_paging().to_query())
    name = "rasd-events-acled.csv" if columns == "acled" else "rasd-events.csv"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    lines = records.csv_lines(events, acled=columns == "acled")
    return StreamingResponse(lines, media_type="text/csv; charset=utf-8", headers=headers)


@router.get("/events.geojson", summary="Download the selection as GeoJSON (all pages)", response_class=StreamingResponse,
            responses={200: {"description": "A FeatureCollection, one point feature a located event",
                             "content": {"application/geo+json": {"schema": {"type": "object"}}}}})
def events_geojson(request: Request, selection: Filters = Depends(filters)) -> StreamingResponse:
    events = request.app.state.store.iter_events(selection.without_paging().to_query())
    headers = {"Content-Disposition": 'attachment; filename="rasd-events.geojson"'}
    return StreamingResponse(records.geojson_chunks(events), media_type="application/geo+json", headers=headers)


@router.get("/events/{event_id}", summary="One event with all its sources, evidence and merge reasons",
            responses=errors.responses(404))
def get_event(request: Request, event_id: str = Path(..., max_length=100)) -> dict[str, Any]:
    detail = service.event_detail(request.app.state.store, event_id)
    if detail is None:
        raise HTTPException(404, f"no event with id {event_id!r}")
    return detail
