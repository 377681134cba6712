"""Reference data: gazetteer places, canonical actors and governorate shapes."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Query, Request

from rasd.extract.actors import ActorDictionary
from rasd.geo import Gazetteer
from rasd.web import errors
from rasd.web.params import ParameterError
from rasd.web.vocab import boundaries, governorate_code

router = APIRouter(prefix="/api", tags=["reference"], responses=errors.COMMON)

PLACE_KINDS = ("governorate", "district", "town", "site")


@router.get("/places", summary="Gazetteer places matching a name")
def places(
    q: str | None = Query(None, max_length=100, description="Name or start of a name", examples=["Amarah"]),
    admin1: str | None = Query(None, max_length=40, description="Governorate name or ISO code"),
    kind: str | None = Query(None, description=f"One of: {', '.join(PLACE_KINDS)}"),
    limit: int = Query(50, ge=1, le=500),
) -> dict[str, Any]:
    code = None
    if admin1:
        code = governorate_code(admin1)
        if code is None:
            raise ParameterError("admin1", f"{admin1!r} is not a governorate name or ISO 3166-2 code")
    if kind is not None and kind not in PLACE_KINDS:
        raise ParameterError("kind", f"{kind!r} is not one of: {', '.join(PLACE_KINDS)}")
    found = Gazetteer.default().places(q, code, kind, limit)
    return {"items": [asdict(place) for place in found]}


@router.get("/actors", summary="Canonical actors (the actor dictionary), with how many stored events name each")
def actors(request: Request) -> dict[str, Any]:
    counts = dict(request.app.state.store.stats("actor"))
    known = ActorDictionary.default().actors()
    return {"items": [{"name": a.name, "inter": a.inter, "events": counts.get(a.name, 0)} for a in known]}


@router.get("/boundaries", summary="The country's governorates as GeoJSON (for Iraq: Natural Earth, public domain)")
def governorate_shapes() -> dict[str, Any]:
    return boundaries()
