"""``/api/stats``, ``/api/timeline``, ``/api/estimate`` and ``/api/onthisday``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request

from rasd.web import errors, service
from rasd.web.params import Filters, ParameterError, filters, month_day
from rasd.web.vocab import STATS_DIMENSIONS

router = APIRouter(prefix="/api", tags=["statistics"], responses=errors.COMMON)
ESTIMATE_BY = ("month", "year", "admin1", "event_type")


def _dimension(name: str, value: str | None, allowed: tuple[str, ...], required: bool = True) -> str | None:
    if value is None or value == "":
        if required:
            raise ParameterError(name, f"required; use one of: {', '.join(allowed)}")
        return None
    if value not in allowed:
        raise ParameterError(name, f"{value!r} is not one of: {', '.join(allowed)}")
    return value


@router.get("/stats", summary="Event counts by month, governorate, type, sub-event type or actor")
def stats(
    request: Request,
    by: str | None = Query(None, description=f"One of: {', '.join(STATS_DIMENSIONS)}"),
    selection: Filters = Depends(filters),
) -> dict[str, Any]:
    dimension = _dimension("by", by, STATS_DIMENSIONS)
    rows = service.counts(request.app.state.store, dimension, selection, request.app.state.summary)
    return {"by": dimension, "items": [{"key": key, "count": count} for key, count in rows],
            "total": sum(count for _, count in rows)}


@router.get("/timeline", summary="Monthly event counts split by event type (the dashboard chart)")
def timeline(request: Request, selection: Filters = Depends(filters)) -> dict[str, Any]:
    return service.timeline(request.app.state.store, selection, request.app.state.summary)


@router.get("/estimate", summary="Documented and estimated incidents (multiple-systems estimation)")
def estimate(
    request: Request,
    by: str | None = Query(None, description=f"One of: {', '.join(ESTIMATE_BY)}; omit for one estimate of the "
                                             "whole selection"),
    selection: Filters = Depends(filters),
) -> dict[str, Any]:
    """Documented count, estimated total, 95% interval and model; a group too thin to estimate
    comes back with `estimate: null` and the reason in `refused`."""
    dimension = _dimension("by", by, ESTIMATE_BY, required=False)
    return {"by": dimension, "items": service.estimates(request.app.state.store, selection, dimension)}


@router.get("/onthisday", summary="Events of one calendar day in earlier years, newest first")
def onthisday(
    request: Request,
    date: str | None = Query(None, description="Calendar day MM-DD (default: today)", examples=["06-02"]),
    limit: int = Query(100, ge=1, le=1000, description="At most this many events"),
) -> dict[str, Any]:
    month, day = month_day(date) or service.today()
    events = service.on_this_day(request.app.state.store, month, day, limit)
    return {"date": f"{month:02d}-{day:02d}", "items": events}
