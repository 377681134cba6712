"""The point a bearing and a distance from a place lead to ("120 km north of Baghdad")."""

from __future__ import annotations

import math

#: Compass bearings in degrees clockwise from north, by the words news uses.
BEARINGS: dict[str, float] = {
    "north": 0, "northeast": 45, "east": 90, "southeast": 135,
    "south": 180, "southwest": 225, "west": 270, "northwest": 315,
}


def bearing(word: str) -> float | None:
    """Degrees of a compass word ("north-east", "southwestern"), or None."""
    return BEARINGS.get(word.lower().replace("-", "").removesuffix("ern"))


def offset(latitude: float, longitude: float, degrees: float, km: float) -> tuple[float, float]:
    """The point ``km`` from a point toward ``degrees`` (flat earth: exact enough within a country)."""
    rad = math.radians(degrees)
    return (latitude + km * math.cos(rad) / 111.0,
            longitude + km * math.sin(rad) / (111.0 * math.cos(math.radians(latitude))))
