"""The governorate map as plain SVG, drawn on the server: no tiles, no map library, no network.

Shapes are projected equirectangularly with the longitude scaled by the cosine of the mid
latitude, which is close enough at Iraq's size and keeps the drawing a pure function.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from typing import Any

from rasd.web.vocab import boundaries

WIDTH = 600.0
#: Sequential fill colours, light to dark (ColorBrewer YlOrRd, which is colour-blind safe).
PALETTE = ("#f4f4f4", "#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026")


@dataclass(frozen=True)
class Projection:
    west: float
    north: float
    scale_x: float
    scale_y: float
    height: float

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        return round((lon - self.west) * self.scale_x, 1), round((self.north - lat) * self.scale_y, 1)


@dataclass(frozen=True)
class Shape:
    code: str
    name: str
    path: str
    label_x: float
    label_y: float


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [ring for polygon in polygons for ring in polygon]


@cache
def projection() -> Projection:
    points = [p for f in boundaries()["features"] for ring in _rings(f["geometry"]) for p in ring]
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    squash = math.cos(math.radians((north + south) / 2))
    scale_x = WIDTH / (east - west)
    scale_y = scale_x / squash
    return Projection(west, north, scale_x, scale_y, round((north - south) * scale_y, 1))


@cache
def shapes() -> tuple[Shape, ...]:
    """Every governorate as an SVG path with a label point (the mean of its outer ring)."""
    proj = projection()
    result = []
    for feature in boundaries()["features"]:
        rings = _rings(feature["geometry"])
        path = " ".join(
            "M" + " L".join(f"{x},{y}" for x, y in (proj.point(lon, lat) for lon, lat in ring)) + " Z"
            for ring in rings
        )
        outer = max(rings, key=len)
        cx, cy = proj.point(sum(p[0] for p in outer) / len(outer), sum(p[1] for p in outer) / len(outer))
        result.append(Shape(feature["properties"]["code"], feature["properties"]["name"], path, cx, cy))
    return tuple(result)


def fill(count: int, largest: int) -> str:
    """Colour for ``count`` on a square-root scale up to ``largest`` (counts are skewed)."""
    if count <= 0 or largest <= 0:
        return PALETTE[0]
    step = math.ceil(math.sqrt(count / largest) * (len(PALETTE) - 1))
    return PALETTE[max(1, min(step, len(PALETTE) - 1))]


def legend(largest: int) -> list[tuple[str, int]]:
    """(colour, lowest count drawn in it) for the map's legend."""
    steps = len(PALETTE) - 1
    result: list[tuple[str, int]] = []
    for i in range(1, steps + 1):
        low = max(1, math.floor(largest * ((i - 1) / steps) ** 2) + 1)
        if low <= largest and (not result or low > result[-1][1]):
            result.append((PALETTE[i], low))
    return result
