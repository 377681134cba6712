"""Reference data: gazetteer places, canonical actors and governorate shapes."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request

from rasd.web.params import ParameterError
from rasd.web.vocab import boundaries, governorate_code

router = APIRouter(prefix="/api", tags=["reference"])

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
    try:
        from rasd.geo import Gazetteer
    except ImportError:
        raise HTTPException(501, "the gazetteer is not available in this build") from None
    found = Gazetteer.default().places(q, code, kind, limit)
    return {"items": [asdict(place) for place in found]}


@router.get("/actors", summary="Canonical actors (the actor dictionary), with how many stored events name each")
def actors(request: Request) -> dict[str, Any]:
    counts = dict(request.app.state.store.stats("actor"))
    try:
        from rasd.extract.actors import ActorDictionary

        known = [(a.name, a.inter) for a in ActorDictionary.default().actors()]
    except ImportError:  # no dictionary in this build: the names the store holds
        known = [(name, None) for name in counts]
    return {"items": [{"name": name, "inter": inter, "events": counts.get(name, 0)} for name, inter in known]}


@router.get("/boundaries", summary="Iraq's 18 governorates as GeoJSON (Natural Earth, public domain)")
def governorate_shapes() -> dict[str, Any]:
    return boundaries()
